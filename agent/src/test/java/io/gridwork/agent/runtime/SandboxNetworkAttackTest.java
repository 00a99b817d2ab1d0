package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit with network access tries to reach what belongs to the host: its loopback, its private and
 * link-local addresses, the metadata address, the host's own address and an abstract Unix socket.
 * Each target answers a connection from the host itself first, so a refusal inside is the sandbox's
 * doing. One reachable place beyond the host shows the way out still works.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SandboxNetworkAttackTest {
  /** Prints what {@code $1}:{@code $2} answers, or "blocked" when it cannot be reached. */
  private static final String CONNECT =
      "{ answer=$(timeout 10 bash -c 'exec 3<>/dev/tcp/'\"$1/$2\"' && cat <&3' 2>/dev/null)"
          + " && echo \"$1 answered ${answer}\" || echo \"$1 blocked\"; }";

  private static HostTargets targets;

  @TempDir Path tmp;
  private SandboxedRunner runner;
  private UnitDirs dirs;

  @BeforeAll
  static void setUpTargets() throws Exception {
    assertThat(Executables.exists("bwrap")).as("bwrap (bubblewrap) is not installed").isTrue();
    targets = new HostTargets();
  }

  @AfterAll
  static void removeTargets() {
    if (targets != null) {
      targets.close();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    Path agentHome = Files.createDirectories(tmp.resolve("agent-home"));
    runner = new SandboxedRunner(SandboxConfig.forAgent(agentHome, List.of()));
    dirs = UnitDirs.under(agentHome.resolve("units/unit-3"));
  }

  private static UnitSpec networked(String script) {
    return UnitSpec.of(3, List.of("bash", "-c", script), List.of())
        .withNetwork(true)
        .withLimits(ResourceLimits.defaults().withWallClock(Duration.ofSeconds(60)));
  }

  /** What the unit printed trying to connect to {@code address} on the targets' port. */
  private String connectFromUnit(String address) throws Exception {
    UnitSpec spec =
        networked("set -- " + address + " " + targets.port + "; " + CONNECT + " > result.txt");
    UnitOutcome outcome = runner.run(spec, dirs);
    assertThat(outcome)
        .as(Files.readString(dirs.stderr()))
        .isInstanceOf(UnitOutcome.Completed.class);
    Path result = dirs.work().resolve("result.txt");
    assertThat(result).as(Files.readString(dirs.stderr())).exists();
    return Files.readString(result).strip();
  }

  /** This JVM's forwarders still running. */
  private static List<ProcessHandle> forwarders() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/slirp4netns")).orElse(false))
        .toList();
  }

  @Test
  void aNetworkUnitCannotConnectToAListenerOnTheHostsLoopback() throws Exception {
    assertThat(targets.answerFromHost("127.0.0.1")).isEqualTo("host");

    assertThat(connectFromUnit("10.0.2.2")).isEqualTo("10.0.2.2 blocked");
    assertThat(connectFromUnit("127.0.0.1")).isEqualTo("127.0.0.1 blocked");
  }

  @Test
  void aNetworkUnitCannotReachAListenerOnAPrivateAddressOfTheHost() throws Exception {
    for (String address : HostTargets.PRIVATE) {
      assertThat(targets.answerFromHost(address)).isEqualTo("host");

      assertThat(connectFromUnit(address)).isEqualTo(address + " blocked");
    }
  }

  @Test
  void aNetworkUnitCannotReachTheMetadataAddress() throws Exception {
    assertThat(targets.answerFromHost(HostTargets.METADATA)).isEqualTo("host");

    assertThat(connectFromUnit(HostTargets.METADATA)).isEqualTo(HostTargets.METADATA + " blocked");
  }

  @Test
  void aNetworkUnitCannotReachTheHostThroughTheHostsOwnAddresses() throws Exception {
    List<String> own = HostTargets.ownAddresses();
    assertThat(own).isNotEmpty();
    for (String address : own) {
      assertThat(targets.answerFromHost(address)).isEqualTo("host");

      assertThat(connectFromUnit(address)).isEqualTo(address + " blocked");
    }
  }

  @Test
  void aNetworkUnitCannotConnectToAnAbstractUnixSocketOfTheHost() throws Exception {
    assertThat(targets.abstractAnswerFromHost()).isEqualTo("host");
    UnitSpec spec =
        networked(
            "perl -MIO::Socket::UNIX -e 'my $c = IO::Socket::UNIX->new(Peer => \"\\0\" ."
                + " $ARGV[0]); print $c ? \"answered \" . <$c> : \"blocked\\n\"' "
                + targets.abstractSocket
                + " > result.txt");

    UnitOutcome outcome = runner.run(spec, dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    assertThat(dirs.work().resolve("result.txt")).hasContent("blocked");
  }

  @Test
  void aNetworkUnitReachesAnAddressBeyondTheHostThroughItsForwarder() throws Exception {
    assertThat(targets.answerFromHost(HostTargets.PUBLIC)).isEqualTo("public");

    assertThat(connectFromUnit(HostTargets.PUBLIC))
        .isEqualTo(HostTargets.PUBLIC + " answered public");
  }

  @Test
  void aNetworkUnitHasItsOwnInterfaceADefaultRouteAndTheForwardersResolver() throws Exception {
    UnitOutcome outcome =
        runner.run(
            networked(
                "cat /proc/net/route > route.txt; cat /etc/resolv.conf > resolv.txt;"
                    + " ls /proc/sys/net/ipv4/conf > interfaces.txt"),
            dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    // Default route (destination 0) through tap0 to the gateway 10.0.2.2, in /proc's byte order.
    assertThat(Files.readString(dirs.work().resolve("route.txt")))
        .containsPattern("tap0\\s+00000000\\s+0202000A");
    assertThat(dirs.work().resolve("resolv.txt")).hasContent("nameserver 10.0.2.3");
    assertThat(Files.readAllLines(dirs.work().resolve("interfaces.txt")))
        .containsExactlyInAnyOrder("all", "default", "lo", "tap0");
  }

  @Test
  void aNetworkUnitCannotRemoveItsFilter() throws Exception {
    UnitOutcome outcome =
        runner.run(
            networked(
                "iptables -F OUTPUT 2> flush.txt; /usr/sbin/iptables -F OUTPUT 2>> flush.txt; "
                    + CONNECT.replace("$1", HostTargets.METADATA).replace("$2", "" + targets.port)
                    + " > result.txt"),
            dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    assertThat(dirs.work().resolve("result.txt")).hasContent(HostTargets.METADATA + " blocked");
  }

  @Test
  void theForwarderEndsWithTheUnit() throws Exception {
    UnitOutcome outcome = runner.run(networked("true"), dirs);

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    assertThat(forwarders()).isEmpty();
  }

  @Test
  void theForwarderEndsWithACancelledUnit() {
    UnitRun run = runner.start(networked("sleep 60"), dirs);
    assertThat(forwarders()).isNotEmpty();

    run.cancel();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> run.outcome().toCompletableFuture().isDone());
    assertThat(forwarders()).isEmpty();
  }

  @Test
  void aServicesExposedPortAnswersFromTheHostAndItsOtherPortsDoNot() throws Exception {
    int exposed = freePort();
    int hidden = freePort();
    String serve =
        "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => $ARGV[0], Listen => 8,"
            + " ReuseAddr => 1) or die; while (my $c = $s->accept) { print $c \"serving\\n\";"
            + " close $c }";
    UnitSpec spec =
        networked(
            "perl -e '"
                + serve
                + "' "
                + exposed
                + " & perl -e '"
                + serve
                + "' "
                + hidden
                + " & wait");
    ServiceStart start =
        runner.startService(spec, dirs, List.of(new PublishedPort(exposed, false)));
    assertThat(start).isInstanceOf(ServiceStart.Started.class);
    ServiceInstance service = ((ServiceStart.Started) start).instance();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(() -> answer(exposed).equals("serving"));

      assertThat(refused(hidden)).isTrue();
    } finally {
      service.stop(Duration.ofSeconds(5));
    }
    assertThat(forwarders()).isEmpty();
    assertThat(refused(exposed)).isTrue();
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String answer(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  private static boolean refused(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}

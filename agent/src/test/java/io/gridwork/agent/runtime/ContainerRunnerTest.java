package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container runner against the fake docker CLI of the test resources: this machine has the
 * docker client but no engine, so these tests prove the command line and the supervision around it,
 * not a real container's isolation.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ContainerRunnerTest {
  private static final String NAME = "gridwork-0123abcd-7";

  @TempDir Path tmp;

  private Path agentHome;
  private FakeDocker docker;
  private ContainerRunner runner;
  private UnitDirs dirs;

  @BeforeEach
  void setUp() throws IOException {
    agentHome = Files.createDirectories(tmp.resolve("agent-home"));
    Files.writeString(agentHome.resolve("provider.key"), "secret key material");
    docker = FakeDocker.installIn(tmp.resolve("bin"));
    runner = new ContainerRunner(ContainerConfig.forAgent(docker.program(), agentHome));
    dirs = UnitDirs.under(agentHome.resolve("agent/leases/l1/unit-7"));
  }

  private static ContainerUnit shell(String script, String... outputs) {
    return new ContainerUnit(
        7,
        "registry.example/tools:1.0",
        Optional.of("sh"),
        List.of("-c", script),
        new TreeMap<>(),
        List.of(),
        false,
        false,
        1500,
        512,
        List.of(outputs),
        ResourceLimits.defaults().withWallClock(Duration.ofSeconds(60)));
  }

  private static ContainerUnit withGpus(ContainerUnit u, List<Integer> indices, boolean real) {
    return new ContainerUnit(
        u.unit(),
        u.image(),
        u.entrypoint(),
        u.args(),
        u.env(),
        indices,
        real,
        u.network(),
        u.cpuMillis(),
        u.memoryMib(),
        u.outputs(),
        u.limits());
  }

  private UnitOutcome run(ContainerUnit unit) throws InterruptedException {
    return runner.start(unit, dirs, NAME).await();
  }

  private List<String> runArgv() {
    return docker.calls("run").getLast();
  }

  @Test
  void unitWritesItsOutputToWorkAndTheHashMatches() throws Exception {
    UnitOutcome outcome = run(shell("printf hello-$UNIT > out.txt", "out.txt"));

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    OutputFile output = ((UnitOutcome.Completed) outcome).outputs().getFirst();
    assertThat(output.name()).isEqualTo("out.txt");
    assertThat(output.sha256()).isEqualTo(Hash.sha256("hello-7".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void runIsIsolatedAndLimitedByItsFlags() throws Exception {
    run(shell("true"));

    assertThat(String.join(" ", runArgv()))
        .contains("run --rm --name " + NAME + " --pull never")
        .contains("--network none")
        .contains("--cpus 1.500")
        .contains("--memory 512m --memory-swap 512m")
        .contains("--pids-limit 256")
        .contains("--read-only")
        .contains("--tmpfs /tmp:rw,nosuid,nodev,mode=1777,size=" + (2L << 30))
        .contains("--security-opt no-new-privileges")
        .contains("--cap-drop ALL")
        .contains("--volume " + dirs.work() + ":/work")
        .contains("--volume " + dirs.checkpoint() + ":/checkpoint")
        .contains("--workdir /work")
        .contains("--env UNIT=7")
        .contains("--entrypoint sh registry.example/tools:1.0 -c true")
        .doesNotContain("--gpus")
        .doesNotContain("--privileged");
  }

  @Test
  void containerRunsAsTheAgentsOwnUser() throws Exception {
    run(shell("true"));

    Object uid = Files.getAttribute(dirs.work(), "unix:uid");
    Object gid = Files.getAttribute(dirs.work(), "unix:gid");
    assertThat(String.join(" ", runArgv())).contains("--user " + uid + ":" + gid);
  }

  @Test
  void agentHomeIsNeverMountedIntoTheContainer() throws Exception {
    run(shell("true"));

    assertThat(runArgv())
        .noneMatch(arg -> arg.startsWith(agentHome + ":"))
        .noneMatch(arg -> arg.contains("provider.key"));
  }

  @Test
  void aDirectoryContainingTheAgentHomeIsRefusedAsAMount() {
    UnitDirs exposing = new UnitDirs(tmp, tmp.resolve("checkpoint"), tmp.resolve("logs"));

    assertThatThrownBy(() -> runner.start(shell("true"), exposing, NAME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(agentHome.toString());
  }

  @Test
  void jobThatAllowsTheNetworkGetsTheBridge() throws Exception {
    ContainerUnit u = shell("true");
    run(
        new ContainerUnit(
            u.unit(),
            u.image(),
            u.entrypoint(),
            u.args(),
            u.env(),
            u.gpuIndices(),
            false,
            true,
            u.cpuMillis(),
            u.memoryMib(),
            u.outputs(),
            u.limits()));

    assertThat(String.join(" ", runArgv())).contains("--network bridge");
  }

  @Test
  void realLeasedGpusArePassedAsDevices() throws Exception {
    run(withGpus(shell("true"), List.of(0, 2), true));

    assertThat(String.join(" ", runArgv()))
        .contains("--gpus \"device=0,2\"")
        .doesNotContain("CUDA_VISIBLE_DEVICES");
  }

  @Test
  void simulatedGpusAreNeverPassedToDocker() throws Exception {
    UnitOutcome outcome =
        run(
            withGpus(
                shell("echo $CUDA_VISIBLE_DEVICES > gpus.txt", "gpus.txt"), List.of(1), false));

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    assertThat(runArgv()).doesNotContain("--gpus");
    assertThat(Files.readString(dirs.work().resolve("gpus.txt"))).isEqualTo("1\n");
  }

  @Test
  void imageDefaultCommandRunsWhenTheJobSetsNone() throws Exception {
    ContainerUnit u = shell("true");
    run(
        new ContainerUnit(
            u.unit(),
            u.image(),
            Optional.empty(),
            List.of("sh", "-c", "true"),
            u.env(),
            u.gpuIndices(),
            false,
            false,
            u.cpuMillis(),
            u.memoryMib(),
            u.outputs(),
            u.limits()));

    assertThat(runArgv()).doesNotContain("--entrypoint");
    assertThat(String.join(" ", runArgv())).endsWith("registry.example/tools:1.0 sh -c true");
  }

  @Test
  void failingImageFailsWithItsExitStatusAndKeepsItsLogs() throws Exception {
    UnitOutcome outcome = run(shell("echo broken input >&2; exit 3", "out.txt"));

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(((UnitOutcome.Failed) outcome).exitCode()).isEqualTo(3);
    assertThat(((UnitOutcome.Failed) outcome).stderrTail()).contains("broken input");
    assertThat(Files.readString(dirs.stderr())).contains("broken input");
  }

  @Test
  void unitNumberIsSubstitutedInTheArguments() throws Exception {
    run(shell("printf x > frame-${UNIT}.txt", "frame-7.txt"));

    assertThat(runArgv().getLast()).isEqualTo("printf x > frame-7.txt");
  }

  @Test
  void engineRefusingTheRunIsTheRuntimesFailureNotTheJobs() throws Exception {
    ContainerUnit u = shell("true");
    UnitOutcome outcome =
        run(
            new ContainerUnit(
                u.unit(),
                "missing/image:1",
                u.entrypoint(),
                u.args(),
                u.env(),
                u.gpuIndices(),
                false,
                false,
                u.cpuMillis(),
                u.memoryMib(),
                u.outputs(),
                u.limits()));

    assertThat(outcome).isInstanceOf(UnitOutcome.SandboxUnavailable.class);
    assertThat(outcome.describe()).contains("No such image: missing/image:1");
  }

  @Test
  void missingOutputIsReportedAsMissing() throws Exception {
    UnitOutcome outcome = run(shell("true", "never-written.txt"));

    assertThat(outcome).isEqualTo(new UnitOutcome.OutputMissing(List.of("never-written.txt")));
  }

  @Test
  void hangingUnitIsKilledThroughTheEngineAtTheWallClock() throws Exception {
    ContainerUnit hanging = shell("sleep 600");
    hanging =
        new ContainerUnit(
            hanging.unit(),
            hanging.image(),
            hanging.entrypoint(),
            hanging.args(),
            hanging.env(),
            hanging.gpuIndices(),
            false,
            false,
            hanging.cpuMillis(),
            hanging.memoryMib(),
            hanging.outputs(),
            hanging.limits().withWallClock(Duration.ofSeconds(2)));

    UnitOutcome outcome = run(hanging);

    assertThat(outcome).isEqualTo(new UnitOutcome.TimedOut(Duration.ofSeconds(2)));
    assertThat(docker.calls("kill")).containsExactly(List.of("kill", NAME));
    assertThat(sleepers()).isZero();
  }

  @Test
  void cancelKillsTheContainer() throws Exception {
    UnitRun started = runner.start(shell("sleep 600"), dirs, NAME);
    await().atMost(Duration.ofSeconds(30)).until(() -> sleepers() == 1);

    started.cancel();

    assertThat(started.await()).isEqualTo(new UnitOutcome.Cancelled());
    assertThat(docker.calls("kill")).containsExactly(List.of("kill", NAME));
    await().atMost(Duration.ofSeconds(10)).until(() -> sleepers() == 0);
  }

  @Test
  void aLeftoverContainerOfTheSameNameIsRemovedBeforeTheRun() throws Exception {
    run(shell("true"));

    List<List<String>> calls = docker.calls();
    assertThat(calls.get(calls.size() - 2)).containsExactly("rm", "--force", NAME);
    assertThat(calls.getLast().getFirst()).isEqualTo("run");
  }

  @Test
  void pullOfAnImageTheRegistryLacksSaysWhy() {
    docker.pullsSucceed(false);

    assertThat(runner.pull("registry.example/missing:1"))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("cannot pull image registry.example/missing:1")
                    .contains("pull access denied"));
  }

  @Test
  void pullOfAnAvailableImageSucceeds() {
    assertThat(runner.pull("registry.example/tools:1.0")).isEmpty();
    assertThat(docker.calls("pull")).containsExactly(List.of("pull", "registry.example/tools:1.0"));
  }

  @Test
  void imageThatLooksLikeAnOptionIsNeverPassedToDocker() {
    assertThat(runner.pull("--privileged")).hasValueSatisfying(w -> assertThat(w).contains("'-'"));
    assertThat(docker.calls()).isEmpty();
  }

  @Test
  void probeSaysTheEngineAnswersWithItsVersion() {
    assertThat(runner.probe())
        .isEqualTo(new ContainerRunner.EngineStatus(true, "Docker engine 28.2.2-fake answers"));
  }

  @Test
  void probeSaysWhyNoEngineAnswers() {
    docker.engineAnswers(false);

    ContainerRunner.EngineStatus status = runner.probe();

    assertThat(status.answers()).isFalse();
    assertThat(status.detail()).contains("Is the docker daemon running?");
  }

  @Test
  void probeOfAMissingDockerProgramSaysSo() {
    ContainerRunner missing =
        new ContainerRunner(
            ContainerConfig.forAgent(tmp.resolve("no-such-docker").toString(), agentHome));

    assertThat(missing.probe().answers()).isFalse();
    assertThat(missing.probe().detail()).contains("cannot run");
  }

  /** The fake runs the unit's command on the host, so its {@code sleep 600} is a host process. */
  private static long sleepers() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
        .filter(p -> p.info().arguments().map(a -> List.of(a).equals(List.of("600"))).orElse(false))
        .count();
  }

  /** A service listening on {@code port} with perl, answering each connection with one line. */
  private static ContainerUnit server(int port) {
    return new ContainerUnit(
        0,
        "registry.example/server:1.0",
        Optional.of("perl"),
        List.of(
            "-e",
            "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => "
                + port
                + ", Listen => 8, ReuseAddr => 1) or die \"cannot listen: $!\";"
                + " while (my $c = $s->accept) { print $c \"serving\\n\"; close $c }"),
        new TreeMap<>(),
        List.of(),
        false,
        true,
        2000,
        256,
        List.of(),
        ResourceLimits.defaults());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private ServiceInstance startService(ContainerUnit service, List<PublishedPort> ports) {
    ServiceStart start = runner.startService(service, ports, dirs, "gridwork-svc-0123abcd");
    assertThat(start).isInstanceOf(ServiceStart.Started.class);
    return ((ServiceStart.Started) start).instance();
  }

  @Test
  void serviceIsPublishedOnLoopbackUnlessGlobal() throws Exception {
    int local = freePort();
    int global = freePort();
    ServiceInstance service =
        startService(
            server(local),
            List.of(new PublishedPort(local, false), new PublishedPort(global, true)));
    service.stop(Duration.ofSeconds(10));

    assertThat(String.join(" ", runArgv()))
        .contains("run --rm --name gridwork-svc-0123abcd --pull never --network bridge")
        .contains("--publish 127.0.0.1:" + local + ":" + local)
        .contains("--publish " + global + ":" + global)
        .contains("--cpus 2.000")
        .contains("--memory 256m --memory-swap 256m")
        .contains("--read-only")
        .contains("--cap-drop ALL")
        .contains("--entrypoint perl registry.example/server:1.0 -e");
  }

  @Test
  void aServiceWithoutANetworkCannotPublishPorts() {
    ContainerUnit isolated = withNetwork(server(18_090), false);

    assertThatThrownBy(
            () ->
                runner.startService(
                    isolated, List.of(new PublishedPort(18_090, false)), dirs, "gridwork-svc-x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a network");
  }

  @Test
  void serviceRunsUntilStoppedThroughTheEngine() throws Exception {
    int port = freePort();
    ServiceInstance service = startService(server(port), List.of(new PublishedPort(port, false)));
    await().atMost(Duration.ofSeconds(30)).until(() -> answers(port));
    assertThat(service.exitCode()).isEmpty();

    service.stop(Duration.ofSeconds(10));

    assertThat(docker.calls("stop"))
        .containsExactly(List.of("stop", "--time", "10", "gridwork-svc-0123abcd"));
    assertThat(service.exitCode()).isPresent();
    assertThat(answers(port)).isFalse();
  }

  private static ContainerUnit withNetwork(ContainerUnit u, boolean network) {
    return new ContainerUnit(
        u.unit(),
        u.image(),
        u.entrypoint(),
        u.args(),
        u.env(),
        u.gpuIndices(),
        u.realGpus(),
        network,
        u.cpuMillis(),
        u.memoryMib(),
        u.outputs(),
        u.limits());
  }
}

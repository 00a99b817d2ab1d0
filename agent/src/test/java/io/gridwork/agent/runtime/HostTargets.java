package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a unit must not reach, set up on this host for real, and one place beyond the host it may
 * reach. A listener on every host address ({@code 0.0.0.0}) answers {@code host}, the private,
 * shared and link-local ones made here included, the metadata address among them; a perl listener
 * on an abstract Unix socket answers {@code host}; and a network namespace behind a veth pair
 * stands in for the internet at {@value #PUBLIC} (a documentation range no filter names), where a
 * perl listener answers {@code public}. The host's end of that pair carries the private, shared and
 * link-local addresses. Needs root, {@code ip} and {@code perl}; fails with the reason when one is
 * missing. Everything is removed by {@link #close}.
 */
public final class HostTargets implements AutoCloseable {
  public static final String PUBLIC = "198.51.100.2";
  public static final List<String> PRIVATE =
      List.of("10.213.57.1", "192.168.213.1", "172.21.213.1", "100.64.213.1");
  public static final String METADATA = "169.254.169.254";

  private static final String ANSWER =
      "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => $ARGV[0], Listen => 8,"
          + " ReuseAddr => 1) or die \"cannot listen: $!\"; $| = 1; print \"ready\\n\"; while (my $c ="
          + " $s->accept) { print $c \"public\\n\"; close $c }";
  private static final String ABSTRACT_ANSWER =
      "use IO::Socket::UNIX; my $s = IO::Socket::UNIX->new(Local => \"\\0\" . $ARGV[0], Listen =>"
          + " 8) or die \"cannot listen: $!\"; $| = 1; print \"ready\\n\"; while (my $c ="
          + " $s->accept) { print $c \"host\\n\"; close $c }";

  private final String namespace;
  private final String veth;
  private final ServerSocket hostListener;
  private final List<Process> processes = new ArrayList<>();
  public final int port;
  public final String abstractSocket;

  public HostTargets() throws IOException, InterruptedException {
    assertThat(Executables.exists("ip")).as("these tests need ip (iproute2)").isTrue();
    assertThat(Executables.exists("perl")).as("these tests need perl").isTrue();
    long id = ProcessHandle.current().pid() % 100_000;
    namespace = "gwpub" + id;
    veth = "gwv" + id;
    abstractSocket = "gridwork-test-" + id;
    hostListener = new ServerSocket();
    hostListener.bind(new InetSocketAddress(0));
    port = hostListener.getLocalPort();
    Thread.ofVirtual().start(this::answerHost);
    ip("netns", "add", namespace);
    ip("link", "add", veth + "h", "type", "veth", "peer", "name", veth + "n");
    ip("link", "set", veth + "n", "netns", namespace);
    ip("addr", "add", "198.51.100.1/30", "dev", veth + "h");
    for (String address : PRIVATE) {
      ip("addr", "add", address + "/32", "dev", veth + "h");
    }
    ip("addr", "add", METADATA + "/32", "dev", veth + "h");
    ip("link", "set", veth + "h", "up");
    ip("netns", "exec", namespace, "ip", "addr", "add", PUBLIC + "/30", "dev", veth + "n");
    ip("netns", "exec", namespace, "ip", "link", "set", veth + "n", "up");
    ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up");
    Process publicListener =
        new ProcessBuilder(
                "ip", "netns", "exec", namespace, "perl", "-e", ANSWER, Integer.toString(port))
            .redirectErrorStream(true)
            .start();
    processes.add(publicListener);
    Process abstractListener =
        new ProcessBuilder("perl", "-e", ABSTRACT_ANSWER, abstractSocket)
            .redirectErrorStream(true)
            .start();
    processes.add(abstractListener);
    // Both listeners say ready once they listen, so no test connects before they do.
    for (Process listener : List.of(publicListener, abstractListener)) {
      byte[] ready = listener.getInputStream().readNBytes(6);
      assertThat(new String(ready, StandardCharsets.UTF_8)).isEqualTo("ready\n");
    }
  }

  /** The IPv4 addresses of the host's interfaces other than loopback and those made here. */
  public static List<String> ownAddresses() throws IOException {
    return NetworkInterface.networkInterfaces()
        .filter(i -> !i.getName().startsWith("gw"))
        .flatMap(NetworkInterface::inetAddresses)
        .filter(Inet4Address.class::isInstance)
        .filter(a -> !a.isLoopbackAddress())
        .map(InetAddress::getHostAddress)
        .toList();
  }

  /** What the host's listener or the public one says to a connection from the host itself. */
  public String answerFromHost(String address) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 5_000);
      socket.setSoTimeout(5_000);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  /** What the abstract socket's listener says to a connection from the host itself. */
  public String abstractAnswerFromHost() throws IOException, InterruptedException {
    return run(
            "perl",
            "-MIO::Socket::UNIX",
            "-e",
            "my $c = IO::Socket::UNIX->new(Peer => \"\\0\" . $ARGV[0]) or die $!; print <$c>",
            abstractSocket)
        .strip();
  }

  private void answerHost() {
    while (!hostListener.isClosed()) {
      try (Socket client = hostListener.accept();
          OutputStream out = client.getOutputStream()) {
        out.write("host\n".getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // Closed by close(), or a client that left early.
      }
    }
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    return output;
  }

  @Override
  public void close() {
    try {
      hostListener.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    processes.forEach(p -> p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly));
    processes.forEach(Process::destroyForcibly);
    for (List<String> command :
        List.of(
            List.of("ip", "link", "del", veth + "h"), List.of("ip", "netns", "del", namespace))) {
      try {
        new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

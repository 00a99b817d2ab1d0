package io.gridwork.agent.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The perl TCP server that stands in for a service's endpoint in agent tests, and its probes. */
final class LineServer {
  /** Listens on the port given as its argument and answers every connection with one line. */
  static final String SCRIPT =
      "use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => $ARGV[0], Listen => 8,"
          + " ReuseAddr => 1) or die \"cannot listen: $!\"; while (my $c = $s->accept) { print $c"
          + " \"serving\\n\"; close $c }";

  private LineServer() {}

  /** The command that runs the server on {@code port}. */
  static List<String> command(int port) {
    return List.of("perl", "-e", SCRIPT, Integer.toString(port));
  }

  /** A port of this host that nothing listened on a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The line whatever listens on {@code port} of the loopback address answers with. */
  static String answer(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      socket.setSoTimeout(5_000);
      return in.readLine();
    }
  }

  /** This JVM's descendants running the server on {@code port}, sandboxed or in a container. */
  static List<ProcessHandle> processes(int port) {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/perl")).orElse(false))
        .filter(p -> p.info().commandLine().map(c -> c.endsWith(" " + port)).orElse(false))
        .toList();
  }
}

package io.gridwork.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One slirp4netns process: the user-mode forwarder that gives a sandbox's own network namespace a
 * {@code tap0} interface with a default route, and opens the host's sockets for it. Started by the
 * agent with the agent's privileges, whatever user the sandbox runs as. It runs until {@link
 * #close()} or until the agent's process ends: its standard input is its exit descriptor, and the
 * agent holds the other end.
 *
 * <p>Owned by the {@link SandboxNetwork} that started it.
 */
final class Slirp implements AutoCloseable {
  static final String PROGRAM = "slirp4netns";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long EXIT_GRACE_MILLIS = 5_000;

  private final Process process;
  private final Path apiSocket;

  private Slirp(Process process, Path apiSocket) {
    this.process = process;
    this.apiSocket = apiSocket;
  }

  /** What starting the forwarder gave. */
  sealed interface Start {}

  record Started(Slirp slirp) implements Start {}

  record Failed(String reason) implements Start {}

  /**
   * Attaches a forwarder to the network namespace at {@code netns} and returns once its interface
   * is up. {@code --disable-host-loopback} refuses connections to the gateway address, which would
   * otherwise lead to the host's 127.0.0.1; {@code --enable-sandbox} confines the forwarder itself
   * to a mount namespace of its own without capabilities beyond binding ports.
   */
  static Start start(Path netns, Path apiSocket, Path log) {
    List<String> command =
        List.of(
            PROGRAM,
            "--configure",
            "--mtu=65520",
            "--disable-host-loopback",
            "--enable-sandbox",
            "--api-socket=" + apiSocket,
            "--exit-fd=0",
            "--ready-fd=1",
            "--netns-type=path",
            netns.toString(),
            SandboxNetwork.INTERFACE);
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      return new Failed("cannot run " + PROGRAM + ": " + e.getMessage());
    }
    Slirp slirp = new Slirp(process, apiSocket);
    // The forwarder writes "1" once the interface is configured, or exits without a word. Its
    // stdout stays open: closed, a later warning there would kill it with SIGPIPE.
    InputStream ready = process.getInputStream();
    try {
      if (ready.read() == '1') {
        return new Started(slirp);
      }
    } catch (IOException e) {
      slirp.close();
      throw new UncheckedIOException("cannot read from " + PROGRAM, e);
    }
    slirp.close();
    return new Failed(PROGRAM + " could not set up the sandbox's network: " + lastLine(log));
  }

  /**
   * Publishes {@code port}: connections to it on the host, on 127.0.0.1 or on every interface for a
   * global one, are carried to the same port on the sandbox's interface. Empty when published, else
   * why not.
   */
  Optional<String> publish(PublishedPort port) {
    ObjectNode request = JSON.createObjectNode().put("execute", "add_hostfwd");
    request
        .putObject("arguments")
        .put("proto", "tcp")
        .put("host_addr", port.global() ? "0.0.0.0" : "127.0.0.1")
        .put("host_port", port.port())
        .put("guest_port", port.port());
    JsonNode reply;
    try (SocketChannel api = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      api.connect(UnixDomainSocketAddress.of(apiSocket));
      api.write(ByteBuffer.wrap(JSON.writeValueAsBytes(request)));
      api.shutdownOutput();
      reply = JSON.readTree(Channels.newInputStream(api).readAllBytes());
    } catch (IOException e) {
      return Optional.of("cannot ask " + PROGRAM + " to publish port " + port.port() + ": " + e);
    }
    if (reply == null || reply.has("error") || !reply.has("return")) {
      return Optional.of(
          "cannot publish port "
              + port.port()
              + " on the host: "
              + (reply == null
                  ? "no answer"
                  : reply.path("error").path("desc").asText(reply.toString())));
    }
    return Optional.empty();
  }

  /** Ends the forwarder and waits for it; its published ports are free once this returns. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(EXIT_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "it exited without a message" : lines.getLast().strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }
}

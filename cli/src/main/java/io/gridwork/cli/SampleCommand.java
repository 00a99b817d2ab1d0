package io.gridwork.cli;

import io.gridwork.agent.sample.RenderOptions;
import io.gridwork.agent.sample.SampleRenderer;
import io.gridwork.agent.sample.SampleServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gridwork sample}: the sample workloads shipped in the jar, so a provider's sandbox can run
 * the demo render job without downloading a program.
 */
@Command(
    name = "sample",
    description = "Sample workloads shipped with gridwork (the devnet's render job runs these).",
    subcommands = {SampleCommand.Render.class, SampleCommand.Serve.class})
final class SampleCommand extends CommandGroup {

  /** The image options both sample commands take. */
  static final class ImageSize {
    @Option(
        names = "--width",
        paramLabel = "PX",
        description = "image width (default: ${DEFAULT-VALUE})")
    int width = RenderOptions.DEFAULT.width();

    @Option(
        names = "--height",
        paramLabel = "PX",
        description = "image height (default: ${DEFAULT-VALUE})")
    int height = RenderOptions.DEFAULT.height();

    @Option(
        names = "--samples",
        paramLabel = "N",
        description = "samples per pixel (default: ${DEFAULT-VALUE})")
    int samples = RenderOptions.DEFAULT.samplesPerPixel();

    /** The render options these make, or a usage error naming what is out of range. */
    RenderOptions options() {
      try {
        return new RenderOptions(width, height, samples, RenderOptions.DEFAULT.maxBounces());
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(ExitCode.USAGE, e.getMessage());
      }
    }
  }

  /** Writes one deterministic frame of the sample scene. */
  @Command(
      name = "render",
      description = {
        "Render one frame of the sample scene to a PNG file.",
        "The same frame and options give a byte-identical file on any machine."
      })
  static final class Render extends GridworkCommand {
    @Option(
        names = "--frame",
        required = true,
        paramLabel = "N",
        description = "frame number, from 0")
    int frame;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "PNG to write")
    Path out;

    @Mixin ImageSize size = new ImageSize();

    @Override
    int execute() {
      if (frame < 0) {
        throw new CommandFailure(ExitCode.USAGE, "--frame starts at 0, got " + frame);
      }
      RenderOptions options = size.options();
      try {
        SampleRenderer.writeFrame(frame, out, options);
      } catch (IOException e) {
        throw new CommandFailure("cannot write " + out + ": " + e.getMessage());
      }
      out().println("frame " + frame + " written to " + out);
      out().flush();
      return ExitCode.OK;
    }
  }

  /** Serves frames of the sample scene over HTTP until stopped: the sample service. */
  @Command(
      name = "serve",
      description = {
        "Serve frames of the sample scene over HTTP until stopped (Ctrl-C or SIGTERM).",
        "GET /healthz answers ok; GET /frame/N answers frame N, the same PNG as 'sample render'."
      })
  static final class Serve extends GridworkCommand {
    @Option(
        names = "--port",
        required = true,
        paramLabel = "PORT",
        description = "TCP port to listen on, on every address")
    int port;

    @Mixin ImageSize size = new ImageSize();

    @Override
    int execute() throws InterruptedException {
      if (port < 1 || port > 65_535) {
        throw new CommandFailure(ExitCode.USAGE, "--port must be 1 to 65535, got " + port);
      }
      RenderOptions options = size.options();
      SampleServer server;
      try {
        server = SampleServer.start(port, options);
      } catch (IOException e) {
        throw new CommandFailure("cannot listen on port " + port + ": " + e.getMessage());
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  },
                  "sample-serve-shutdown"));
      out()
          .println(
              "serving the sample scene on port "
                  + server.port()
                  + ": GET /healthz, GET /frame/N. Stop with Ctrl-C.");
      out().flush();
      stopped.await();
      return ExitCode.OK;
    }
  }
}

package io.gridwork.cli;

import io.gridwork.protocol.spec.JobSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gridwork devnet}: the whole marketplace on one machine. It starts a real node on a
 * throw-away genesis, three provider agents with simulated GPUs in different regions and at
 * different prices, funds a buyer and runs the sample render job through the auction, leases,
 * sandboxed units and escrow payments, then downloads the frames and checks them against a local
 * render.
 */
@Command(
    name = "devnet",
    description = {
      "Run a throw-away local marketplace and a sample render job on it.",
      "A node, three provider agents with simulated GPUs and a render job run end to end in"
          + " bubblewrap sandboxes, then kept running until Ctrl-C."
    })
final class DevnetCommand extends GridworkCommand {
  /** The sample job, carried inside the jar so the devnet runs from any directory. */
  static final String BUILT_IN_SPEC = "examples/render.yaml";

  @Option(
      names = "--port",
      defaultValue = "7700",
      paramLabel = "N",
      description = "HTTP API port (default: ${DEFAULT-VALUE}; 0 picks a free port)")
  int port;

  @Option(
      names = "--block-interval-ms",
      defaultValue = "500",
      paramLabel = "MS",
      description = "milliseconds between blocks (default: ${DEFAULT-VALUE})")
  long blockIntervalMillis;

  @Option(
      names = "--exit-after",
      paramLabel = "N",
      description = "exit (status 0) after N blocks instead of running until Ctrl-C")
  Integer exitAfterBlocks;

  @Option(
      names = "--exit-when-done",
      description = "exit (status 0) once the render job is done and its frames are verified")
  boolean exitWhenDone;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "keep the chain in DIR and resume it next time (default: a temporary dir)")
  Path dataDirOption;

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description = "the render job to submit (default: " + BUILT_IN_SPEC + ", built in)")
  Path specFile;

  @Option(
      names = "--frames",
      paramLabel = "N",
      description = "render N frames instead of the job file's units")
  Integer frames;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where to write the frames (default: frames/ in the data dir)")
  Path outOption;

  @Option(
      names = "--timeout",
      defaultValue = "180",
      paramLabel = "SECONDS",
      description = "fail if the job is not done within this time (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(
      names = "--gridwork-jar",
      paramLabel = "JAR",
      description = "the gridwork jar the units run in their sandbox (default: the running one)")
  Path gridworkJarOption;

  @Override
  int execute() throws Exception {
    if (exitAfterBlocks != null && exitAfterBlocks < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--exit-after must be at least 1 block");
    }
    if (port < 0 || port > 65_535) {
      throw new CommandFailure(ExitCode.USAGE, "--port must be 0..65535, got " + port);
    }
    if (blockIntervalMillis < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--block-interval-ms must be positive");
    }
    if (frames != null && frames < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--frames must be at least 1");
    }
    if (timeoutSeconds < 1) {
      throw new CommandFailure(ExitCode.USAGE, "--timeout must be at least 1 second");
    }
    JobSpec spec = renderSpec();
    Path jar = gridworkJar();
    boolean temporary = dataDirOption == null;
    Path dataDir =
        temporary ? Files.createTempDirectory("gridwork-devnet-") : dataDirOption.toAbsolutePath();
    Devnet devnet =
        new Devnet(
            new Devnet.Settings(
                dataDir,
                temporary,
                jar,
                port,
                blockIntervalMillis,
                exitAfterBlocks,
                timeoutSeconds,
                String.valueOf(specFile == null ? BUILT_IN_SPEC : specFile),
                outOption),
            out(),
            err());
    Thread hook = new Thread(devnet::stop, "gridwork-devnet-shutdown");
    try {
      devnet.checkSandbox();
      devnet.start();
      Runtime.getRuntime().addShutdownHook(hook);
      boolean finished = devnet.runDemo(spec);
      if (!finished) {
        out().println("Reached --exit-after " + exitAfterBlocks + "; stopping.");
      } else if (exitWhenDone) {
        out().println("Done (--exit-when-done); stopping.");
      } else if (exitAfterBlocks == null) {
        out().println("Running until Ctrl-C.");
        out().flush();
        // Only Ctrl-C ends this run: the shutdown hook stops the agents and node and cleans up.
        new CountDownLatch(1).await();
      } else {
        devnet.awaitEnoughBlocks();
        out().println("Reached --exit-after " + exitAfterBlocks + "; stopping.");
      }
      out().flush();
      return ExitCode.OK;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already shutting down, so the hook is stopping the devnet right now.
      }
      devnet.stop();
    }
  }

  /** The job file, with {@code --frames} applied, refused before anything starts if invalid. */
  private JobSpec renderSpec() {
    SpecFile loaded =
        specFile == null
            ? SpecFile.parse(Path.of(BUILT_IN_SPEC), builtInSpec())
            : SpecFile.load(specFile);
    if (!loaded.valid() || loaded.jobs().size() != 1) {
      throw new CommandFailure(
          loaded.file() + " is not one valid job:\n" + loaded.verdict().text().stripTrailing());
    }
    JobSpec spec = loaded.jobs().getFirst();
    if (spec.units() == null) {
      throw new CommandFailure(loaded.file() + " is a service; the devnet demo needs a batch job");
    }
    if (frames == null) {
      return spec;
    }
    return new JobSpec(
        spec.name(),
        frames,
        spec.workload(),
        spec.resources(),
        spec.placement(),
        spec.pricing(),
        spec.inputs(),
        spec.outputs(),
        spec.limits(),
        spec.network(),
        spec.expose(),
        spec.deterministic(),
        spec.sla());
  }

  private static String builtInSpec() {
    try (InputStream in = DevnetCommand.class.getResourceAsStream("/" + BUILT_IN_SPEC)) {
      if (in == null) {
        throw new IllegalStateException(BUILT_IN_SPEC + " is missing from the gridwork jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the built-in " + BUILT_IN_SPEC, e);
    }
  }

  /** The jar bound into every sandbox, where units find {@code gridwork sample render}. */
  private Path gridworkJar() {
    if (gridworkJarOption != null) {
      if (!Files.isRegularFile(gridworkJarOption)) {
        throw new CommandFailure("--gridwork-jar " + gridworkJarOption + " is not a file");
      }
      return gridworkJarOption.toAbsolutePath();
    }
    CodeSource source = GridworkCli.class.getProtectionDomain().getCodeSource();
    try {
      Path location = source == null ? null : Path.of(source.getLocation().toURI());
      if (location != null && location.toString().endsWith(".jar")) {
        return location;
      }
    } catch (URISyntaxException e) {
      throw new CommandFailure("cannot locate the running gridwork jar: " + e.getMessage());
    }
    throw new CommandFailure(
        "the devnet's units run 'gridwork sample render' from the gridwork jar inside their"
            + " sandboxes, and this gridwork is not running from a jar; run ./gridwork devnet, or"
            + " pass --gridwork-jar cli/target/gridwork.jar after ./mvnw -pl cli -am package");
  }
}

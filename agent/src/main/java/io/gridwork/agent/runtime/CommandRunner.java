package io.gridwork.agent.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a short, trusted-but-fallible helper command (nvidia-smi, a bid-price script) with a hard
 * time limit, bounded output capture and the whole process tree killed on overrun.
 *
 * <p>Stateless and safe to share between threads.
 */
public final class CommandRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);

  private final int outputCapBytes;

  /** Keeps at most {@code outputCapBytes} of each of stdout and stderr. */
  public CommandRunner(int outputCapBytes) {
    if (outputCapBytes <= 0) {
      throw new IllegalArgumentException("output cap must be positive, got " + outputCapBytes);
    }
    this.outputCapBytes = outputCapBytes;
  }

  /** Runs {@code command}, feeding it {@code stdin}, and waits at most {@code timeLimit}. */
  public CommandResult run(List<String> command, byte[] stdin, Duration timeLimit) {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      return new CommandResult.NotStarted(command.getFirst(), e.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CappedCapture stdout = new CappedCapture(process.getInputStream(), out, outputCapBytes, 0);
    CappedCapture stderr = new CappedCapture(process.getErrorStream(), err, outputCapBytes, 0);
    Thread outReader = stdout.start(command.getFirst() + " stdout");
    Thread errReader = stderr.start(command.getFirst() + " stderr");
    Thread writer =
        Thread.ofPlatform()
            .daemon()
            .name(command.getFirst() + " stdin")
            .start(() -> feed(process, stdin, command.getFirst()));
    try {
      if (!process.waitFor(timeLimit.toMillis(), TimeUnit.MILLISECONDS)) {
        ProcessTree.killForcibly(process.toHandle());
        return new CommandResult.TimedOut(timeLimit);
      }
      writer.join();
      outReader.join();
      errReader.join();
    } catch (InterruptedException e) {
      ProcessTree.killForcibly(process.toHandle());
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + command.getFirst(), e);
    }
    return new CommandResult.Exited(
        process.exitValue(),
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /**
   * A command may exit without reading its input; that is its right, so a broken pipe here is
   * logged rather than treated as a failure of the command.
   */
  private static void feed(Process process, byte[] stdin, String program) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    } catch (IOException e) {
      LOG.debug("{} did not read all of its input: {}", program, e.getMessage());
    }
  }
}

package io.gridwork.agent.gpu;

import io.gridwork.agent.runtime.CommandResult;
import io.gridwork.agent.runtime.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks nvidia-smi which GPUs this machine has. Every failure (no driver, no devices, a hung or
 * broken nvidia-smi, unreadable output) leaves the agent offering CPU only, with the reason.
 */
public final class GpuProbe {
  private static final String CPU_ONLY = ": offering CPU only";

  private final List<String> command;
  private final CommandRunner runner;
  private final Duration timeLimit;

  /**
   * @param program the nvidia-smi executable; the query arguments are appended
   * @param timeLimit how long nvidia-smi may take; a wedged driver can make it hang for minutes
   */
  public GpuProbe(String program, CommandRunner runner, Duration timeLimit) {
    List<String> full = new ArrayList<>();
    full.add(program);
    full.addAll(NvidiaSmi.QUERY);
    this.command = List.copyOf(full);
    this.runner = runner;
    this.timeLimit = timeLimit;
  }

  /** {@code nvidia-smi} from {@code PATH}, allowed ten seconds. */
  public static GpuProbe system() {
    return new GpuProbe("nvidia-smi", new CommandRunner(1 << 20), Duration.ofSeconds(10));
  }

  public ProbeResult probe() {
    return switch (runner.run(command, new byte[0], timeLimit)) {
      case CommandResult.NotStarted notStarted ->
          new ProbeResult.CpuOnly(
              "no NVIDIA driver (" + notStarted.program() + " not found)" + CPU_ONLY);
      case CommandResult.TimedOut timedOut ->
          new ProbeResult.CpuOnly(
              "nvidia-smi did not answer within " + timedOut.limit().toMillis() + " ms" + CPU_ONLY);
      case CommandResult.Exited exited when exited.exitCode() != 0 ->
          new ProbeResult.CpuOnly(failure(exited) + CPU_ONLY);
      case CommandResult.Exited exited -> read(exited.stdout());
    };
  }

  private static ProbeResult read(String stdout) {
    return switch (NvidiaSmi.parse(stdout)) {
      case NvidiaSmi.Parse.Malformed malformed ->
          new ProbeResult.CpuOnly("cannot read " + malformed.message() + CPU_ONLY);
      case NvidiaSmi.Parse.Parsed parsed when parsed.gpus().isEmpty() ->
          new ProbeResult.CpuOnly("nvidia-smi listed no GPUs" + CPU_ONLY);
      case NvidiaSmi.Parse.Parsed parsed -> new ProbeResult.Detected(parsed.gpus());
    };
  }

  /** nvidia-smi's documented exit statuses, with what it printed. */
  private static String failure(CommandResult.Exited exited) {
    String meaning =
        switch (exited.exitCode()) {
          case 4 -> "insufficient permissions";
          case 6 -> "no GPU answered the query";
          case 9 -> "the NVIDIA driver is not loaded";
          case 12 -> "the NVML library was not found";
          case 14 -> "a GPU's infoROM is corrupted";
          case 15 -> "a GPU has fallen off the bus";
          default -> "nvidia-smi failed";
        };
    String said = exited.stderr().strip();
    if (said.isEmpty()) {
      said = exited.stdout().strip();
    }
    return meaning
        + " (nvidia-smi exit status "
        + exited.exitCode()
        + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElseThrow())
        + ")";
  }
}

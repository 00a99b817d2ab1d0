package io.gridwork.agent.runtime;

import java.time.Duration;
import java.util.List;

/** How a sandboxed unit ended; the agent reports a result only for {@link Completed}. */
public sealed interface UnitOutcome {

  /** A sentence for logs and for the job's owner. */
  String describe();

  /** Exit status 0 and every declared output present, within the size limit, hashed. */
  record Completed(List<OutputFile> outputs, Duration duration) implements UnitOutcome {
    public Completed {
      outputs = List.copyOf(outputs);
    }

    @Override
    public String describe() {
      return "completed in " + duration.toMillis() + " ms with " + outputs.size() + " output(s)";
    }
  }

  /** The unit exited with a non-zero status (128 + n when killed by signal n). */
  record Failed(int exitCode, String stderrTail) implements UnitOutcome {
    @Override
    public String describe() {
      String cause =
          switch (exitCode) {
            case 128 + 9 -> " (killed, possibly at the CPU-time limit)";
            case 128 + 24 -> " (CPU-time limit reached)";
            case 128 + 25 -> " (file-size limit reached)";
            default -> "";
          };
      return "failed with exit status " + exitCode + cause;
    }
  }

  /** The unit outlived its wall-clock limit; the whole sandbox was killed. */
  record TimedOut(Duration limit) implements UnitOutcome {
    @Override
    public String describe() {
      return "killed after the wall-clock limit of " + limit.toSeconds() + " s";
    }
  }

  /** The unit was stopped by {@link UnitRun#cancel()}, for example because its lease ended. */
  record Cancelled() implements UnitOutcome {
    @Override
    public String describe() {
      return "cancelled";
    }
  }

  /**
   * The unit exited successfully but some declared outputs are absent or are not regular files
   * inside {@code /work} (a symbolic link is never followed out of the sandbox).
   */
  record OutputMissing(List<String> names) implements UnitOutcome {
    public OutputMissing {
      names = List.copyOf(names);
    }

    @Override
    public String describe() {
      return "declared output(s) missing: " + String.join(", ", names);
    }
  }

  /** The declared outputs together exceed the unit's output limit. */
  record OutputTooLarge(long bytes, long limit) implements UnitOutcome {
    @Override
    public String describe() {
      return "outputs total " + bytes + " bytes, over the limit of " + limit + " bytes";
    }
  }

  /**
   * The sandbox or container itself could not be set up: bwrap or docker missing, namespaces
   * denied, a bad bind, the container engine refusing the run.
   */
  record SandboxUnavailable(String reason) implements UnitOutcome {
    @Override
    public String describe() {
      return "sandbox unavailable: " + reason;
    }
  }
}

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

  /**
   * The unit exited with a non-zero status (128 + n when killed by signal n); {@code cause} says
   * what the agent knows of why.
   */
  record Failed(int exitCode, Cause cause, String stderrTail) implements UnitOutcome {
    @Override
    public String describe() {
      return "failed with exit status " + exitCode + cause.explanation(exitCode);
    }
  }

  /** What ended a unit that failed, as far as the agent can tell. */
  enum Cause {
    /** The unit's program exited with this status of its own accord. */
    EXITED,
    /** A process used its CPU time and the kernel sent SIGXCPU. */
    CPU_LIMIT,
    /** A process ignored SIGXCPU and the kernel killed it at the hard CPU-time limit. */
    CPU_HARD_LIMIT,
    /** A process wrote a file past the file-size limit and the kernel sent SIGXFSZ. */
    FILE_SIZE_LIMIT,
    /** The kernel killed a process of the unit at the unit's memory limit (its cgroup's). */
    OUT_OF_MEMORY,
    /** A signal from outside: neither the agent nor one of the unit's limits sent it. */
    SIGNAL;

    String explanation(int exitCode) {
      return switch (this) {
        case EXITED -> "";
        case CPU_LIMIT -> " (CPU-time limit reached: SIGXCPU)";
        case CPU_HARD_LIMIT -> " (killed at the hard CPU-time limit after ignoring SIGXCPU)";
        case FILE_SIZE_LIMIT -> " (file-size limit reached: SIGXFSZ)";
        case OUT_OF_MEMORY -> " (killed by the kernel at the unit's memory limit)";
        case SIGNAL ->
            " (killed by signal "
                + (exitCode - 128)
                + " from outside the sandbox; no limit of the agent's sent it)";
      };
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
      return "stopped by the agent (its lease ended or the agent is stopping)";
    }
  }

  /**
   * The unit's work directory grew past its limit while it ran, and the whole sandbox was killed
   * then rather than when it ended.
   */
  record WorkTooLarge(long bytes, long limit) implements UnitOutcome {
    @Override
    public String describe() {
      return "stopped when /work held "
          + bytes
          + " bytes, over the limit of "
          + limit
          + " bytes on what a unit may write";
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

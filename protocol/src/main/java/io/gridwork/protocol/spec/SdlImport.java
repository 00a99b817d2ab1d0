package io.gridwork.protocol.spec;

import java.util.List;

/**
 * What an Akash SDL file becomes: one service job per deployed replica, notes on everything that
 * was translated with a change of meaning, and refusals for what cannot be honoured. A deployment
 * is taken whole or not at all, as Akash does: when there is any refusal, {@code jobs} is empty.
 */
public record SdlImport(List<JobSpec> jobs, List<String> notes, List<SdlRefusal> refusals) {
  public SdlImport {
    jobs = List.copyOf(jobs);
    notes = List.copyOf(notes);
    refusals = List.copyOf(refusals);
  }

  public boolean accepted() {
    return refusals.isEmpty();
  }
}

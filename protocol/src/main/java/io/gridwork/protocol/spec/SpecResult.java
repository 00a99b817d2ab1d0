package io.gridwork.protocol.spec;

import java.util.List;

/** The outcome of reading a spec: a valid job, or every error found in it. */
public sealed interface SpecResult {

  record Valid(JobSpec spec) implements SpecResult {}

  record Invalid(List<SpecError> errors) implements SpecResult {
    public Invalid {
      errors = List.copyOf(errors);
    }
  }
}

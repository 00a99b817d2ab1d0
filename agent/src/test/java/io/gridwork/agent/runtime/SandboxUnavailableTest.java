package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxUnavailableTest {
  @TempDir Path tmp;

  private final SandboxedRunner runner =
      new SandboxedRunner(
          new SandboxConfig(
              "/nonexistent/bwrap",
              Path.of(System.getProperty("java.home")),
              List.of(),
              List.of()));

  @Test
  void missingBwrapMakesEveryUnitSandboxUnavailable() throws Exception {
    UnitOutcome outcome =
        runner.run(UnitSpec.of(0, List.of("true"), List.of()), UnitDirs.under(tmp));

    assertThat(outcome).isInstanceOf(UnitOutcome.SandboxUnavailable.class);
    assertThat(outcome.describe()).contains("/nonexistent/bwrap", "apt-get install bubblewrap");
  }

  @Test
  void missingBwrapFailsTheSandboxCheck() throws Exception {
    SandboxCheck.Status status = new SandboxCheck(runner).run();

    assertThat(status).isInstanceOf(SandboxCheck.Status.Unavailable.class);
  }
}

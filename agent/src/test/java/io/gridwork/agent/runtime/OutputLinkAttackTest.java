package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Units in the real sandbox that point their outputs and logs at a host secret through links: the
 * agent neither hashes nor copies the secret, and reports the output as missing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OutputLinkAttackTest {
  @TempDir Path tmp;

  private Path secretDir;
  private byte[] secret;
  private SandboxedRunner runner;
  private UnitDirs dirs;

  @BeforeAll
  static void requireBubblewrap() {
    assertThat(Executables.exists("bwrap"))
        .as("bwrap is not installed (apt-get install bubblewrap): the sandbox cannot be tested")
        .isTrue();
  }

  @BeforeEach
  void setUp() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("agent-home"));
    secretDir = Files.createDirectories(home.resolve("keys"));
    secret = Secrets.secret();
    Files.write(secretDir.resolve("out.txt"), secret);
    runner = new SandboxedRunner(SandboxConfig.forAgent(home, List.of()));
    dirs = UnitDirs.under(home.resolve("agent/leases/lease/unit-0"));
  }

  private UnitOutcome run(String script, String output) throws InterruptedException {
    return runner.run(
        UnitSpec.of(0, List.of("sh", "-c", script), List.of(output))
            .withLimits(ResourceLimits.defaults().withWallClock(Duration.ofSeconds(60))),
        dirs);
  }

  @Test
  void anOutputThatIsALinkToAHostFileIsMissingAndNeverCopied() throws Exception {
    UnitOutcome outcome = run("ln -s " + secretDir.resolve("out.txt") + " out.txt", "out.txt");

    assertThat(outcome).isEqualTo(new UnitOutcome.OutputMissing(List.of("out.txt")));
    assertThat(Secrets.anyFileContains(dirs.logs(), secret)).isFalse();
  }

  @Test
  void anOutputUnderADirectorySwappedForALinkToAHostDirectoryIsMissingAndNeverCopied()
      throws Exception {
    UnitOutcome outcome =
        run(
            "mkdir frames && echo mine > frames/out.txt && mv frames real && ln -s "
                + secretDir
                + " frames",
            "frames/out.txt");

    assertThat(outcome).isEqualTo(new UnitOutcome.OutputMissing(List.of("frames/out.txt")));
    assertThat(Secrets.anyFileContains(dirs.logs(), secret)).isFalse();
  }

  @Test
  void anOutputThatIsANamedPipeIsMissingAndDoesNotStallTheAgent() throws Exception {
    UnitOutcome outcome = run("mkfifo out.txt", "out.txt");

    assertThat(outcome).isEqualTo(new UnitOutcome.OutputMissing(List.of("out.txt")));
  }

  @Test
  void aUnitCannotTurnItsLogsIntoLinksToAHostFile() throws Exception {
    String target = secretDir.resolve("out.txt").toString();
    UnitOutcome outcome =
        run(
            "for d in /work /checkpoint /work/../logs; do ln -sf "
                + target
                + " $d/stdout.log; ln -sf "
                + target
                + " $d/stderr.log; done; echo said-on-stdout; echo said-on-stderr >&2; exit 3",
            "out.txt");

    assertThat(outcome).isInstanceOf(UnitOutcome.Failed.class);
    assertThat(((UnitOutcome.Failed) outcome).stderrTail())
        .contains("said-on-stderr")
        .doesNotContain(new String(secret));
    assertThat(Files.isSymbolicLink(dirs.stdout())).isFalse();
    assertThat(Files.readString(dirs.stdout())).isEqualTo("said-on-stdout\n");
    assertThat(Secrets.anyFileContains(dirs.logs(), secret)).isFalse();
  }

  @Test
  void aPlainOutputIsCopiedOutOfTheSandboxAndTheCopyIsWhatWasHashed() throws Exception {
    UnitOutcome outcome = run("mkdir -p a/b && printf hello > a/b/out.txt", "a/b/out.txt");

    assertThat(outcome).isInstanceOf(UnitOutcome.Completed.class);
    OutputFile output = ((UnitOutcome.Completed) outcome).outputs().getFirst();
    assertThat(Files.readString(dirs.stagedOutput(0))).isEqualTo("hello");
    assertThat(output.sha256())
        .isEqualTo(
            io.gridwork.protocol.crypto.Hash.sha256(Files.readAllBytes(dirs.stagedOutput(0))));
  }
}

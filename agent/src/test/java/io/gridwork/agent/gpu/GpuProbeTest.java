package io.gridwork.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.runtime.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the probe against a stand-in nvidia-smi script that replays a recording. */
class GpuProbeTest {
  @TempDir Path tmp;

  private Path fakeNvidiaSmi(String stdout, String stderr, int exitCode) throws IOException {
    Files.writeString(tmp.resolve("stdout"), stdout);
    Files.writeString(tmp.resolve("stderr"), stderr);
    String script =
        "#!/bin/sh\n"
            + "[ \"$1\" = '"
            + NvidiaSmi.QUERY.get(0)
            + "' ] && [ \"$2\" = '"
            + NvidiaSmi.QUERY.get(1)
            + "' ] || { echo \"unexpected arguments: $*\" >&2; exit 2; }\n"
            + "cat '"
            + tmp.resolve("stdout")
            + "'\ncat '"
            + tmp.resolve("stderr")
            + "' >&2\nexit "
            + exitCode
            + "\n";
    return executable(script);
  }

  private Path executable(String script) throws IOException {
    Path path = tmp.resolve("nvidia-smi");
    Files.writeString(path, script);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
    return path;
  }

  private static ProbeResult probe(Path program) {
    return new GpuProbe(program.toString(), new CommandRunner(1 << 20), Duration.ofSeconds(10))
        .probe();
  }

  private ProbeResult replay(String recording) throws IOException {
    return probe(fakeNvidiaSmi(Recordings.read(recording), "", 0));
  }

  private ProbeResult replayFailure(String name) throws IOException {
    int exitCode = Integer.parseInt(Recordings.read(name + ".exit").strip());
    return probe(fakeNvidiaSmi("", Recordings.read(name + ".err"), exitCode));
  }

  @Test
  void detectsEveryCardOfAnEightGpuMachine() throws IOException {
    ProbeResult result = replay("h100-sxm-x8.csv");

    assertThat(result).isInstanceOf(ProbeResult.Detected.class);
    assertThat(((ProbeResult.Detected) result).gpus()).hasSize(8);
  }

  @Test
  void detectsTheCardsOfEachRecordedMachine() throws IOException {
    assertThat(replay("a100-sxm4-80gb-x4.csv")).isInstanceOf(ProbeResult.Detected.class);
    assertThat(replay("rtx3090-x2.csv")).isInstanceOf(ProbeResult.Detected.class);
    assertThat(replay("rtx4090-x1.csv")).isInstanceOf(ProbeResult.Detected.class);
    assertThat(replay("t4-na-fields.csv")).isInstanceOf(ProbeResult.Detected.class);
  }

  @Test
  void driverNotLoadedOffersCpuOnlyWithTheReason() throws IOException {
    ProbeResult result = replayFailure("driver-missing");

    assertThat(result)
        .isEqualTo(
            new ProbeResult.CpuOnly(
                "the NVIDIA driver is not loaded (nvidia-smi exit status 9: NVIDIA-SMI has failed"
                    + " because it couldn't communicate with the NVIDIA driver. Make sure that the"
                    + " latest NVIDIA driver is installed and running.): offering CPU only"));
  }

  @Test
  void noDevicesOffersCpuOnlyWithTheReason() throws IOException {
    ProbeResult result = replayFailure("no-devices");

    assertThat(result)
        .isEqualTo(
            new ProbeResult.CpuOnly(
                "no GPU answered the query (nvidia-smi exit status 6: No devices were found):"
                    + " offering CPU only"));
  }

  @Test
  void missingNvidiaSmiMeansNoDriver() {
    ProbeResult result = probe(tmp.resolve("absent/nvidia-smi"));

    assertThat(result).isInstanceOf(ProbeResult.CpuOnly.class);
    assertThat(((ProbeResult.CpuOnly) result).reason())
        .startsWith("no NVIDIA driver")
        .endsWith(": offering CPU only");
  }

  @Test
  void hangingNvidiaSmiIsKilledAtTheTimeLimit() throws IOException {
    Path program = executable("#!/bin/sh\nsleep 600\n");

    ProbeResult result =
        new GpuProbe(program.toString(), new CommandRunner(1 << 20), Duration.ofMillis(500))
            .probe();

    assertThat(result)
        .isEqualTo(
            new ProbeResult.CpuOnly("nvidia-smi did not answer within 500 ms: offering CPU only"));
  }

  @Test
  void garbledOutputOffersCpuOnlyNamingTheLine() throws IOException {
    ProbeResult result = probe(fakeNvidiaSmi("Segmentation fault\n", "", 0));

    assertThat(result).isInstanceOf(ProbeResult.CpuOnly.class);
    assertThat(((ProbeResult.CpuOnly) result).reason())
        .contains("line 1 (Segmentation fault)", "expected 12 fields");
  }

  @Test
  void emptyOutputOffersCpuOnly() throws IOException {
    ProbeResult result = probe(fakeNvidiaSmi("", "", 0));

    assertThat(result)
        .isEqualTo(new ProbeResult.CpuOnly("nvidia-smi listed no GPUs: offering CPU only"));
  }
}

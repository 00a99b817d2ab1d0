package io.gridwork.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class NvidiaSmiTest {

  private static List<Gpu> parsed(String recording) {
    return parsedText(Recordings.read(recording));
  }

  private static List<Gpu> parsedText(String csv) {
    NvidiaSmi.Parse parse = NvidiaSmi.parse(csv);
    assertThat(parse).isInstanceOf(NvidiaSmi.Parse.Parsed.class);
    return ((NvidiaSmi.Parse.Parsed) parse).gpus();
  }

  private static NvidiaSmi.Parse.Malformed malformed(String csv) {
    NvidiaSmi.Parse parse = NvidiaSmi.parse(csv);
    assertThat(parse).isInstanceOf(NvidiaSmi.Parse.Malformed.class);
    return (NvidiaSmi.Parse.Malformed) parse;
  }

  @Test
  void fourA100sAreReadWithEveryField() {
    List<Gpu> gpus = parsed("a100-sxm4-80gb-x4.csv");

    assertThat(gpus).hasSize(4);
    assertThat(gpus.getFirst())
        .isEqualTo(
            new Gpu(
                0,
                "GPU-7d41c0b8-2e95-4a6f-b3c7-51e8d2a9f064",
                "NVIDIA A100-SXM4-80GB",
                81920,
                OptionalInt.of(4),
                OptionalInt.of(0),
                OptionalLong.of(61_230),
                OptionalLong.of(400_000),
                OptionalInt.of(31),
                Optional.of("00000000:07:00.0"),
                Optional.of("550.54.15"),
                Optional.of("8.0")));
  }

  @Test
  void eightH100sKeepTheirIndicesAndBusIds() {
    List<Gpu> gpus = parsed("h100-sxm-x8.csv");

    assertThat(gpus).extracting(Gpu::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(gpus.getLast().pciBusId()).contains("00000000:88:00.0");
    assertThat(gpus).allSatisfy(gpu -> assertThat(gpu.name()).isEqualTo("NVIDIA H100 80GB HBM3"));
  }

  @Test
  void busyRtx3090ReportsItsLoad() {
    Gpu busy = parsed("rtx3090-x2.csv").get(1);

    assertThat(busy.memoryUsedMib()).hasValue(10240);
    assertThat(busy.utilizationPercent()).hasValue(97);
    assertThat(busy.powerDrawMilliwatts()).hasValue(338_420);
    assertThat(busy.temperatureCelsius()).hasValue(78);
  }

  @Test
  void singleRtx4090IsRead() {
    List<Gpu> gpus = parsed("rtx4090-x1.csv");

    assertThat(gpus)
        .singleElement()
        .satisfies(
            gpu -> {
              assertThat(gpu.name()).isEqualTo("NVIDIA GeForce RTX 4090");
              assertThat(gpu.memoryTotalMib()).isEqualTo(24564);
              assertThat(gpu.computeCapability()).contains("8.9");
            });
  }

  @Test
  void unavailablePowerDrawOnT4BecomesEmpty() {
    Gpu t4 = parsed("t4-na-fields.csv").getFirst();

    assertThat(t4.powerDrawMilliwatts()).isEmpty();
    assertThat(t4.powerLimitMilliwatts()).hasValue(70_000);
  }

  @Test
  void notSupportedFieldsBecomeEmpty() {
    Gpu gpu =
        parsedText(
                "0, GPU-1, Tesla K80, 11441, [Not Supported], [Not Supported], [N/A], [N/A], [N/A],"
                    + " 00000000:04:00.0, 470.82.01, [N/A]\n")
            .getFirst();

    assertThat(gpu.memoryUsedMib()).isEmpty();
    assertThat(gpu.utilizationPercent()).isEmpty();
    assertThat(gpu.powerLimitMilliwatts()).isEmpty();
    assertThat(gpu.computeCapability()).isEmpty();
  }

  @Test
  void blankLinesAndEmptyOutputYieldNoGpus() {
    assertThat(NvidiaSmi.parse("\n\n")).isEqualTo(new NvidiaSmi.Parse.Parsed(List.of()));
  }

  @Test
  void lineWithMissingFieldsIsNamed() {
    String csv = Recordings.read("rtx4090-x1.csv") + "1, GPU-2, NVIDIA GeForce RTX 4090, 24564\n";

    NvidiaSmi.Parse.Malformed malformed = malformed(csv);

    assertThat(malformed.lineNumber()).isEqualTo(2);
    assertThat(malformed.message()).contains("line 2", "expected 12 fields, found 4");
  }

  @Test
  void nonNumericMemoryIsNamed() {
    NvidiaSmi.Parse.Malformed malformed =
        malformed("0, GPU-1, Tesla T4, 15 GiB, 0, 0, 10.00, 70.00, 36, 0:1E.0, 535.104.05, 7.5");

    assertThat(malformed.reason()).isEqualTo("memory.total '15 GiB' is not a whole number");
  }

  @Test
  void unavailableIdentityFieldIsAnError() {
    NvidiaSmi.Parse.Malformed malformed =
        malformed("0, [N/A], Tesla T4, 15360, 0, 0, 10.00, 70.00, 36, 0:1E.0, 535.104.05, 7.5");

    assertThat(malformed.reason()).isEqualTo("uuid is unavailable ([N/A])");
  }

  @Test
  void nonNumericPowerIsNamed() {
    NvidiaSmi.Parse.Malformed malformed =
        malformed("0, GPU-1, Tesla T4, 15360, 0, 0, 10.00, 70W, 36, 0:1E.0, 535.104.05, 7.5");

    assertThat(malformed.reason()).isEqualTo("power.limit '70W' is not a number of watts");
  }

  @Property(tries = 200)
  void anyOutputParsesOrNamesALine(@ForAll String output) {
    NvidiaSmi.Parse parse = NvidiaSmi.parse(output);

    if (parse instanceof NvidiaSmi.Parse.Malformed malformed) {
      assertThat(malformed.lineNumber()).isPositive();
    }
  }
}

package io.gridwork.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

  @ParameterizedTest(name = "{0} = {1} millicores")
  @CsvSource({"2, 2000", "0.5, 500", "0.1, 100", "500m, 500", "1.0, 1000", "1.5m, -1", "x, -1"})
  void cpuIsReadAsCoresOrMillicores(String text, long millis) {
    assertThat(Quantities.cpuMillis(text))
        .isEqualTo(millis < 0 ? Optional.empty() : Optional.of(millis));
  }

  @ParameterizedTest(name = "{0} = {1} MiB")
  @CsvSource({
    "512Mi, 512",
    "1Gi, 1024",
    "1.5Gi, 1536",
    "2Ti, 2097152",
    "10G, 9537",
    "15Gb, 14306",
    "1GB, 954",
    "768Mi, 768",
    "1048576, 1"
  })
  void sizesAreRoundedUpToWholeMebibytes(String text, long mib) {
    assertThat(Quantities.bytes(text).map(Quantities::toMibCeil)).contains(mib);
  }

  @ParameterizedTest(name = "{0} is not a size")
  @CsvSource({"1m", "lots", "1Zi", "-1Gi", "99999999999Pi"})
  void unreadableSizesAreEmptyRatherThanGuessed(String text) {
    assertThat(Quantities.bytes(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} MiB is written {1}")
  @CsvSource({"512, 512Mi", "1024, 1Gi", "1536, 1536Mi", "1048576, 1Ti", "0, 0Mi"})
  void mebibytesAreWrittenInTheLargestExactUnit(long mib, String text) {
    assertThat(Quantities.formatMib(mib)).isEqualTo(text);
  }
}

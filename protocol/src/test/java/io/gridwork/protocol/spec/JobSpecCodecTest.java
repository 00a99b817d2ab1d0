package io.gridwork.protocol.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JobSpecCodecTest {
  private static final long SEED = 0x7370_6563L;

  @Provide
  Arbitrary<JobSpec> specs() {
    return SpecArbitraries.validSpec();
  }

  @Property(tries = 200)
  void decodingAnEncodedSpecGivesItBack(@ForAll("specs") JobSpec spec) {
    assertThat(JobSpecCodec.decode(JobSpecCodec.encode(spec)))
        .isEqualTo(new SpecDecodeResult.Ok(spec));
  }

  @Property(tries = 200)
  void aValidSpecFitsTheEncodedSizeLimit(@ForAll("specs") JobSpec spec) {
    assertThat(JobSpecCodec.encode(spec).length).isLessThanOrEqualTo(JobSpecCodec.MAX_SPEC_BYTES);
  }

  @Test
  void anAbsentTierAndAbsentUnitsSurviveTheRoundTrip() {
    JobSpec spec = Specs.edit(Specs.batch()).build();

    SpecDecodeResult result = JobSpecCodec.decode(JobSpecCodec.encode(spec));

    assertThat(result).isEqualTo(new SpecDecodeResult.Ok(spec));
    assertThat(JobSpecCodec.decode(JobSpecCodec.encode(Specs.service())))
        .isEqualTo(new SpecDecodeResult.Ok(Specs.service()));
  }

  @Test
  void emptyInputIsMalformed() {
    assertThat(JobSpecCodec.decode(new byte[0]))
        .isEqualTo(new SpecDecodeResult.Malformed("empty job spec"));
  }

  @Test
  void anUnknownVersionIsMalformed() {
    byte[] bytes = JobSpecCodec.encode(Specs.batch());
    bytes[0] = 9;

    assertThat(JobSpecCodec.decode(bytes))
        .isEqualTo(
            new SpecDecodeResult.Malformed(
                "unsupported job spec version 9, this build reads version 1"));
  }

  @Test
  void trailingBytesAreMalformed() {
    byte[] bytes = JobSpecCodec.encode(Specs.batch());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);

    assertThat(JobSpecCodec.decode(longer))
        .isEqualTo(new SpecDecodeResult.Malformed("job spec has 1 unexpected trailing bytes"));
  }

  @Test
  void oversizedInputIsRefusedBeforeReading() {
    assertThat(JobSpecCodec.decode(new byte[JobSpecCodec.MAX_SPEC_BYTES + 1]))
        .isInstanceOf(SpecDecodeResult.Malformed.class);
  }

  @Test
  void randomAndMutatedBytesNeverMakeTheDecoderThrow() {
    Random random = new Random(SEED);
    List<byte[]> corpus =
        List.of(JobSpecCodec.encode(Specs.batch()), JobSpecCodec.encode(Specs.service()));
    int decoded = 0;
    for (int i = 0; i < 6_000; i++) {
      byte[] input;
      if (i % 3 == 0) {
        input = new byte[random.nextInt(300)];
        random.nextBytes(input);
      } else {
        input = corpus.get(random.nextInt(corpus.size())).clone();
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) {
          int at = random.nextInt(input.length);
          input[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) 0xff;
        }
        if (random.nextInt(4) == 0) {
          input = Arrays.copyOf(input, random.nextInt(input.length));
        }
      }
      SpecDecodeResult result;
      try {
        result = JobSpecCodec.decode(input);
      } catch (RuntimeException e) {
        throw new AssertionError("decode threw on " + HexFormat.of().formatHex(input), e);
      }
      if (result instanceof SpecDecodeResult.Ok ok) {
        assertThat(JobSpecCodec.encode(ok.spec()))
            .as("re-encoding %s", HexFormat.of().formatHex(input))
            .isEqualTo(input);
        decoded++;
      }
    }
    assertThat(decoded).as("mutations that still decode").isPositive();
  }
}

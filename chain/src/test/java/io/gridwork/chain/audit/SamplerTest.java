package io.gridwork.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridwork.protocol.crypto.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private static final Hash JOB = Hash.sha256(new byte[] {1});
  private static final Hash BLOCK = Hash.sha256(new byte[] {2});

  private static Hash block(int i) {
    return Hash.sha256(ByteBuffer.allocate(Integer.BYTES).putInt(i).array());
  }

  @Test
  void drawIsTheDocumentedHashOfDomainBlockJobAndUnit() {
    byte[] seed =
        Hash.sha256(
                "gridwork-audit".getBytes(StandardCharsets.US_ASCII),
                BLOCK.bytes(),
                JOB.bytes(),
                new byte[] {0, 0, 0, 7})
            .bytes();
    ByteBuffer bytes = ByteBuffer.wrap(seed);

    Sampler.Draw draw = Sampler.draw(BLOCK, JOB, 7);

    assertThat(draw.audit()).isEqualTo(Long.remainderUnsigned(bytes.getLong(0), 1_000_000));
    assertThat(draw.pick()).isEqualTo(bytes.getLong(8));
  }

  @Test
  void sameBlockJobAndUnitAlwaysGiveTheSameDraw() {
    assertThat(Sampler.draw(BLOCK, JOB, 3)).isEqualTo(Sampler.draw(BLOCK, JOB, 3));
  }

  @Test
  void drawDependsOnThePreviousBlockHash() {
    int differing = 0;
    for (int unit = 0; unit < 1_000; unit++) {
      if (Sampler.draw(block(1), JOB, unit).audit() != Sampler.draw(block(2), JOB, unit).audit()) {
        differing++;
      }
    }

    assertThat(differing).isGreaterThan(990);
  }

  @Test
  void fullRateAuditsEveryUnitAndZeroRateNone() {
    for (int unit = 0; unit < 200; unit++) {
      Sampler.Draw draw = Sampler.draw(BLOCK, JOB, unit);
      assertThat(draw.audited(1_000_000)).isTrue();
      assertThat(draw.audited(0)).isFalse();
    }
  }

  @Test
  void shareOfUnitsAuditedMatchesTheRate() {
    int draws = 20_000;
    long ratePpm = 100_000;
    int audited = 0;
    for (int i = 0; i < draws; i++) {
      if (Sampler.draw(block(i), JOB, i).audited(ratePpm)) {
        audited++;
      }
    }

    double p = 0.1;
    double sigma = Math.sqrt(p * (1 - p) / draws);
    assertThat((double) audited / draws).isCloseTo(p, within(4 * sigma));
  }

  @Test
  void pickStaysWithinTheNumberOfCandidatesAndReachesEachOfThem() {
    boolean[] seen = new boolean[5];
    for (int i = 0; i < 200; i++) {
      int index = Sampler.draw(block(i), JOB, 0).pick(5);
      assertThat(index).isBetween(0, 4);
      seen[index] = true;
    }

    assertThat(seen).containsOnly(true);
  }
}

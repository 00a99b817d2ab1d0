package io.gridwork.chain.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PricesTest {

  @Test
  void networkFeeIsTheBasisPointsRoundedDown() {
    assertThat(Prices.networkFee(1_000_000, 100)).isEqualTo(10_000);
    assertThat(Prices.networkFee(199, 100)).isEqualTo(1);
    assertThat(Prices.networkFee(99, 100)).isZero();
  }

  @Test
  void networkFeeOfTheLargestAmountDoesNotOverflow() {
    assertThat(Prices.networkFee(Long.MAX_VALUE, 9_999))
        .isEqualTo(
            BigInteger.valueOf(Long.MAX_VALUE)
                .multiply(BigInteger.valueOf(9_999))
                .divide(BigInteger.valueOf(10_000))
                .longValueExact());
  }

  @Test
  void rateRoundsUpSoTheBuyerNeverPaysLessPerHourThanTheBid() {
    long rate = Prices.ratePerBlock(1_000_000, 1, 1_000);

    assertThat(rate).isEqualTo(278);
    assertThat(rate * 3_600).isGreaterThanOrEqualTo(1_000_000);
  }

  @Test
  void rateScalesWithGpusAndBlockTime() {
    assertThat(Prices.ratePerBlock(3_600_000, 2, 1_000)).isEqualTo(2_000);
    assertThat(Prices.ratePerBlock(3_600_000, 1, 6_000)).isEqualTo(6_000);
  }

  @Test
  void cpuOnlyServiceIsChargedAsOneGpu() {
    assertThat(Prices.ratePerBlock(3_600_000, 0, 1_000)).isEqualTo(1_000);
  }

  @Test
  void escrowRunsOutAfterTheBlocksItCanPayInFull() {
    assertThat(Prices.exhaustionHeight(10, 2_999, 1_000)).isEqualTo(12);
    assertThat(Prices.exhaustionHeight(10, 999, 1_000)).isEqualTo(10);
  }
}

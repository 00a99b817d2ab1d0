package io.gridwork.chain.market;

import io.gridwork.chain.genesis.MarketParams;
import java.math.BigInteger;

/**
 * The integer arithmetic of payments: the network's cut in basis points and the per-block rate of a
 * service lease. Kept apart and pure so that the rounding rules are stated and tested once.
 */
final class Prices {
  private static final BigInteger MILLIS_PER_HOUR =
      BigInteger.valueOf(MarketParams.MILLIS_PER_HOUR);

  private Prices() {}

  /**
   * The network fee on a payment of {@code amount}: {@code floor(amount × bps / 10,000)}, computed
   * without overflow. Rounding down favours the provider by less than one ugrid.
   */
  static long networkFee(long amount, int bps) {
    long whole = amount / MarketParams.BPS;
    long rest = amount % MarketParams.BPS;
    return whole * bps + rest * bps / MarketParams.BPS;
  }

  /**
   * What a service lease costs per block: {@code ceil(pricePerGpuHour × gpus × blockMillis /
   * 3,600,000)}, where a CPU-only service counts as one GPU. Rounding up means the buyer never pays
   * less per hour than the price the provider bid, and at most one ugrid per block more. Throws
   * {@link ArithmeticException} for a rate that does not fit in a long, which a price within a
   * valid job's ceiling never reaches.
   */
  static long ratePerBlock(long pricePerGpuHour, int gpus, long blockMillis) {
    BigInteger perHour =
        BigInteger.valueOf(pricePerGpuHour).multiply(BigInteger.valueOf(Math.max(1, gpus)));
    BigInteger[] qr =
        perHour.multiply(BigInteger.valueOf(blockMillis)).divideAndRemainder(MILLIS_PER_HOUR);
    BigInteger rate = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    return rate.longValueExact();
  }

  /**
   * The last height whose block a service lease's escrow still pays, having paid up to {@code
   * settledHeight}: the sweep closes the lease at the end of that block.
   */
  static long exhaustionHeight(long settledHeight, long escrow, long ratePerBlock) {
    return Math.addExact(settledHeight, escrow / ratePerBlock);
  }
}

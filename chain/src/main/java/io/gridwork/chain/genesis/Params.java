package io.gridwork.chain.genesis;

/**
 * Ledger parameters fixed at genesis (governance may change them later): the smallest fee a
 * transaction may pay, the stake a provider needs to be active, and how many blocks unbonding
 * takes.
 */
public record Params(long minFee, long minProviderStake, long unbondingPeriodBlocks) {
  public static Params defaults() {
    return new Params(1_000, 100_000_000, 100);
  }
}

package io.gridwork.client;

/** The chain id and ledger parameters a transaction must respect; amounts in ugrid. */
public record ChainParams(
    String chainId, long minFee, long minProviderStake, long unbondingPeriodBlocks) {}

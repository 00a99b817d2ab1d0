package io.gridwork.chain.genesis;

import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;

/**
 * The chain's identity and the supply it was created with, kept in state so that the executor can
 * check chain ids and the supply audit has a figure to check against.
 */
public record ChainInfo(String chainId, long genesisTimeMillis, long totalSupply) {

  /** The chain info stored at genesis; a state without it was never initialised. */
  public static ChainInfo load(ReadableState state) {
    byte[] value = state.get(Keys.chainInfo());
    if (value == null) {
      throw new IllegalStateException(
          "state holds no chain info: it was not initialised from genesis");
    }
    CanonicalReader r = new CanonicalReader(value);
    ChainInfo info =
        new ChainInfo(
            r.string(Genesis.MAX_CHAIN_ID_LENGTH, "chain id"),
            r.i64("genesis time"),
            r.nonNegative("total supply"));
    r.expectEnd("chain info");
    return info;
  }

  public void store(State state) {
    state.put(
        Keys.chainInfo(),
        new CanonicalWriter(96)
            .string(chainId)
            .i64(genesisTimeMillis)
            .i64(totalSupply)
            .toByteArray());
  }
}

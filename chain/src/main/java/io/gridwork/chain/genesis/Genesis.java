package io.gridwork.chain.genesis;

import java.util.List;
import java.util.Objects;

/**
 * The first state of a chain: its id, the genesis time (milliseconds since the epoch), funded
 * accounts and parameters. Total supply is the sum of the genesis balances.
 */
public record Genesis(
    String chainId, long genesisTimeMillis, List<GenesisAccount> accounts, Params params) {
  public Genesis {
    Objects.requireNonNull(chainId, "chainId");
    accounts = List.copyOf(accounts);
    Objects.requireNonNull(params, "params");
  }
}

package io.gridwork.chain.genesis;

import io.gridwork.protocol.Address;
import java.util.Objects;

/** An account funded at genesis. */
public record GenesisAccount(Address address, long balance) {
  public GenesisAccount {
    Objects.requireNonNull(address, "address");
  }
}

package io.gridwork.chain.genesis;

import io.gridwork.protocol.Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The first state of a chain: its id, the genesis time (milliseconds since the epoch), funded
 * accounts, parameters and the amount seeding the verification pool (so that audits of new
 * providers can be paid before verification fees accumulate). Total supply is the sum of the
 * genesis balances and the pool seed.
 */
public record Genesis(
    String chainId,
    long genesisTimeMillis,
    List<GenesisAccount> accounts,
    Params params,
    long verificationPool) {
  public static final int MAX_CHAIN_ID_LENGTH = 64;
  private static final Pattern CHAIN_ID = Pattern.compile("[a-z0-9-]+");

  public Genesis {
    Objects.requireNonNull(chainId, "chainId");
    accounts = List.copyOf(accounts);
    Objects.requireNonNull(params, "params");
  }

  /** A genesis with an empty verification pool. */
  public Genesis(
      String chainId, long genesisTimeMillis, List<GenesisAccount> accounts, Params params) {
    this(chainId, genesisTimeMillis, accounts, params, 0);
  }

  /** This genesis with {@code amount} ugrid seeding the verification pool. */
  public Genesis withVerificationPool(long amount) {
    return new Genesis(chainId, genesisTimeMillis, accounts, params, amount);
  }

  /**
   * Everything wrong with this genesis, each in words an operator can act on; empty when a chain
   * can start from it.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (chainId.isBlank()) {
      problems.add("chainId must not be blank");
    } else if (chainId.length() > MAX_CHAIN_ID_LENGTH || !CHAIN_ID.matcher(chainId).matches()) {
      problems.add(
          "chainId '"
              + chainId
              + "' must be 1 to 64 characters of lowercase letters, digits and '-'");
    }
    if (genesisTimeMillis < 0) {
      problems.add("genesisTimeMillis must not be negative, got " + genesisTimeMillis);
    }
    Set<Address> seen = new HashSet<>();
    long total = 0;
    boolean overflowed = false;
    for (GenesisAccount account : accounts) {
      if (!seen.add(account.address())) {
        problems.add("account " + account.address() + " is listed more than once");
      }
      if (account.balance() <= 0) {
        problems.add(
            "account "
                + account.address()
                + " must start with a positive balance, got "
                + account.balance()
                + "ugrid");
      } else if (!overflowed) {
        if (Long.MAX_VALUE - total < account.balance()) {
          overflowed = true;
          problems.add("the account balances add up to more than " + Long.MAX_VALUE + "ugrid");
        } else {
          total += account.balance();
        }
      }
    }
    if (verificationPool < 0) {
      problems.add("verificationPool must not be negative, got " + verificationPool + "ugrid");
    } else if (!overflowed && Long.MAX_VALUE - total < verificationPool) {
      problems.add(
          "the account balances and verificationPool add up to more than "
              + Long.MAX_VALUE
              + "ugrid");
    }
    problems.addAll(params.problems());
    return problems;
  }

  /**
   * The sum of the genesis balances and the verification pool seed; call only on a genesis without
   * {@link #problems()}.
   */
  public long totalSupply() {
    long total = verificationPool;
    for (GenesisAccount account : accounts) {
      total = Math.addExact(total, account.balance());
    }
    return total;
  }
}

package io.gridwork.chain.staking;

import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.Rejection;
import io.gridwork.chain.exec.TxContext;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.error.BankError;
import io.gridwork.protocol.error.StakingError;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.ProviderRegistered;
import io.gridwork.protocol.event.ProviderUpdated;
import io.gridwork.protocol.event.StakeBonded;
import io.gridwork.protocol.event.UnbondCompleted;
import io.gridwork.protocol.event.UnbondStarted;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.BondStake;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.UnbondStake;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Provider registration and stake: what a provider offers, the tokens it puts at risk, the part of
 * them committed to SLA compensation, and the unbonding queue that keeps stake slashable for a
 * period after a provider asks for it back.
 */
public final class Staking {
  public static final int MAX_GPU_GROUPS = 64;
  public static final int MAX_GPUS_PER_GROUP = 1024;
  private static final int BPS = 10_000;

  private static final Pattern LABEL = Pattern.compile("[a-z0-9-]+");
  private static final Pattern ATTRIBUTE_KEY = Pattern.compile("[a-z0-9._-]+");

  private Staking() {}

  /** The provider registered by {@code owner}, if any. */
  public static Optional<Provider> provider(ReadableState state, Address owner) {
    byte[] value = state.get(Keys.provider(owner));
    return value == null ? Optional.empty() : Optional.of(ProviderCodec.decode(owner, value));
  }

  /** Every registered provider, ordered by owner address. */
  public static List<Provider> providers(ReadableState state) {
    List<Provider> out = new ArrayList<>();
    state.scan(
        Keys.table(Keys.PROVIDERS),
        (key, value) -> {
          out.add(ProviderCodec.decode(Keys.address(key), value));
          return true;
        });
    return out;
  }

  /** The amount waiting in the unbonding queue for {@code owner} to be released at a height. */
  public record UnbondingEntry(Address owner, long releaseHeight, long amount) {}

  /** Every unbonding entry, ordered by release height, then owner. */
  public static List<UnbondingEntry> unbondingQueue(ReadableState state) {
    List<UnbondingEntry> out = new ArrayList<>();
    state.scan(
        Keys.table(Keys.UNBONDING_QUEUE),
        (key, value) -> {
          out.add(
              new UnbondingEntry(
                  Keys.unbondingOwner(key), Keys.unbondingHeight(key), decodeAmount(value)));
          return true;
        });
    return out;
  }

  /**
   * Registers the sender as a provider, or updates a registered provider's offer and bonds the
   * stake it adds.
   */
  public static Optional<Rejection> register(
      State state, TxContext tx, RegisterProvider body, List<LedgerEvent> events) {
    Optional<Rejection> invalid = validate(body);
    if (invalid.isPresent()) {
      return invalid;
    }
    Optional<Provider> existing = provider(state, tx.sender());
    long minStake = tx.params().minProviderStake();
    if (existing.isEmpty() && body.stake() < minStake) {
      return Optional.of(
          new Rejection(
              StakingError.STAKE_BELOW_MINIMUM,
              "a new provider must bond at least "
                  + Amount.format(minStake)
                  + ", got "
                  + Amount.format(body.stake())));
    }
    long previousStake = existing.map(Provider::stake).orElse(0L);
    if (Long.MAX_VALUE - previousStake < body.stake()) {
      return Optional.of(overflow(body.stake(), previousStake));
    }
    if (body.stake() > 0) {
      Optional<Rejection> debited = Bank.debit(state, tx, body.stake(), "stake");
      if (debited.isPresent()) {
        return debited;
      }
    }
    long stake = previousStake + body.stake();
    SlaTier tier = SlaTier.ofWireName(body.tier()).orElseThrow();
    Provider provider =
        new Provider(
            tx.sender(),
            body.gpus(),
            body.region(),
            tier,
            body.attributes(),
            stake,
            existing.map(Provider::unbonding).orElse(0L),
            existing.map(Provider::registeredAtHeight).orElse(tx.height()),
            statusFor(stake, minStake));
    put(state, provider);
    int gpus = totalGpus(body.gpus());
    events.add(
        existing.isEmpty()
            ? new ProviderRegistered(tx.sender(), body.region(), tier, gpus, stake)
            : new ProviderUpdated(tx.sender(), body.region(), tier, gpus, stake));
    return Optional.empty();
  }

  /** Adds stake from the sender's balance to its provider record. */
  public static Optional<Rejection> bond(
      State state, TxContext tx, BondStake body, List<LedgerEvent> events) {
    if (body.amount() <= 0) {
      return Optional.of(new Rejection(BankError.INVALID_AMOUNT, "bonding needs more than 0ugrid"));
    }
    Optional<Provider> found = provider(state, tx.sender());
    if (found.isEmpty()) {
      return Optional.of(notRegistered(tx.sender(), "bond stake"));
    }
    Provider p = found.get();
    if (Long.MAX_VALUE - p.stake() < body.amount()) {
      return Optional.of(overflow(body.amount(), p.stake()));
    }
    Optional<Rejection> debited = Bank.debit(state, tx, body.amount(), "stake");
    if (debited.isPresent()) {
      return debited;
    }
    long stake = p.stake() + body.amount();
    put(state, withStake(p, stake, p.unbonding(), tx.params().minProviderStake()));
    events.add(new StakeBonded(tx.sender(), body.amount(), stake));
    return Optional.empty();
  }

  /**
   * Moves stake into the unbonding queue; it returns to the balance at the end of block {@code
   * height + unbondingPeriodBlocks}.
   */
  public static Optional<Rejection> unbond(
      State state, TxContext tx, UnbondStake body, List<LedgerEvent> events) {
    if (body.amount() <= 0) {
      return Optional.of(
          new Rejection(BankError.INVALID_AMOUNT, "unbonding needs more than 0ugrid"));
    }
    Optional<Provider> found = provider(state, tx.sender());
    if (found.isEmpty()) {
      return Optional.of(notRegistered(tx.sender(), "unbond stake"));
    }
    Provider p = found.get();
    if (body.amount() > p.stake()) {
      return Optional.of(
          new Rejection(
              StakingError.UNBOND_EXCEEDS_STAKE,
              "cannot unbond "
                  + Amount.format(body.amount())
                  + ": only "
                  + Amount.format(p.stake())
                  + " is bonded"));
    }
    long committed = slaCommitted(state, tx.sender());
    if (p.stake() - body.amount() < committed) {
      return Optional.of(
          new Rejection(
              StakingError.STAKE_COMMITTED_TO_SLA,
              "cannot unbond "
                  + Amount.format(body.amount())
                  + ": "
                  + Amount.format(committed)
                  + " of your "
                  + Amount.format(p.stake())
                  + " stake backs the SLA compensation of your open bids and leases, so at most "
                  + Amount.format(p.stake() - committed)
                  + " can be unbonded until they close"));
    }
    long releaseHeight = Math.addExact(tx.height(), tx.params().unbondingPeriodBlocks());
    byte[] entryKey = Keys.unbonding(releaseHeight, tx.sender());
    byte[] queued = state.get(entryKey);
    long entry = Math.addExact(queued == null ? 0 : decodeAmount(queued), body.amount());
    state.put(entryKey, encodeAmount(entry));
    long stake = p.stake() - body.amount();
    put(
        state,
        withStake(
            p, stake, Math.addExact(p.unbonding(), body.amount()), tx.params().minProviderStake()));
    events.add(new UnbondStarted(tx.sender(), body.amount(), stake, releaseHeight));
    return Optional.empty();
  }

  /**
   * The SLA compensation the provider's open bids and leases have committed from its bonded stake:
   * a bid on a standard or premium job is taken only if the stake not yet committed covers it.
   */
  public static long slaCommitted(ReadableState state, Address owner) {
    byte[] value = state.get(Keys.slaCommitted(owner));
    if (value == null) {
      return 0;
    }
    CanonicalReader r = new CanonicalReader(value);
    long amount = r.nonNegative("committed SLA stake");
    r.expectEnd("committed SLA stake");
    return amount;
  }

  /**
   * Adds {@code delta} (negative to release) to the provider's committed SLA stake. Releasing more
   * than was committed is a bug.
   */
  public static void commitSla(State state, Address owner, long delta) {
    long committed = Math.addExact(slaCommitted(state, owner), delta);
    if (committed < 0) {
      throw new IllegalStateException(owner + " would have " + committed + "ugrid of SLA stake");
    }
    if (committed == 0) {
      state.delete(Keys.slaCommitted(owner));
    } else {
      state.put(Keys.slaCommitted(owner), encodeAmount(committed));
    }
  }

  /**
   * Pays up to {@code amount} of the provider's bonded stake to {@code to}'s balance and returns
   * what it paid: all of it unless the stake has shrunk below it (by a slash) since it was
   * committed. A provider left below the minimum stake becomes inactive.
   */
  public static long payFromStake(
      State state, Address owner, Address to, long amount, long minProviderStake) {
    Provider p =
        provider(state, owner)
            .orElseThrow(() -> new IllegalStateException(owner + " has no provider record"));
    long paid = Math.min(amount, p.stake());
    if (paid == 0) {
      return 0;
    }
    put(state, withStake(p, p.stake() - paid, p.unbonding(), minProviderStake));
    Bank.release(state, to, paid);
    return paid;
  }

  /**
   * End-of-block processing: returns every unbonding entry due at or before {@code height} to its
   * owner's balance, in key order (release height, then owner).
   */
  public static void releaseMatured(State state, long height, List<LedgerEvent> events) {
    List<UnbondingEntry> due = new ArrayList<>();
    state.scan(
        Keys.table(Keys.UNBONDING_QUEUE),
        (key, value) -> {
          long releaseHeight = Keys.unbondingHeight(key);
          if (releaseHeight > height) {
            return false;
          }
          due.add(new UnbondingEntry(Keys.unbondingOwner(key), releaseHeight, decodeAmount(value)));
          return true;
        });
    for (UnbondingEntry entry : due) {
      state.delete(Keys.unbonding(entry.releaseHeight(), entry.owner()));
      Provider p =
          provider(state, entry.owner())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "unbonding entry of " + entry.owner() + " has no provider record"));
      put(
          state,
          new Provider(
              p.owner(),
              p.gpus(),
              p.region(),
              p.tier(),
              p.attributes(),
              p.stake(),
              Math.subtractExact(p.unbonding(), entry.amount()),
              p.registeredAtHeight(),
              p.status()));
      // Released stake was part of the supply all along, so crediting it cannot overflow.
      Bank.credit(state, entry.owner(), entry.amount())
          .ifPresent(
              r -> {
                throw new IllegalStateException("releasing unbonded stake: " + r.message());
              });
      events.add(new UnbondCompleted(entry.owner(), entry.amount()));
    }
  }

  /**
   * Takes {@code fractionBps} basis points of the provider's slashable stake (bonded plus
   * unbonding), rounded down: bonded stake first, then unbonding entries, the earliest release
   * first, so stake on its way out is no escape. The provider becomes inactive if its bonded stake
   * falls below {@code minProviderStake}. Returns the amount taken; the caller decides where it
   * goes. Finding the provider's unbonding entries walks the unbonding queue, which only a slash
   * (rare by design) does.
   */
  public static long slash(State state, Address owner, int fractionBps, long minProviderStake) {
    Provider p =
        provider(state, owner)
            .orElseThrow(() -> new IllegalStateException("slashing unregistered " + owner));
    long slashable = Math.addExact(p.stake(), p.unbonding());
    long amount =
        BigInteger.valueOf(slashable)
            .multiply(BigInteger.valueOf(fractionBps))
            .divide(BigInteger.valueOf(BPS))
            .longValueExact();
    long fromStake = Math.min(amount, p.stake());
    long fromUnbonding = amount - fromStake;
    if (fromUnbonding > 0) {
      long left = fromUnbonding;
      for (UnbondingEntry entry : unbondingQueue(state)) {
        if (left == 0) {
          break;
        }
        if (!entry.owner().equals(owner)) {
          continue;
        }
        long take = Math.min(left, entry.amount());
        byte[] key = Keys.unbonding(entry.releaseHeight(), owner);
        if (take == entry.amount()) {
          state.delete(key);
        } else {
          state.put(key, encodeAmount(entry.amount() - take));
        }
        left -= take;
      }
    }
    put(
        state,
        withStake(p, p.stake() - fromStake, p.unbonding() - fromUnbonding, minProviderStake));
    return amount;
  }

  private static Optional<Rejection> validate(RegisterProvider body) {
    List<GpuInventory> gpus = body.gpus();
    if (gpus.isEmpty() || gpus.size() > MAX_GPU_GROUPS) {
      return invalid("a provider lists 1 to " + MAX_GPU_GROUPS + " GPU groups, got " + gpus.size());
    }
    for (int i = 0; i < gpus.size(); i++) {
      GpuInventory g = gpus.get(i);
      String where = "GPU group " + (i + 1) + ": ";
      if (g.model().isBlank()) {
        return invalid(where + "model must not be blank");
      }
      if (g.vramMib() <= 0) {
        return invalid(where + "vramMib must be positive, got " + g.vramMib());
      }
      if (g.count() < 1 || g.count() > MAX_GPUS_PER_GROUP) {
        return invalid(
            where + "count must be between 1 and " + MAX_GPUS_PER_GROUP + ", got " + g.count());
      }
    }
    if (!LABEL.matcher(body.region()).matches()) {
      return invalid(
          "region '" + body.region() + "' must be lowercase letters, digits and '-', e.g. eu-west");
    }
    if (SlaTier.ofWireName(body.tier()).isEmpty()) {
      return invalid("tier '" + body.tier() + "' must be one of " + SlaTier.wireNames());
    }
    for (Map.Entry<String, String> attribute : body.attributes().entrySet()) {
      if (!ATTRIBUTE_KEY.matcher(attribute.getKey()).matches()) {
        return invalid(
            "attribute key '"
                + attribute.getKey()
                + "' must be lowercase letters, digits, '.', '_' and '-'");
      }
    }
    return Optional.empty();
  }

  private static Optional<Rejection> invalid(String message) {
    return Optional.of(new Rejection(StakingError.INVALID_PROVIDER, message));
  }

  private static Rejection notRegistered(Address sender, String action) {
    return new Rejection(
        StakingError.PROVIDER_NOT_REGISTERED,
        sender + " is not a registered provider and cannot " + action + "; register first");
  }

  private static Rejection overflow(long amount, long stake) {
    return new Rejection(
        BankError.INVALID_AMOUNT,
        "bonding "
            + Amount.format(amount)
            + " on top of "
            + Amount.format(stake)
            + " exceeds the largest representable stake");
  }

  private static ProviderStatus statusFor(long stake, long minStake) {
    return stake >= minStake ? ProviderStatus.ACTIVE : ProviderStatus.INACTIVE;
  }

  private static Provider withStake(Provider p, long stake, long unbonding, long minStake) {
    return new Provider(
        p.owner(),
        p.gpus(),
        p.region(),
        p.tier(),
        p.attributes(),
        stake,
        unbonding,
        p.registeredAtHeight(),
        statusFor(stake, minStake));
  }

  private static int totalGpus(List<GpuInventory> gpus) {
    int total = 0;
    for (GpuInventory g : gpus) {
      total += g.count();
    }
    return total;
  }

  private static void put(State state, Provider p) {
    state.put(Keys.provider(p.owner()), ProviderCodec.encode(p));
  }

  private static byte[] encodeAmount(long amount) {
    return new CanonicalWriter(8).i64(amount).toByteArray();
  }

  private static long decodeAmount(byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    long amount = r.nonNegative("unbonding amount");
    r.expectEnd("unbonding entry");
    return amount;
  }
}

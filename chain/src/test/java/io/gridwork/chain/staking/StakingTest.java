package io.gridwork.chain.staking;

import static io.gridwork.chain.TestChain.FEE;
import static io.gridwork.chain.TestChain.GRID;
import static io.gridwork.chain.TestChain.PARAMS;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.exec.BlockOutcome;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.ProviderRegistered;
import io.gridwork.protocol.event.ProviderUpdated;
import io.gridwork.protocol.event.StakeBonded;
import io.gridwork.protocol.event.UnbondCompleted;
import io.gridwork.protocol.event.UnbondStarted;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.testkit.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StakingTest {
  private static final long MIN = PARAMS.minProviderStake();

  private final KeyPair alice = TestKeys.key("alice");
  private final KeyPair bob = TestKeys.key("bob");
  private final TestChain chain = TestChain.funded(1_000 * GRID, alice, bob);

  private TxResult register(KeyPair key, long stake) {
    return chain.run(chain.txs.registerProvider(key, "RTX 4090", 2, "eu-west", stake));
  }

  @Test
  void registrationBondsTheStakeAndMakesTheProviderActive() {
    TxResult result = register(alice, MIN);

    assertThat(result.ok()).isTrue();
    Provider p = chain.provider(alice).orElseThrow();
    assertThat(p.stake()).isEqualTo(MIN);
    assertThat(p.status()).isEqualTo(ProviderStatus.ACTIVE);
    assertThat(p.registeredAtHeight()).isEqualTo(1);
    assertThat(p.gpus()).containsExactly(new GpuInventory("RTX 4090", 24_576, 2));
    assertThat(chain.balance(alice)).isEqualTo(1_000 * GRID - MIN - FEE);
    assertThat(result.events()).hasAtLeastOneElementOfType(ProviderRegistered.class);
  }

  @Test
  void firstRegistrationBelowTheMinimumStakeIsRejected() {
    TxResult result = register(alice, MIN - 1);

    assertThat(result.code()).isEqualTo("STAKE_BELOW_MINIMUM");
    assertThat(result.message()).contains("at least 100GRID");
    assertThat(chain.provider(alice)).isEmpty();
  }

  @Test
  void registrationStakeBeyondTheBalanceIsInsufficientFunds() {
    TxResult result = register(alice, 2_000 * GRID);

    assertThat(result.code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(result.message()).contains("(stake 2000GRID + fee 0.001GRID)");
  }

  @Test
  void reRegistrationUpdatesTheOfferAndAddsTheStake() {
    register(alice, MIN);
    var update =
        new RegisterProvider(
            List.of(new GpuInventory("H100", 81_920, 8)),
            "us-east",
            "premium",
            new TreeMap<>(Map.of("cuda", "12.4")),
            5 * GRID);

    TxResult result = chain.run(chain.txs.sign(alice, update));

    assertThat(result.ok()).isTrue();
    Provider p = chain.provider(alice).orElseThrow();
    assertThat(p.gpus()).containsExactly(new GpuInventory("H100", 81_920, 8));
    assertThat(p.region()).isEqualTo("us-east");
    assertThat(p.tier()).isEqualTo(SlaTier.PREMIUM);
    assertThat(p.attributes()).containsEntry("cuda", "12.4");
    assertThat(p.stake()).isEqualTo(MIN + 5 * GRID);
    assertThat(p.registeredAtHeight()).isEqualTo(1);
    assertThat(result.events()).hasAtLeastOneElementOfType(ProviderUpdated.class);
  }

  @Test
  void reRegistrationMayAddNoStake() {
    register(alice, MIN);

    TxResult result = register(alice, 0);

    assertThat(result.ok()).isTrue();
    assertThat(chain.provider(alice).orElseThrow().stake()).isEqualTo(MIN);
  }

  @Test
  void invalidRegistrationChargesOnlyTheFee() {
    var bad = new RegisterProvider(List.of(), "eu-west", "standard", new TreeMap<>(), MIN);

    TxResult result = chain.run(chain.txs.sign(alice, bad));

    assertThat(result.code()).isEqualTo("INVALID_PROVIDER");
    assertThat(chain.provider(alice)).isEmpty();
    assertThat(chain.balance(alice)).isEqualTo(1_000 * GRID - FEE);
    assertThat(chain.account(alice).nonce()).isEqualTo(1);
  }

  @Test
  void bondAddsStakeFromTheBalance() {
    register(alice, MIN);

    TxResult result = chain.run(chain.txs.bond(alice, 7 * GRID));

    assertThat(result.ok()).isTrue();
    assertThat(chain.provider(alice).orElseThrow().stake()).isEqualTo(MIN + 7 * GRID);
    assertThat(chain.balance(alice)).isEqualTo(1_000 * GRID - MIN - 7 * GRID - 2 * FEE);
    assertThat(result.events()).hasAtLeastOneElementOfType(StakeBonded.class);
  }

  @Test
  void bondByAnUnregisteredAccountIsRejected() {
    TxResult result = chain.run(chain.txs.bond(alice, GRID));

    assertThat(result.code()).isEqualTo("PROVIDER_NOT_REGISTERED");
    assertThat(result.message()).contains("register first");
  }

  @Test
  void bondOfZeroIsAnInvalidAmount() {
    register(alice, MIN);

    assertThat(chain.run(chain.txs.bond(alice, 0)).code()).isEqualTo("INVALID_AMOUNT");
  }

  @Test
  void bondThatWouldOverflowTheStakeIsAnInvalidAmount() {
    register(alice, MIN);

    TxResult result = chain.run(chain.txs.bond(alice, Long.MAX_VALUE));

    assertThat(result.code()).isEqualTo("INVALID_AMOUNT");
    assertThat(chain.provider(alice).orElseThrow().stake()).isEqualTo(MIN);
  }

  @Test
  void bondBeyondTheBalanceIsInsufficientFunds() {
    register(alice, MIN);

    assertThat(chain.run(chain.txs.bond(alice, 5_000 * GRID)).code())
        .isEqualTo("INSUFFICIENT_FUNDS");
  }

  @Test
  void unbondByAnUnregisteredAccountIsRejected() {
    assertThat(chain.run(chain.txs.unbond(alice, GRID)).code())
        .isEqualTo("PROVIDER_NOT_REGISTERED");
  }

  @Test
  void unbondOfZeroIsAnInvalidAmount() {
    register(alice, MIN);

    assertThat(chain.run(chain.txs.unbond(alice, 0)).code()).isEqualTo("INVALID_AMOUNT");
  }

  @Test
  void unbondingMoreThanTheStakeIsRejected() {
    register(alice, MIN);

    TxResult result = chain.run(chain.txs.unbond(alice, MIN + 1));

    assertThat(result.code()).isEqualTo("UNBOND_EXCEEDS_STAKE");
    assertThat(result.message()).isEqualTo("cannot unbond 100.000001GRID: only 100GRID is bonded");
  }

  @Test
  void unbondingBelowTheMinimumMakesTheProviderInactive() {
    register(alice, MIN);

    TxResult result = chain.run(chain.txs.unbond(alice, GRID));

    assertThat(result.ok()).isTrue();
    Provider p = chain.provider(alice).orElseThrow();
    assertThat(p.status()).isEqualTo(ProviderStatus.INACTIVE);
    assertThat(p.stake()).isEqualTo(MIN - GRID);
    assertThat(p.unbonding()).isEqualTo(GRID);
    assertThat(result.events()).contains(new UnbondStarted(alice.address(), GRID, MIN - GRID, 5));
  }

  @Test
  void bondingBackToTheMinimumMakesTheProviderActiveAgain() {
    register(alice, MIN);
    chain.run(chain.txs.unbond(alice, GRID));

    chain.run(chain.txs.bond(alice, GRID));

    assertThat(chain.provider(alice).orElseThrow().status()).isEqualTo(ProviderStatus.ACTIVE);
  }

  @Test
  void unbondedStakeStaysLockedUntilTheUnbondingPeriodEnds() {
    register(alice, MIN);
    chain.run(chain.txs.unbond(alice, GRID));
    long balanceAfterUnbond = chain.balance(alice);

    chain.advanceTo(2 + PARAMS.unbondingPeriodBlocks() - 1);

    assertThat(chain.balance(alice)).isEqualTo(balanceAfterUnbond);
    assertThat(chain.provider(alice).orElseThrow().unbonding()).isEqualTo(GRID);
  }

  @Test
  void unbondedStakeReturnsToTheBalanceAtTheEndOfTheReleaseBlock() {
    register(alice, MIN);
    chain.run(chain.txs.unbond(alice, GRID));
    long balanceAfterUnbond = chain.balance(alice);
    chain.advanceTo(2 + PARAMS.unbondingPeriodBlocks() - 1);

    BlockOutcome release = chain.block();

    assertThat(chain.height()).isEqualTo(5);
    assertThat(chain.balance(alice)).isEqualTo(balanceAfterUnbond + GRID);
    assertThat(chain.provider(alice).orElseThrow().unbonding()).isZero();
    assertThat(release.blockEvents()).containsExactly(new UnbondCompleted(alice.address(), GRID));
    assertThat(Staking.unbondingQueue(chain.state)).isEmpty();
  }

  @Test
  void unbondsOfOneProviderInOneBlockShareOneQueueEntry() {
    register(alice, MIN);

    chain.block(chain.txs.unbond(alice, GRID), chain.txs.unbond(alice, 2 * GRID));

    assertThat(Staking.unbondingQueue(chain.state))
        .containsExactly(new Staking.UnbondingEntry(alice.address(), 5, 3 * GRID));
  }

  @Test
  void releasesHappenInReleaseHeightThenOwnerOrder() {
    register(alice, MIN);
    register(bob, MIN);
    chain.block(chain.txs.unbond(bob, GRID), chain.txs.unbond(alice, GRID));
    chain.advanceTo(5);

    BlockOutcome release = chain.block();

    List<Address> expected =
        alice.address().compareTo(bob.address()) < 0
            ? List.of(alice.address(), bob.address())
            : List.of(bob.address(), alice.address());
    assertThat(release.blockEvents())
        .extracting(e -> ((UnbondCompleted) e).owner())
        .containsExactlyElementsOf(expected);
  }

  @Test
  void providersAreListedInAddressOrder() {
    register(bob, MIN);
    register(alice, MIN);

    assertThat(Staking.providers(chain.state))
        .extracting(Provider::owner)
        .isSortedAccordingTo(Comparable::compareTo)
        .containsExactlyInAnyOrder(alice.address(), bob.address());
  }

  @Test
  void slashTakesTheFractionOfBondedAndUnbondingStakeBondedFirst() {
    register(alice, 100 * GRID);
    chain.run(chain.txs.unbond(alice, 95 * GRID));

    long taken = Staking.slash(chain.state, alice.address(), 1_000, MIN);

    Provider p = chain.provider(alice).orElseThrow();
    assertThat(taken).isEqualTo(10 * GRID);
    assertThat(p.stake()).isZero();
    assertThat(p.unbonding()).isEqualTo(90 * GRID);
    assertThat(Staking.unbondingQueue(chain.state))
        .singleElement()
        .satisfies(e -> assertThat(e.amount()).isEqualTo(90 * GRID));
  }

  @Test
  void slashTakesUnbondingEntriesEarliestReleaseFirst() {
    register(alice, 100 * GRID);
    chain.run(chain.txs.unbond(alice, 45 * GRID));
    chain.run(chain.txs.unbond(alice, 55 * GRID));

    Staking.slash(chain.state, alice.address(), 5_000, MIN);

    assertThat(Staking.unbondingQueue(chain.state))
        .extracting(Staking.UnbondingEntry::amount)
        .containsExactly(50 * GRID);
    assertThat(chain.provider(alice).orElseThrow().unbonding()).isEqualTo(50 * GRID);
  }

  @Test
  void slashBelowTheMinimumStakeMakesTheProviderInactive() {
    register(alice, MIN);

    long taken = Staking.slash(chain.state, alice.address(), 1_000, MIN);

    assertThat(taken).isEqualTo(MIN / 10);
    assertThat(chain.provider(alice).orElseThrow().status()).isEqualTo(ProviderStatus.INACTIVE);
  }
}

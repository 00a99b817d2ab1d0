package io.gridwork.chain.exec;

import static io.gridwork.chain.TestChain.GRID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.ChainInfo;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.testkit.TestKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockExecutorTest {
  private final KeyPair alice = TestKeys.key("alice");
  private final KeyPair bob = TestKeys.key("bob");
  private final BlockExecutor executor = new BlockExecutor();

  @Test
  void genesisRootHashesItsChangeSetAfterThirtyTwoZeroBytes() {
    GenesisOutcome outcome = executor.initialize(TestChain.genesis(5 * GRID, alice, bob));

    assertThat(outcome.stateRoot())
        .isEqualTo(Hash.sha256(new byte[32], outcome.changes().encode()));
  }

  @Test
  void genesisStoresChainInfoParamsAndBalances() {
    TestChain chain = TestChain.funded(5 * GRID, alice, bob);

    assertThat(ChainInfo.load(chain.state))
        .isEqualTo(new ChainInfo(TestChain.CHAIN_ID, 0, 10 * GRID));
    assertThat(Params.load(chain.state)).isEqualTo(TestChain.PARAMS);
    assertThat(chain.balance(alice)).isEqualTo(5 * GRID);
  }

  @Test
  void invalidGenesisIsRefusedWithEveryProblem() {
    Genesis bad = new Genesis("Bad Id", 0, List.of(), new Params(0, 0, 1));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> executor.initialize(bad))
        .withMessageContaining("chainId 'Bad Id'")
        .withMessageContaining("params.minProviderStake");
  }

  @Test
  void uninitialisedStateHasNoParams() {
    assertThatIllegalStateException()
        .isThrownBy(() -> Params.load(new MemoryState()))
        .withMessageContaining("not initialised from genesis");
  }

  @Test
  void emptyBlockKeepsTheRoot() {
    TestChain chain = TestChain.funded(5 * GRID, alice);
    Hash before = chain.root();

    BlockOutcome outcome = chain.block();

    assertThat(outcome.changes().isEmpty()).isTrue();
    assertThat(outcome.stateRoot()).isEqualTo(before);
  }

  @Test
  void blockThatChangesStateChainsItsChangeSetOntoThePreviousRoot() {
    TestChain chain = TestChain.funded(5 * GRID, alice);
    Hash before = chain.root();

    BlockOutcome outcome = chain.block(chain.txs.transfer(alice, bob.address(), GRID));

    assertThat(outcome.stateRoot())
        .isEqualTo(Hash.sha256(before.bytes(), outcome.changes().encode()));
  }

  @Test
  void executionLeavesTheCommittedStateAlone() {
    TestChain chain = TestChain.funded(5 * GRID, alice);
    MemoryState committed = TestChain.copy(chain.state);
    var ctx = new BlockContext(1, 0, Hash.ZERO, chain.root());

    executor.execute(committed, ctx, List.of(chain.txs.transfer(alice, bob.address(), GRID)));

    assertThat(committed.get(Keys.account(bob.address()))).isNull();
  }

  @Test
  void changeSetHoldsOnlyTheKeysThatChanged() {
    TestChain chain = TestChain.funded(5 * GRID, alice);

    BlockOutcome outcome = chain.block(chain.txs.transfer(alice, alice.address(), GRID));

    // The self-transfer leaves alice's balance net of the fee; only alice and the fee pool move.
    assertThat(outcome.changes().size()).isEqualTo(2);
  }

  @Test
  void supplyIsConservedAfterGenesisAndTransfers() {
    TestChain chain = TestChain.funded(500 * GRID, alice);
    chain.block(
        chain.txs.transfer(alice, bob.address(), GRID),
        chain.txs.registerProvider(alice, "A100", 1, "eu", 100 * GRID),
        chain.txs.unbond(alice, GRID));

    SupplyReport report = Supply.audit(chain.state);

    assertThat(report.conserved()).isTrue();
    assertThat(report)
        .isEqualTo(
            new SupplyReport(
                500 * GRID,
                500 * GRID - 101 * GRID - 3 * TestChain.FEE + GRID,
                99 * GRID,
                GRID,
                3 * TestChain.FEE,
                0,
                0,
                0,
                0,
                0));
  }

  @Test
  void supplyReportWithMissingTokensIsNotConserved() {
    assertThat(new SupplyReport(10, 5, 2, 1, 1, 0, 0, 0, 0, 0).conserved()).isFalse();
  }

  @Test
  void genesisSeedsTheVerificationPoolAndTheSupplyCountsIt() {
    TestChain chain = new TestChain(TestChain.genesis(10 * GRID, alice).withVerificationPool(GRID));

    SupplyReport report = Supply.audit(chain.state);

    assertThat(Bank.verificationPool(chain.state)).isEqualTo(GRID);
    assertThat(report.verificationPool()).isEqualTo(GRID);
    assertThat(report.totalSupply()).isEqualTo(11 * GRID);
    assertThat(report.conserved()).isTrue();
  }
}

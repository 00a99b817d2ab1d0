package io.gridwork.chain.exec;

import static io.gridwork.chain.TestChain.FEE;
import static io.gridwork.chain.TestChain.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.bank.Account;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.ChainInfo;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtomicityTest {
  private final KeyPair alice = TestKeys.key("alice");
  private final KeyPair whale = TestKeys.key("whale");

  @Test
  void bodyThatFailsAfterItsFirstWriteLeavesNothingButTheFee() {
    // A state no real chain can reach (the supply does not add up) is the only way to make a
    // transfer fail after debiting the sender: crediting the receiver overflows.
    MemoryState state = new MemoryState();
    new ChainInfo(TestChain.CHAIN_ID, 0, Long.MAX_VALUE).store(state);
    TestChain.PARAMS.store(state);
    Bank.putAccount(state, new Account(alice.address(), 10 * GRID, 0));
    Bank.putAccount(state, new Account(whale.address(), Long.MAX_VALUE - 1, 0));
    var tx = new TxFactory(TestChain.CHAIN_ID).transfer(alice, whale.address(), 5 * GRID);

    BlockOutcome outcome =
        new BlockExecutor()
            .execute(state, new BlockContext(1, 0, Hash.ZERO, Hash.ZERO), List.of(tx));
    outcome.changes().applyTo(state);

    assertThat(outcome.results().get(0).code()).isEqualTo("INVALID_AMOUNT");
    assertThat(Bank.account(state, alice.address()))
        .isEqualTo(new Account(alice.address(), 10 * GRID - FEE, 1));
    assertThat(Bank.account(state, whale.address()).balance()).isEqualTo(Long.MAX_VALUE - 1);
  }

  @Test
  void aFailedTransactionDoesNotUndoTheOnesBeforeIt() {
    KeyPair bob = TestKeys.key("bob");
    TestChain chain = TestChain.funded(10 * GRID, alice);

    BlockOutcome outcome =
        chain.block(
            chain.txs.transfer(alice, bob.address(), GRID),
            chain.txs.transfer(alice, bob.address(), 100 * GRID));

    assertThat(outcome.results())
        .extracting(TxResult::code)
        .containsExactly("OK", "INSUFFICIENT_FUNDS");
    assertThat(chain.balance(bob)).isEqualTo(GRID);
  }
}

package io.gridwork.chain.exec;

import static io.gridwork.chain.TestChain.FEE;
import static io.gridwork.chain.TestChain.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.TestChain;
import io.gridwork.chain.bank.Bank;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.FeePaid;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.Transferred;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  private final KeyPair alice = TestKeys.key("alice");
  private final KeyPair bob = TestKeys.key("bob");
  private final TestChain chain = TestChain.funded(10 * GRID, alice);

  @Test
  void transactionForAnotherChainIsRejectedWithoutCharge() {
    var tx = new TxFactory("other-chain").transfer(alice, bob.address(), GRID);

    BlockOutcome outcome = chain.block(tx);

    TxResult result = outcome.results().get(0);
    assertThat(result.code()).isEqualTo("WRONG_CHAIN_ID");
    assertThat(result.message()).contains("'other-chain'", "'gridwork-test'");
    assertThat(result.feeCharged()).isZero();
    assertThat(outcome.changes().isEmpty()).isTrue();
  }

  @Test
  void nonceAheadOfTheAccountIsRejectedAsMissingOrPending() {
    var tx = chain.txs.nonce(alice, 2).transfer(alice, bob.address(), GRID);

    BlockOutcome outcome = chain.block(tx);

    TxResult result = outcome.results().get(0);
    assertThat(result.code()).isEqualTo("BAD_NONCE");
    assertThat(result.message())
        .isEqualTo("nonce 0 expected, got 2: a transaction is missing or pending");
    assertThat(outcome.changes().isEmpty()).isTrue();
  }

  @Test
  void replayedNonceIsRejectedAndChangesNothing() {
    var tx = chain.txs.transfer(alice, bob.address(), GRID);
    chain.run(tx);
    Hash rootBefore = chain.root();

    BlockOutcome outcome = chain.block(tx);

    assertThat(outcome.results().get(0).code()).isEqualTo("BAD_NONCE");
    assertThat(outcome.results().get(0).message())
        .isEqualTo("nonce 1 expected, got 0: that nonce was already used");
    assertThat(outcome.stateRoot()).isEqualTo(rootBefore);
    assertThat(chain.balance(bob)).isEqualTo(GRID);
  }

  @Test
  void feeBelowTheMinimumIsRejectedWithoutCharge() {
    var tx = chain.txs.withFee(FEE - 1).transfer(alice, bob.address(), GRID);

    BlockOutcome outcome = chain.block(tx);

    TxResult result = outcome.results().get(0);
    assertThat(result.code()).isEqualTo("FEE_TOO_LOW");
    assertThat(result.message()).isEqualTo("fee 0.000999GRID is below the minimum fee 0.001GRID");
    assertThat(outcome.changes().isEmpty()).isTrue();
    assertThat(chain.account(alice).nonce()).isZero();
  }

  @Test
  void feeTheSenderCannotPayIsRejectedWithoutCharge() {
    var tx = chain.txs.withFee(11 * GRID).transfer(alice, bob.address(), GRID);

    BlockOutcome outcome = chain.block(tx);

    TxResult result = outcome.results().get(0);
    assertThat(result.code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(result.feeCharged()).isZero();
    assertThat(outcome.changes().isEmpty()).isTrue();
    assertThat(chain.balance(alice)).isEqualTo(10 * GRID);
  }

  @Test
  void unknownSenderCannotPayAnyFee() {
    var stranger = TestKeys.key("stranger");

    TxResult result = chain.run(chain.txs.transfer(stranger, bob.address(), 1));

    assertThat(result.code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(result.message())
        .isEqualTo("insufficient funds: balance 0GRID cannot pay the fee 0.001GRID");
  }

  @Test
  void acceptedTransactionPaysItsFeeIntoTheFeePoolAndAdvancesTheNonce() {
    TxResult result = chain.run(chain.txs.transfer(alice, bob.address(), GRID));

    assertThat(result.ok()).isTrue();
    assertThat(result.feeCharged()).isEqualTo(FEE);
    assertThat(Bank.feePool(chain.state)).isEqualTo(FEE);
    assertThat(chain.account(alice).nonce()).isEqualTo(1);
    assertThat(result.events())
        .extracting(LedgerEvent::getClass)
        .containsExactly(FeePaid.class, Transferred.class);
  }

  @Test
  void transactionsInOneBlockSeeEachOthersEffects() {
    var first = chain.txs.transfer(alice, bob.address(), 4 * GRID);
    var second = chain.txs.transfer(bob, alice.address(), GRID);

    BlockOutcome outcome = chain.block(first, second);

    assertThat(outcome.results()).extracting(TxResult::code).containsExactly("OK", "OK");
    assertThat(chain.balance(bob)).isEqualTo(3 * GRID - FEE);
  }

  @Test
  void bodyFailureChargesOnlyTheFeeAndAdvancesTheNonce() {
    var tx = chain.txs.sign(alice, new Transfer(bob.address(), 50 * GRID));

    TxResult result = chain.run(tx);

    assertThat(result.code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(result.feeCharged()).isEqualTo(FEE);
    assertThat(result.events()).extracting(LedgerEvent::getClass).containsExactly(FeePaid.class);
    assertThat(chain.balance(alice)).isEqualTo(10 * GRID - FEE);
    assertThat(chain.balance(bob)).isZero();
    assertThat(chain.account(alice).nonce()).isEqualTo(1);
  }
}

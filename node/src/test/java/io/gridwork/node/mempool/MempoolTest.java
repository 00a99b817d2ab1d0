package io.gridwork.node.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.bank.Account;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.exec.BlockContext;
import io.gridwork.chain.exec.BlockExecutor;
import io.gridwork.chain.exec.BlockOutcome;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.error.RejectCode;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MempoolTest {
  private final Genesis genesis = TestChain.genesis();
  private final MemoryState state = TestChain.genesisState(genesis);
  private final TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
  private final KeyPair alice = TestChain.user(0);
  private final KeyPair bob = TestChain.user(1);
  private final KeyPair carol = TestChain.user(2);
  private final KeyPair dave = TestChain.user(3);
  private final List<Mempool> pools = new ArrayList<>();

  private Mempool pool(int maxTxs, int maxNonceGap) {
    Mempool m =
        new Mempool(
            TestChain.CHAIN_ID, hash -> OptionalLong.empty(), maxTxs, maxNonceGap, 1_000, 10, 2);
    pools.add(m);
    return m;
  }

  @AfterEach
  void closePools() {
    pools.forEach(Mempool::close);
  }

  private Admission submit(Mempool pool, SignedTransaction tx) {
    return pool.submit(tx.encode(), state);
  }

  private RejectCode rejection(Admission a) {
    assertThat(a).isInstanceOf(Admission.Rejected.class);
    return ((Admission.Rejected) a).code();
  }

  @Test
  void selectionTakesHighestFeeFirstThenArrivalButEachSenderInNonceOrder() {
    Mempool pool = pool(100, 100);
    SignedTransaction a0 = txs.withFee(1_000).transfer(alice, dave.address(), 1);
    SignedTransaction a1 = txs.withFee(5_000).transfer(alice, dave.address(), 1);
    SignedTransaction b0 = txs.withFee(3_000).transfer(bob, dave.address(), 1);
    SignedTransaction c0 = txs.withFee(3_000).transfer(carol, dave.address(), 1);
    for (SignedTransaction tx : List.of(a1, a0, b0, c0)) {
      assertThat(submit(pool, tx)).isInstanceOf(Admission.Accepted.class);
    }

    List<SignedTransaction> block = txsOf(pool.select(10));

    assertThat(block).containsExactly(b0, c0, a0, a1);
  }

  @Test
  void selectionStopsAtTheBlockLimit() {
    Mempool pool = pool(100, 100);
    for (int i = 0; i < 5; i++) {
      submit(pool, txs.transfer(alice, bob.address(), 1));
    }

    assertThat(pool.select(3)).hasSize(3);
  }

  @Test
  void selectionSkipsTransactionsBehindANonceGap() {
    Mempool pool = pool(100, 100);
    SignedTransaction first = txs.transfer(alice, bob.address(), 1);
    txs.nonce(alice, 2);
    SignedTransaction afterGap = txs.transfer(alice, bob.address(), 1);
    submit(pool, first);
    submit(pool, afterGap);

    assertThat(txsOf(pool.select(10))).containsExactly(first);
  }

  @Test
  void fullMempoolRefusesATransactionThatDoesNotPayMore() {
    Mempool pool = pool(2, 100);
    submit(pool, txs.withFee(2_000).transfer(alice, dave.address(), 1));
    submit(pool, txs.withFee(2_000).transfer(bob, dave.address(), 1));

    Admission third = submit(pool, txs.withFee(2_000).transfer(carol, dave.address(), 1));

    assertThat(rejection(third)).isEqualTo(RejectCode.MEMPOOL_FULL);
  }

  @Test
  void fullMempoolEvictsTheCheapestForAHigherFee() {
    Mempool pool = pool(2, 100);
    SignedTransaction cheap = txs.withFee(1_000).transfer(alice, dave.address(), 1);
    submit(pool, cheap);
    submit(pool, txs.withFee(2_000).transfer(bob, dave.address(), 1));

    Admission rich = submit(pool, txs.withFee(3_000).transfer(carol, dave.address(), 1));

    assertThat(rich).isInstanceOf(Admission.Accepted.class);
    assertThat(pool.pending(cheap.hash())).isEmpty();
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void aTransactionAlreadyInABlockIsRefusedEvenIfItsNonceIsStillCurrent() {
    SignedTransaction inBlock = txs.transfer(alice, bob.address(), 1);
    Mempool pool =
        new Mempool(
            TestChain.CHAIN_ID,
            hash -> hash.equals(inBlock.hash()) ? OptionalLong.of(7) : OptionalLong.empty(),
            100,
            100,
            100,
            10,
            1);
    pools.add(pool);

    Admission replay = submit(pool, inBlock);

    assertThat(rejection(replay)).isEqualTo(RejectCode.ALREADY_COMMITTED);
    assertThat(((Admission.Rejected) replay).message()).contains("already in block 7");
  }

  @Test
  void aSenderCannotQueueATransactionWhoseFeeItsEarlierOnesLeaveNoRoomFor() {
    Mempool pool = pool(100, 100);
    KeyPair poor = TestKeys.key("poor");
    Bank.putAccount(state, new Account(poor.address(), 10_000, 0));
    SignedTransaction spendsAll = txs.withFee(1_000).transfer(poor, bob.address(), 9_000);
    SignedTransaction next = txs.withFee(1_000).transfer(poor, bob.address(), 1);

    Admission first = submit(pool, spendsAll);
    Admission second = submit(pool, next);

    assertThat(first).isInstanceOf(Admission.Accepted.class);
    assertThat(rejection(second)).isEqualTo(RejectCode.INSUFFICIENT_FEE_FUNDS);
  }

  @Test
  void anEarlierNonceArrivingLateIsTakenAndDropsTheWaitingOnesItLeavesNoFeeFor() {
    Mempool pool = pool(100, 100);
    KeyPair poor = TestKeys.key("poor-late");
    Bank.putAccount(state, new Account(poor.address(), 10_000, 0));
    txs.nonce(poor, 1);
    SignedTransaction later = txs.withFee(1_000).transfer(poor, bob.address(), 1);
    txs.nonce(poor, 0);
    SignedTransaction earlierSpendsAll = txs.withFee(1_000).transfer(poor, bob.address(), 9_000);

    Admission first = submit(pool, later);
    Admission second = submit(pool, earlierSpendsAll);

    assertThat(first).isInstanceOf(Admission.Accepted.class);
    assertThat(second).isInstanceOf(Admission.Accepted.class);
    assertThat(pool.pending(later.hash())).isEmpty();
    assertThat(pool.size()).isEqualTo(1);
  }

  @Test
  void theSameTransactionTwiceIsADuplicate() {
    Mempool pool = pool(100, 100);
    SignedTransaction tx = txs.transfer(alice, bob.address(), 1);
    submit(pool, tx);

    assertThat(rejection(submit(pool, tx))).isEqualTo(RejectCode.DUPLICATE);
  }

  @Test
  void aSecondTransactionWithAPendingNonceIsRefused() {
    Mempool pool = pool(100, 100);
    submit(pool, txs.transfer(alice, bob.address(), 1));
    txs.nonce(alice, 0);

    Admission other = submit(pool, txs.transfer(alice, carol.address(), 2));

    assertThat(rejection(other)).isEqualTo(RejectCode.NONCE_ALREADY_PENDING);
    assertThat(((Admission.Rejected) other).message()).contains("wait until it is in a block");
  }

  @Test
  void aNonceBeyondTheGapIsRefusedAndOneJustInsideIsTaken() {
    Mempool pool = pool(100, 10);

    Admission inside = submit(pool, txs.nonce(alice, 9).transfer(alice, bob.address(), 1));
    Admission beyond = submit(pool, txs.nonce(alice, 10).transfer(alice, bob.address(), 1));

    assertThat(inside).isInstanceOf(Admission.Accepted.class);
    assertThat(rejection(beyond)).isEqualTo(RejectCode.NONCE_TOO_FAR_AHEAD);
  }

  @Test
  void aReplayOfACommittedTransactionIsRefused() {
    Mempool pool = pool(100, 100);
    SignedTransaction tx = txs.transfer(alice, bob.address(), 1);
    submit(pool, tx);
    commit(pool, txsOf(pool.select(10)));

    assertThat(rejection(submit(pool, tx))).isEqualTo(RejectCode.NONCE_TOO_LOW);
  }

  @Test
  void committingABlockForgetsIncludedAndOutdatedTransactions() {
    Mempool pool = pool(100, 100);
    SignedTransaction included = txs.transfer(alice, bob.address(), 1);
    submit(pool, included);
    SignedTransaction pendingLater = txs.transfer(alice, bob.address(), 1);
    submit(pool, pendingLater);

    commit(pool, List.of(included));

    assertThat(pool.pending(included.hash())).isEmpty();
    assertThat(pool.pending(pendingLater.hash())).isPresent();
  }

  @Test
  void afterABlockSelectionContinuesFromEachSendersNextNonce() {
    Mempool pool = pool(100, 100);
    SignedTransaction first = txs.transfer(alice, bob.address(), 1);
    SignedTransaction second = txs.transfer(alice, bob.address(), 1);
    submit(pool, first);
    submit(pool, second);

    commit(pool, List.of(first));

    assertThat(txsOf(pool.select(10))).containsExactly(second);
  }

  @Test
  void aForgedSignatureIsRefused() {
    Mempool pool = pool(100, 100);
    SignedTransaction tx = txs.transfer(alice, bob.address(), 1);
    byte[] sig = tx.signature();
    sig[0] ^= 1;
    SignedTransaction forged = new SignedTransaction(tx.tx(), sig);

    assertThat(rejection(submit(pool, forged))).isEqualTo(RejectCode.BAD_SIGNATURE);
  }

  @Test
  void anAccountThatNeverHeldFundsIsUnknown() {
    Mempool pool = pool(100, 100);
    KeyPair stranger = TestKeys.key("stranger");

    Admission a = submit(pool, txs.transfer(stranger, alice.address(), 1));

    assertThat(rejection(a)).isEqualTo(RejectCode.UNKNOWN_ACCOUNT);
  }

  @Test
  void aFeeAboveTheBalanceIsRefused() {
    Mempool pool = pool(100, 100);

    Admission a = submit(pool, txs.withFee(TestChain.FUNDS + 1).transfer(alice, bob.address(), 1));

    assertThat(rejection(a)).isEqualTo(RejectCode.INSUFFICIENT_FEE_FUNDS);
  }

  @Test
  void aFeeBelowTheMinimumIsRefused() {
    Mempool pool = pool(100, 100);

    Admission a = submit(pool, txs.withFee(999).transfer(alice, bob.address(), 1));

    assertThat(rejection(a)).isEqualTo(RejectCode.FEE_TOO_LOW);
  }

  @Test
  void aTransactionForAnotherChainIsRefused() {
    Mempool pool = pool(100, 100);
    SignedTransaction tx =
        new Transaction("other-chain", alice.publicKey(), 0, 1_000, new Transfer(bob.address(), 1))
            .sign(alice);

    assertThat(rejection(submit(pool, tx))).isEqualTo(RejectCode.WRONG_CHAIN_ID);
  }

  @Test
  void bytesThatAreNotATransactionAreMalformedAndOversizedOnesTooLarge() {
    Mempool pool = pool(100, 100);

    assertThat(rejection(pool.submit(new byte[] {1, 2, 3}, state))).isEqualTo(RejectCode.MALFORMED);
    assertThat(rejection(pool.submit(new byte[70_000], state))).isEqualTo(RejectCode.TOO_LARGE);
  }

  @Test
  void aBatchAdmitsConsecutiveNoncesAndAnswersEachEntryInOrder() {
    Mempool pool = pool(100, 100);
    SignedTransaction t0 = txs.transfer(alice, bob.address(), 1);
    SignedTransaction t1 = txs.transfer(alice, bob.address(), 1);

    List<Admission> answers =
        pool.submitBatch(List.of(t0.encode(), new byte[] {9}, t1.encode(), t0.encode()), state);

    assertThat(answers)
        .extracting(Admission::getClass)
        .containsExactly(
            Admission.Accepted.class,
            Admission.Rejected.class,
            Admission.Accepted.class,
            Admission.Rejected.class);
    assertThat(answers.get(0).hash()).isEqualTo(t0.hash());
    assertThat(rejection(answers.get(3))).isEqualTo(RejectCode.DUPLICATE);
  }

  private Mempool pool(int maxTxs, int maxPerSender, int gapExpiryBlocks) {
    Mempool m =
        new Mempool(
            TestChain.CHAIN_ID,
            hash -> OptionalLong.empty(),
            maxTxs,
            1_000,
            maxPerSender,
            gapExpiryBlocks,
            2);
    pools.add(m);
    return m;
  }

  @Test
  void anAccountAtItsPendingLimitIsRefusedWithTooManyPending() {
    Mempool pool = pool(100, 2, 10);
    submit(pool, txs.transfer(alice, bob.address(), 1));
    submit(pool, txs.transfer(alice, bob.address(), 1));

    Admission third = submit(pool, txs.transfer(alice, bob.address(), 1));

    assertThat(rejection(third)).isEqualTo(RejectCode.TOO_MANY_PENDING);
    assertThat(((Admission.Rejected) third).message()).contains("at most 2");
  }

  @Test
  void aNextNonceAtThePendingLimitReplacesTheAccountsHighestGappedOne() {
    Mempool pool = pool(100, 2, 10);
    SignedTransaction gapped5 = txs.nonce(alice, 5).transfer(alice, bob.address(), 1);
    SignedTransaction gapped9 = txs.nonce(alice, 9).transfer(alice, bob.address(), 1);
    submit(pool, gapped5);
    submit(pool, gapped9);

    Admission next = submit(pool, txs.nonce(alice, 0).transfer(alice, bob.address(), 1));

    assertThat(next).isInstanceOf(Admission.Accepted.class);
    assertThat(pool.pending(gapped9.hash())).isEmpty();
    assertThat(pool.pending(gapped5.hash())).isPresent();
  }

  @Test
  void aFullPoolOfGappedTransactionsStillTakesANextNonceWhateverItsFee() {
    Mempool pool = pool(2, 10, 10);
    submit(pool, txs.withFee(9_000).nonce(alice, 3).transfer(alice, dave.address(), 1));
    submit(pool, txs.withFee(9_000).nonce(bob, 3).transfer(bob, dave.address(), 1));

    Admission next =
        submit(pool, txs.withFee(1_000).nonce(carol, 0).transfer(carol, dave.address(), 1));

    assertThat(next).isInstanceOf(Admission.Accepted.class);
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void aGappedTransactionNeverDisplacesOneThatCanRun() {
    Mempool pool = pool(2, 10, 10);
    submit(pool, txs.withFee(1_000).transfer(alice, dave.address(), 1));
    submit(pool, txs.withFee(1_000).transfer(bob, dave.address(), 1));

    Admission gapped =
        submit(pool, txs.withFee(50_000).nonce(carol, 4).transfer(carol, dave.address(), 1));

    assertThat(rejection(gapped)).isEqualTo(RejectCode.MEMPOOL_FULL);
    assertThat(((Admission.Rejected) gapped).message()).contains("submit nonce 0 first");
  }

  @Test
  void aGappedTransactionExpiresAfterTheConfiguredBlocksButOneThatCanRunStays() {
    Mempool pool = pool(100, 10, 3);
    SignedTransaction gapped = txs.nonce(alice, 4).transfer(alice, dave.address(), 1);
    SignedTransaction ready = txs.nonce(bob, 0).transfer(bob, dave.address(), 1);
    submit(pool, gapped);
    submit(pool, ready);

    commit(pool, List.of());
    commit(pool, List.of());
    boolean keptAfterTwo = pool.pending(gapped.hash()).isPresent();
    commit(pool, List.of());

    assertThat(keptAfterTwo).isTrue();
    assertThat(pool.pending(gapped.hash())).isEmpty();
    assertThat(pool.pending(ready.hash())).isPresent();
  }

  @Test
  void aFilledGapSavesTheWaitingTransactionsFromExpiry() {
    Mempool pool = pool(100, 10, 2);
    SignedTransaction waiting = txs.nonce(alice, 1).transfer(alice, dave.address(), 1);
    submit(pool, waiting);
    submit(pool, txs.nonce(alice, 0).transfer(alice, dave.address(), 1));

    commit(pool, List.of());
    commit(pool, List.of());

    assertThat(pool.pending(waiting.hash())).isPresent();
    assertThat(txsOf(pool.select(10))).hasSize(2);
  }

  private static List<SignedTransaction> txsOf(List<PendingTx> selected) {
    return selected.stream().map(PendingTx::tx).toList();
  }

  private void commit(Mempool pool, List<SignedTransaction> block) {
    BlockOutcome outcome =
        new BlockExecutor().execute(state, new BlockContext(1, 1, Hash.ZERO, Hash.ZERO), block);
    outcome.changes().applyTo(state);
    pool.removeCommitted(
        block.stream().map(tx -> new PendingTx(tx, tx.hash(), tx.encode())).toList(), state);
  }
}

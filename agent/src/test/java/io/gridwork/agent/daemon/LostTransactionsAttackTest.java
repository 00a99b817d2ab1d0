package io.gridwork.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gridwork.agent.work.TxSubmitter;
import io.gridwork.api.AccountInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxBody;
import io.gridwork.testkit.TestKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions the node accepted and then lost in a restart, as the submitter sees them: those
 * still wanted are sent again with the same bytes, a nonce whose transaction is no longer wanted is
 * filled so that the ones after it run, and one at the end is left for the next transaction.
 * Transfers of 5 ugrid stand for what is no longer wanted.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LostTransactionsAttackTest {
  /** Blocks far enough apart that what is sent right after a start is still pending. */
  private static final long BLOCK_MILLIS = 2_000;

  private static final KeyPair SENDER = TestNetwork.PROVIDERS.get(3);

  @TempDir Path tmp;

  private static boolean wanted(TxBody body) {
    return !(body instanceof Transfer t && t.amount() == 5);
  }

  private TestNetwork network() {
    return new TestNetwork(tmp.resolve("node"), UnaryOperator.identity(), 0, BLOCK_MILLIS);
  }

  private static TxSubmitter submitter(TestNetwork net) {
    return new TxSubmitter(
        net.client,
        SENDER,
        TestNetwork.CHAIN_ID,
        net.client.params().minFee(),
        LostTransactionsAttackTest::wanted);
  }

  /** Sends {@code bodies}, checks the node holds them, then restarts it, which loses them. */
  private static long sendThenRestart(TestNetwork net, TxSubmitter txs, List<TxBody> bodies) {
    // Right after a block: the next one is a block interval away.
    long before = net.client.status().height();
    await()
        .atMost(TestNetwork.TIMEOUT)
        .pollInterval(Duration.ofMillis(5))
        .until(() -> net.client.status().height() > before);
    long height = net.client.status().height();
    txs.block(height, List.of());
    List<SubmitResult> sent = txs.submitAll(bodies);
    for (SubmitResult r : sent) {
      assertThat(net.client.tx(r.hash()).state()).isEqualTo(TxStatus.State.PENDING);
    }
    net.restartNode();
    for (SubmitResult r : sent) {
      assertThat(net.client.tx(r.hash()).state()).isEqualTo(TxStatus.State.UNKNOWN);
    }
    return height;
  }

  private static long balance(TestNetwork net, Address address) {
    return net.client.account(address).map(AccountInfo::balance).orElse(0L);
  }

  @Test
  void aLostNonceBelowAPendingTransactionIsSentAgainOrFilled() {
    Address to = TestKeys.key("lost-below").address();
    try (TestNetwork net = network()) {
      TxSubmitter txs = submitter(net);
      long height = sendThenRestart(net, txs, List.of(new Transfer(to, 5), new Transfer(to, 7)));
      // Sent after the restart: it waits behind the two lost nonces.
      assertThat(txs.submit(new Transfer(to, 9)).accepted()).isTrue();

      txs.block(height + TxSubmitter.STUCK_BLOCKS, List.of());

      await()
          .atMost(TestNetwork.TIMEOUT)
          .until(() -> net.client.account(SENDER.address()).orElseThrow().nonce() == 3);
      assertThat(balance(net, to)).isEqualTo(7 + 9);
    }
  }

  @Test
  void aLostTransactionNoLongerWantedAtTheEndLeavesItsNonceToTheNextOne() {
    Address to = TestKeys.key("lost-end").address();
    try (TestNetwork net = network()) {
      TxSubmitter txs = submitter(net);
      long height = sendThenRestart(net, txs, List.of(new Transfer(to, 7), new Transfer(to, 5)));

      txs.block(height + TxSubmitter.STUCK_BLOCKS, List.of());
      assertThat(txs.submit(new Transfer(to, 11)).accepted()).isTrue();

      await().atMost(TestNetwork.TIMEOUT).until(() -> balance(net, to) == 7 + 11);
      assertThat(net.client.account(SENDER.address()).orElseThrow().nonce()).isEqualTo(2);
    }
  }
}

package io.gridwork.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.work.TxSubmitter;
import io.gridwork.api.TxStatus;
import io.gridwork.client.SubmitResult;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxBody;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TxSubmitterTest {
  @RegisterExtension static final TestNetwork net = TestNetwork.unsandboxed();

  @Test
  void transactionsSentFromManyThreadsAllGetIntoBlocks() throws InterruptedException {
    KeyPair sender = TestNetwork.PROVIDERS.get(0);
    TxSubmitter txs = submitter(sender);
    ConcurrentLinkedQueue<SubmitResult> results = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 5; i++) {
                      results.add(txs.submit(new Transfer(TestNetwork.BUYER.address(), 1)));
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }

    assertThat(results).hasSize(40).allMatch(SubmitResult::accepted);
    for (SubmitResult r : results) {
      assertThat(committed(r).commit().code()).isEqualTo("OK");
    }
    assertThat(net.client.account(sender.address()).orElseThrow().nonce()).isEqualTo(40);
  }

  @Test
  void aBatchSentWithAStaleNonceIsSentAgainWithTheRightOnes() {
    KeyPair sender = TestNetwork.PROVIDERS.get(1);
    TxSubmitter txs = submitter(sender);
    // Another process using the key: the submitter's nonce is now one behind the ledger's.
    net.commit(net.txs.nonce(sender, 0).transfer(sender, TestNetwork.BUYER.address(), 2));

    List<TxBody> bodies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      bodies.add(new Transfer(TestNetwork.BUYER.address(), 1));
    }
    List<SubmitResult> results = txs.submitAll(bodies);

    assertThat(results).hasSize(3).allMatch(SubmitResult::accepted);
    results.forEach(r -> assertThat(committed(r).commit().code()).isEqualTo("OK"));
  }

  private static TxSubmitter submitter(KeyPair key) {
    return new TxSubmitter(net.client, key, TestNetwork.CHAIN_ID, net.client.params().minFee());
  }

  private static TxStatus committed(SubmitResult result) {
    return net.client.awaitCommitted(result.hash(), TestNetwork.TIMEOUT);
  }
}

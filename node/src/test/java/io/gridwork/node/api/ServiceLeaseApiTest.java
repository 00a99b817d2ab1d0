package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.api.TxStatus;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.node.HttpProbe;
import io.gridwork.node.Node;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service lease on a real node shows through the lease route whether it is billing yet: not
 * before its first heartbeat, and from that heartbeat's height after. The steps share one chain, so
 * they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceLeaseApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long GRID = 1_000_000;
  private static final long FUNDS = 10_000 * GRID;
  private static final String GPU = "RTX 4090";
  private static final long PRICE = 3_600_000;
  // Long enough that the bid sent right after the job commits lands before the auction.
  private static final long BID_WINDOW_BLOCKS = 20;

  private static final KeyPair BUYER = TestKeys.key("service-api-buyer");
  private static final KeyPair PROVIDER = TestKeys.key("service-api-provider");

  @TempDir static Path dataDir;
  static Node node;
  static GridworkClient client;
  static HttpProbe http;
  static final TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
  static Hash jobId;
  static Hash leaseId;

  @BeforeAll
  static void startNode() {
    Params params =
        Params.defaults()
            .withMarket(new MarketParams(BID_WINDOW_BLOCKS, 64, 3, GRID, 100, GRID, 1_000));
    Genesis genesis =
        new Genesis(
            TestChain.CHAIN_ID,
            1_700_000_000_000L,
            List.of(
                new GenesisAccount(BUYER.address(), FUNDS),
                new GenesisAccount(PROVIDER.address(), FUNDS)),
            params);
    node = Node.start(TestChain.config(dataDir), genesis);
    client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
    http = new HttpProbe(node.apiPort());
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static TxStatus commit(SignedTransaction tx) {
    assertThat(client.submit(tx).accepted()).isTrue();
    TxStatus status = client.awaitCommitted(tx.hash(), TIMEOUT);
    assertThat(status.commit().code()).as(status.commit().message()).isEqualTo("OK");
    return status;
  }

  private static JsonNode lease() {
    HttpProbe.Answer answer = http.get("/v1/leases/" + leaseId.toHex());
    assertThat(answer.status()).isEqualTo(200);
    return answer.json();
  }

  @Test
  @Order(1)
  void serviceLeaseIsNotBillingBeforeItsFirstHeartbeat() {
    commit(txs.registerProvider(PROVIDER, GPU, 1, "eu-west", 100 * GRID));
    jobId = txs.nextJobId(BUYER);
    commit(txs.createJob(BUYER, JobSpecBuilder.service(PRICE, 4 * GRID).build()));
    commit(txs.placeBid(PROVIDER, jobId, PRICE, GPU, 1, 0));
    leaseId = JobIds.leaseId(jobId, PROVIDER.address());

    await()
        .atMost(TIMEOUT)
        .until(() -> client.job(jobId).orElseThrow().status() == JobStatus.ACTIVE);

    JsonNode lease = lease();
    assertThat(lease.path("kind").asText()).isEqualTo("service");
    assertThat(lease.has("billingSince")).isFalse();
    assertThat(lease.has("exhaustionHeight")).isFalse();
    assertThat(lease.path("paid").asLong()).isZero();
  }

  @Test
  @Order(2)
  void firstHeartbeatShowsTheHeightBillingStartedAt() {
    TxStatus beat = commit(txs.heartbeat(PROVIDER, leaseId));

    assertThat(lease().path("billingSince").asLong()).isEqualTo(beat.commit().height());
  }
}

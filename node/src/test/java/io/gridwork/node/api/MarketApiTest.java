package io.gridwork.node.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.AccountInfo;
import io.gridwork.api.BidInfo;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.api.UnitInfo;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.node.HttpProbe;
import io.gridwork.node.Node;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One batch job driven through its whole life on a real node with real signed transactions, every
 * step observed through the marketplace routes and the Java client. The steps share one chain, so
 * they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long GRID = 1_000_000;
  private static final long FUNDS = 10_000 * GRID;
  private static final String GPU = "RTX 4090";
  private static final long PRICE = 300_000;
  // Long enough that bids sent right after the job commits land before the auction.
  private static final long BID_WINDOW_BLOCKS = 30;

  private static final KeyPair BUYER = TestKeys.key("market-buyer");
  private static final KeyPair P1 = TestKeys.key("market-provider-1");
  private static final KeyPair P2 = TestKeys.key("market-provider-2");
  // Units of a non-deterministic job are paid as they are reported, so the job is done as soon as
  // its last unit is; a deterministic job's payments wait out a challenge window.
  private static final JobSpec SPEC =
      JobSpecBuilder.batch(3, GRID, 3 * GRID).name("render-frames").nondeterministic().build();

  @TempDir static Path dataDir;
  static Node node;
  static GridworkClient client;
  static HttpProbe http;
  static final TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
  static Hash jobId;
  static SignedTransaction createJob;
  static final Map<Integer, byte[]> outputs = new TreeMap<>();

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
                new GenesisAccount(P1.address(), FUNDS),
                new GenesisAccount(P2.address(), FUNDS)),
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

  private static JobInfo job() {
    return client.job(jobId).orElseThrow();
  }

  @Test
  @Order(1)
  void aPostedJobIsOpenWithItsSpecAndAllUnitsPending() {
    commit(txs.registerProvider(P1, GPU, 1, "eu-west", 100 * GRID));
    commit(txs.registerProvider(P2, GPU, 1, "eu-west", 100 * GRID));
    jobId = txs.nextJobId(BUYER);
    createJob = txs.createJob(BUYER, SPEC);

    commit(createJob);

    JobInfo job = job();
    assertThat(job.status()).isEqualTo(JobStatus.OPEN);
    assertThat(job.buyer()).isEqualTo(BUYER.address());
    assertThat(job.kind()).isEqualTo("batch");
    assertThat(job.spec()).isEqualTo(SPEC);
    assertThat(job.escrow()).isEqualTo(3 * GRID);
    assertThat(job.biddingClosesAt()).isPositive();
    assertThat(job.units()).isEqualTo(new JobInfo.Units(3, 3, 0, 0));
    assertThat(client.units(jobId))
        .extracting(UnitInfo::state)
        .containsOnly(UnitInfo.State.PENDING);
  }

  @Test
  @Order(2)
  void theCreateJobTransactionShowsItsJobId() {
    TxStatus status = client.tx(createJob.hash());

    assertThat(status.tx().kind()).isEqualTo("create-job");
    assertThat(status.tx().body())
        .containsEntry("jobId", jobId.toHex())
        .containsEntry("name", "render-frames")
        .containsEntry("units", 3)
        .containsEntry("depositText", "3GRID");
  }

  @Test
  @Order(3)
  void theJobIsListedForItsBuyerAndAmongJobsTakingBids() {
    assertThat(client.jobs(BUYER.address())).extracting(JobInfo::id).containsExactly(jobId);
    assertThat(client.jobs(BUYER.address(), JobStatus.OPEN))
        .extracting(JobInfo::id)
        .containsExactly(jobId);
    assertThat(client.jobs(BUYER.address(), JobStatus.DONE)).isEmpty();
    assertThat(client.openJobs()).extracting(JobInfo::id).contains(jobId);
    assertThat(client.jobs(BUYER.address()).get(0).spec()).isNull();
  }

  @Test
  @Order(4)
  void placedBidsAreListedWithTheirPrices() {
    SignedTransaction bid1 = txs.placeBid(P1, jobId, PRICE, GPU, 1, 2);
    SignedTransaction bid2 = txs.placeBid(P2, jobId, PRICE, GPU, 1, 1);
    commit(bid1);
    commit(bid2);

    List<BidInfo> bids = client.bids(jobId);

    assertThat(bids)
        .extracting(BidInfo::provider)
        .containsExactlyInAnyOrder(P1.address(), P2.address());
    assertThat(bids).extracting(BidInfo::price).containsOnly(PRICE);
    assertThat(bids).extracting(BidInfo::collateral).containsOnly(GRID);
    assertThat(client.tx(bid1.hash()).tx().body())
        .containsEntry("jobId", jobId.toHex())
        .containsEntry("priceText", "0.3GRID");
  }

  @Test
  @Order(5)
  void theAuctionTurnsBidsIntoLeasesThatHoldEveryUnit() {
    await().atMost(TIMEOUT).until(() -> job().status() == JobStatus.ACTIVE);

    List<LeaseInfo> leases = client.leases(jobId);

    assertThat(leases)
        .extracting(LeaseInfo::id)
        .containsExactlyInAnyOrder(
            JobIds.leaseId(jobId, P1.address()), JobIds.leaseId(jobId, P2.address()));
    assertThat(leases).allMatch(LeaseInfo::active);
    assertThat(leases).extracting(LeaseInfo::unitsAssigned).containsExactlyInAnyOrder(2, 1);
    assertThat(job().units()).isEqualTo(new JobInfo.Units(3, 0, 3, 0));
    assertThat(job().activeLeases()).isEqualTo(2);
    assertThat(client.bids(jobId)).isEmpty();
    assertThat(client.units(jobId)).extracting(UnitInfo::state).containsOnly(UnitInfo.State.LEASED);
    assertThat(client.activeLeases(P1.address()))
        .extracting(LeaseInfo::id)
        .containsExactly(JobIds.leaseId(jobId, P1.address()));
    assertThat(client.lease(JobIds.leaseId(jobId, P2.address())).orElseThrow().unitsAssigned())
        .isEqualTo(1);
  }

  @Test
  @Order(6)
  void leaseHoldersUploadOutputsAndReportEveryUnit(@TempDir Path work) throws Exception {
    List<SignedTransaction> reports = new ArrayList<>();
    for (UnitInfo unit : client.units(jobId)) {
      KeyPair holder = unit.provider().equals(P1.address()) ? P1 : P2;
      Path output = work.resolve("frame-" + unit.unit() + ".png");
      Files.writeString(output, "frame " + unit.unit() + " rendered by " + holder.address(), UTF_8);
      Hash hash = client.uploadBlob(jobId, holder, output);
      outputs.put(unit.unit(), Files.readAllBytes(output));
      reports.add(txs.unitResult(holder, unit.leaseId(), unit.unit(), hash));
    }

    reports.forEach(MarketApiTest::commit);

    assertThat(client.units(jobId)).extracting(UnitInfo::state).containsOnly(UnitInfo.State.DONE);
    assertThat(client.tx(reports.get(0).hash()).tx().kind()).isEqualTo("unit-result");
  }

  @Test
  @Order(7)
  void theJobIsDoneItsEscrowRefundedAndItsLeasesClosed() {
    JobInfo job = job();
    long createFee = client.tx(createJob.hash()).commit().feeCharged();

    assertThat(job.status()).isEqualTo(JobStatus.DONE);
    assertThat(job.closeReason()).isEqualTo(CloseReason.ALL_UNITS_DONE);
    assertThat(job.escrow()).isZero();
    assertThat(job.units()).isEqualTo(new JobInfo.Units(3, 0, 0, 3));
    assertThat(client.account(BUYER.address()))
        .get()
        .extracting(AccountInfo::balance)
        .isEqualTo(FUNDS - createFee - 3 * PRICE);
    assertThat(client.leases(jobId)).noneMatch(LeaseInfo::active);
    assertThat(client.leases(jobId))
        .extracting(LeaseInfo::paid)
        .containsExactlyInAnyOrder(2 * PRICE, PRICE);
    assertThat(client.activeLeases(P1.address())).isEmpty();
    assertThat(client.providerLeases(P1.address())).hasSize(1);
    assertThat(client.jobs(BUYER.address(), JobStatus.DONE))
        .extracting(JobInfo::id)
        .containsExactly(jobId);
    assertThat(client.openJobs()).extracting(JobInfo::id).doesNotContain(jobId);
  }

  @Test
  @Order(8)
  void theBuyerDownloadsEveryReportedOutput(@TempDir Path downloads) throws Exception {
    for (UnitInfo unit : client.units(jobId)) {
      Path target = downloads.resolve("unit-" + unit.unit());

      assertThat(client.downloadBlob(jobId, BUYER, unit.outputHash(), target)).isTrue();

      assertThat(Files.readAllBytes(target)).isEqualTo(outputs.get(unit.unit()));
    }
  }

  @Test
  @Order(9)
  void aProviderWhoseLeaseClosedMayNoLongerUpload(@TempDir Path work) throws Exception {
    Path late = Files.writeString(work.resolve("late"), "too late", UTF_8);

    assertThat(
            catchThrowableOfType(
                GridworkClientException.class, () -> client.uploadBlob(jobId, P1, late)))
        .extracting(GridworkClientException::code)
        .isEqualTo("BLOB_FORBIDDEN");
  }
}

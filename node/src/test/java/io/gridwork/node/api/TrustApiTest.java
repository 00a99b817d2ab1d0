package io.gridwork.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.gridwork.api.AuditInfo;
import io.gridwork.api.ChainParams;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.api.UnitInfo;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.client.GridworkClient;
import io.gridwork.client.GridworkClientException;
import io.gridwork.node.Node;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.event.AuditAssigned;
import io.gridwork.protocol.event.AuditPassed;
import io.gridwork.protocol.event.CheckpointSaved;
import io.gridwork.protocol.event.LeaseResumed;
import io.gridwork.protocol.event.LeaseSuspended;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.UnitCompleted;
import io.gridwork.protocol.event.UnitReported;
import io.gridwork.protocol.market.AuditStatus;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API shows of verification, reputation, liveness and checkpoints, through the real HTTP
 * API on loopback and the Java client: parameters, the verification pool, a provider's reputation
 * and SLA commitment, a lease suspended for silence, a unit's checkpoint, the new transaction
 * kinds, and their events on the stream. The steps share one chain and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long GRID = 1_000_000;
  private static final long POOL = 500 * GRID;
  private static final String GPU = "RTX 4090";
  private static final long GRACE = 20;
  // A new provider's first unit is always audited: the draw is seeded by block hashes, which
  // change with every run's timestamps, so any start rate below 100% would make the audit a toss.
  private static final AuditParams AUDIT =
      new AuditParams(7, 1_000_000, 30_000, 40, 25, 2, 400, 1_500, 6_000, 50_000);
  private static final LivenessParams LIVENESS =
      new LivenessParams(4, GRACE, 5_000, 9_000, 3 * GRID, 9_800, 11 * GRID);

  private static final KeyPair BUYER = TestKeys.key("trust-buyer");
  private static final KeyPair PROVIDER = TestKeys.key("trust-provider");
  private static final KeyPair AUDITOR = TestKeys.key("trust-auditor");
  private static final Hash OUTPUT = Hash.sha256(new byte[] {1, 2, 3});

  @TempDir static Path dataDir;
  static Node node;
  static GridworkClient client;
  static AutoCloseable events;
  static final Set<String> eventTypes = ConcurrentHashMap.newKeySet();
  static final TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
  static Hash jobId;
  static Hash leaseId;

  @BeforeAll
  static void startNode() {
    Params params =
        Params.defaults()
            .withMarket(new MarketParams(10, 64, 3, GRID, 100, GRID, 1_000))
            .withAudit(AUDIT)
            .withLiveness(LIVENESS);
    Genesis genesis =
        new Genesis(
                TestChain.CHAIN_ID,
                1_700_000_000_000L,
                List.of(
                    new GenesisAccount(BUYER.address(), 10_000 * GRID),
                    new GenesisAccount(PROVIDER.address(), 10_000 * GRID),
                    new GenesisAccount(AUDITOR.address(), 10_000 * GRID)),
                params)
            .withVerificationPool(POOL);
    node = Node.start(TestChain.config(dataDir), genesis);
    client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
    events =
        client.events(
            1,
            block -> {
              block.blockEvents().forEach(e -> eventTypes.add(e.type()));
              block.txs().forEach(t -> t.events().forEach(e -> eventTypes.add(e.type())));
            });
  }

  @AfterAll
  static void stopNode() throws Exception {
    events.close();
    node.close();
  }

  private static TxStatus commit(SignedTransaction tx) {
    assertThat(client.submit(tx).accepted()).isTrue();
    return client.awaitCommitted(tx.hash(), TIMEOUT);
  }

  private static TxStatus commitOk(SignedTransaction tx) {
    TxStatus status = commit(tx);
    assertThat(status.commit().code()).as(status.commit().message()).isEqualTo("OK");
    return status;
  }

  @Test
  @Order(1)
  void paramsCarryTheAuditAndLivenessGroups() {
    ChainParams params = client.params();

    assertThat(params.audit())
        .isEqualTo(
            new ChainParams.Audit(7, 1_000_000, 30_000, 40, 25, 2, 400, 1_500, 6_000, 50_000));
    assertThat(params.liveness())
        .isEqualTo(new ChainParams.Liveness(4, GRACE, 5_000, 9_000, 3 * GRID, 9_800, 11 * GRID));
  }

  @Test
  @Order(2)
  void statusShowsTheVerificationPoolSeededAtGenesis() {
    assertThat(client.status().verificationPool()).isEqualTo(POOL);
  }

  @Test
  @Order(3)
  void aNewProviderStartsAtTheFullAuditRateWithNoTrackRecord() {
    commitOk(txs.registerProvider(PROVIDER, GPU, 1, "eu-west", 100 * GRID));
    commitOk(txs.registerProvider(AUDITOR, GPU, 1, "eu-west", 100 * GRID));

    ProviderInfo provider = client.provider(PROVIDER.address()).orElseThrow();

    assertThat(provider.auditRatePpm()).isEqualTo(1_000_000);
    assertThat(provider.slaCommitted()).isZero();
    assertThat(provider.reputation().unitsCompleted()).isZero();
    assertThat(provider.reputation().slashes()).isZero();
    assertThat(provider.reputation().score()).isBetween(0, 1_000);
    assertThat(client.providers())
        .filteredOn(p -> p.address().equals(PROVIDER.address()))
        .singleElement()
        .extracting(ProviderInfo::auditRatePpm)
        .isEqualTo(1_000_000L);
  }

  @Test
  @Order(4)
  void aWonStandardTierLeaseCommitsItsCompensationFromTheProvidersStake() {
    jobId = txs.nextJobId(BUYER);
    commitOk(
        txs.createJob(
            BUYER, JobSpecBuilder.batch(2, GRID, 2 * GRID).sla(SlaTier.STANDARD).build()));
    commitOk(txs.placeBid(PROVIDER, jobId, 500_000, GPU, 1, 2));
    leaseId = JobIds.leaseId(jobId, PROVIDER.address());

    await().atMost(TIMEOUT).until(() -> client.lease(leaseId).isPresent());

    LeaseInfo lease = client.lease(leaseId).orElseThrow();
    assertThat(lease.slaStake()).isEqualTo(3 * GRID);
    assertThat(lease.heartbeatDueHeight()).isEqualTo(lease.openedHeight() + GRACE);
    assertThat(client.provider(PROVIDER.address()).orElseThrow().slaCommitted())
        .isEqualTo(3 * GRID);
  }

  @Test
  @Order(5)
  void aCheckpointIsShownOnItsUnitAndItsTransaction() {
    Hash blob = Hash.sha256(new byte[] {4, 2});
    SignedTransaction checkpoint = txs.checkpoint(PROVIDER, leaseId, 1, blob);

    TxStatus status = commitOk(checkpoint);

    UnitInfo unit = client.units(jobId).get(1);
    assertThat(unit.checkpoint())
        .isEqualTo(new UnitInfo.Checkpoint(blob, status.commit().height(), PROVIDER.address()));
    assertThat(client.units(jobId).get(0).checkpoint()).isNull();
    assertThat(client.tx(checkpoint.hash()).tx().kind()).isEqualTo("checkpoint");
    assertThat(client.tx(checkpoint.hash()).tx().body())
        .containsEntry("leaseId", leaseId.toHex())
        .containsEntry("unit", 1)
        .containsEntry("checkpointHash", blob.toHex());
  }

  @Test
  @Order(6)
  void anAuditResultTransactionShowsItsFields() {
    Hash output = Hash.sha256(new byte[] {7});
    SignedTransaction audit = txs.auditResult(PROVIDER, jobId, 0, output);

    commit(audit);

    TxStatus status = client.tx(audit.hash());
    assertThat(status.tx().kind()).isEqualTo("audit-result");
    assertThat(status.tx().body())
        .containsEntry("jobId", jobId.toHex())
        .containsEntry("unit", 0)
        .containsEntry("outputHash", output.toHex());
  }

  @Test
  @Order(7)
  void aLeaseSilentPastItsGraceIsSuspendedAndStillListedAsOpen() {
    await().atMost(TIMEOUT).until(() -> client.lease(leaseId).orElseThrow().suspended());

    assertThat(client.openLeases(PROVIDER.address()))
        .extracting(LeaseInfo::id)
        .containsExactly(leaseId);
    assertThat(client.activeLeases(PROVIDER.address())).isEmpty();
    assertThat(client.lease(leaseId).orElseThrow().open()).isTrue();
  }

  @Test
  @Order(8)
  void aHeartbeatResumesTheSuspendedLease() {
    commitOk(txs.heartbeat(PROVIDER, leaseId));

    LeaseInfo lease = client.lease(leaseId).orElseThrow();
    assertThat(lease.active()).isTrue();
    assertThat(lease.heartbeats()).isPositive();
  }

  @Test
  @Order(9)
  void aReportedUnitOfADeterministicJobWaitsForItsWindowAndGetsAnAuditor() {
    TxStatus reported = commitOk(txs.unitResult(PROVIDER, leaseId, 0, OUTPUT));
    long height = reported.commit().height();

    await().atMost(TIMEOUT).until(() -> !client.audits(jobId).isEmpty());

    AuditInfo audit = client.audits(jobId).getFirst();
    assertThat(audit.auditor()).isEqualTo(AUDITOR.address());
    assertThat(audit.provider()).isEqualTo(PROVIDER.address());
    assertThat(audit.round()).isEqualTo(1);
    assertThat(audit.expected()).isEqualTo(OUTPUT);
    assertThat(audit.output()).isNull();
    assertThat(audit.reward()).isPositive();
    assertThat(audit.deadline()).isEqualTo(audit.assignedHeight() + 25);
    UnitInfo unit = client.units(jobId).getFirst();
    assertThat(unit.state()).isEqualTo(UnitInfo.State.DONE);
    assertThat(unit.reportedHeight()).isEqualTo(height);
    assertThat(unit.audits()).containsExactly(audit);
    assertThat(unit.status()).isIn(UnitInfo.Status.REPORTED, UnitInfo.Status.AWAITING_AUDIT);
    if (unit.status() == UnitInfo.Status.REPORTED) {
      assertThat(unit.finalAt()).isEqualTo(height + AUDIT.challengeWindowBlocks());
    }
  }

  @Test
  @Order(10)
  void theAuditorsMatchingResultIsPaidAndTheUnitBecomesFinal() {
    commitOk(txs.auditResult(AUDITOR, jobId, 0, OUTPUT));

    await()
        .atMost(TIMEOUT)
        .until(() -> client.units(jobId).getFirst().status() == UnitInfo.Status.FINAL);

    AuditInfo audit = client.audits(jobId).getFirst();
    assertThat(audit.status()).isEqualTo(AuditStatus.PAID);
    assertThat(audit.output()).isEqualTo(OUTPUT);
    assertThat(client.units(jobId).getFirst().finalAt()).isZero();
    assertThat(client.provider(AUDITOR.address()).orElseThrow().reputation().auditsAbandoned())
        .isZero();
  }

  @Test
  @Order(11)
  void theEventStreamCarriesTheNewEvents() {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(eventTypes)
                    .contains(
                        LedgerEvent.typeOf(CheckpointSaved.class),
                        LedgerEvent.typeOf(LeaseSuspended.class),
                        LedgerEvent.typeOf(LeaseResumed.class),
                        LedgerEvent.typeOf(UnitReported.class),
                        LedgerEvent.typeOf(AuditAssigned.class),
                        LedgerEvent.typeOf(AuditPassed.class),
                        LedgerEvent.typeOf(UnitCompleted.class)));
  }

  @Test
  @Order(12)
  void anUnknownJobHasNoAudits() {
    Hash unknown = Hash.sha256(new byte[] {9});

    GridworkClientException e =
        catchThrowableOfType(GridworkClientException.class, () -> client.audits(unknown));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.code()).isEqualTo("JOB_NOT_FOUND");
  }
}

package io.gridwork.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridwork.chain.audit.AuditRecord;
import io.gridwork.chain.bank.Account;
import io.gridwork.chain.exec.Event;
import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.market.Bid;
import io.gridwork.chain.market.CloseReason;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Lease;
import io.gridwork.chain.market.UnitCheckpoint;
import io.gridwork.chain.market.UnitState;
import io.gridwork.chain.market.UnitStatus;
import io.gridwork.chain.reputation.ProviderStats;
import io.gridwork.chain.reputation.Reputation;
import io.gridwork.chain.staking.Provider;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.node.block.Block;
import io.gridwork.node.block.BlockHeader;
import io.gridwork.node.block.BlockResults;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.JobSpecYaml;
import io.gridwork.protocol.tx.AuditResult;
import io.gridwork.protocol.tx.BondStake;
import io.gridwork.protocol.tx.Checkpoint;
import io.gridwork.protocol.tx.CloseJob;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.DepositMore;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.Heartbeat;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.PlaceBid;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.UnbondStake;
import io.gridwork.protocol.tx.UnitResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of API answers, built from chain and node types. Amounts are integer ugrid. */
final class Views {

  private Views() {}

  /**
   * The head of the chain; {@code verificationPool} is what the pool that pays auditors holds now,
   * reservations for audits under way not included.
   */
  record StatusView(
      String chainId,
      long height,
      String latestBlockHash,
      String stateRoot,
      long latestBlockTimeMillis,
      int mempoolSize,
      long verificationPool,
      String verificationPoolText) {}

  record SubmitView(String hash, String status) {}

  record BatchEntryView(String hash, boolean accepted, String code, String message) {}

  record BatchView(List<BatchEntryView> results) {}

  record EventView(String type, Map<String, String> attributes) {
    static EventView of(Event e) {
      return new EventView(e.type(), e.attributes());
    }

    static List<EventView> of(List<Event> events) {
      return events.stream().map(EventView::of).toList();
    }
  }

  record TxJson(
      String sender,
      String senderPublicKey,
      long nonce,
      long fee,
      String feeText,
      String kind,
      String chainId,
      Map<String, Object> body) {
    static TxJson of(SignedTransaction stx) {
      Transaction tx = stx.tx();
      Map<String, Object> body = new LinkedHashMap<>();
      switch (tx.body()) {
        case Transfer t -> {
          body.put("to", t.to().toString());
          body.put("amount", t.amount());
          body.put("amountText", Amount.format(t.amount()));
        }
        case RegisterProvider r -> {
          body.put("gpus", r.gpus().stream().map(GpuView::of).toList());
          body.put("region", r.region());
          body.put("tier", r.tier());
          body.put("attributes", r.attributes());
          body.put("stake", r.stake());
          body.put("stakeText", Amount.format(r.stake()));
        }
        case BondStake b -> {
          body.put("amount", b.amount());
          body.put("amountText", Amount.format(b.amount()));
        }
        case UnbondStake u -> {
          body.put("amount", u.amount());
          body.put("amountText", Amount.format(u.amount()));
        }
        case CreateJob c -> {
          body.put("jobId", JobIds.jobId(tx.senderAddress(), tx.nonce()).toHex());
          body.put("name", c.spec().name());
          body.put("units", c.spec().units());
          body.put("deposit", c.spec().pricing().deposit());
          body.put("depositText", Amount.format(c.spec().pricing().deposit()));
        }
        case PlaceBid b -> {
          body.put("jobId", b.jobId().toHex());
          body.put("price", b.price());
          body.put("priceText", Amount.format(b.price()));
          body.put("gpuModel", b.gpuModel());
          body.put("gpuCount", b.gpuCount());
          body.put("maxUnits", b.maxUnits());
        }
        case CloseJob c -> body.put("jobId", c.jobId().toHex());
        case CloseLease c -> body.put("leaseId", c.leaseId().toHex());
        case UnitResult u -> {
          body.put("leaseId", u.leaseId().toHex());
          body.put("unit", u.unit());
          body.put("outputHash", u.outputHash().toHex());
        }
        case Heartbeat h -> body.put("leaseId", h.leaseId().toHex());
        case DepositMore d -> {
          body.put("jobId", d.jobId().toHex());
          body.put("amount", d.amount());
          body.put("amountText", Amount.format(d.amount()));
        }
        case AuditResult a -> {
          body.put("jobId", a.jobId().toHex());
          body.put("unit", a.unit());
          body.put("outputHash", a.outputHash().toHex());
        }
        case Checkpoint c -> {
          body.put("leaseId", c.leaseId().toHex());
          body.put("unit", c.unit());
          body.put("checkpointHash", c.checkpointHash().toHex());
        }
      }
      return new TxJson(
          tx.senderAddress().toString(),
          tx.sender().toHex(),
          tx.nonce(),
          tx.fee(),
          Amount.format(tx.fee()),
          tx.body().kind().label(),
          tx.chainId(),
          body);
    }
  }

  record TxStatusView(
      String hash,
      String status,
      Long height,
      Integer index,
      String code,
      String message,
      Long feeCharged,
      List<EventView> events,
      TxJson tx) {
    static TxStatusView pending(Hash hash, SignedTransaction tx) {
      return new TxStatusView(
          hash.toHex(), "pending", null, null, null, null, null, null, TxJson.of(tx));
    }

    static TxStatusView unknown(Hash hash) {
      return new TxStatusView(hash.toHex(), "unknown", null, null, null, null, null, null, null);
    }

    static TxStatusView committed(
        Hash hash, long height, int index, TxResult result, SignedTransaction tx) {
      return new TxStatusView(
          hash.toHex(),
          "committed",
          height,
          index,
          result.code(),
          result.message(),
          result.feeCharged(),
          EventView.of(result.events()),
          TxJson.of(tx));
    }
  }

  record AccountView(String address, long balance, String balanceText, long nonce) {
    static AccountView of(Account a) {
      return new AccountView(
          a.address().toString(), a.balance(), Amount.format(a.balance()), a.nonce());
    }
  }

  record GpuView(String model, int vramMib, int count) {
    static GpuView of(GpuInventory g) {
      return new GpuView(g.model(), g.vramMib(), g.count());
    }
  }

  /** The track record a provider's reputation score is computed from, with the score. */
  record ReputationView(
      int score,
      long heartbeatsReceived,
      long heartbeatsExpected,
      long unitsCompleted,
      long unitsAbandoned,
      long auditsPassed,
      long auditsFailed,
      long auditsAbandoned,
      long consecutiveVerified,
      long slashes) {
    static ReputationView of(int score, ProviderStats s) {
      return new ReputationView(
          score,
          s.heartbeatsReceived(),
          s.heartbeatsExpected(),
          s.unitsCompleted(),
          s.unitsAbandoned(),
          s.auditsPassed(),
          s.auditsFailed(),
          s.auditsAbandoned(),
          s.consecutiveVerified(),
          s.slashes());
    }
  }

  /**
   * A provider with its trust figures: its reputation at {@code height}, the share of its
   * deterministic units the ledger re-executes ({@code auditRatePpm}), the SLA compensation its
   * open bids and leases have committed from its stake, and how often it was slashed.
   */
  record ProviderView(
      String address,
      List<GpuView> gpus,
      String region,
      String tier,
      Map<String, String> attributes,
      long stake,
      String stakeText,
      long unbonding,
      String unbondingText,
      long registeredAtHeight,
      String status,
      ReputationView reputation,
      long auditRatePpm,
      long slaCommitted,
      String slaCommittedText,
      long slashes) {
    static ProviderView of(Provider p, ReadableState state, long height, Params params) {
      ProviderStats stats = Reputation.stats(state, p.owner());
      long slaCommitted = Staking.slaCommitted(state, p.owner());
      return new ProviderView(
          p.owner().toString(),
          p.gpus().stream().map(GpuView::of).toList(),
          p.region(),
          p.tier(),
          p.attributes(),
          p.stake(),
          Amount.format(p.stake()),
          p.unbonding(),
          Amount.format(p.unbonding()),
          p.registeredAtHeight(),
          p.status().name(),
          ReputationView.of(
              Reputation.score(stats, p.registeredAtHeight(), height, params.audit()), stats),
          Reputation.auditRatePpm(stats, params.audit()),
          slaCommitted,
          Amount.format(slaCommitted),
          stats.slashes());
    }
  }

  record ProvidersView(List<ProviderView> providers) {}

  record ParamsView(
      String chainId,
      long minFee,
      String minFeeText,
      long minProviderStake,
      String minProviderStakeText,
      long unbondingPeriodBlocks,
      MarketParamsView market,
      AuditParamsView audit,
      LivenessParamsView liveness) {
    static ParamsView of(String chainId, Params p) {
      return new ParamsView(
          chainId,
          p.minFee(),
          Amount.format(p.minFee()),
          p.minProviderStake(),
          Amount.format(p.minProviderStake()),
          p.unbondingPeriodBlocks(),
          MarketParamsView.of(p.market()),
          AuditParamsView.of(p.audit()),
          LivenessParamsView.of(p.liveness()));
    }
  }

  /** The marketplace: bid window, bids and auction rounds per job, deposit, fee and collateral. */
  record MarketParamsView(
      long bidWindowBlocks,
      int maxBidsPerJob,
      int maxAuctionRounds,
      long minDeposit,
      String minDepositText,
      int networkFeeBps,
      long bidCollateral,
      String bidCollateralText,
      long nominalBlockMillis) {
    static MarketParamsView of(MarketParams m) {
      return new MarketParamsView(
          m.bidWindowBlocks(),
          m.maxBidsPerJob(),
          m.maxAuctionRounds(),
          m.minDeposit(),
          Amount.format(m.minDeposit()),
          m.networkFeeBps(),
          m.bidCollateral(),
          Amount.format(m.bidCollateral()),
          m.nominalBlockMillis());
    }
  }

  /** Result verification: challenge window, audit rates (ppm), timeouts, fees and slashing. */
  record AuditParamsView(
      long challengeWindowBlocks,
      long auditRateStartPpm,
      long auditRateFloorPpm,
      long auditHalfLifeUnits,
      long auditTimeoutBlocks,
      int maxAuditAttempts,
      int verificationFeeBps,
      int slashFractionBps,
      int slashBuyerShareBps,
      long reputationAgeFullBlocks) {
    static AuditParamsView of(AuditParams a) {
      return new AuditParamsView(
          a.challengeWindowBlocks(),
          a.auditRateStartPpm(),
          a.auditRateFloorPpm(),
          a.auditHalfLifeUnits(),
          a.auditTimeoutBlocks(),
          a.maxAuditAttempts(),
          a.verificationFeeBps(),
          a.slashFractionBps(),
          a.slashBuyerShareBps(),
          a.reputationAgeFullBlocks());
    }
  }

  /** Lease liveness and what each SLA tier promises and owes per GPU. */
  record LivenessParamsView(
      long heartbeatIntervalBlocks,
      long heartbeatGraceBlocks,
      long heartbeatTimeoutBlocks,
      int standardUptimeBps,
      long standardCompensationPerGpu,
      String standardCompensationPerGpuText,
      int premiumUptimeBps,
      long premiumCompensationPerGpu,
      String premiumCompensationPerGpuText) {
    static LivenessParamsView of(LivenessParams l) {
      return new LivenessParamsView(
          l.heartbeatIntervalBlocks(),
          l.heartbeatGraceBlocks(),
          l.heartbeatTimeoutBlocks(),
          l.standardUptimeBps(),
          l.standardCompensationPerGpu(),
          Amount.format(l.standardCompensationPerGpu()),
          l.premiumUptimeBps(),
          l.premiumCompensationPerGpu(),
          Amount.format(l.premiumCompensationPerGpu()));
    }
  }

  record BlockTxView(String hash, String code) {}

  record BlockView(
      long height,
      String hash,
      String chainId,
      long timestampMillis,
      String previousHash,
      String txRoot,
      String resultsHash,
      String stateRoot,
      int txCount,
      List<BlockTxView> txs,
      List<EventView> blockEvents) {
    static BlockView of(Block block, List<Hash> txHashes, BlockResults results) {
      BlockHeader h = block.header();
      List<BlockTxView> txs = new ArrayList<>(txHashes.size());
      for (int i = 0; i < txHashes.size(); i++) {
        txs.add(new BlockTxView(txHashes.get(i).toHex(), results.txResults().get(i).code()));
      }
      return new BlockView(
          h.height(),
          h.hash().toHex(),
          h.chainId(),
          h.timestampMillis(),
          h.previousHash().toHex(),
          h.txRoot().toHex(),
          h.resultsHash().toHex(),
          h.stateRoot().toHex(),
          txs.size(),
          txs,
          EventView.of(results.blockEvents()));
    }
  }

  record TxEventsView(String hash, String code, List<EventView> events) {}

  /** One message of the event stream: a committed block and everything its execution emitted. */
  record BlockMessage(
      long height,
      String hash,
      long timeMillis,
      int txCount,
      List<TxEventsView> txs,
      List<EventView> blockEvents) {
    static BlockMessage of(Block block, Hash hash, List<Hash> txHashes, BlockResults results) {
      List<TxEventsView> txs = new ArrayList<>(txHashes.size());
      for (int i = 0; i < txHashes.size(); i++) {
        TxResult r = results.txResults().get(i);
        txs.add(new TxEventsView(txHashes.get(i).toHex(), r.code(), EventView.of(r.events())));
      }
      return new BlockMessage(
          block.height(),
          hash.toHex(),
          block.header().timestampMillis(),
          txs.size(),
          txs,
          EventView.of(results.blockEvents()));
    }
  }

  // ---- marketplace

  /** How many of a batch job's units wait for an auction, are being run, and are reported. */
  record UnitsSummary(int total, int pending, int leased, int done) {
    /** Unreported units of a closed lease go back to pending, so only active leases hold any. */
    static UnitsSummary of(Job job, List<Lease> leases) {
      int leased = 0;
      for (Lease l : leases) {
        if (l.active()) {
          leased += l.unitsAssigned() - l.unitsDone();
        }
      }
      return new UnitsSummary(
          job.units(), job.units() - job.unitsDone() - leased, leased, job.unitsDone());
    }
  }

  /**
   * A job; {@code spec} is the job spec in the shape of its YAML form (amounts with their unit,
   * sizes like {@code 8Gi}), present only when one job is asked for.
   */
  record JobView(
      String id,
      String buyer,
      String name,
      String kind,
      String status,
      String closeReason,
      long createdHeight,
      Long closedHeight,
      Long biddingClosesAt,
      int auctionRound,
      long deposited,
      String depositedText,
      long escrow,
      String escrowText,
      int activeLeases,
      UnitsSummary units,
      JsonNode spec) {
    static JobView of(Job job, List<Lease> leases, boolean withSpec) {
      return new JobView(
          job.id().toHex(),
          job.buyer().toString(),
          job.spec().name(),
          job.isBatch() ? "batch" : "service",
          job.status().name(),
          reason(job.closeReason()),
          job.createdHeight(),
          job.closedHeight() == 0 ? null : job.closedHeight(),
          job.bidding() ? job.biddingClosesAt() : null,
          job.auctionRound(),
          job.deposited(),
          Amount.format(job.deposited()),
          job.escrow(),
          Amount.format(job.escrow()),
          job.activeLeases(),
          job.isBatch() ? UnitsSummary.of(job, leases) : null,
          withSpec ? JobSpecYaml.tree(job.spec()) : null);
    }
  }

  record JobsView(List<JobView> jobs) {}

  private static String reason(CloseReason reason) {
    return reason == null ? null : reason.name();
  }

  record BidView(
      String jobId,
      String provider,
      long price,
      String priceText,
      String gpuModel,
      int gpuCount,
      int maxUnits,
      long collateral,
      String collateralText,
      long placedHeight) {
    static BidView of(Bid b) {
      return new BidView(
          b.jobId().toHex(),
          b.provider().toString(),
          b.price(),
          Amount.format(b.price()),
          b.gpuModel(),
          b.gpuCount(),
          b.maxUnits(),
          b.collateral(),
          Amount.format(b.collateral()),
          b.placedHeight());
    }
  }

  record BidsView(String jobId, List<BidView> bids) {}

  record LeaseView(
      String id,
      String jobId,
      String provider,
      String kind,
      String status,
      String closeReason,
      long price,
      String priceText,
      String gpuModel,
      int gpuCount,
      long collateral,
      String collateralText,
      long openedHeight,
      Long closedHeight,
      int unitsAssigned,
      int unitsDone,
      long ratePerBlock,
      String ratePerBlockText,
      long lastSettledHeight,
      Long exhaustionHeight,
      Long billingSince,
      long lastHeartbeatHeight,
      long paid,
      String paidText,
      long heartbeats,
      Long heartbeatDueHeight,
      long slaStake,
      String slaStakeText) {
    static LeaseView of(Lease l) {
      return new LeaseView(
          l.id().toHex(),
          l.jobId().toHex(),
          l.provider().toString(),
          l.service() ? "service" : "batch",
          l.status().name(),
          reason(l.closeReason()),
          l.price(),
          Amount.format(l.price()),
          l.gpuModel(),
          l.gpuCount(),
          l.collateral(),
          Amount.format(l.collateral()),
          l.openedHeight(),
          l.closedHeight() == 0 ? null : l.closedHeight(),
          l.unitsAssigned(),
          l.unitsDone(),
          l.ratePerBlock(),
          Amount.format(l.ratePerBlock()),
          l.lastSettledHeight(),
          l.exhaustionHeight() == 0 ? null : l.exhaustionHeight(),
          l.billingSince() == 0 ? null : l.billingSince(),
          l.lastHeartbeatHeight(),
          l.paid(),
          Amount.format(l.paid()),
          l.heartbeats(),
          l.heartbeatDueHeight() == 0 ? null : l.heartbeatDueHeight(),
          l.slaStake(),
          Amount.format(l.slaStake()));
    }
  }

  record LeasesView(List<LeaseView> leases) {}

  /** The latest progress saved for a unit: the blob of its packed checkpoint directory. */
  record CheckpointView(String hash, long height, String provider) {
    static CheckpointView of(UnitCheckpoint c) {
      return c == null
          ? null
          : new CheckpointView(c.checkpoint().toHex(), c.height(), c.provider().toString());
    }
  }

  /**
   * One auditor's assignment to re-execute a unit: the run it checks (lease, provider and the
   * output the provider reported, {@code expected}), round (1, or 2 for the tie-break) and attempt,
   * where it stands ({@code OPEN}, {@code DISPUTED}, {@code PAID}, {@code OVERRULED}, {@code
   * INCONCLUSIVE}, {@code TIMED_OUT}, {@code CANCELLED}), the output the auditor reported ({@code
   * output}, once it answered) and the reward reserved for it from the verification pool.
   */
  record AuditView(
      String jobId,
      int unit,
      int round,
      int attempt,
      String leaseId,
      String provider,
      String auditor,
      String status,
      String expected,
      String output,
      long reward,
      String rewardText,
      long assignedHeight,
      long deadline) {
    static AuditView of(AuditRecord a) {
      return new AuditView(
          a.jobId().toHex(),
          a.unit(),
          a.round(),
          a.attempt(),
          a.leaseId().toHex(),
          a.provider().toString(),
          a.auditor().toString(),
          a.status().name(),
          a.expected().toHex(),
          a.verdict() == null ? null : a.verdict().toHex(),
          a.reserved(),
          Amount.format(a.reserved()),
          a.assignedHeight(),
          a.deadline());
    }
  }

  record AuditsView(String jobId, List<AuditView> audits) {}

  /**
   * One batch unit. {@code state} is the coarse view older clients read: PENDING (waiting for an
   * auction), LEASED (a provider is running it) or DONE (reported). {@code status} is where the
   * ledger has it: PENDING (never assigned, or released back to auction), ASSIGNED, REPORTED
   * (payment held for the challenge window, which ends at {@code finalAt}), AWAITING_AUDIT (window
   * over, an audit still open) or FINAL (paid). {@code leasedAtHeight} is when its lease opened;
   * {@code checkpoint} is the latest saved progress, kept while the unit waits for its next lease;
   * {@code audits} are the unit's audit assignments, oldest first, empty when none.
   */
  record UnitView(
      int unit,
      String state,
      String status,
      String leaseId,
      String provider,
      Long leasedAtHeight,
      String outputHash,
      Long reportedHeight,
      Long finalAt,
      CheckpointView checkpoint,
      List<AuditView> audits) {
    static UnitView pending(int unit, UnitCheckpoint checkpoint, List<AuditRecord> audits) {
      return new UnitView(
          unit,
          "PENDING",
          "PENDING",
          null,
          null,
          null,
          null,
          null,
          null,
          CheckpointView.of(checkpoint),
          audits.stream().map(AuditView::of).toList());
    }

    static UnitView of(
        UnitState u, Lease lease, long challengeWindowBlocks, List<AuditRecord> audits) {
      return new UnitView(
          u.unit(),
          u.reported() ? "DONE" : "LEASED",
          u.status().name(),
          u.leaseId().toHex(),
          lease.provider().toString(),
          lease.openedHeight(),
          u.reported() ? u.outputHash().toHex() : null,
          u.reported() ? u.reportedHeight() : null,
          u.status() == UnitStatus.REPORTED ? u.reportedHeight() + challengeWindowBlocks : null,
          CheckpointView.of(u.checkpoint()),
          audits.stream().map(AuditView::of).toList());
    }
  }

  record UnitsView(String jobId, int total, int from, List<UnitView> units) {}

  record BlobView(String hash, long size, boolean created) {}
}

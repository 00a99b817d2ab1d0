package io.gridwork.node.api;

import io.gridwork.api.AccountInfo;
import io.gridwork.api.AuditInfo;
import io.gridwork.api.BidInfo;
import io.gridwork.api.ChainParams;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.TxInfo;
import io.gridwork.api.UnitInfo;
import io.gridwork.chain.audit.AuditRecord;
import io.gridwork.chain.bank.Account;
import io.gridwork.chain.genesis.AuditParams;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.market.Bid;
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
import io.gridwork.protocol.Amount;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the API's records from chain state, so routes only pick what to answer. */
final class ApiRecords {
  private ApiRecords() {}

  static AccountInfo account(Account a) {
    return new AccountInfo(a.address(), a.balance(), Amount.format(a.balance()), a.nonce());
  }

  static ProviderInfo.Gpu gpu(GpuInventory g) {
    return new ProviderInfo.Gpu(g.model(), g.vramMib(), g.count());
  }

  /** The provider with its reputation at {@code height} and its SLA commitments. */
  static ProviderInfo provider(Provider p, ReadableState state, long height, Params params) {
    ProviderStats s = Reputation.stats(state, p.owner());
    Reputation.Breakdown b =
        Reputation.breakdown(s, p.registeredAtHeight(), height, params.audit());
    return new ProviderInfo(
        p.owner(),
        p.gpus().stream().map(ApiRecords::gpu).toList(),
        p.region(),
        p.tier(),
        p.attributes(),
        p.stake(),
        p.unbonding(),
        p.registeredAtHeight(),
        p.status(),
        new ProviderInfo.Reputation(
            b.score(),
            s.heartbeatsReceived(),
            s.heartbeatsExpected(),
            s.unitsCompleted(),
            s.unitsAbandoned(),
            s.auditsPassed(),
            s.auditsFailed(),
            s.auditsAbandoned(),
            s.consecutiveVerified(),
            s.slashes(),
            new ProviderInfo.Parts(
                part(b.uptime()), part(b.completion()), part(b.audits()), part(b.age()))),
        Reputation.auditRatePpm(s, params.audit()),
        Staking.slaCommitted(state, p.owner()));
  }

  static ProviderInfo.Part part(Reputation.Part p) {
    return new ProviderInfo.Part(p.ppm(), p.points(), p.weight());
  }

  static ChainParams params(String chainId, Params p) {
    MarketParams m = p.market();
    AuditParams a = p.audit();
    LivenessParams l = p.liveness();
    return new ChainParams(
        chainId,
        p.minFee(),
        p.minProviderStake(),
        p.unbondingPeriodBlocks(),
        new ChainParams.Market(
            m.bidWindowBlocks(),
            m.maxBidsPerJob(),
            m.maxAuctionRounds(),
            m.minDeposit(),
            m.networkFeeBps(),
            m.bidCollateral(),
            m.nominalBlockMillis()),
        new ChainParams.Audit(
            a.challengeWindowBlocks(),
            a.auditRateStartPpm(),
            a.auditRateFloorPpm(),
            a.auditHalfLifeUnits(),
            a.auditTimeoutBlocks(),
            a.maxAuditAttempts(),
            a.verificationFeeBps(),
            a.slashFractionBps(),
            a.slashBuyerShareBps(),
            a.reputationAgeFullBlocks()),
        new ChainParams.Liveness(
            l.heartbeatIntervalBlocks(),
            l.heartbeatGraceBlocks(),
            l.heartbeatTimeoutBlocks(),
            l.standardUptimeBps(),
            l.standardCompensationPerGpu(),
            l.premiumUptimeBps(),
            l.premiumCompensationPerGpu()));
  }

  /** The job; its spec only when {@code withSpec}, as lists leave it out. */
  static JobInfo job(Job job, List<Lease> leases, boolean withSpec) {
    return new JobInfo(
        job.id(),
        job.buyer(),
        job.spec().name(),
        job.isBatch() ? "batch" : "service",
        job.status(),
        job.closeReason(),
        job.createdHeight(),
        job.closedHeight(),
        job.bidding() ? job.biddingClosesAt() : 0,
        job.auctionRound(),
        job.deposited(),
        job.escrow(),
        job.activeLeases(),
        job.isBatch() ? units(job, leases) : null,
        withSpec ? job.spec() : null);
  }

  /** Unreported units of a closed lease go back to pending, so only active leases hold any. */
  private static JobInfo.Units units(Job job, List<Lease> leases) {
    int leased = 0;
    for (Lease l : leases) {
      if (l.active()) {
        leased += l.unitsAssigned() - l.unitsDone();
      }
    }
    return new JobInfo.Units(
        job.units(), job.units() - job.unitsDone() - leased, leased, job.unitsDone());
  }

  static BidInfo bid(Bid b) {
    return new BidInfo(
        b.jobId(),
        b.provider(),
        b.price(),
        b.gpuModel(),
        b.gpuCount(),
        b.maxUnits(),
        b.collateral(),
        b.placedHeight());
  }

  static LeaseInfo lease(Lease l) {
    return new LeaseInfo(
        l.id(),
        l.jobId(),
        l.provider(),
        l.service() ? "service" : "batch",
        l.status(),
        l.closeReason(),
        l.price(),
        l.gpuModel(),
        l.gpuCount(),
        l.collateral(),
        l.openedHeight(),
        l.closedHeight(),
        l.unitsAssigned(),
        l.unitsDone(),
        l.ratePerBlock(),
        l.lastSettledHeight(),
        l.exhaustionHeight(),
        l.lastHeartbeatHeight(),
        l.paid(),
        l.heartbeats(),
        l.heartbeatDueHeight(),
        l.slaStake(),
        l.billingSince());
  }

  static AuditInfo audit(AuditRecord a) {
    return new AuditInfo(
        a.jobId(),
        a.unit(),
        a.round(),
        a.attempt(),
        a.leaseId(),
        a.provider(),
        a.auditor(),
        a.status(),
        a.expected(),
        a.verdict(),
        a.reserved(),
        a.assignedHeight(),
        a.deadline());
  }

  private static UnitInfo.Checkpoint checkpoint(UnitCheckpoint c) {
    return c == null ? null : new UnitInfo.Checkpoint(c.checkpoint(), c.height(), c.provider());
  }

  /** A unit no lease holds: never assigned, or released back to auction. */
  static UnitInfo pendingUnit(int unit, UnitCheckpoint checkpoint, List<AuditRecord> audits) {
    return new UnitInfo(
        unit,
        UnitInfo.State.PENDING,
        UnitInfo.Status.PENDING,
        null,
        null,
        0,
        null,
        0,
        0,
        checkpoint(checkpoint),
        audits.stream().map(ApiRecords::audit).toList());
  }

  /** A unit assigned to {@code lease}; a REPORTED one is final {@code window} blocks after. */
  static UnitInfo unit(UnitState u, Lease lease, long window, List<AuditRecord> audits) {
    return new UnitInfo(
        u.unit(),
        u.reported() ? UnitInfo.State.DONE : UnitInfo.State.LEASED,
        UnitInfo.Status.valueOf(u.status().name()),
        u.leaseId(),
        lease.provider(),
        lease.openedHeight(),
        u.reported() ? u.outputHash() : null,
        u.reported() ? u.reportedHeight() : 0,
        u.status() == UnitStatus.REPORTED ? u.reportedHeight() + window : 0,
        checkpoint(u.checkpoint()),
        audits.stream().map(ApiRecords::audit).toList());
  }

  /** The transaction with its body's fields by name; amounts also as text. */
  static TxInfo tx(SignedTransaction stx) {
    Transaction tx = stx.tx();
    return new TxInfo(
        tx.senderAddress(),
        tx.sender(),
        tx.nonce(),
        tx.fee(),
        tx.body().kind().label(),
        tx.chainId(),
        body(tx));
  }

  private static Map<String, Object> body(Transaction tx) {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (tx.body()) {
      case Transfer t -> {
        body.put("to", t.to().toString());
        amount(body, "amount", t.amount());
      }
      case RegisterProvider r -> {
        body.put("gpus", r.gpus().stream().map(ApiRecords::gpu).toList());
        body.put("region", r.region());
        body.put("tier", r.tier());
        body.put("attributes", r.attributes());
        amount(body, "stake", r.stake());
      }
      case BondStake b -> amount(body, "amount", b.amount());
      case UnbondStake u -> amount(body, "amount", u.amount());
      case CreateJob c -> {
        body.put("jobId", JobIds.jobId(tx.senderAddress(), tx.nonce()).toHex());
        body.put("name", c.spec().name());
        body.put("units", c.spec().units());
        amount(body, "deposit", c.spec().pricing().deposit());
      }
      case PlaceBid b -> {
        body.put("jobId", b.jobId().toHex());
        amount(body, "price", b.price());
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
        amount(body, "amount", d.amount());
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
    return body;
  }

  private static void amount(Map<String, Object> body, String name, long ugrid) {
    body.put(name, ugrid);
    body.put(name + "Text", Amount.format(ugrid));
  }
}

package io.gridwork.chain.market;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.market.LeaseStatus;
import io.gridwork.protocol.spec.JobSpecCodec;
import io.gridwork.protocol.spec.SpecDecodeResult;
import io.gridwork.protocol.tx.TxCodec;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stored forms of jobs, bids, leases, units, checkpoints and GPUs in use; ids that live in the
 * key are not repeated in the value. Stored state was written by this code, so a value that does
 * not decode is a bug and throws.
 */
final class MarketCodec {
  private static final int MAX_GPU_MODELS_IN_USE = 1_024;

  private MarketCodec() {}

  static byte[] encodeJob(Job j) {
    return new CanonicalWriter(512)
        .address(j.buyer())
        .bytes(JobSpecCodec.encode(j.spec()))
        .i64(j.createdHeight())
        .u8(j.status().code())
        .u8(j.closeReason() == null ? 0 : j.closeReason().code())
        .i64(j.escrow())
        .i64(j.deposited())
        .i64(j.biddingClosesAt())
        .i32(j.auctionRound())
        .i32(j.unitsDone())
        .i32(j.activeLeases())
        .i64(j.closedHeight())
        .toByteArray();
  }

  static Job decodeJob(Hash id, byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    Address buyer = r.address("buyer");
    var spec =
        switch (JobSpecCodec.decode(r.bytes(JobSpecCodec.MAX_SPEC_BYTES, "spec"))) {
          case SpecDecodeResult.Ok ok -> ok.spec();
          case SpecDecodeResult.Malformed m ->
              throw new IllegalStateException("stored spec of job " + id + ": " + m.reason());
        };
    Job job =
        new Job(
            id,
            buyer,
            spec,
            r.nonNegative("created height"),
            JobStatus.ofCode(r.u8("status")),
            CloseReason.ofCode(r.u8("close reason")),
            r.nonNegative("escrow"),
            r.nonNegative("deposited"),
            r.nonNegative("bidding closes at"),
            r.i32("auction round"),
            r.i32("units done"),
            r.i32("active leases"),
            r.nonNegative("closed height"));
    r.expectEnd("job");
    return job;
  }

  static byte[] encodeBid(Bid b) {
    return new CanonicalWriter(64)
        .i64(b.price())
        .string(b.gpuModel())
        .i32(b.gpuCount())
        .i32(b.maxUnits())
        .i64(b.collateral())
        .i64(b.placedHeight())
        .i64(b.slaStake())
        .toByteArray();
  }

  static Bid decodeBid(Hash jobId, Address provider, byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    Bid bid =
        new Bid(
            jobId,
            provider,
            r.nonNegative("price"),
            r.string(TxCodec.MAX_GPU_MODEL_BYTES, "gpu model"),
            r.i32("gpu count"),
            r.i32("max units"),
            r.nonNegative("collateral"),
            r.nonNegative("placed height"),
            r.nonNegative("sla stake"));
    r.expectEnd("bid");
    return bid;
  }

  static byte[] encodeLease(Lease l) {
    return new CanonicalWriter(192)
        .hash(l.jobId())
        .address(l.provider())
        .i64(l.price())
        .string(l.gpuModel())
        .i32(l.gpuCount())
        .i64(l.collateral())
        .u8(l.status().code())
        .u8(l.closeReason() == null ? 0 : l.closeReason().code())
        .i64(l.openedHeight())
        .i64(l.closedHeight())
        .i32(l.unitsAssigned())
        .i32(l.unitsDone())
        .i64(l.ratePerBlock())
        .i64(l.lastSettledHeight())
        .i64(l.exhaustionHeight())
        .i64(l.lastHeartbeatHeight())
        .i64(l.paid())
        .i64(l.heartbeatDueHeight())
        .i64(l.heartbeats())
        .i64(l.slaStake())
        .i64(l.billingSince())
        .toByteArray();
  }

  static Lease decodeLease(Hash id, byte[] value) {
    // The stored order predates the lease's parts and is part of the state root, so the fields are
    // read in it and grouped afterwards.
    CanonicalReader r = new CanonicalReader(value);
    Hash jobId = r.hash("job id");
    Address provider = r.address("provider");
    long price = r.nonNegative("price");
    String gpuModel = r.string(TxCodec.MAX_GPU_MODEL_BYTES, "gpu model");
    int gpuCount = r.i32("gpu count");
    long collateral = r.nonNegative("collateral");
    LeaseStatus status = LeaseStatus.ofCode(r.u8("status"));
    CloseReason closeReason = CloseReason.ofCode(r.u8("close reason"));
    long openedHeight = r.nonNegative("opened height");
    long closedHeight = r.nonNegative("closed height");
    int unitsAssigned = r.i32("units assigned");
    int unitsDone = r.i32("units done");
    long ratePerBlock = r.nonNegative("rate per block");
    long lastSettledHeight = r.nonNegative("last settled height");
    long exhaustionHeight = r.nonNegative("exhaustion height");
    long lastHeartbeatHeight = r.nonNegative("last heartbeat height");
    long paid = r.nonNegative("paid");
    long heartbeatDueHeight = r.nonNegative("heartbeat due height");
    long heartbeats = r.nonNegative("heartbeats");
    long slaStake = r.nonNegative("sla stake");
    long billingSince = r.nonNegative("billing since");
    r.expectEnd("lease");
    return new Lease(
        id,
        new Lease.Terms(
            jobId,
            provider,
            price,
            gpuModel,
            gpuCount,
            collateral,
            ratePerBlock,
            slaStake,
            openedHeight,
            unitsAssigned),
        new Lease.Progress(status, closeReason, closedHeight, unitsDone),
        new Lease.Payments(lastSettledHeight, exhaustionHeight, paid, billingSince),
        new Lease.Pulse(lastHeartbeatHeight, heartbeatDueHeight, heartbeats));
  }

  static byte[] encodeUnit(UnitState u) {
    CanonicalWriter w = new CanonicalWriter(81).hash(u.leaseId()).u8(u.status().code());
    if (u.reported()) {
      w.hash(u.outputHash()).i64(u.reportedHeight());
    }
    return w.toByteArray();
  }

  static UnitState decodeUnit(int unit, byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    Hash lease = r.hash("lease id");
    UnitStatus status = UnitStatus.ofCode(r.u8("unit status"));
    Hash output = null;
    long reportedHeight = 0;
    if (status != UnitStatus.ASSIGNED) {
      output = r.hash("output hash");
      reportedHeight = r.nonNegative("reported height");
    }
    r.expectEnd("unit");
    return new UnitState(unit, lease, output, status, reportedHeight);
  }

  static byte[] encodeCheckpoint(UnitCheckpoint c) {
    return new CanonicalWriter(64)
        .hash(c.checkpoint())
        .i64(c.height())
        .address(c.provider())
        .toByteArray();
  }

  static UnitCheckpoint decodeCheckpoint(byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    UnitCheckpoint checkpoint =
        new UnitCheckpoint(r.hash("checkpoint"), r.nonNegative("height"), r.address("provider"));
    r.expectEnd("checkpoint");
    return checkpoint;
  }

  /** GPUs in use by normalised model name; the map is sorted, so its encoding is canonical. */
  static byte[] encodeGpusInUse(SortedMap<String, Integer> inUse) {
    CanonicalWriter w = new CanonicalWriter(64).u16(inUse.size());
    inUse.forEach((model, count) -> w.string(model).i32(count));
    return w.toByteArray();
  }

  static SortedMap<String, Integer> decodeGpusInUse(byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    int n = r.u16("model count");
    if (n > MAX_GPU_MODELS_IN_USE) {
      throw new IllegalStateException("GPUs in use list " + n + " models");
    }
    SortedMap<String, Integer> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put(r.string(TxCodec.MAX_GPU_MODEL_BYTES, "gpu model"), r.i32("gpu count"));
    }
    r.expectEnd("gpus in use");
    return out;
  }
}

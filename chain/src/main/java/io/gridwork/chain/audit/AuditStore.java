package io.gridwork.chain.audit;

import io.gridwork.chain.market.UnitRef;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.AuditStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores audit records (job, unit and sequence number live in the key) and the index of units whose
 * audit must act at the end of a block: an assignment's deadline, or the tie-break to assign after
 * a dispute. A stored value that does not decode is a bug and throws.
 */
final class AuditStore {
  private static final byte[] EMPTY = new byte[0];

  private AuditStore() {}

  /** Every assignment of the job's units, by unit then sequence. */
  static List<AuditRecord> ofJob(ReadableState state, Hash jobId) {
    return scan(state, Keys.auditsOf(jobId));
  }

  /** Every assignment of one unit, oldest first. */
  static List<AuditRecord> ofUnit(ReadableState state, Hash jobId, int unit) {
    return scan(state, Keys.auditsOf(jobId, unit));
  }

  private static List<AuditRecord> scan(ReadableState state, byte[] prefix) {
    List<AuditRecord> out = new ArrayList<>();
    state.scan(
        prefix,
        (key, value) -> {
          out.add(decode(Keys.auditJob(key), Keys.auditUnit(key), Keys.auditSeq(key), value));
          return true;
        });
    return out;
  }

  static void put(State state, AuditRecord r) {
    state.put(Keys.audit(r.jobId(), r.unit(), r.seq()), encode(r));
  }

  /** The sum of the rewards reserved by unresolved audits, counted for the supply audit. */
  static long reserved(ReadableState state) {
    long[] total = {0};
    state.scan(
        Keys.table(Keys.AUDITS),
        (key, value) -> {
          AuditRecord r =
              decode(Keys.auditJob(key), Keys.auditUnit(key), Keys.auditSeq(key), value);
          if (r.status().unresolved()) {
            total[0] = Math.addExact(total[0], r.reserved());
          }
          return true;
        });
    return total[0];
  }

  static void schedule(State state, long height, Hash jobId, int unit) {
    state.put(Keys.unitDue(Keys.AUDITS_DUE, height, jobId, unit), EMPTY);
  }

  static void unschedule(State state, long height, Hash jobId, int unit) {
    state.delete(Keys.unitDue(Keys.AUDITS_DUE, height, jobId, unit));
  }

  /** Removes and returns the units whose audit acts at or before {@code height}. */
  static List<UnitRef> takeDue(State state, long height) {
    List<byte[]> keys = new ArrayList<>();
    state.scan(
        Keys.table(Keys.AUDITS_DUE),
        (key, value) -> {
          if (Keys.dueHeight(key) > height) {
            return false;
          }
          keys.add(key);
          return true;
        });
    List<UnitRef> due = new ArrayList<>(keys.size());
    for (byte[] key : keys) {
      state.delete(key);
      due.add(new UnitRef(Keys.dueJob(key), Keys.dueUnit(key)));
    }
    return due;
  }

  static byte[] encode(AuditRecord r) {
    CanonicalWriter w =
        new CanonicalWriter(200)
            .hash(r.leaseId())
            .address(r.provider())
            .hash(r.expected())
            .u8(r.round())
            .u8(r.attempt())
            .address(r.auditor())
            .u8(r.status().code())
            .bool(r.verdict() != null);
    if (r.verdict() != null) {
      w.hash(r.verdict());
    }
    return w.i64(r.reserved()).i64(r.assignedHeight()).i64(r.deadline()).toByteArray();
  }

  static AuditRecord decode(Hash jobId, int unit, int seq, byte[] value) {
    CanonicalReader r = new CanonicalReader(value);
    Hash lease = r.hash("lease id");
    Address provider = r.address("provider");
    Hash expected = r.hash("expected output");
    int round = r.u8("round");
    int attempt = r.u8("attempt");
    Address auditor = r.address("auditor");
    AuditStatus status = AuditStatus.ofCode(r.u8("status"));
    Hash verdict = r.bool("has verdict") ? r.hash("verdict") : null;
    AuditRecord record =
        new AuditRecord(
            jobId,
            unit,
            seq,
            lease,
            provider,
            expected,
            round,
            attempt,
            auditor,
            status,
            verdict,
            r.nonNegative("reserved"),
            r.nonNegative("assigned height"),
            r.nonNegative("deadline"));
    r.expectEnd("audit");
    return record;
  }
}

package io.gridwork.chain.audit;

import io.gridwork.chain.exec.Event;
import io.gridwork.chain.exec.Rejection;
import io.gridwork.chain.exec.TxContext;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.chain.state.State;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.tx.AuditResult;
import java.util.List;
import java.util.Optional;

/**
 * Result verification: the verification pool that pays auditors and the handling of the audit
 * results they send.
 */
public final class Audits {
  private Audits() {}

  /** The unreserved tokens in the verification pool. */
  public static long verificationPool(ReadableState state) {
    byte[] value = state.get(Keys.verificationPool());
    if (value == null) {
      return 0;
    }
    CanonicalReader r = new CanonicalReader(value);
    long amount = r.nonNegative("verification pool");
    r.expectEnd("verification pool");
    return amount;
  }

  /** Adds {@code amount} to the verification pool (a genesis seed or a verification fee). */
  public static void addToPool(State state, long amount) {
    state.put(
        Keys.verificationPool(),
        new CanonicalWriter(8).i64(Math.addExact(verificationPool(state), amount)).toByteArray());
  }

  /** Checks and applies an auditor's result for a unit it was assigned to re-execute. */
  public static Optional<Rejection> auditResult(
      State state, TxContext tx, AuditResult body, List<Event> events) {
    return Optional.of(
        AuditError.AUDIT_NOT_FOUND.reject(
            "no audit of unit "
                + body.unit()
                + " of job "
                + body.jobId()
                + " was assigned; send results only for audits assigned to you"));
  }
}

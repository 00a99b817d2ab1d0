package io.gridwork.chain.reputation;

import java.util.function.Consumer;

/**
 * The track record reputation is computed from, one per provider: heartbeats received against those
 * its leases should have sent, units completed and abandoned, audits of its results passed and
 * failed, audits it was assigned as auditor and let time out, its run of consecutive verified units
 * (which sets its audit rate) and how often it was slashed. Every counter starts at zero; the
 * {@code with…} methods return the record after one event.
 */
public record ProviderStats(
    long heartbeatsReceived,
    long heartbeatsExpected,
    long unitsCompleted,
    long unitsAbandoned,
    long auditsPassed,
    long auditsFailed,
    long auditsAbandoned,
    long consecutiveVerified,
    long slashes) {
  public static final ProviderStats ZERO = new ProviderStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public ProviderStats {
    for (long counter :
        new long[] {
          heartbeatsReceived,
          heartbeatsExpected,
          unitsCompleted,
          unitsAbandoned,
          auditsPassed,
          auditsFailed,
          auditsAbandoned,
          consecutiveVerified,
          slashes
        }) {
      if (counter < 0) {
        throw new IllegalArgumentException("provider stats counters are never negative");
      }
    }
  }

  /** One accepted heartbeat. */
  public ProviderStats withHeartbeatReceived() {
    return with(d -> d.heartbeatsReceived = Math.incrementExact(d.heartbeatsReceived));
  }

  /** {@code add} more heartbeats that a lease's active blocks called for. */
  public ProviderStats withHeartbeatsExpected(long add) {
    return with(d -> d.heartbeatsExpected = Math.addExact(d.heartbeatsExpected, add));
  }

  /** A unit paid without verification (a non-deterministic job's unit): completed, not verified. */
  public ProviderStats withUnitCompleted() {
    return with(d -> d.unitsCompleted = Math.incrementExact(d.unitsCompleted));
  }

  /**
   * A deterministic unit became final with no failed audit: completed, and one more in the run of
   * consecutive verified units.
   */
  public ProviderStats withUnitVerified() {
    return with(
        d -> {
          d.unitsCompleted = Math.incrementExact(d.unitsCompleted);
          d.consecutiveVerified = Math.incrementExact(d.consecutiveVerified);
        });
  }

  /** {@code add} units the provider was given and never reported. */
  public ProviderStats withUnitsAbandoned(int add) {
    return with(d -> d.unitsAbandoned = Math.addExact(d.unitsAbandoned, add));
  }

  /** An audit confirmed one of the provider's results. */
  public ProviderStats withAuditPassed() {
    return with(d -> d.auditsPassed = Math.incrementExact(d.auditsPassed));
  }

  /** A result of the provider was found wrong: the run of verified units starts again. */
  public ProviderStats withAuditFailed() {
    return with(
        d -> {
          d.auditsFailed = Math.incrementExact(d.auditsFailed);
          d.consecutiveVerified = 0;
        });
  }

  /** The provider, assigned as an auditor, let the audit time out. */
  public ProviderStats withAuditAbandoned() {
    return with(d -> d.auditsAbandoned = Math.incrementExact(d.auditsAbandoned));
  }

  /** The provider's stake was slashed. */
  public ProviderStats withSlash() {
    return with(d -> d.slashes = Math.incrementExact(d.slashes));
  }

  /** These stats with {@code change} applied to a copy of their counters, checked again. */
  private ProviderStats with(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return d.build();
  }

  /**
   * The counters while one event changes them: each wither names only what it counts instead of
   * restating every counter.
   */
  private static final class Draft {
    long heartbeatsReceived;
    long heartbeatsExpected;
    long unitsCompleted;
    long unitsAbandoned;
    long auditsPassed;
    long auditsFailed;
    long auditsAbandoned;
    long consecutiveVerified;
    long slashes;

    Draft(ProviderStats s) {
      heartbeatsReceived = s.heartbeatsReceived;
      heartbeatsExpected = s.heartbeatsExpected;
      unitsCompleted = s.unitsCompleted;
      unitsAbandoned = s.unitsAbandoned;
      auditsPassed = s.auditsPassed;
      auditsFailed = s.auditsFailed;
      auditsAbandoned = s.auditsAbandoned;
      consecutiveVerified = s.consecutiveVerified;
      slashes = s.slashes;
    }

    ProviderStats build() {
      return new ProviderStats(
          heartbeatsReceived,
          heartbeatsExpected,
          unitsCompleted,
          unitsAbandoned,
          auditsPassed,
          auditsFailed,
          auditsAbandoned,
          consecutiveVerified,
          slashes);
    }
  }
}

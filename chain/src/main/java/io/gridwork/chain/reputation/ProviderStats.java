package io.gridwork.chain.reputation;

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
    return new ProviderStats(
        Math.incrementExact(heartbeatsReceived),
        heartbeatsExpected,
        unitsCompleted,
        unitsAbandoned,
        auditsPassed,
        auditsFailed,
        auditsAbandoned,
        consecutiveVerified,
        slashes);
  }

  /** {@code add} more heartbeats that a lease's active blocks called for. */
  public ProviderStats withHeartbeatsExpected(long add) {
    return new ProviderStats(
        heartbeatsReceived,
        Math.addExact(heartbeatsExpected, add),
        unitsCompleted,
        unitsAbandoned,
        auditsPassed,
        auditsFailed,
        auditsAbandoned,
        consecutiveVerified,
        slashes);
  }

  /** A unit paid without verification (a non-deterministic job's unit): completed, not verified. */
  public ProviderStats withUnitCompleted() {
    return new ProviderStats(
        heartbeatsReceived,
        heartbeatsExpected,
        Math.incrementExact(unitsCompleted),
        unitsAbandoned,
        auditsPassed,
        auditsFailed,
        auditsAbandoned,
        consecutiveVerified,
        slashes);
  }

  /**
   * A deterministic unit became final with no failed audit: completed, and one more in the run of
   * consecutive verified units.
   */
  public ProviderStats withUnitVerified() {
    return new ProviderStats(
        heartbeatsReceived,
        heartbeatsExpected,
        Math.incrementExact(unitsCompleted),
        unitsAbandoned,
        auditsPassed,
        auditsFailed,
        auditsAbandoned,
        Math.incrementExact(consecutiveVerified),
        slashes);
  }

  /** {@code add} units the provider was given and never reported. */
  public ProviderStats withUnitsAbandoned(int add) {
    return new ProviderStats(
        heartbeatsReceived,
        heartbeatsExpected,
        unitsCompleted,
        Math.addExact(unitsAbandoned, add),
        auditsPassed,
        auditsFailed,
        auditsAbandoned,
        consecutiveVerified,
        slashes);
  }

  /** An audit confirmed one of the provider's results. */
  public ProviderStats withAuditPassed() {
    return new ProviderStats(
        heartbeatsReceived,
        heartbeatsExpected,
        unitsCompleted,
        unitsAbandoned,
        Math.incrementExact(auditsPassed),
        auditsFailed,
        auditsAbandoned,
        consecutiveVerified,
        slashes);
  }

  /** A result of the provider was found wrong: the run of verified units starts again. */
  public ProviderStats withAuditFailed() {
    return new ProviderStats(
        heartbeatsReceived,
        heartbeatsExpected,
        unitsCompleted,
        unitsAbandoned,
        auditsPassed,
        Math.incrementExact(auditsFailed),
        auditsAbandoned,
        0,
        slashes);
  }

  /** The provider, assigned as an auditor, let the audit time out. */
  public ProviderStats withAuditAbandoned() {
    return new ProviderStats(
        heartbeatsReceived,
        heartbeatsExpected,
        unitsCompleted,
        unitsAbandoned,
        auditsPassed,
        auditsFailed,
        Math.incrementExact(auditsAbandoned),
        consecutiveVerified,
        slashes);
  }

  /** The provider's stake was slashed. */
  public ProviderStats withSlash() {
    return new ProviderStats(
        heartbeatsReceived,
        heartbeatsExpected,
        unitsCompleted,
        unitsAbandoned,
        auditsPassed,
        auditsFailed,
        auditsAbandoned,
        consecutiveVerified,
        Math.incrementExact(slashes));
  }
}

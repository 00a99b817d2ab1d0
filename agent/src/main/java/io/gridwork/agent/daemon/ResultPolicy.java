package io.gridwork.agent.daemon;

import io.gridwork.agent.work.OutputDigest;
import io.gridwork.protocol.crypto.Hash;
import java.util.Optional;

/**
 * What the agent reports for work it ran: the one seam through which a test builds a provider that
 * lies about outputs or an auditor that never answers, to prove the ledger catches both. Every
 * agent {@code gridwork agent start} runs is {@link #HONEST}; no setting or flag chooses another,
 * only code that calls {@link Agent#start(AgentConfig, java.nio.file.Path,
 * io.gridwork.protocol.crypto.KeyPair, Agent.Offer, Optional, ResultPolicy)} itself can.
 *
 * <p>Called on the threads that run units, so implementations must be thread-safe. An
 * implementation may also end the process from {@link #auditResult} to play an auditor that crashes
 * mid-audit.
 */
public interface ResultPolicy {

  /** Reports exactly what was computed and answers every audit. */
  ResultPolicy HONEST = new Honest();

  /**
   * The output hash sent in the {@code UnitResult} of a unit run for a lease.
   *
   * @param computed the digest of the unit's real outputs ({@link OutputDigest})
   */
  Hash unitResult(Hash jobId, int unit, Hash computed);

  /**
   * The output hash sent in the {@code AuditResult} of an audit this agent re-executed, or empty to
   * send nothing (the ledger then times the audit out).
   *
   * @param computed the digest of the outputs the re-execution produced
   */
  Optional<Hash> auditResult(Hash jobId, int unit, int round, Hash computed);

  /** The production policy. */
  record Honest() implements ResultPolicy {
    @Override
    public Hash unitResult(Hash jobId, int unit, Hash computed) {
      return computed;
    }

    @Override
    public Optional<Hash> auditResult(Hash jobId, int unit, int round, Hash computed) {
      return Optional.of(computed);
    }
  }
}

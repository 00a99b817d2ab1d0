package io.gridwork.testkit;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.SlaTier;
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
import io.gridwork.protocol.tx.TxBody;
import io.gridwork.protocol.tx.UnbondStake;
import io.gridwork.protocol.tx.UnitResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds signed transactions for one chain, tracking each sender's next nonce so tests read as a
 * sequence of intentions rather than bookkeeping. Not thread-safe: one per test.
 */
public final class TxFactory {
  public static final long DEFAULT_FEE = 1_000;

  private final String chainId;
  private final Map<Address, Long> nextNonce = new HashMap<>();
  private long fee = DEFAULT_FEE;

  public TxFactory(String chainId) {
    this.chainId = chainId;
  }

  /** Uses {@code fee} ugrid for the transactions built from now on. */
  public TxFactory withFee(long fee) {
    this.fee = fee;
    return this;
  }

  /** Sets the nonce the next transaction of {@code key} will carry. */
  public TxFactory nonce(KeyPair key, long nonce) {
    nextNonce.put(key.address(), nonce);
    return this;
  }

  /** Signs {@code body} from {@code key} with its next nonce, then advances the nonce. */
  public SignedTransaction sign(KeyPair key, TxBody body) {
    long nonce = nextNonce.getOrDefault(key.address(), 0L);
    nextNonce.put(key.address(), nonce + 1);
    return new Transaction(chainId, key.publicKey(), nonce, fee, body).sign(key);
  }

  public SignedTransaction transfer(KeyPair from, Address to, long amount) {
    return sign(from, new Transfer(to, amount));
  }

  /**
   * Registers {@code key} as a provider of {@code count} GPUs of {@code model} in {@code region}.
   */
  public SignedTransaction registerProvider(
      KeyPair key, String model, int count, String region, long stake) {
    return sign(
        key,
        new RegisterProvider(
            List.of(new GpuInventory(model, 24_576, count)),
            region,
            SlaTier.STANDARD.wireName(),
            new TreeMap<>(),
            stake));
  }

  public SignedTransaction bond(KeyPair key, long amount) {
    return sign(key, new BondStake(amount));
  }

  public SignedTransaction unbond(KeyPair key, long amount) {
    return sign(key, new UnbondStake(amount));
  }

  /** The id the job of {@code key}'s next transaction would get if that is a CreateJob. */
  public Hash nextJobId(KeyPair key) {
    return JobIds.jobId(key.address(), nextNonce.getOrDefault(key.address(), 0L));
  }

  public SignedTransaction createJob(KeyPair buyer, JobSpec spec) {
    return sign(buyer, new CreateJob(spec));
  }

  public SignedTransaction placeBid(
      KeyPair provider, Hash jobId, long price, String gpuModel, int gpuCount, int maxUnits) {
    return sign(provider, new PlaceBid(jobId, price, gpuModel, gpuCount, maxUnits));
  }

  public SignedTransaction closeJob(KeyPair buyer, Hash jobId) {
    return sign(buyer, new CloseJob(jobId));
  }

  public SignedTransaction closeLease(KeyPair provider, Hash leaseId) {
    return sign(provider, new CloseLease(leaseId));
  }

  public SignedTransaction unitResult(KeyPair provider, Hash leaseId, int unit, Hash output) {
    return sign(provider, new UnitResult(leaseId, unit, output));
  }

  public SignedTransaction heartbeat(KeyPair provider, Hash leaseId) {
    return sign(provider, new Heartbeat(leaseId));
  }

  public SignedTransaction checkpoint(KeyPair provider, Hash leaseId, int unit, Hash checkpoint) {
    return sign(provider, new Checkpoint(leaseId, unit, checkpoint));
  }

  public SignedTransaction depositMore(KeyPair buyer, Hash jobId, long amount) {
    return sign(buyer, new DepositMore(jobId, amount));
  }

  public SignedTransaction auditResult(KeyPair auditor, Hash jobId, int unit, Hash output) {
    return sign(auditor, new AuditResult(jobId, unit, output));
  }
}

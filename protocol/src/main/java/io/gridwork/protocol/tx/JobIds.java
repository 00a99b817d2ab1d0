package io.gridwork.protocol.tx;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How the ledger names jobs and leases, so that a client knows a job's id before it submits the
 * CreateJob and an agent knows its lease's id from the job and its own address.
 */
public final class JobIds {
  private static final byte[] JOB_DOMAIN = "gridwork/job".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LEASE_DOMAIN = "gridwork/lease".getBytes(StandardCharsets.US_ASCII);

  private JobIds() {}

  /** SHA-256("gridwork/job" || sender address || nonce as 8 big-endian bytes). */
  public static Hash jobId(Address sender, long nonce) {
    return Hash.sha256(
        JOB_DOMAIN, sender.bytes(), ByteBuffer.allocate(Long.BYTES).putLong(nonce).array());
  }

  /** SHA-256("gridwork/lease" || job id || provider address). */
  public static Hash leaseId(Hash jobId, Address provider) {
    return Hash.sha256(LEASE_DOMAIN, jobId.bytes(), provider.bytes());
  }
}

package io.gridwork.chain.state;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import java.util.Arrays;

/**
 * The one place that decides where each ledger table lives in the key space, so no two modules can
 * collide and a key's bytes alone say what it holds.
 *
 * <p>Every key starts with one table byte; the parts after it are fixed-width and big-endian, so
 * unsigned byte order of keys is the natural order of their parts (heights ascend, addresses sort
 * as bytes). Values are canonical encodings written by the owning module.
 *
 * <pre>
 * table  key                                   value
 * 0x01   0x01 | address(20)                    account: balance i64, nonce i64
 * 0x02   0x02 | owner address(20)              provider: gpus, region, tier, attributes,
 *                                                        stake, unbonding, registered height, status
 * 0x03   0x03 | release height(8) | owner(20)  unbonding entry: amount i64 (one per owner and height)
 * 0x04   0x04 | 0x01                           params: minFee, minProviderStake, unbondingPeriodBlocks,
 *                                                      market, audit and liveness params
 * 0x05   0x05 | 0x01                           fee pool: amount i64
 * 0x05   0x05 | 0x02                           verification pool: amount i64 (unreserved)
 * 0x05   0x05 | 0x03                           burned: amount i64 (slashed stake destroyed)
 * 0x06   0x06 | 0x01                           chain info: chain id, genesis time, total supply
 * 0x07   0x07 | job id(32)                     job: buyer, spec, status, escrow, bidding, counts
 * 0x08   0x08 | job id(32) | provider(20)      bid of the current round: price, gpus, collateral
 * 0x09   0x09 | lease id(32)                   lease: job, provider, price, units, settlement
 * 0x0a   0x0a | job id(32) | lease id(32)      index: the job's leases (empty value)
 * 0x0b   0x0b | buyer(20) | height(8) | job id index: the buyer's jobs by creation height
 * 0x0c   0x0c | close height(8) | job id(32)   index: jobs taking bids, by auction height
 * 0x0d   0x0d | provider(20) | lease id(32)    index: the provider's leases
 * 0x0e   0x0e | height(8) | lease id(32)       index: service leases by escrow exhaustion height
 * 0x0f   0x0f | job id(32) | unit(4)           batch unit: holding lease, status, output hash and
 *                                                          reported height once reported
 * 0x10   0x10 | provider(20)                   GPUs the provider has in active leases, by model
 * 0x11   0x11 | height(8) | lease id(32)       index: open leases by the height their heartbeat is due
 * 0x12   0x12 | provider(20)                   SLA stake committed by open bids and leases: i64
 * 0x13   0x13 | job id(32) | unit(4)           latest checkpoint of a batch unit: hash, height, provider
 * 0x20   0x20 | provider(20)                   provider stats: heartbeat, unit and audit counters
 * 0x21   0x21 | job id(32) | unit(4) | seq(4)  audit of a unit: round, auditor, status, result,
 *                                                          reservation, deadline
 * 0x22   0x22 | height(8) | job id(32) | unit(4)  index: units whose audit acts at that height
 *                                                 (deadline, or round two to assign)
 * 0x23   0x23 | height(8) | job id(32) | unit(4)  index: reported units to sample at that height
 * 0x24   0x24 | height(8) | job id(32) | unit(4)  index: reported units whose window ends then
 * </pre>
 *
 * <p>Tables 0x11 to 0x1f belong to lease liveness, SLAs and checkpoints; tables 0x20 to 0x2f to
 * result verification and reputation.
 *
 * <p>Index entries hold an empty value: their key says everything.
 */
public final class Keys {
  public static final byte ACCOUNTS = 0x01;
  public static final byte PROVIDERS = 0x02;
  public static final byte UNBONDING_QUEUE = 0x03;
  public static final byte PARAMS = 0x04;
  public static final byte POOLS = 0x05;
  public static final byte CHAIN_INFO = 0x06;
  public static final byte JOBS = 0x07;
  public static final byte BIDS = 0x08;
  public static final byte LEASES = 0x09;
  public static final byte JOB_LEASES = 0x0a;
  public static final byte BUYER_JOBS = 0x0b;
  public static final byte AUCTIONS_DUE = 0x0c;
  public static final byte PROVIDER_LEASES = 0x0d;
  public static final byte ESCROW_EXHAUSTION = 0x0e;
  public static final byte UNITS = 0x0f;
  public static final byte GPUS_IN_USE = 0x10;
  public static final byte HEARTBEATS_DUE = 0x11;
  public static final byte SLA_COMMITTED = 0x12;
  public static final byte CHECKPOINTS = 0x13;
  public static final byte PROVIDER_STATS = 0x20;
  public static final byte AUDITS = 0x21;
  public static final byte AUDITS_DUE = 0x22;
  public static final byte UNITS_TO_SAMPLE = 0x23;
  public static final byte UNITS_TO_FINALIZE = 0x24;

  private static final byte FEE_POOL = 0x01;
  private static final byte VERIFICATION_POOL = 0x02;
  private static final byte BURNED = 0x03;
  private static final byte SINGLETON = 0x01;

  private Keys() {}

  /** The prefix shared by every key of {@code table}. */
  public static byte[] table(byte table) {
    return new byte[] {table};
  }

  public static byte[] account(Address address) {
    return withAddress(ACCOUNTS, address);
  }

  public static byte[] provider(Address owner) {
    return withAddress(PROVIDERS, owner);
  }

  public static byte[] unbonding(long releaseHeight, Address owner) {
    byte[] key = new byte[1 + Long.BYTES + Address.LENGTH];
    key[0] = UNBONDING_QUEUE;
    putLong(key, 1, releaseHeight);
    System.arraycopy(owner.bytes(), 0, key, 1 + Long.BYTES, Address.LENGTH);
    return key;
  }

  /** The release height part of an {@link #unbonding} key. */
  public static long unbondingHeight(byte[] key) {
    return getLong(key, 1);
  }

  /** The owner part of an {@link #unbonding} key. */
  public static Address unbondingOwner(byte[] key) {
    return new Address(Arrays.copyOfRange(key, 1 + Long.BYTES, 1 + Long.BYTES + Address.LENGTH));
  }

  /** The address part of an {@link #account}, {@link #provider} or {@link #slaCommitted} key. */
  public static Address address(byte[] key) {
    return new Address(Arrays.copyOfRange(key, 1, 1 + Address.LENGTH));
  }

  public static byte[] params() {
    return new byte[] {PARAMS, SINGLETON};
  }

  public static byte[] feePool() {
    return new byte[] {POOLS, FEE_POOL};
  }

  public static byte[] verificationPool() {
    return new byte[] {POOLS, VERIFICATION_POOL};
  }

  public static byte[] burned() {
    return new byte[] {POOLS, BURNED};
  }

  public static byte[] providerStats(Address provider) {
    return withAddress(PROVIDER_STATS, provider);
  }

  public static byte[] chainInfo() {
    return new byte[] {CHAIN_INFO, SINGLETON};
  }

  public static byte[] job(Hash jobId) {
    return concat(JOBS, jobId.bytes());
  }

  public static byte[] bid(Hash jobId, Address provider) {
    return concat(BIDS, jobId.bytes(), provider.bytes());
  }

  /** The prefix of every bid on {@code jobId}. */
  public static byte[] bidsOf(Hash jobId) {
    return concat(BIDS, jobId.bytes());
  }

  public static byte[] lease(Hash leaseId) {
    return concat(LEASES, leaseId.bytes());
  }

  public static byte[] jobLease(Hash jobId, Hash leaseId) {
    return concat(JOB_LEASES, jobId.bytes(), leaseId.bytes());
  }

  /** The prefix of every {@link #jobLease} entry of {@code jobId}. */
  public static byte[] jobLeasesOf(Hash jobId) {
    return concat(JOB_LEASES, jobId.bytes());
  }

  public static byte[] buyerJob(Address buyer, long createdHeight, Hash jobId) {
    return concat(BUYER_JOBS, buyer.bytes(), longBytes(createdHeight), jobId.bytes());
  }

  /** The prefix of every {@link #buyerJob} entry of {@code buyer}. */
  public static byte[] buyerJobsOf(Address buyer) {
    return concat(BUYER_JOBS, buyer.bytes());
  }

  public static byte[] auctionDue(long closeHeight, Hash jobId) {
    return concat(AUCTIONS_DUE, longBytes(closeHeight), jobId.bytes());
  }

  public static byte[] providerLease(Address provider, Hash leaseId) {
    return concat(PROVIDER_LEASES, provider.bytes(), leaseId.bytes());
  }

  /** The prefix of every {@link #providerLease} entry of {@code provider}. */
  public static byte[] providerLeasesOf(Address provider) {
    return concat(PROVIDER_LEASES, provider.bytes());
  }

  public static byte[] escrowExhaustion(long height, Hash leaseId) {
    return concat(ESCROW_EXHAUSTION, longBytes(height), leaseId.bytes());
  }

  public static byte[] unit(Hash jobId, int unit) {
    return concat(UNITS, jobId.bytes(), intBytes(unit));
  }

  /** The prefix of every unit record of {@code jobId}. */
  public static byte[] unitsOf(Hash jobId) {
    return concat(UNITS, jobId.bytes());
  }

  public static byte[] gpusInUse(Address provider) {
    return concat(GPUS_IN_USE, provider.bytes());
  }

  public static byte[] heartbeatDue(long height, Hash leaseId) {
    return concat(HEARTBEATS_DUE, longBytes(height), leaseId.bytes());
  }

  public static byte[] slaCommitted(Address provider) {
    return withAddress(SLA_COMMITTED, provider);
  }

  public static byte[] checkpoint(Hash jobId, int unit) {
    return concat(CHECKPOINTS, jobId.bytes(), intBytes(unit));
  }

  /** The prefix of every checkpoint record of {@code jobId}. */
  public static byte[] checkpointsOf(Hash jobId) {
    return concat(CHECKPOINTS, jobId.bytes());
  }

  public static byte[] audit(Hash jobId, int unit, int seq) {
    return concat(AUDITS, jobId.bytes(), intBytes(unit), intBytes(seq));
  }

  /** The prefix of every audit record of {@code jobId}. */
  public static byte[] auditsOf(Hash jobId) {
    return concat(AUDITS, jobId.bytes());
  }

  /** The prefix of every audit record of one unit of {@code jobId}. */
  public static byte[] auditsOf(Hash jobId, int unit) {
    return concat(AUDITS, jobId.bytes(), intBytes(unit));
  }

  /** The job part of an {@link #audit} key. */
  public static Hash auditJob(byte[] key) {
    return new Hash(Arrays.copyOfRange(key, 1, 1 + Hash.LENGTH));
  }

  /** The unit part of an {@link #audit} key. */
  public static int auditUnit(byte[] key) {
    return getInt(key, 1 + Hash.LENGTH);
  }

  /** The sequence number part of an {@link #audit} key. */
  public static int auditSeq(byte[] key) {
    return getInt(key, 1 + Hash.LENGTH + Integer.BYTES);
  }

  /**
   * An entry of a height-ordered index of units ({@link #AUDITS_DUE}, {@link #UNITS_TO_SAMPLE},
   * {@link #UNITS_TO_FINALIZE}).
   */
  public static byte[] unitDue(byte table, long height, Hash jobId, int unit) {
    return concat(table, longBytes(height), jobId.bytes(), intBytes(unit));
  }

  /** The job part of a {@link #unitDue} key. */
  public static Hash dueJob(byte[] key) {
    return new Hash(Arrays.copyOfRange(key, 1 + Long.BYTES, 1 + Long.BYTES + Hash.LENGTH));
  }

  /** The unit part of a {@link #unitDue} key. */
  public static int dueUnit(byte[] key) {
    return getInt(key, 1 + Long.BYTES + Hash.LENGTH);
  }

  /**
   * The height part of an {@link #auctionDue}, {@link #escrowExhaustion}, {@link #heartbeatDue} or
   * {@link #unitDue} key.
   */
  public static long dueHeight(byte[] key) {
    return getLong(key, 1);
  }

  /** The trailing 32-byte id of an index key ({@link #auctionDue}, {@link #jobLease}, ...). */
  public static Hash trailingId(byte[] key) {
    return new Hash(Arrays.copyOfRange(key, key.length - Hash.LENGTH, key.length));
  }

  /** The job part of a {@link #bid} key. */
  public static Hash bidJob(byte[] key) {
    return new Hash(Arrays.copyOfRange(key, 1, 1 + Hash.LENGTH));
  }

  /** The provider part of a {@link #bid} key. */
  public static Address bidProvider(byte[] key) {
    return new Address(Arrays.copyOfRange(key, 1 + Hash.LENGTH, 1 + Hash.LENGTH + Address.LENGTH));
  }

  /** The unit number of a {@link #unit} or {@link #checkpoint} key. */
  public static int unitNumber(byte[] key) {
    return (int) (getLong(key, key.length - Long.BYTES) & 0xffff_ffffL);
  }

  /** True when {@code key} begins with {@code prefix}. */
  public static boolean hasPrefix(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] withAddress(byte table, Address address) {
    byte[] key = new byte[1 + Address.LENGTH];
    key[0] = table;
    System.arraycopy(address.bytes(), 0, key, 1, Address.LENGTH);
    return key;
  }

  private static byte[] concat(byte table, byte[]... parts) {
    int length = 1;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] key = new byte[length];
    key[0] = table;
    int at = 1;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, key, at, part.length);
      at += part.length;
    }
    return key;
  }

  private static byte[] longBytes(long v) {
    byte[] out = new byte[Long.BYTES];
    putLong(out, 0, v);
    return out;
  }

  private static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  private static void putLong(byte[] dst, int offset, long v) {
    for (int i = 0; i < Long.BYTES; i++) {
      dst[offset + i] = (byte) (v >>> (56 - 8 * i));
    }
  }

  private static int getInt(byte[] src, int offset) {
    return ((src[offset] & 0xff) << 24)
        | ((src[offset + 1] & 0xff) << 16)
        | ((src[offset + 2] & 0xff) << 8)
        | (src[offset + 3] & 0xff);
  }

  private static long getLong(byte[] src, int offset) {
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (src[offset + i] & 0xff);
    }
    return v;
  }
}

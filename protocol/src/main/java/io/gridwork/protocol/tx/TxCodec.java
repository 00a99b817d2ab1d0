package io.gridwork.protocol.tx;

import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.codec.MalformedDataException;
import io.gridwork.protocol.spec.JobSpecCodec;
import io.gridwork.protocol.spec.SpecDecodeResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical binary encoding of transactions. Layout: version byte, chain id, sender public key,
 * nonce, fee, kind tag, body fields, then the 64-byte signature over everything before it. {@code
 * decode(encode(tx)).equals(tx)} holds for every transaction, and any other input decodes to {@link
 * DecodeResult.Malformed}.
 */
public final class TxCodec {
  public static final int VERSION = 1;
  public static final int MAX_TX_BYTES = 64 * 1024;
  public static final int MAX_CHAIN_ID_BYTES = 64;
  public static final int MAX_GPU_GROUPS = 64;
  public static final int MAX_GPU_MODEL_BYTES = 128;
  public static final int MAX_REGION_BYTES = 64;
  public static final int MAX_TIER_BYTES = 32;
  public static final int MAX_ATTRIBUTES = 64;
  public static final int MAX_ATTRIBUTE_KEY_BYTES = 64;
  public static final int MAX_ATTRIBUTE_VALUE_BYTES = 256;

  private TxCodec() {}

  public static byte[] encode(SignedTransaction stx) {
    CanonicalWriter w = new CanonicalWriter(192);
    writeUnsigned(w, stx.tx());
    w.fixed(stx.signature());
    return w.toByteArray();
  }

  /** The bytes the sender signs. */
  public static byte[] encodeUnsigned(Transaction tx) {
    CanonicalWriter w = new CanonicalWriter(128);
    writeUnsigned(w, tx);
    return w.toByteArray();
  }

  private static void writeUnsigned(CanonicalWriter w, Transaction tx) {
    w.u8(VERSION).string(tx.chainId()).publicKey(tx.sender()).i64(tx.nonce()).i64(tx.fee());
    TxBody body = tx.body();
    w.u8(body.kind().tag());
    switch (body) {
      case Transfer t -> w.address(t.to()).i64(t.amount());
      case RegisterProvider r -> {
        w.u16(r.gpus().size());
        for (GpuInventory g : r.gpus()) {
          w.string(g.model()).i32(g.vramMib()).i32(g.count());
        }
        w.string(r.region()).string(r.tier()).stringMap(r.attributes()).i64(r.stake());
      }
      case BondStake b -> w.i64(b.amount());
      case UnbondStake u -> w.i64(u.amount());
      case CreateJob c -> w.bytes(JobSpecCodec.encode(c.spec()));
      case PlaceBid b ->
          w.hash(b.jobId()).i64(b.price()).string(b.gpuModel()).i32(b.gpuCount()).i32(b.maxUnits());
      case CloseJob c -> w.hash(c.jobId());
      case CloseLease c -> w.hash(c.leaseId());
      case UnitResult u -> w.hash(u.leaseId()).i32(u.unit()).hash(u.outputHash());
      case Heartbeat h -> w.hash(h.leaseId());
      case DepositMore d -> w.hash(d.jobId()).i64(d.amount());
      case AuditResult a -> w.hash(a.jobId()).i32(a.unit()).hash(a.outputHash());
      case Checkpoint c -> w.hash(c.leaseId()).i32(c.unit()).hash(c.checkpointHash());
    }
  }

  /** Decodes untrusted bytes; never throws. */
  public static DecodeResult decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return new DecodeResult.Malformed("empty transaction");
    }
    if (bytes.length > MAX_TX_BYTES) {
      return new DecodeResult.Malformed(
          "transaction is " + bytes.length + " bytes, at most " + MAX_TX_BYTES);
    }
    try {
      CanonicalReader r = new CanonicalReader(bytes);
      Transaction tx = readUnsigned(r);
      byte[] sig = r.fixed(SignedTransaction.SIGNATURE_LENGTH, "signature");
      r.expectEnd("transaction");
      return new DecodeResult.Ok(new SignedTransaction(tx, sig));
    } catch (MalformedDataException e) {
      return new DecodeResult.Malformed(e.getMessage());
    } catch (RuntimeException e) {
      // Anything a constructor rejects is still just malformed input, never a crash.
      return new DecodeResult.Malformed("invalid transaction: " + e.getMessage());
    }
  }

  private static Transaction readUnsigned(CanonicalReader r) {
    int version = r.u8("version");
    if (version != VERSION) {
      throw new MalformedDataException(
          "unsupported transaction version " + version + ", this node reads version " + VERSION);
    }
    String chainId = r.string(MAX_CHAIN_ID_BYTES, "chain id");
    var sender = r.publicKey("sender");
    long nonce = r.nonNegative("nonce");
    long fee = r.nonNegative("fee");
    int tag = r.u8("kind");
    TxKind kind =
        TxKind.ofTag(tag)
            .orElseThrow(() -> new MalformedDataException("unknown transaction kind " + tag));
    TxBody body =
        switch (kind) {
          case TRANSFER -> new Transfer(r.address("to"), r.nonNegative("amount"));
          case REGISTER_PROVIDER -> readRegisterProvider(r);
          case BOND_STAKE -> new BondStake(r.nonNegative("amount"));
          case UNBOND_STAKE -> new UnbondStake(r.nonNegative("amount"));
          case CREATE_JOB -> readCreateJob(r);
          case PLACE_BID -> readPlaceBid(r);
          case CLOSE_JOB -> new CloseJob(r.hash("job id"));
          case CLOSE_LEASE -> new CloseLease(r.hash("lease id"));
          case UNIT_RESULT ->
              new UnitResult(r.hash("lease id"), nonNegativeInt(r, "unit"), r.hash("output hash"));
          case HEARTBEAT -> new Heartbeat(r.hash("lease id"));
          case DEPOSIT_MORE -> new DepositMore(r.hash("job id"), r.nonNegative("amount"));
          case AUDIT_RESULT ->
              new AuditResult(r.hash("job id"), nonNegativeInt(r, "unit"), r.hash("output hash"));
          case CHECKPOINT ->
              new Checkpoint(
                  r.hash("lease id"), nonNegativeInt(r, "unit"), r.hash("checkpoint hash"));
        };
    return new Transaction(chainId, sender, nonce, fee, body);
  }

  private static CreateJob readCreateJob(CanonicalReader r) {
    byte[] encoded = r.bytes(JobSpecCodec.MAX_SPEC_BYTES, "job spec");
    return switch (JobSpecCodec.decode(encoded)) {
      case SpecDecodeResult.Ok ok -> new CreateJob(ok.spec());
      case SpecDecodeResult.Malformed m -> throw new MalformedDataException(m.reason());
    };
  }

  private static PlaceBid readPlaceBid(CanonicalReader r) {
    var jobId = r.hash("job id");
    long price = r.nonNegative("price");
    String model = r.string(MAX_GPU_MODEL_BYTES, "gpu model");
    int count = nonNegativeInt(r, "gpu count");
    int maxUnits = nonNegativeInt(r, "max units");
    return new PlaceBid(jobId, price, model, count, maxUnits);
  }

  private static int nonNegativeInt(CanonicalReader r, String field) {
    int v = r.i32(field);
    if (v < 0) {
      throw new MalformedDataException(field + " must not be negative, got " + v);
    }
    return v;
  }

  private static RegisterProvider readRegisterProvider(CanonicalReader r) {
    int groups = r.u16("gpu group count");
    if (groups > MAX_GPU_GROUPS) {
      throw new MalformedDataException(
          "provider lists " + groups + " GPU groups, at most " + MAX_GPU_GROUPS);
    }
    List<GpuInventory> gpus = new ArrayList<>(groups);
    for (int i = 0; i < groups; i++) {
      String model = r.string(MAX_GPU_MODEL_BYTES, "gpu model");
      int vram = r.i32("gpu vram");
      int count = r.i32("gpu count");
      if (vram < 0 || count < 0) {
        throw new MalformedDataException("gpu vram and count must not be negative");
      }
      gpus.add(new GpuInventory(model, vram, count));
    }
    String region = r.string(MAX_REGION_BYTES, "region");
    String tier = r.string(MAX_TIER_BYTES, "tier");
    var attributes =
        r.stringMap(
            MAX_ATTRIBUTES, MAX_ATTRIBUTE_KEY_BYTES, MAX_ATTRIBUTE_VALUE_BYTES, "attributes");
    long stake = r.nonNegative("stake");
    return new RegisterProvider(gpus, region, tier, attributes, stake);
  }
}

package io.gridwork.protocol.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.JobSpecCodec;
import io.gridwork.protocol.spec.Limits;
import io.gridwork.protocol.spec.Placement;
import io.gridwork.protocol.spec.Pricing;
import io.gridwork.protocol.spec.ProcessWorkload;
import io.gridwork.protocol.spec.Resources;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.spec.SpecDecodeResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MarketTxCodecTest {
  private static final KeyPair ALICE = KeyPair.fromLabel("alice");
  private static final Hash JOB = Hash.sha256(new byte[] {1});
  private static final Hash LEASE = Hash.sha256(new byte[] {2});

  private static final JobSpec SPEC =
      new JobSpec(
          "render",
          10,
          new ProcessWorkload(List.of("blender", "-f", "${UNIT}"), new TreeMap<>()),
          new Resources(new GpuRequest(1, List.of("RTX 4090"), 16_384), 2_000, 4_096, 0),
          new Placement(List.of(), null, new TreeMap<>(), false),
          new Pricing(50_000, 0, 500_000),
          List.of(),
          List.of("frame.png"),
          Limits.DEFAULT,
          false,
          List.of(),
          true,
          SlaTier.BEST_EFFORT);

  private static CanonicalWriter envelope(TxKind kind) {
    return new CanonicalWriter()
        .u8(TxCodec.VERSION)
        .string("gridwork-test")
        .publicKey(ALICE.publicKey())
        .i64(0)
        .i64(1_000)
        .u8(kind.tag());
  }

  private static String reason(CanonicalWriter w) {
    byte[] bytes = w.fixed(new byte[SignedTransaction.SIGNATURE_LENGTH]).toByteArray();
    return ((DecodeResult.Malformed) TxCodec.decode(bytes)).reason();
  }

  private static SignedTransaction signed(TxBody body) {
    return new Transaction("gridwork-test", ALICE.publicKey(), 0, 1_000, body).sign(ALICE);
  }

  @Test
  void createJobCarriesTheSpecInItsCanonicalEncoding() {
    byte[] expected = envelope(TxKind.CREATE_JOB).bytes(JobSpecCodec.encode(SPEC)).toByteArray();

    assertThat(TxCodec.encodeUnsigned(signed(new CreateJob(SPEC)).tx())).isEqualTo(expected);
  }

  @Test
  void placeBidIsEncodedFieldByFieldInDeclarationOrder() {
    byte[] expected =
        envelope(TxKind.PLACE_BID)
            .hash(JOB)
            .i64(40_000)
            .string("RTX 4090")
            .i32(1)
            .i32(5)
            .toByteArray();

    assertThat(TxCodec.encodeUnsigned(signed(new PlaceBid(JOB, 40_000, "RTX 4090", 1, 5)).tx()))
        .isEqualTo(expected);
  }

  @Test
  void everyMarketKindRoundTrips() {
    List<TxBody> bodies =
        List.of(
            new CreateJob(SPEC),
            new PlaceBid(JOB, 1, "H100", 8, 0),
            new CloseJob(JOB),
            new CloseLease(LEASE),
            new UnitResult(LEASE, 7, JOB),
            new Heartbeat(LEASE),
            new DepositMore(JOB, 123),
            new Checkpoint(LEASE, 3, JOB),
            new AuditResult(JOB, 4, LEASE));

    for (TxBody body : bodies) {
      SignedTransaction stx = signed(body);
      assertThat(TxCodec.decode(stx.encode())).isEqualTo(new DecodeResult.Ok(stx));
    }
  }

  @Test
  void checkpointIsEncodedAsLeaseUnitAndHashUnderTag13() {
    byte[] expected = envelope(TxKind.CHECKPOINT).hash(LEASE).i32(4).hash(JOB).toByteArray();

    assertThat(TxKind.CHECKPOINT.tag()).isEqualTo(13);
    assertThat(TxKind.CHECKPOINT.label()).isEqualTo("checkpoint");
    assertThat(TxCodec.encodeUnsigned(signed(new Checkpoint(LEASE, 4, JOB)).tx()))
        .isEqualTo(expected);
  }

  @Test
  void checkpointOfANegativeUnitIsMalformed() {
    assertThat(reason(envelope(TxKind.CHECKPOINT).hash(LEASE).i32(-2).hash(JOB)))
        .isEqualTo("unit must not be negative, got -2");
  }

  @Test
  void checkpointWithoutItsHashIsMalformed() {
    assertThat(reason(envelope(TxKind.CHECKPOINT).hash(LEASE).i32(0)))
        .startsWith("truncated input reading");
  }

  @Test
  void malformedSpecIsMalformedWithTheSpecsOwnReason() {
    byte[] spec = JobSpecCodec.encode(SPEC);
    spec[0] = 9;
    String specReason = ((SpecDecodeResult.Malformed) JobSpecCodec.decode(spec)).reason();

    assertThat(reason(envelope(TxKind.CREATE_JOB).bytes(spec))).isEqualTo(specReason);
  }

  @Test
  void specLongerThanTheSpecLimitIsMalformed() {
    byte[] huge = new byte[JobSpecCodec.MAX_SPEC_BYTES + 1];

    assertThat(reason(envelope(TxKind.CREATE_JOB).bytes(huge)))
        .isEqualTo("job spec is 32769 bytes, at most 32768");
  }

  @Test
  void negativeUnitIsMalformed() {
    assertThat(reason(envelope(TxKind.UNIT_RESULT).hash(LEASE).i32(-1).hash(JOB)))
        .isEqualTo("unit must not be negative, got -1");
  }

  @Test
  void auditResultIsEncodedAsJobUnitAndOutputHash() {
    byte[] expected = envelope(TxKind.AUDIT_RESULT).hash(JOB).i32(3).hash(LEASE).toByteArray();

    assertThat(TxCodec.encodeUnsigned(signed(new AuditResult(JOB, 3, LEASE)).tx()))
        .isEqualTo(expected);
  }

  @Test
  void auditResultWithANegativeUnitIsMalformed() {
    assertThat(reason(envelope(TxKind.AUDIT_RESULT).hash(JOB).i32(-2).hash(LEASE)))
        .isEqualTo("unit must not be negative, got -2");
  }

  @Test
  void auditResultWithATruncatedOutputHashIsMalformed() {
    assertThat(reason(envelope(TxKind.AUDIT_RESULT).hash(JOB).i32(0).fixed(new byte[31])))
        .startsWith("truncated input reading");
  }

  @Test
  void negativeBidPriceIsMalformed() {
    assertThat(reason(envelope(TxKind.PLACE_BID).hash(JOB).i64(-5).string("x").i32(1).i32(1)))
        .isEqualTo("price must not be negative, got -5");
  }

  @Test
  void negativeGpuCountInABidIsMalformed() {
    assertThat(reason(envelope(TxKind.PLACE_BID).hash(JOB).i64(5).string("x").i32(-1).i32(1)))
        .isEqualTo("gpu count must not be negative, got -1");
  }

  @Test
  void truncatedLeaseIdIsMalformed() {
    assertThat(reason(envelope(TxKind.HEARTBEAT).fixed(new byte[10])))
        .startsWith("truncated input reading");
  }

  @Test
  void negativeDepositIsMalformed() {
    assertThat(reason(envelope(TxKind.DEPOSIT_MORE).hash(JOB).i64(-1)))
        .isEqualTo("amount must not be negative, got -1");
  }

  @Test
  void jobIdIsTheHashOfDomainSenderAndNonce() {
    byte[] expected =
        Hash.sha256(
                "gridwork/job".getBytes(StandardCharsets.US_ASCII),
                ALICE.address().bytes(),
                ByteBuffer.allocate(8).putLong(7).array())
            .bytes();

    assertThat(JobIds.jobId(ALICE.address(), 7).bytes()).isEqualTo(expected);
    assertThat(JobIds.jobId(ALICE.address(), 8)).isNotEqualTo(JobIds.jobId(ALICE.address(), 7));
  }

  @Test
  void leaseIdIsTheHashOfDomainJobAndProvider() {
    Hash expected =
        Hash.sha256(
            "gridwork/lease".getBytes(StandardCharsets.US_ASCII),
            JOB.bytes(),
            ALICE.address().bytes());

    assertThat(JobIds.leaseId(JOB, ALICE.address())).isEqualTo(expected);
  }
}

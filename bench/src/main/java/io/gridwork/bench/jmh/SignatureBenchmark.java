package io.gridwork.bench.jmh;

import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxCodec;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ed25519 verification of one transfer, BouncyCastle's RFC 8032 code against the JDK's EdDSA: the
 * reason the node verifies with BouncyCastle, and the per-core ceiling of the ledger.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SignatureBenchmark {
  private SignedTransaction signed;
  private byte[] unsigned;
  private byte[] signature;
  private PublicKey jdkKey;

  @Setup
  public void setUp() throws Exception {
    KeyPair key = KeyPair.fromLabel("bench-signer");
    Transaction tx =
        new Transaction(
            "bench", key.publicKey(), 7, 1_000, new Transfer(KeyPair.fromLabel("to").address(), 5));
    signed = tx.sign(key);
    unsigned = TxCodec.encodeUnsigned(tx);
    signature = signed.signature();
    jdkKey = jdkPublicKey(key.publicKey().bytes());
  }

  @Benchmark
  public boolean bouncyCastleVerify() {
    return signed.tx().sender().verify(unsigned, signature);
  }

  @Benchmark
  public boolean jdkVerify() throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(jdkKey);
    s.update(unsigned);
    return s.verify(signature);
  }

  /** Converts an RFC 8032 encoded point (little-endian y, sign bit of x on top) for the JDK. */
  private static PublicKey jdkPublicKey(byte[] encoded) throws Exception {
    byte[] le = encoded.clone();
    boolean xOdd = (le[31] & 0x80) != 0;
    le[31] &= 0x7f;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, be));
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
  }
}

package io.gridwork.bench.jmh;

import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.DecodeResult;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.TxCodec;
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

/** Decoding, encoding and hashing a transfer: costs that must stay small beside verification. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TxCodecBenchmark {
  private SignedTransaction signed;
  private byte[] encoded;

  @Setup
  public void setUp() {
    KeyPair key = KeyPair.fromLabel("bench-signer");
    signed =
        new Transaction(
                "bench",
                key.publicKey(),
                7,
                1_000,
                new Transfer(KeyPair.fromLabel("to").address(), 5))
            .sign(key);
    encoded = signed.encode();
  }

  @Benchmark
  public DecodeResult decode() {
    return TxCodec.decode(encoded);
  }

  @Benchmark
  public byte[] encode() {
    return TxCodec.encode(signed);
  }

  @Benchmark
  public Hash hash() {
    return Hash.sha256(encoded);
  }
}

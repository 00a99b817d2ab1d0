package io.gridwork.protocol.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.crypto.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pushes random and mutated bytes through {@link TxCodec#decode}. A fixed seed keeps any failure
 * reproducible; the input that broke it is in the assertion message.
 */
class TxCodecFuzzTest {
  private static final long SEED = 0x6772_6964L;
  private static final int RANDOM_INPUTS = 4_000;
  private static final int MUTATED_INPUTS = 12_000;
  private static final int[] EDGE_BYTES = {0x00, 0x01, 0x7f, 0x80, 0xc0, 0xed, 0xff};

  private final Random random = new Random(SEED);
  private int ok;
  private int malformed;

  private static List<byte[]> corpus() {
    KeyPair alice = KeyPair.fromLabel("alice");
    TreeMap<String, String> attributes = new TreeMap<>();
    attributes.put("a", "");
    attributes.put("zone", "Zürich ⚡");
    attributes.put("𝔾", "astral");
    List<byte[]> corpus = new ArrayList<>();
    List<TxBody> bodies =
        List.of(
            new Transfer(KeyPair.fromLabel("bob").address(), Long.MAX_VALUE),
            new BondStake(0),
            new UnbondStake(1),
            new RegisterProvider(
                List.of(new GpuInventory("RTX 4090", 24_576, 2), new GpuInventory("", 0, 0)),
                "eu",
                "premium",
                attributes,
                5));
    for (TxBody body : bodies) {
      corpus.add(
          new Transaction("gridwork-devnet", alice.publicKey(), 1, 10, body).sign(alice).encode());
    }
    return corpus;
  }

  private void check(byte[] input) {
    DecodeResult result;
    try {
      result = TxCodec.decode(input);
    } catch (RuntimeException e) {
      throw new AssertionError("decode threw on " + HexFormat.of().formatHex(input), e);
    }
    if (result instanceof DecodeResult.Ok decoded) {
      assertThat(TxCodec.encode(decoded.tx()))
          .as("re-encoding %s", HexFormat.of().formatHex(input))
          .isEqualTo(input);
      ok++;
    } else {
      malformed++;
    }
  }

  private byte[] mutate(byte[] input) {
    byte[] out = input;
    int rounds = 1 + random.nextInt(3);
    for (int round = 0; round < rounds; round++) {
      out = mutateOnce(out);
    }
    return out;
  }

  private byte[] mutateOnce(byte[] in) {
    if (in.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(in.length);
    byte[] out = in.clone();
    switch (random.nextInt(7)) {
      case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
      case 1 -> out[at] = (byte) EDGE_BYTES[random.nextInt(EDGE_BYTES.length)];
      case 2 -> {
        out = new byte[in.length + 1];
        System.arraycopy(in, 0, out, 0, at);
        out[at] = (byte) random.nextInt(256);
        System.arraycopy(in, at, out, at + 1, in.length - at);
      }
      case 3 -> {
        out = new byte[in.length - 1];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + 1, out, at, in.length - at - 1);
      }
      case 4 -> out = Arrays.copyOf(in, at);
      case 5 -> {
        // Length prefixes and counts are where parsers overrun: write extreme ones anywhere.
        int width = Math.min(in.length - at, 1 + random.nextInt(4));
        Arrays.fill(out, at, at + width, random.nextBoolean() ? (byte) 0xff : (byte) 0x7f);
      }
      default -> {
        int length = random.nextInt(in.length - at) + 1;
        out = new byte[in.length + length];
        System.arraycopy(in, 0, out, 0, at + length);
        System.arraycopy(in, at, out, at + length, in.length - at);
      }
    }
    return out;
  }

  @Test
  void randomBytesNeverCrashTheDecoder() {
    for (int i = 0; i < RANDOM_INPUTS; i++) {
      byte[] input = new byte[random.nextInt(400)];
      random.nextBytes(input);
      if (input.length > 0 && random.nextBoolean()) {
        input[0] = TxCodec.VERSION;
      }

      check(input);
    }
    assertThat(ok + malformed).isEqualTo(RANDOM_INPUTS);
  }

  @Test
  void mutatedTransactionsDecodeToMalformedOrToTheirExactBytes() {
    List<byte[]> corpus = corpus();
    for (int i = 0; i < MUTATED_INPUTS; i++) {
      check(mutate(corpus.get(random.nextInt(corpus.size()))));
    }
    assertThat(ok).as("mutations that still decode").isPositive();
    assertThat(malformed).as("mutations that do not").isPositive();
  }
}

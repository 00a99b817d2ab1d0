package io.gridwork.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.DecodeResult;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.TxCodec;
import io.gridwork.testkit.TestKeys;
import io.gridwork.testkit.TxFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws thousands of random and mutated byte strings at the decoder and at {@code POST /v1/txs}:
 * none may crash the decoder or get a 5xx, and the node must still commit a valid transaction.
 */
class FuzzTest {
  private static final int CASES = 5_000;
  private static final long SEED = 0x6772696477L;

  @TempDir static Path dataDir;
  static Node node;
  static HttpProbe http;
  static List<byte[]> inputs;

  @BeforeAll
  static void start() {
    node = Node.start(TestChain.config(dataDir), TestChain.genesis());
    http = new HttpProbe(node.apiPort());
    inputs = fuzzInputs(new Random(SEED), CASES);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theDecoderAnswersEveryInputWithoutThrowing() {
    int decoded = 0;
    for (byte[] input : inputs) {
      DecodeResult r = TxCodec.decode(input);
      assertThat(r).isNotNull();
      if (r instanceof DecodeResult.Ok ok) {
        assertThat(TxCodec.encode(ok.tx())).isEqualTo(input);
        decoded++;
      }
    }
    assertThat(decoded).isLessThan(inputs.size());
  }

  @Test
  void theApiNeverAnswersFuzzWithA5xxAndStillCommitsAValidTransaction() {
    for (int i = 0; i < inputs.size(); i++) {
      byte[] input = inputs.get(i);
      HttpProbe.Answer a =
          i % 2 == 0
              ? http.post("/v1/txs", "application/octet-stream", input)
              : http.post(
                  "/v1/txs",
                  "application/json",
                  ("{\"tx\":\"" + Base64.getEncoder().encodeToString(input) + "\"}")
                      .getBytes(StandardCharsets.UTF_8));
      assertThat(a.status()).as("case %d: %s", i, a.body()).isLessThan(500);
      if (a.status() >= 400) {
        assertThat(a.contentType()).startsWith("application/problem+json");
      }
    }
    GridworkClient client = new GridworkClient("http://127.0.0.1:" + node.apiPort());
    KeyPair sender = TestChain.user(20);
    SignedTransaction valid =
        new TxFactory(TestChain.CHAIN_ID)
            .nonce(sender, client.account(sender.address()).orElseThrow().nonce())
            .transfer(sender, TestKeys.key("after-fuzz").address(), 5);

    assertThat(client.submit(valid).accepted()).isTrue();
    assertThat(client.awaitCommitted(valid.hash(), Duration.ofSeconds(20)).commit().ok()).isTrue();
  }

  /** Random bytes, and valid transactions with bit flips, cuts, extensions and splices. */
  static List<byte[]> fuzzInputs(Random random, int count) {
    List<byte[]> valid = validTransactions();
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] base = valid.get(random.nextInt(valid.size()));
      byte[] input =
          switch (i % 6) {
            case 0 -> randomBytes(random, random.nextInt(400));
            case 1 -> flipBits(random, base);
            case 2 -> Arrays.copyOf(base, random.nextInt(base.length));
            case 3 -> extend(random, base);
            case 4 -> splice(random, base, valid.get(random.nextInt(valid.size())));
            default -> overwriteLength(random, base);
          };
      out.add(input);
    }
    return out;
  }

  private static List<byte[]> validTransactions() {
    TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      KeyPair k = TestChain.user(i);
      out.add(txs.transfer(k, TestChain.user(7).address(), 1_000 + i).encode());
      out.add(txs.bond(k, 10).encode());
      out.add(txs.unbond(k, 10).encode());
      TreeMap<String, String> attrs = new TreeMap<>();
      attrs.put("cuda", "12.4");
      out.add(
          txs.sign(
                  k,
                  new RegisterProvider(
                      List.of(new GpuInventory("A100", 81_920, 4)), "eu", "premium", attrs, 5))
              .encode());
    }
    return out;
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] flipBits(Random random, byte[] base) {
    byte[] b = base.clone();
    int flips = 1 + random.nextInt(4);
    for (int i = 0; i < flips; i++) {
      b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return b;
  }

  private static byte[] extend(Random random, byte[] base) {
    byte[] extra = randomBytes(random, 1 + random.nextInt(64));
    byte[] b = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, b, base.length, extra.length);
    return b;
  }

  private static byte[] splice(Random random, byte[] a, byte[] b) {
    int cutA = random.nextInt(a.length);
    int cutB = random.nextInt(b.length);
    byte[] out = Arrays.copyOf(a, cutA + (b.length - cutB));
    System.arraycopy(b, cutB, out, cutA, b.length - cutB);
    return out;
  }

  /** Plants a large or negative value where a length or count may sit. */
  private static byte[] overwriteLength(Random random, byte[] base) {
    byte[] b = base.clone();
    int at = random.nextInt(Math.max(1, b.length - 4));
    int value = random.nextBoolean() ? -1 - random.nextInt(1_000) : random.nextInt();
    for (int k = 0; k < 4 && at + k < b.length; k++) {
      b[at + k] = (byte) (value >>> (24 - 8 * k));
    }
    return b;
  }
}

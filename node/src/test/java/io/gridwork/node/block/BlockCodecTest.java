package io.gridwork.node.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.node.TestChain;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.codec.MalformedDataException;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.JobDone;
import io.gridwork.protocol.event.Transferred;
import io.gridwork.protocol.event.UnknownEvent;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.testkit.TxFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class BlockCodecTest {

  private static Block block(int txCount, long height) {
    TxFactory txs = new TxFactory(TestChain.CHAIN_ID);
    List<SignedTransaction> list = new ArrayList<>();
    for (int i = 0; i < txCount; i++) {
      list.add(txs.transfer(TestChain.user(i % 4), TestChain.user(5).address(), i + 1));
    }
    BlockHeader header =
        new BlockHeader(
            TestChain.CHAIN_ID,
            height,
            1_000 + height,
            Hash.sha256(new byte[] {1}),
            Block.txRoot(list.stream().map(SignedTransaction::hash).toList()),
            Hash.sha256(new byte[] {2}),
            Hash.sha256(new byte[] {3}));
    return new Block(header, list);
  }

  private static BlockResults results(int txCount, String message) {
    List<TxResult> results = new ArrayList<>();
    for (int i = 0; i < txCount; i++) {
      results.add(
          TxResult.of(
              i % 2 == 0 ? "OK" : "INSUFFICIENT_FUNDS",
              message,
              1_000,
              List.of(
                  new Transferred(
                      TestChain.user(i % 4).address(), TestChain.user(5).address(), i))));
    }
    return new BlockResults(
        results, List.of(new UnknownEvent("unbonded", new TreeMap<>(Map.of("owner", message)))));
  }

  @Property(tries = 50)
  void blocksSurviveEncodingAndEachTxCanBePickedOut(
      @ForAll @IntRange(min = 0, max = 12) int txCount,
      @ForAll @IntRange(min = 0, max = 1_000_000) int height) {
    Block block = block(txCount, height);

    byte[] encoded = BlockCodec.encode(block);

    assertThat(BlockCodec.decode(encoded)).isEqualTo(block);
    assertThat(BlockCodec.decodeHeader(encoded)).isEqualTo(block.header());
    for (int i = 0; i < txCount; i++) {
      assertThat(BlockCodec.txAt(encoded, i)).isEqualTo(block.txs().get(i));
    }
  }

  @Property(tries = 50)
  void resultsSurviveEncodingAndEachResultCanBePickedOut(
      @ForAll @IntRange(min = 0, max = 12) int txCount,
      @ForAll @StringLength(max = 40) String message) {
    BlockResults results = results(txCount, message);

    byte[] encoded = BlockCodec.encodeResults(results);

    assertThat(BlockCodec.decodeResults(encoded)).isEqualTo(results);
    for (int i = 0; i < txCount; i++) {
      assertThat(BlockCodec.resultAt(encoded, i)).isEqualTo(results.txResults().get(i));
    }
  }

  @Property(tries = 30)
  void theBlockHashCommitsToEveryHeaderField(@ForAll @IntRange(min = 1, max = 1_000) int height) {
    BlockHeader h = block(1, height).header();
    BlockHeader later =
        new BlockHeader(
            h.chainId(),
            h.height(),
            h.timestampMillis() + 1,
            h.previousHash(),
            h.txRoot(),
            h.resultsHash(),
            h.stateRoot());

    assertThat(later.hash()).isNotEqualTo(h.hash());
  }

  @Test
  void resultsStoredAsTypeAndAttributesDecodeIntoRecordsAndEncodeToTheSameBytes() {
    Map<String, String> transfer =
        Map.of(
            "amount", "7",
            "from", TestChain.user(0).address().toString(),
            "to", TestChain.user(1).address().toString());
    CanonicalWriter result = new CanonicalWriter(256);
    result
        .string("OK")
        .string("")
        .i64(1_000)
        .i32(1)
        .string("transfer")
        .stringMap(new TreeMap<>(transfer));
    CanonicalWriter stored = new CanonicalWriter(512);
    stored.i32(1).bytes(result.toByteArray());
    stored
        .i32(1)
        .string("job_done")
        .stringMap(new TreeMap<>(Map.of("job", Hash.sha256(new byte[] {4}).toHex())));
    byte[] bytes = stored.toByteArray();

    BlockResults decoded = BlockCodec.decodeResults(bytes);

    assertThat(decoded.txResults().get(0).events())
        .containsExactly(
            new Transferred(TestChain.user(0).address(), TestChain.user(1).address(), 7));
    assertThat(decoded.blockEvents()).containsExactly(new JobDone(Hash.sha256(new byte[] {4})));
    assertThat(BlockCodec.encodeResults(decoded)).isEqualTo(bytes);
  }

  @Test
  void aStoredEventOfAKnownKindWithABadAttributeIsCorruptData() {
    CanonicalWriter stored = new CanonicalWriter(128);
    stored.i32(0).i32(1).string("job_done").stringMap(new TreeMap<>(Map.of("job", "not a hash")));

    assertThatThrownBy(() -> BlockCodec.decodeResults(stored.toByteArray()))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("job_done")
        .hasMessageContaining("job");
  }
}

package io.gridwork.node.block;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.protocol.codec.CanonicalReader;
import io.gridwork.protocol.codec.CanonicalWriter;
import io.gridwork.protocol.codec.MalformedDataException;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.event.MalformedEventException;
import io.gridwork.protocol.tx.DecodeResult;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.TxCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stored forms of blocks and their results. Transactions and results are length-prefixed so one
 * of them can be picked out of a stored block without decoding the others. Stored bytes were
 * written by this node, so anything unreadable is corruption and throws.
 */
public final class BlockCodec {
  private static final int MAX_STRING = 65_535;
  private static final int MAX_ATTRIBUTES = 65_535;
  private static final int RESULT_BYTES = 384;

  private BlockCodec() {}

  public static byte[] encode(Block block) {
    List<byte[]> txs = new ArrayList<>(block.txs().size());
    for (SignedTransaction tx : block.txs()) {
      txs.add(tx.encode());
    }
    return encode(block.header(), txs);
  }

  /** The stored form of a block whose transactions are already encoded, in block order. */
  public static byte[] encode(BlockHeader header, List<byte[]> encodedTxs) {
    int size = 256;
    for (byte[] tx : encodedTxs) {
      size += 4 + tx.length;
    }
    CanonicalWriter w = new CanonicalWriter(size);
    header.write(w);
    w.i32(encodedTxs.size());
    for (byte[] tx : encodedTxs) {
      w.bytes(tx);
    }
    return w.toByteArray();
  }

  public static Block decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    BlockHeader header = BlockHeader.read(r);
    int n = r.i32("tx count");
    List<SignedTransaction> txs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      txs.add(decodeStoredTx(r.bytes(TxCodec.MAX_TX_BYTES, "tx")));
    }
    r.expectEnd("stored block");
    return new Block(header, txs);
  }

  public static BlockHeader decodeHeader(byte[] bytes) {
    return BlockHeader.read(new CanonicalReader(bytes));
  }

  /** The {@code index}-th transaction of an encoded block, skipping the others undecoded. */
  public static SignedTransaction txAt(byte[] encodedBlock, int index) {
    CanonicalReader r = new CanonicalReader(encodedBlock);
    BlockHeader.read(r);
    int n = r.i32("tx count");
    if (index < 0 || index >= n) {
      throw new IllegalStateException("stored block has " + n + " txs, no index " + index);
    }
    skip(r, index);
    return decodeStoredTx(r.bytes(TxCodec.MAX_TX_BYTES, "tx"));
  }

  private static SignedTransaction decodeStoredTx(byte[] bytes) {
    return switch (TxCodec.decode(bytes)) {
      case DecodeResult.Ok ok -> ok.tx();
      case DecodeResult.Malformed m ->
          throw new IllegalStateException("stored transaction is corrupt: " + m.reason());
    };
  }

  public static byte[] encodeResults(BlockResults results) {
    // Sized for a transfer's result (two events, some 300 bytes) so that neither buffer has to
    // grow and copy itself on the way.
    CanonicalWriter w = new CanonicalWriter(64 + results.txResults().size() * RESULT_BYTES);
    w.i32(results.txResults().size());
    for (TxResult res : results.txResults()) {
      CanonicalWriter rw = new CanonicalWriter(RESULT_BYTES);
      rw.string(res.code()).string(res.message()).i64(res.feeCharged());
      writeEvents(rw, res.events());
      w.bytes(rw.toByteArray());
    }
    writeEvents(w, results.blockEvents());
    return w.toByteArray();
  }

  public static BlockResults decodeResults(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int n = r.i32("result count");
    List<TxResult> results = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      results.add(readResult(r.bytes(Integer.MAX_VALUE, "result")));
    }
    List<LedgerEvent> blockEvents = readEvents(r);
    r.expectEnd("stored results");
    return new BlockResults(results, blockEvents);
  }

  /** The {@code index}-th transaction result of encoded block results. */
  public static TxResult resultAt(byte[] encodedResults, int index) {
    CanonicalReader r = new CanonicalReader(encodedResults);
    int n = r.i32("result count");
    if (index < 0 || index >= n) {
      throw new IllegalStateException("stored results have " + n + " entries, no index " + index);
    }
    skip(r, index);
    return readResult(r.bytes(Integer.MAX_VALUE, "result"));
  }

  private static void skip(CanonicalReader r, int count) {
    for (int i = 0; i < count; i++) {
      int len = r.i32("length");
      r.fixed(len, "skipped entry");
    }
  }

  private static TxResult readResult(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    String code = r.string(MAX_STRING, "code");
    String message = r.string(MAX_STRING, "message");
    long fee = r.i64("fee charged");
    List<LedgerEvent> events = readEvents(r);
    r.expectEnd("stored result");
    return TxResult.of(code, message, fee, events);
  }

  private static void writeEvents(CanonicalWriter w, List<LedgerEvent> events) {
    w.i32(events.size());
    for (LedgerEvent e : events) {
      w.string(e.type()).stringMap(e.attributes());
    }
  }

  private static List<LedgerEvent> readEvents(CanonicalReader r) {
    int n = r.i32("event count");
    List<LedgerEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String type = r.string(MAX_STRING, "event type");
      Map<String, String> attrs =
          r.stringMap(MAX_ATTRIBUTES, MAX_STRING, MAX_STRING, "event attributes");
      try {
        events.add(LedgerEvent.fromCanonical(type, attrs));
      } catch (MalformedEventException e) {
        throw new MalformedDataException("stored event " + e.getMessage());
      }
    }
    return events;
  }
}

package io.gridwork.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverlayStateTest {

  private static byte[] k(int... bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = (byte) bytes[i];
    }
    return out;
  }

  private static List<String> scan(ReadableState state, byte[] prefix) {
    List<String> out = new ArrayList<>();
    state.scan(
        prefix,
        (key, value) -> {
          out.add(HexFormat.of().formatHex(key) + "=" + HexFormat.of().formatHex(value));
          return true;
        });
    return out;
  }

  private static MemoryState base() {
    MemoryState base = new MemoryState();
    base.put(k(1, 1), k(0xa1));
    base.put(k(1, 3), k(0xa3));
    base.put(k(1, 5), k(0xa5));
    base.put(k(2, 1), k(0xb1));
    return base;
  }

  @Test
  void readsSeeBufferedWritesAndDeletes() {
    OverlayState overlay = new OverlayState(base());

    overlay.put(k(1, 1), k(0xee));
    overlay.delete(k(1, 3));

    assertThat(overlay.get(k(1, 1))).containsExactly(0xee);
    assertThat(overlay.get(k(1, 3))).isNull();
    assertThat(overlay.get(k(1, 5))).containsExactly(0xa5);
  }

  @Test
  void scanMergesBaseAndBufferInKeyOrder() {
    OverlayState overlay = new OverlayState(base());
    overlay.put(k(1, 0), k(0xc0));
    overlay.put(k(1, 4), k(0xc4));
    overlay.put(k(1, 5), k(0xc5));
    overlay.delete(k(1, 3));
    overlay.put(k(1, 9), k(0xc9));
    overlay.put(k(2, 0), k(0xd0));

    assertThat(scan(overlay, k(1)))
        .containsExactly("0100=c0", "0101=a1", "0104=c4", "0105=c5", "0109=c9");
  }

  @Test
  void scanOfAnOverlayStopsWhenTheVisitorSaysSo() {
    OverlayState overlay = new OverlayState(base());
    overlay.put(k(1, 0), k(0xc0));
    overlay.put(k(1, 2), k(0xc2));
    List<Integer> seen = new ArrayList<>();

    overlay.scan(
        k(1),
        (key, value) -> {
          seen.add((int) key[1]);
          return seen.size() < 3;
        });

    assertThat(seen).containsExactly(0, 1, 2);
  }

  @Test
  void nestedOverlaysCommitIntoTheirParentOnly() {
    MemoryState base = base();
    OverlayState block = new OverlayState(base);
    OverlayState tx = new OverlayState(block);
    tx.put(k(1, 7), k(0x77));

    tx.applyTo(block);

    assertThat(block.get(k(1, 7))).containsExactly(0x77);
    assertThat(base.get(k(1, 7))).isNull();
  }

  @Test
  void aDiscardedOverlayLeavesItsBaseUntouched() {
    MemoryState base = base();
    OverlayState overlay = new OverlayState(base);
    overlay.put(k(1, 1), k(0xee));
    overlay.delete(k(2, 1));

    assertThat(scan(base, k())).containsExactly("0101=a1", "0103=a3", "0105=a5", "0201=b1");
  }

  @Test
  void effectiveWritesLeaveOutRewritesOfTheSameValueAndDeletesOfAbsentKeys() {
    OverlayState overlay = new OverlayState(base());
    overlay.put(k(1, 1), k(0xa1));
    overlay.put(k(1, 3), k(0x33));
    overlay.delete(k(1, 5));
    overlay.delete(k(1, 6));
    overlay.put(k(1, 8), k(0x88));
    overlay.put(k(1, 9), k(0x99));
    overlay.delete(k(1, 9));

    Map<byte[], byte[]> effective = overlay.effectiveWrites();

    assertThat(effective.keySet())
        .extracting(HexFormat.of()::formatHex)
        .containsExactly("0103", "0105", "0108");
    assertThat(effective.get(k(1, 5))).isNull();
  }

  @Test
  void aValueReadFromTheBaseIsHandedOutAsACopy() {
    OverlayState overlay = new OverlayState(base());

    overlay.get(k(1, 1))[0] = 0x00;

    assertThat(overlay.get(k(1, 1))).containsExactly(0xa1);
  }

  @Test
  void aReadOfAKeyTheBaseLacksLeavesTheKeyAbsentFromEffectiveWrites() {
    OverlayState overlay = new OverlayState(base());
    overlay.get(k(1, 7));

    overlay.delete(k(1, 7));

    assertThat(overlay.get(k(1, 7))).isNull();
    assertThat(overlay.effectiveWrites()).isEmpty();
  }
}

package io.gridwork.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryStateTest {

  private static List<String> scanKeys(ReadableState state, byte[] prefix) {
    List<String> keys = new ArrayList<>();
    state.scan(
        prefix,
        (k, v) -> {
          keys.add(HexFormat.of().formatHex(k));
          return true;
        });
    return keys;
  }

  @Test
  void scanVisitsKeysInUnsignedByteOrder() {
    MemoryState state = new MemoryState();
    state.put(new byte[] {1, (byte) 0x80}, new byte[] {1});
    state.put(new byte[] {1, 0x7f}, new byte[] {2});
    state.put(new byte[] {1, (byte) 0xff}, new byte[] {3});

    assertThat(scanKeys(state, new byte[] {1})).containsExactly("017f", "0180", "01ff");
  }

  @Test
  void scanStopsAtTheEndOfThePrefix() {
    MemoryState state = new MemoryState();
    state.put(new byte[] {1, 1}, new byte[] {1});
    state.put(new byte[] {2, 1}, new byte[] {2});
    state.put(new byte[] {0, 1}, new byte[] {3});

    assertThat(scanKeys(state, new byte[] {1})).containsExactly("0101");
  }

  @Test
  void scanStopsWhenTheVisitorReturnsFalse() {
    MemoryState state = new MemoryState();
    for (int i = 0; i < 5; i++) {
      state.put(new byte[] {1, (byte) i}, new byte[] {0});
    }
    List<Integer> seen = new ArrayList<>();

    state.scan(
        new byte[] {1},
        (k, v) -> {
          seen.add((int) k[1]);
          return seen.size() < 2;
        });

    assertThat(seen).containsExactly(0, 1);
  }

  @Test
  void storedBytesCannotBeChangedThroughTheCallersArrays() {
    MemoryState state = new MemoryState();
    byte[] value = {1, 2, 3};
    state.put(new byte[] {9}, value);

    value[0] = 42;
    state.get(new byte[] {9})[1] = 42;

    assertThat(state.get(new byte[] {9})).containsExactly(1, 2, 3);
  }

  @Test
  void deleteRemovesTheKey() {
    MemoryState state = new MemoryState();
    state.put(new byte[] {9}, new byte[] {1});

    state.delete(new byte[] {9});

    assertThat(state.get(new byte[] {9})).isNull();
    assertThat(state.size()).isZero();
  }
}

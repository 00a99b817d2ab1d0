package io.gridwork.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CanonicalReaderTest {

  @Test
  void zeroAndOneAreTheBooleans() {
    CanonicalReader r = new CanonicalReader(new byte[] {0, 1});

    assertThat(r.bool("flag")).isFalse();
    assertThat(r.bool("flag")).isTrue();
  }

  @Test
  void booleanOtherThanZeroOrOneIsMalformed() {
    CanonicalReader r = new CanonicalReader(new byte[] {2});

    assertThatThrownBy(() -> r.bool("active"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage("active must be 0 or 1, got 2");
  }

  @Test
  void writtenPrimitivesReadBack() {
    TreeMap<String, String> map = new TreeMap<>();
    map.put("a", "1");
    map.put("b", "é");
    byte[] bytes =
        new CanonicalWriter()
            .u8(255)
            .bool(true)
            .u16(65_535)
            .i32(Integer.MIN_VALUE)
            .i64(Long.MIN_VALUE)
            .bytes(new byte[] {9, 8})
            .string("grïd")
            .stringMap(map)
            .toByteArray();

    CanonicalReader r = new CanonicalReader(bytes);

    assertThat(r.u8("u8")).isEqualTo(255);
    assertThat(r.bool("bool")).isTrue();
    assertThat(r.u16("u16")).isEqualTo(65_535);
    assertThat(r.i32("i32")).isEqualTo(Integer.MIN_VALUE);
    assertThat(r.i64("i64")).isEqualTo(Long.MIN_VALUE);
    assertThat(r.bytes(2, "bytes")).containsExactly(9, 8);
    assertThat(r.string(16, "string")).isEqualTo("grïd");
    assertThat(r.stringMap(2, 1, 2, "map")).isEqualTo(map);
    r.expectEnd("record");
  }

  @Test
  void negativeByteLengthIsMalformed() {
    CanonicalReader r = new CanonicalReader(new CanonicalWriter().i32(-1).toByteArray());

    assertThatThrownBy(() -> r.bytes(100, "blob"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage("blob is -1 bytes, at most 100");
  }

  @Test
  void readingPastTheEndNamesTheField() {
    CanonicalReader r = new CanonicalReader(new byte[3]);

    assertThatThrownBy(() -> r.i64("height"))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage("truncated input reading height");
  }

  @Test
  void writerRefusesAStringTooLongForItsPrefix() {
    CanonicalWriter w = new CanonicalWriter();

    assertThatThrownBy(() -> w.string("x".repeat(65_536)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

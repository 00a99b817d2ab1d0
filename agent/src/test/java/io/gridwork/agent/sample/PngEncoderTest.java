package io.gridwork.agent.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PngEncoderTest {

  @Property(tries = 100)
  void adler32MatchesTheJdkChecksum(@ForAll @Size(max = 20_000) byte[] data) {
    Adler32 reference = new Adler32();
    reference.update(data);

    assertThat(PngEncoder.adler32(data)).isEqualTo((int) reference.getValue());
  }

  @Test
  void adler32StaysCorrectWhenEveryByteIsMaximal() {
    byte[] data = new byte[100_000];
    Arrays.fill(data, (byte) 0xFF);
    Adler32 reference = new Adler32();
    reference.update(data);

    assertThat(PngEncoder.adler32(data)).isEqualTo((int) reference.getValue());
  }

  @Test
  void storedStreamLargerThanOneBlockInflatesToItsInput() throws DataFormatException {
    byte[] data = new byte[3 * PngEncoder.MAX_STORED_BLOCK + 17];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + (i >>> 9));
    }

    assertThat(inflate(PngEncoder.zlibStored(data), data.length)).isEqualTo(data);
  }

  @Test
  void emptyStoredStreamInflatesToNothing() throws DataFormatException {
    assertThat(inflate(PngEncoder.zlibStored(new byte[0]), 0)).isEmpty();
  }

  @Test
  void imageDecodesWithItsSizeAndPixels() throws IOException {
    int width = 300;
    int height = 250;
    int[] pixels = new int[width * height];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (int) ((i * 2_654_435_761L) & 0xFFFFFF);
    }
    Image image = new Image(width, height, pixels);

    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(image)));

    assertThat(decoded.getWidth()).isEqualTo(width);
    assertThat(decoded.getHeight()).isEqualTo(height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        assertThat(decoded.getRGB(x, y) & 0xFFFFFF).isEqualTo(image.rgb(x, y));
      }
    }
  }

  private static byte[] inflate(byte[] zlib, int expectedLength) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(zlib);
      byte[] out = new byte[expectedLength + 1];
      int length = inflater.inflate(out);
      assertThat(inflater.finished()).isTrue();
      return Arrays.copyOf(out, length);
    } finally {
      inflater.end();
    }
  }
}

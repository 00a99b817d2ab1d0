package io.gridwork.agent.sample;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Encodes an {@link Image} as an 8-bit RGB PNG whose bytes depend only on the pixels.
 *
 * <p>The zlib stream uses stored (uncompressed) deflate blocks and an Adler-32 computed here:
 * {@code java.util.zip.Deflater} may delegate to the system zlib, whose compressed output differs
 * between builds, and hashes of rendered frames must match across machines. Every row uses filter
 * type 0 (none) for the same reason: no encoder heuristics, nothing to vary.
 */
final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /** The largest payload one stored deflate block can carry. */
  static final int MAX_STORED_BLOCK = 65_535;

  private static final int ADLER_MOD = 65_521;

  /** How many bytes may be summed before reducing, the bound zlib uses to keep the sums small. */
  private static final int ADLER_MAX_RUN = 5_552;

  private PngEncoder() {}

  static byte[] encode(Image image) {
    byte[] raw = scanlines(image);
    ByteArrayOutputStream png = new ByteArrayOutputStream(raw.length + raw.length / 8192 + 128);
    png.writeBytes(SIGNATURE);
    writeChunk(png, "IHDR", header(image));
    writeChunk(png, "IDAT", zlibStored(raw));
    writeChunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  /** Rows of filter byte 0 followed by R, G, B per pixel. */
  private static byte[] scanlines(Image image) {
    int width = image.width();
    int rowBytes = 1 + 3 * width;
    byte[] raw = new byte[Math.multiplyExact(rowBytes, image.height())];
    int[] pixels = image.pixels();
    for (int y = 0; y < image.height(); y++) {
      int out = y * rowBytes + 1;
      for (int x = 0; x < width; x++) {
        int rgb = pixels[y * width + x];
        raw[out++] = (byte) (rgb >>> 16);
        raw[out++] = (byte) (rgb >>> 8);
        raw[out++] = (byte) rgb;
      }
    }
    return raw;
  }

  private static byte[] header(Image image) {
    byte[] ihdr = new byte[13];
    putInt(ihdr, 0, image.width());
    putInt(ihdr, 4, image.height());
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // colour type: truecolour RGB
    ihdr[10] = 0; // compression method: deflate
    ihdr[11] = 0; // filter method: adaptive, with every row using type 0
    ihdr[12] = 0; // no interlace
    return ihdr;
  }

  /** A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951, BTYPE 00). */
  static byte[] zlibStored(byte[] data) {
    int blocks = Math.max(1, (data.length + MAX_STORED_BLOCK - 1) / MAX_STORED_BLOCK);
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 5 * blocks + 6);
    // CMF 0x78: deflate with a 32 KiB window; FLG 0x01: no dictionary, "fastest" level, and makes
    // CMF*256 + FLG a multiple of 31 as the header check requires.
    out.write(0x78);
    out.write(0x01);
    int offset = 0;
    do {
      int length = Math.min(MAX_STORED_BLOCK, data.length - offset);
      boolean last = offset + length == data.length;
      out.write(last ? 1 : 0);
      out.write(length & 0xFF);
      out.write(length >>> 8);
      out.write(~length & 0xFF);
      out.write((~length >>> 8) & 0xFF);
      out.write(data, offset, length);
      offset += length;
    } while (offset < data.length);
    byte[] checksum = new byte[4];
    putInt(checksum, 0, adler32(data));
    out.writeBytes(checksum);
    return out.toByteArray();
  }

  /** Adler-32 (RFC 1950 section 8.2) of {@code data}. */
  static int adler32(byte[] data) {
    long a = 1;
    long b = 0;
    int offset = 0;
    while (offset < data.length) {
      int end = Math.min(data.length, offset + ADLER_MAX_RUN);
      for (; offset < end; offset++) {
        a += data[offset] & 0xFF;
        b += a;
      }
      a %= ADLER_MOD;
      b %= ADLER_MOD;
    }
    return (int) ((b << 16) | a);
  }

  private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    byte[] length = new byte[4];
    putInt(length, 0, data.length);
    png.writeBytes(length);
    png.writeBytes(typeBytes);
    png.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    byte[] crcBytes = new byte[4];
    putInt(crcBytes, 0, (int) crc.getValue());
    png.writeBytes(crcBytes);
  }

  private static void putInt(byte[] target, int offset, int value) {
    target[offset] = (byte) (value >>> 24);
    target[offset + 1] = (byte) (value >>> 16);
    target[offset + 2] = (byte) (value >>> 8);
    target[offset + 3] = (byte) value;
  }
}

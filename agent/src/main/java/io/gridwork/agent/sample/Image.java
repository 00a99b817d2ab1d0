package io.gridwork.agent.sample;

import java.util.Arrays;

/**
 * An 8-bit RGB image held in memory so that it can be both encoded and inspected.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param pixels row-major, top row first, each pixel packed as {@code 0xRRGGBB}
 */
public record Image(int width, int height, int[] pixels) {
  public Image {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "an image needs at least one pixel, got " + width + "x" + height);
    }
    if (pixels.length != (long) width * height) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " image has "
              + (long) width * height
              + " pixels, got "
              + pixels.length);
    }
    pixels = pixels.clone();
    for (int pixel : pixels) {
      if ((pixel & 0xFF000000) != 0) {
        throw new IllegalArgumentException(
            "pixels are packed as 0xRRGGBB, got " + Integer.toHexString(pixel));
      }
    }
  }

  @Override
  public int[] pixels() {
    return pixels.clone();
  }

  /** The pixel at column {@code x}, row {@code y} (row 0 at the top), packed as 0xRRGGBB. */
  public int rgb(int x, int y) {
    if (x < 0 || x >= width || y < 0 || y >= height) {
      throw new IndexOutOfBoundsException(
          "(" + x + ", " + y + ") is outside a " + width + "x" + height + " image");
    }
    return pixels[y * width + x];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Image other
        && width == other.width
        && height == other.height
        && Arrays.equals(pixels, other.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "Image[" + width + "x" + height + "]";
  }
}

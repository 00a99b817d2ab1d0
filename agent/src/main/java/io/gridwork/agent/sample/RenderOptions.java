package io.gridwork.agent.sample;

/**
 * What a sample frame is rendered at; two renders of the same frame with equal options produce the
 * same bytes.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param samplesPerPixel camera rays averaged per pixel; more means less noise and more time
 * @param maxBounces how many times a path may scatter before it stops gathering light
 */
public record RenderOptions(int width, int height, int samplesPerPixel, int maxBounces) {
  /** Largest accepted width or height, which keeps the image within one PNG chunk. */
  public static final int MAX_DIMENSION = 8192;

  public static final int MAX_SAMPLES_PER_PIXEL = 4096;
  public static final int MAX_BOUNCES = 64;

  /**
   * The demo's defaults: a 320x180 frame with 32 samples per pixel and 4 bounces, which takes about
   * 0.6 s on one core in a fresh JVM and 0.3 s once the JIT has warmed up.
   */
  public static final RenderOptions DEFAULT = new RenderOptions(320, 180, 32, 4);

  public RenderOptions {
    requireInRange("width", width, 1, MAX_DIMENSION);
    requireInRange("height", height, 1, MAX_DIMENSION);
    requireInRange("samplesPerPixel", samplesPerPixel, 1, MAX_SAMPLES_PER_PIXEL);
    requireInRange("maxBounces", maxBounces, 0, MAX_BOUNCES);
  }

  private static void requireInRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}

package io.gridwork.agent.sample;

/**
 * SplitMix64 random numbers whose stream is a pure function of (frame, pixel, sample), so a pixel
 * renders the same whichever thread computes it and in whatever order.
 *
 * <p>Mutable; each instance is owned by the one thread tracing a path.
 */
final class PathRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final double UNIT = 0x1.0p-53;

  private long state;

  /** Starts the stream for one camera sample. */
  void seed(int frame, int pixel, int sample) {
    long s = mix(0x6772696477726BL ^ frame);
    s = mix(s + GOLDEN_GAMMA * (pixel + 1L));
    state = mix(s + sample);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /**
   * A double uniform in [0, 1): the top 53 bits scaled by 2^-53, which is exact, so no rounding
   * mode can change it.
   */
  double nextDouble() {
    return (nextLong() >>> 11) * UNIT;
  }

  /** A double uniform in [-1, 1). */
  double nextSigned() {
    return 2 * nextDouble() - 1;
  }

  /**
   * A point uniform in the unit ball, by rejection: this avoids trigonometry in the inner loop and
   * stays exact because only multiplications and additions decide acceptance.
   */
  Vec3 inUnitBall() {
    while (true) {
      double x = nextSigned();
      double y = nextSigned();
      double z = nextSigned();
      double r2 = x * x + y * y + z * z;
      if (r2 <= 1 && r2 > 1e-12) {
        return new Vec3(x, y, z);
      }
    }
  }

  /** A direction uniform on the unit sphere. */
  Vec3 unitVector() {
    return inUnitBall().normalized();
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

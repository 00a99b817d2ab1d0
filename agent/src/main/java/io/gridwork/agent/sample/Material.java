package io.gridwork.agent.sample;

/** How a surface scatters light; the tracer switches over the kinds exhaustively. */
sealed interface Material {
  /** A diffuse surface of one colour. */
  record Matte(Vec3 albedo) implements Material {}

  /** A diffuse surface tiled in two colours on the x-z plane, tiles {@code size} units wide. */
  record Checker(Vec3 even, Vec3 odd, double size) implements Material {
    Vec3 albedoAt(Vec3 p) {
      long cell = (long) StrictMath.floor(p.x() / size) + (long) StrictMath.floor(p.z() / size);
      return (cell & 1) == 0 ? even : odd;
    }
  }

  /** A mirror tinted by {@code tint}; {@code fuzz} (0 = perfect) blurs reflections. */
  record Metal(Vec3 tint, double fuzz) implements Material {}
}

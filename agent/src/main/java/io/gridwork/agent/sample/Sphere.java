package io.gridwork.agent.sample;

/** A ball in the scene. */
record Sphere(Vec3 center, double radius, Material material) {
  /**
   * Distance along the unit direction {@code d} from {@code o} to the nearest surface point farther
   * than {@code tMin}, or infinity if the ray misses.
   */
  double hit(Vec3 o, Vec3 d, double tMin) {
    double ox = o.x() - center.x();
    double oy = o.y() - center.y();
    double oz = o.z() - center.z();
    double b = ox * d.x() + oy * d.y() + oz * d.z();
    double c = ox * ox + oy * oy + oz * oz - radius * radius;
    double disc = b * b - c;
    if (disc < 0) {
      return Double.POSITIVE_INFINITY;
    }
    double root = Math.sqrt(disc);
    double near = -b - root;
    if (near > tMin) {
      return near;
    }
    double far = -b + root;
    return far > tMin ? far : Double.POSITIVE_INFINITY;
  }
}

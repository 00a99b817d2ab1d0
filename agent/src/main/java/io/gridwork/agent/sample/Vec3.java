package io.gridwork.agent.sample;

/** A point, direction or linear RGB colour; the tracer's one arithmetic type. */
record Vec3(double x, double y, double z) {
  static final Vec3 ZERO = new Vec3(0, 0, 0);

  Vec3 plus(Vec3 o) {
    return new Vec3(x + o.x, y + o.y, z + o.z);
  }

  Vec3 minus(Vec3 o) {
    return new Vec3(x - o.x, y - o.y, z - o.z);
  }

  Vec3 times(double s) {
    return new Vec3(x * s, y * s, z * s);
  }

  /** Component-wise product: how a surface colour filters light. */
  Vec3 times(Vec3 o) {
    return new Vec3(x * o.x, y * o.y, z * o.z);
  }

  double dot(Vec3 o) {
    return x * o.x + y * o.y + z * o.z;
  }

  Vec3 cross(Vec3 o) {
    return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
  }

  double length() {
    return Math.sqrt(dot(this));
  }

  Vec3 normalized() {
    return times(1.0 / length());
  }

  /** This direction mirrored about the unit normal {@code n}. */
  Vec3 reflect(Vec3 n) {
    return minus(n.times(2 * dot(n)));
  }

  /** Linear blend from this (at 0) to {@code o} (at 1). */
  Vec3 lerp(Vec3 o, double t) {
    return new Vec3(x + (o.x - x) * t, y + (o.y - y) * t, z + (o.z - z) * t);
  }
}

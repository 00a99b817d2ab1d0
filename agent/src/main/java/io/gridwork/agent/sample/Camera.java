package io.gridwork.agent.sample;

/** A pinhole camera; {@link #orbit} moves it around the scene so that frames animate. */
record Camera(Vec3 eye, Vec3 lowerLeft, Vec3 horizontal, Vec3 vertical) {
  /** Frames per full turn: 48 frames loop smoothly as a two-second clip at 24 frames a second. */
  static final int FRAMES_PER_TURN = 48;

  private static final Vec3 TARGET = new Vec3(0, 0.55, 0);
  private static final double ORBIT_RADIUS = 5.6;
  private static final double EYE_HEIGHT = 1.7;
  private static final double VERTICAL_FOV_DEGREES = 40;
  private static final double START_ANGLE_DEGREES = 20;

  static Camera orbit(int frame, double aspect) {
    double degrees = START_ANGLE_DEGREES + 360.0 * (frame % FRAMES_PER_TURN) / FRAMES_PER_TURN;
    double angle = StrictMath.toRadians(degrees);
    Vec3 eye =
        new Vec3(
            ORBIT_RADIUS * StrictMath.sin(angle), EYE_HEIGHT, ORBIT_RADIUS * StrictMath.cos(angle));
    Vec3 forward = TARGET.minus(eye).normalized();
    Vec3 right = forward.cross(new Vec3(0, 1, 0)).normalized();
    Vec3 up = right.cross(forward);
    double halfHeight = StrictMath.tan(StrictMath.toRadians(VERTICAL_FOV_DEGREES) / 2);
    double halfWidth = aspect * halfHeight;
    Vec3 horizontal = right.times(2 * halfWidth);
    Vec3 vertical = up.times(2 * halfHeight);
    Vec3 lowerLeft = forward.minus(right.times(halfWidth)).minus(up.times(halfHeight));
    return new Camera(eye, lowerLeft, horizontal, vertical);
  }

  /** The unit direction through film position (s, t), both in [0, 1], t = 0 at the bottom. */
  Vec3 direction(double s, double t) {
    return lowerLeft.plus(horizontal.times(s)).plus(vertical.times(t)).normalized();
  }
}

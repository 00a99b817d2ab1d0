package io.gridwork.agent.sample;

import java.util.List;

/**
 * What the sample frames show: a few balls on a checkered ground under a sky and a sun.
 *
 * @param spheres the balls, all resting on the ground
 * @param ground the material of the plane y = 0
 * @param horizon sky radiance looking level
 * @param zenith sky radiance looking straight up
 * @param sunDirection unit vector towards the centre of the sun
 * @param sunAngularRadius the sun's apparent radius in radians; larger gives softer shadows
 * @param sunIrradiance light arriving from the sun on a surface facing it
 */
record Scene(
    List<Sphere> spheres,
    Material ground,
    Vec3 horizon,
    Vec3 zenith,
    Vec3 sunDirection,
    double sunAngularRadius,
    Vec3 sunIrradiance) {

  Scene {
    spheres = List.copyOf(spheres);
  }

  /** The demo scene every sample frame renders. */
  static Scene demo() {
    return new Scene(
        List.of(
            new Sphere(
                new Vec3(0, 1.0, 0), 1.0, new Material.Metal(new Vec3(0.92, 0.92, 0.95), 0.02)),
            new Sphere(
                new Vec3(-2.0, 0.7, 0.7), 0.7, new Material.Matte(new Vec3(0.80, 0.30, 0.18))),
            new Sphere(
                new Vec3(1.7, 0.5, 1.1), 0.5, new Material.Matte(new Vec3(0.12, 0.52, 0.58))),
            new Sphere(
                new Vec3(1.0, 0.35, -1.6), 0.35, new Material.Matte(new Vec3(0.90, 0.72, 0.18))),
            new Sphere(
                new Vec3(-0.9, 0.3, -1.8), 0.3, new Material.Matte(new Vec3(0.55, 0.42, 0.80)))),
        new Material.Checker(new Vec3(0.62, 0.62, 0.58), new Vec3(0.30, 0.30, 0.32), 1.0),
        new Vec3(0.66, 0.78, 0.95),
        new Vec3(0.20, 0.38, 0.80),
        new Vec3(-0.55, 0.62, 0.45).normalized(),
        0.06,
        new Vec3(1.00, 0.93, 0.80).times(1.1));
  }
}

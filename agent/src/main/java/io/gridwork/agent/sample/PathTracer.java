package io.gridwork.agent.sample;

import java.util.List;

/**
 * Estimates the light arriving along a ray: diffuse and mirror bounces, sky light, and sun light
 * sampled directly at every diffuse hit so soft shadows converge at few samples.
 *
 * <p>Immutable; one instance is shared by all rendering threads.
 */
final class PathTracer {
  /** Ray offset off a surface, so a bounce does not hit the surface it leaves. */
  private static final double EPSILON = 1e-4;

  /**
   * Sun-disc radiance seen directly or in a mirror: far above 1, so it clips to white, yet not so
   * high that a rare reflection becomes a speck.
   */
  private static final double SUN_DISC_RADIANCE = 12;

  private final Sphere[] spheres;
  private final Material ground;
  private final Vec3 horizon;
  private final Vec3 zenith;
  private final Vec3 sun;
  private final Vec3 sunTangent;
  private final Vec3 sunBitangent;
  private final double sunSpread;
  private final double sunCosRadius;
  private final Vec3 sunIrradiance;
  private final Vec3 sunDisc;

  PathTracer(Scene scene) {
    List<Sphere> list = scene.spheres();
    this.spheres = list.toArray(Sphere[]::new);
    this.ground = scene.ground();
    this.horizon = scene.horizon();
    this.zenith = scene.zenith();
    this.sun = scene.sunDirection();
    Vec3 helper = StrictMath.abs(sun.y()) < 0.9 ? new Vec3(0, 1, 0) : new Vec3(1, 0, 0);
    this.sunTangent = sun.cross(helper).normalized();
    this.sunBitangent = sun.cross(sunTangent);
    this.sunSpread = StrictMath.tan(scene.sunAngularRadius());
    this.sunCosRadius = StrictMath.cos(scene.sunAngularRadius());
    this.sunIrradiance = scene.sunIrradiance();
    this.sunDisc = scene.sunIrradiance().times(SUN_DISC_RADIANCE);
  }

  /** Linear RGB radiance arriving at {@code origin} from unit direction {@code dir}. */
  Vec3 radiance(Vec3 origin, Vec3 dir, PathRandom random, int maxBounces) {
    Vec3 light = Vec3.ZERO;
    Vec3 throughput = new Vec3(1, 1, 1);
    // Only camera rays and mirror chains may see the sun disc: after a diffuse bounce the sun is
    // already counted by direct sampling, and counting it twice would brighten and speckle.
    boolean seesSunDisc = true;
    for (int depth = 0; ; depth++) {
      int hitSphere = -1;
      double nearest = Double.POSITIVE_INFINITY;
      for (int i = 0; i < spheres.length; i++) {
        double t = spheres[i].hit(origin, dir, EPSILON);
        if (t < nearest) {
          nearest = t;
          hitSphere = i;
        }
      }
      boolean hitGround = false;
      if (dir.y() < 0) {
        double t = -origin.y() / dir.y();
        if (t > EPSILON && t < nearest) {
          nearest = t;
          hitGround = true;
        }
      }
      if (!hitGround && hitSphere < 0) {
        return light.plus(throughput.times(sky(dir, seesSunDisc)));
      }

      Vec3 point = origin.plus(dir.times(nearest));
      Vec3 normal;
      Material material;
      if (hitGround) {
        normal = new Vec3(0, 1, 0);
        material = ground;
      } else {
        Sphere sphere = spheres[hitSphere];
        normal = point.minus(sphere.center()).times(1.0 / sphere.radius());
        material = sphere.material();
      }
      if (normal.dot(dir) > 0) {
        normal = normal.times(-1);
      }

      Vec3 next;
      switch (material) {
        case Material.Matte matte -> {
          light =
              light.plus(throughput.times(matte.albedo()).times(directSun(point, normal, random)));
          throughput = throughput.times(matte.albedo());
          next = diffuseBounce(normal, random);
          seesSunDisc = false;
        }
        case Material.Checker checker -> {
          Vec3 albedo = checker.albedoAt(point);
          light = light.plus(throughput.times(albedo).times(directSun(point, normal, random)));
          throughput = throughput.times(albedo);
          next = diffuseBounce(normal, random);
          seesSunDisc = false;
        }
        case Material.Metal metal -> {
          next = dir.reflect(normal).plus(random.inUnitBall().times(metal.fuzz())).normalized();
          throughput = throughput.times(metal.tint());
          if (next.dot(normal) <= 0) {
            return light;
          }
        }
      }
      if (depth == maxBounces) {
        return light;
      }
      origin = point.plus(normal.times(EPSILON));
      dir = next;
    }
  }

  /** A cosine-weighted direction about {@code normal}: the Lambertian pdf cancels the cosine. */
  private static Vec3 diffuseBounce(Vec3 normal, PathRandom random) {
    Vec3 d = normal.plus(random.unitVector());
    double len2 = d.dot(d);
    return len2 < 1e-12 ? normal : d.times(1.0 / Math.sqrt(len2));
  }

  /** Sun light reaching {@code point}, towards a random point of the sun's disc. */
  private Vec3 directSun(Vec3 point, Vec3 normal, PathRandom random) {
    double u;
    double v;
    do {
      u = random.nextSigned();
      v = random.nextSigned();
    } while (u * u + v * v > 1);
    Vec3 toSun =
        sun.plus(sunTangent.times(u * sunSpread))
            .plus(sunBitangent.times(v * sunSpread))
            .normalized();
    double cos = normal.dot(toSun);
    if (cos <= 0) {
      return Vec3.ZERO;
    }
    Vec3 origin = point.plus(normal.times(EPSILON));
    for (Sphere sphere : spheres) {
      if (sphere.hit(origin, toSun, EPSILON) < Double.POSITIVE_INFINITY) {
        return Vec3.ZERO;
      }
    }
    return sunIrradiance.times(cos);
  }

  private Vec3 sky(Vec3 dir, boolean withSunDisc) {
    // Saturates to the zenith colour by 24 degrees up, so a camera looking nearly level still sees
    // blue above the horizon haze.
    double up = dir.y() > 0 ? Math.sqrt(dir.y() < 0.4 ? dir.y() * 2.5 : 1) : 0;
    Vec3 sky = horizon.lerp(zenith, up);
    if (withSunDisc && dir.dot(sun) >= sunCosRadius) {
      return sky.plus(sunDisc);
    }
    return sky;
  }
}

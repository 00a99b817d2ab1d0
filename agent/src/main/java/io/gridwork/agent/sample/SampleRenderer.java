package io.gridwork.agent.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Renders frames of the sample scene, the devnet's demo render job: a frame's PNG bytes are the
 * same on every machine, so an auditor's re-render can be compared with a provider's by hash.
 *
 * <p>Consecutive frames orbit the camera around the scene, one full turn every 48 frames.
 */
public final class SampleRenderer {
  private static final PathTracer TRACER = new PathTracer(Scene.demo());

  /** Display gamma the linear radiance is encoded for, close to sRGB's overall curve. */
  private static final double INVERSE_GAMMA = 1 / 2.2;

  private SampleRenderer() {}

  /** Renders {@code frame} using every available processor. */
  public static Image render(int frame, RenderOptions options) {
    return render(frame, options, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Renders {@code frame} on {@code threads} threads; the result does not depend on how many.
   *
   * @throws IllegalArgumentException if {@code frame} is negative or {@code threads} is below 1
   * @throws CancellationException if the calling thread is interrupted while waiting for the rows
   */
  public static Image render(int frame, RenderOptions options, int threads) {
    if (frame < 0) {
      throw new IllegalArgumentException("frame numbers start at 0, got " + frame);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("rendering needs at least one thread, got " + threads);
    }
    int[] pixels = new int[options.width() * options.height()];
    int stripes = Math.min(threads, options.height());
    if (stripes == 1) {
      renderRows(frame, options, pixels, 0, 1);
    } else {
      renderInParallel(frame, options, pixels, stripes);
    }
    return new Image(options.width(), options.height(), pixels);
  }

  /** Renders {@code frame} and encodes it as a PNG. */
  public static byte[] renderPng(int frame, RenderOptions options) {
    return PngEncoder.encode(render(frame, options));
  }

  /**
   * Renders {@code frame} into the PNG file {@code out}, replacing it. The file is written beside
   * its final name and then moved into place, so {@code out} never holds a partial frame.
   */
  public static void writeFrame(int frame, Path out, RenderOptions options) throws IOException {
    byte[] png = renderPng(frame, options);
    Path absolute = out.toAbsolutePath();
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    Files.write(partial, png);
    try {
      Files.move(
          partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
  }

  /** Rows are dealt round-robin so that each thread gets a share of sky and of ground. */
  private static void renderInParallel(
      int frame, RenderOptions options, int[] pixels, int stripes) {
    List<Future<?>> futures = new ArrayList<>(stripes);
    try (ExecutorService pool = Executors.newFixedThreadPool(stripes)) {
      for (int stripe = 0; stripe < stripes; stripe++) {
        int first = stripe;
        futures.add(pool.submit(() -> renderRows(frame, options, pixels, first, stripes)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException cancelled =
          new CancellationException("rendering frame " + frame + " was interrupted");
      cancelled.initCause(e);
      throw cancelled;
    } catch (ExecutionException e) {
      throw new IllegalStateException("rendering frame " + frame + " failed", e.getCause());
    }
  }

  private static void renderRows(
      int frame, RenderOptions options, int[] pixels, int firstRow, int rowStep) {
    int width = options.width();
    int height = options.height();
    int samples = options.samplesPerPixel();
    Camera camera = Camera.orbit(frame, (double) width / height);
    PathRandom random = new PathRandom();
    for (int y = firstRow; y < height; y += rowStep) {
      for (int x = 0; x < width; x++) {
        int pixel = y * width + x;
        double r = 0;
        double g = 0;
        double b = 0;
        for (int sample = 0; sample < samples; sample++) {
          random.seed(frame, pixel, sample);
          double s = (x + random.nextDouble()) / width;
          double t = (height - y - random.nextDouble()) / height;
          Vec3 light =
              TRACER.radiance(camera.eye(), camera.direction(s, t), random, options.maxBounces());
          r += light.x();
          g += light.y();
          b += light.z();
        }
        pixels[pixel] =
            (toByte(r / samples) << 16) | (toByte(g / samples) << 8) | toByte(b / samples);
      }
    }
  }

  /**
   * Linear radiance to an 8-bit display value: clamp to [0, 1] (NaN counts as 0), raise to 1/2.2
   * with {@link StrictMath#pow}, then round half up by adding 0.5 to the value times 255 and
   * truncating, which equals flooring because the sum is never negative.
   */
  static int toByte(double linear) {
    double clamped = linear > 0 ? (linear < 1 ? linear : 1) : 0;
    return (int) (StrictMath.pow(clamped, INVERSE_GAMMA) * 255 + 0.5);
  }
}

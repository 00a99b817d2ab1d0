package io.gridwork.agent.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwork.protocol.crypto.Hash;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRendererTest {
  private static final RenderOptions SMALL = new RenderOptions(64, 36, 4, 3);

  @Test
  void theSameFrameRendersToTheSameBytes() {
    assertThat(SampleRenderer.renderPng(5, SMALL)).isEqualTo(SampleRenderer.renderPng(5, SMALL));
  }

  @Test
  void theNumberOfThreadsDoesNotChangeTheImage() {
    assertThat(SampleRenderer.render(3, SMALL, 1)).isEqualTo(SampleRenderer.render(3, SMALL, 5));
  }

  @Test
  void consecutiveFramesDiffer() {
    assertThat(SampleRenderer.renderPng(0, SMALL)).isNotEqualTo(SampleRenderer.renderPng(1, SMALL));
  }

  @Test
  void thePngDecodesToTheRenderedPixels() throws Exception {
    Image image = SampleRenderer.render(2, SMALL);

    BufferedImage decoded =
        ImageIO.read(new ByteArrayInputStream(SampleRenderer.renderPng(2, SMALL)));

    assertThat(decoded.getWidth()).isEqualTo(SMALL.width());
    assertThat(decoded.getHeight()).isEqualTo(SMALL.height());
    for (int y = 0; y < SMALL.height(); y++) {
      for (int x = 0; x < SMALL.width(); x++) {
        assertThat(decoded.getRGB(x, y) & 0xffffff).isEqualTo(image.rgb(x, y) & 0xffffff);
      }
    }
  }

  @Test
  void theSkyAtTheTopIsBluishAndTheImageIsNotUniform() {
    Image image = SampleRenderer.render(0, SMALL);
    int sky = image.rgb(SMALL.width() / 2, 0);

    assertThat(sky & 0xff).isGreaterThan((sky >> 16) & 0xff);
    assertThat(image.rgb(SMALL.width() / 2, SMALL.height() - 1)).isNotEqualTo(sky);
  }

  /**
   * Pinned hashes of default-size frames. Verification compares a provider's output with an
   * auditor's re-render on another machine by hash, so any change to these bytes — a different
   * floating-point path, PRNG, gamma rounding or PNG layout — breaks cross-machine verification and
   * must be a deliberate, versioned decision, never an accident.
   */
  @Test
  void defaultFramesHaveTheirPinnedHashes() {
    assertThat(Hash.sha256(SampleRenderer.renderPng(0, RenderOptions.DEFAULT)).toHex())
        .isEqualTo(GOLDEN_FRAME_0);
    assertThat(Hash.sha256(SampleRenderer.renderPng(23, RenderOptions.DEFAULT)).toHex())
        .isEqualTo(GOLDEN_FRAME_23);
  }

  @Test
  void writeFrameLeavesOnlyTheFinishedFile(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("frame-7.png");

    SampleRenderer.writeFrame(7, out, SMALL);

    assertThat(Files.readAllBytes(out)).isEqualTo(SampleRenderer.renderPng(7, SMALL));
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(out);
    }
  }

  @Test
  void aNegativeFrameIsRefused() {
    assertThatThrownBy(() -> SampleRenderer.render(-1, SMALL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frame numbers start at 0");
  }

  @Test
  void outOfRangeOptionsAreRefusedByName() {
    assertThatThrownBy(() -> new RenderOptions(0, 10, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("width");
  }

  private static final String GOLDEN_FRAME_0 =
      "f9c8cc47ecc8a77016a9e73c28cacce25136e1f18bbe1d56d72925ce85c1fae4";
  private static final String GOLDEN_FRAME_23 =
      "03bd039c4040ba356ac9e373930f18bdcacf056dd693eea7dca1a53eac41b31e";
}

package io.gridwork.agent.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToByteTest {

  @Test
  void radianceOutsideTheDisplayRangeClampsAndNanIsBlack() {
    assertThat(SampleRenderer.toByte(-0.5)).isZero();
    assertThat(SampleRenderer.toByte(Double.NaN)).isZero();
    assertThat(SampleRenderer.toByte(7.0)).isEqualTo(255);
  }

  @Test
  void midGreyEncodesWithGammaAndRoundsHalfUp() {
    // 0.5^(1/2.2) * 255 = 186.08..., which rounds to 186.
    assertThat(SampleRenderer.toByte(0.5)).isEqualTo(186);
  }
}

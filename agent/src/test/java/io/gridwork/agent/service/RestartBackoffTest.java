package io.gridwork.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RestartBackoff backoff = new RestartBackoff(clock);

  @Test
  void aServiceThatKeepsFailingWaitsTwiceAsLongEachTimeUpToAMinute() {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      backoff.started();
      backoff.checking();
      waits.add(backoff.restart().toSeconds());
    }

    assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
  }

  @Test
  void aServiceLiveForAMinuteStartsAgainAfterOneSecond() {
    failTimes(4);
    backoff.started();
    backoff.live();
    clock.advance(Duration.ofSeconds(60));
    backoff.checking();

    assertThat(backoff.restart()).isEqualTo(Duration.ofSeconds(1));
    failTimes(1);
    assertThat(backoff.restart()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aServiceLiveForLessThanAMinuteKeepsWaitingLonger() {
    failTimes(3);
    backoff.started();
    backoff.live();
    clock.advance(Duration.ofSeconds(59));
    backoff.checking();

    assertThat(backoff.restart()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void aLongLiveStretchCountsEvenWhenChecksFailAfterIt() {
    failTimes(5);
    backoff.started();
    backoff.live();
    clock.advance(Duration.ofMinutes(2));
    backoff.checking();
    backoff.failedCheck();
    backoff.checking();

    assertThat(backoff.restart()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aFailedCheckEndsTheLiveStretch() {
    failTimes(2);
    backoff.started();
    backoff.live();
    clock.advance(Duration.ofSeconds(30));
    backoff.checking();
    backoff.failedCheck();
    clock.advance(Duration.ofSeconds(45));
    backoff.checking();

    assertThat(backoff.restart()).isEqualTo(Duration.ofSeconds(4));
  }

  private void failTimes(int times) {
    for (int i = 0; i < times; i++) {
      backoff.started();
      backoff.checking();
      backoff.restart();
    }
  }
}

package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.api.LeaseInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.LeaseStatus;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.testkit.JobSpecBuilder;
import io.gridwork.testkit.TestKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobViewsTest {
  private static final JobSpec SERVICE = JobSpecBuilder.service(3_600_000, 4_000_000).build();

  /**
   * An active service lease opened at height 10 that has sent {@code heartbeats}, charged from
   * height 11 when it has sent any.
   */
  private static LeaseInfo service(long heartbeats, long paid) {
    return new LeaseInfo(
        Hash.sha256(new byte[] {1}),
        Hash.sha256(new byte[] {2}),
        TestKeys.key("views-provider").address(),
        "service",
        LeaseStatus.ACTIVE,
        null,
        3_600_000,
        "RTX 4090",
        1,
        1_000_000,
        10,
        0,
        0,
        0,
        1_000,
        10,
        0,
        10,
        paid,
        heartbeats,
        25,
        0,
        heartbeats == 0 ? 0 : 11);
  }

  @Test
  void serviceWithoutAHeartbeatIsStartingAndNotCharged() {
    Report report = JobViews.services(SERVICE, List.of(service(0, 0)), Map.of());

    assertThat(report.json().get(0).path("state").asText()).isEqualTo("starting");
    assertThat(report.text()).contains("starting (not charged until its first heartbeat)");
  }

  @Test
  void serviceThatHasSentAHeartbeatIsRunning() {
    Report report = JobViews.services(SERVICE, List.of(service(3, 5_000)), Map.of());

    assertThat(report.json().get(0).path("state").asText()).isEqualTo("running");
    assertThat(report.text()).contains("running, charged").doesNotContain("not charged");
  }
}

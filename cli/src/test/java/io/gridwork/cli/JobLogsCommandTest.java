package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.client.EventInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobLogsCommandTest {
  @Test
  void billingStartedSaysTheServiceIsUpAndWhatItCostsPerBlock() {
    EventInfo event =
        new EventInfo(
            "billing_started",
            Map.of("provider", "gw1provider", "ratePerBlock", "1000", "exhaustionHeight", "4012"));

    assertThat(JobLogsCommand.describe(event))
        .isEqualTo(
            "service of gw1provider is up: charged 1000 ugrid per block from the next block");
  }
}

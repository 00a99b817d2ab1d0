package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.BillingStarted;
import io.gridwork.protocol.event.LedgerEvent;
import org.junit.jupiter.api.Test;

class JobLogsCommandTest {
  @Test
  void billingStartedSaysTheServiceIsUpAndWhatItCostsPerBlock() {
    Address provider = new Address(new byte[Address.LENGTH]);
    LedgerEvent event =
        new BillingStarted(
            Hash.sha256(new byte[] {1}), Hash.sha256(new byte[] {2}), provider, 1000, 4012);

    assertThat(JobLogsCommand.describe(event))
        .isEqualTo(
            "service of " + provider + " is up: charged 1000 ugrid per block from the next block");
  }
}

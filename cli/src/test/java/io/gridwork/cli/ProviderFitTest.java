package io.gridwork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.api.LeaseInfo;
import io.gridwork.api.ProviderInfo;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.market.LeaseStatus;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.testkit.JobSpecBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderFitTest {
  private static final Address BUYER = KeyPair.fromLabel("fit-buyer").address();
  private static final Address PROVIDER = KeyPair.fromLabel("fit-provider").address();
  private static final JobSpec ONE_4090 =
      JobSpecBuilder.batch(4, 1_000_000, 4_000_000).gpus(1, "rtx4090").build();

  private static ProviderInfo provider(
      ProviderStatus status, String model, int count, Map<String, String> attrs) {
    return new ProviderInfo(
        PROVIDER,
        List.of(new ProviderInfo.Gpu(model, 24_576, count)),
        "eu-west",
        SlaTier.STANDARD,
        attrs,
        200_000_000,
        0,
        1,
        status,
        new ProviderInfo.Reputation(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NO_PARTS),
        1_000_000,
        0);
  }

  private static final ProviderInfo.Part NOTHING = new ProviderInfo.Part(0, 0, 0);
  private static final ProviderInfo.Parts NO_PARTS =
      new ProviderInfo.Parts(NOTHING, NOTHING, NOTHING, NOTHING);

  private static LeaseInfo activeLease(String model, int gpus) {
    Hash other = Hash.sha256(new byte[] {1});
    return new LeaseInfo(
        other,
        other,
        PROVIDER,
        "batch",
        LeaseStatus.ACTIVE,
        null,
        1,
        model,
        gpus,
        0,
        1,
        0,
        1,
        0,
        0,
        1,
        0,
        1,
        0,
        1,
        0,
        0,
        0);
  }

  private static Optional<ProviderFit.Constraint> fit(
      JobSpec spec, ProviderInfo provider, List<LeaseInfo> leases, Long lowestPrice) {
    return ProviderFit.firstFailure(
        spec, BUYER, provider, leases, m -> Optional.ofNullable(lowestPrice));
  }

  @Test
  void anInactiveProviderFailsBeforeAnythingElseIsChecked() {
    assertThat(
            fit(ONE_4090, provider(ProviderStatus.INACTIVE, "a100", 1, Map.of()), List.of(), null))
        .contains(ProviderFit.Constraint.INACTIVE);
  }

  @Test
  void modelNamesMatchWhateverTheirCase() {
    assertThat(
            fit(ONE_4090, provider(ProviderStatus.ACTIVE, "RTX4090", 1, Map.of()), List.of(), null))
        .isEmpty();
  }

  @Test
  void gpusBusyInActiveLeasesLeaveNoCapacity() {
    ProviderInfo two = provider(ProviderStatus.ACTIVE, "rtx4090", 2, Map.of());

    assertThat(fit(ONE_4090, two, List.of(activeLease("rtx4090", 2)), null))
        .contains(ProviderFit.Constraint.CAPACITY);
  }

  @Test
  void aSimulatedProviderIsRefusedUnlessTheJobAllowsIt() {
    ProviderInfo simulated =
        provider(ProviderStatus.ACTIVE, "rtx4090", 1, Map.of("simulated", "true"));
    JobSpec allowing =
        JobSpecBuilder.batch(4, 1_000_000, 4_000_000).gpus(1, "rtx4090").allowSimulated().build();

    assertThat(fit(ONE_4090, simulated, List.of(), null))
        .contains(ProviderFit.Constraint.SIMULATED);
    assertThat(fit(allowing, simulated, List.of(), null)).isEmpty();
  }

  @Test
  void aPriceSeenAboveTheCeilingExcludesButAnUnknownPriceDoesNot() {
    ProviderInfo fits = provider(ProviderStatus.ACTIVE, "rtx4090", 1, Map.of());

    assertThat(fit(ONE_4090, fits, List.of(), 1_500_000L)).contains(ProviderFit.Constraint.PRICE);
    assertThat(fit(ONE_4090, fits, List.of(), null)).isEmpty();
  }
}

package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.GPU;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.staking.Provider;
import io.gridwork.chain.staking.Staking;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.testkit.JobSpecBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who could run a job by the rules bids are checked with, busy GPUs notwithstanding. */
class CanRunTest {
  private final MarketHarness m = new MarketHarness();

  private static JobSpecBuilder batch() {
    return JobSpecBuilder.batch(2, GRID, 2 * GRID);
  }

  private boolean canRun(KeyPair key, Hash job) {
    Provider provider = Staking.provider(m.chain.state, key.address()).orElseThrow();
    return Market.canRun(m.job(job), provider);
  }

  @Test
  void providerWithTheJobsGpuCanRunIt() {
    m.register(m.p1, 1);
    Hash job = m.createJob(batch().gpus(1, GPU).minVramMib(16_000).build());

    assertThat(canRun(m.p1, job)).isTrue();
  }

  @Test
  void providerWhoseGpusAreAllBusyCanStillRunIt() {
    m.register(m.p1, 1);
    Hash busy = m.createJob(batch().build());
    m.bidOk(m.p1, busy, GRID, 2);
    m.closeAuction(busy);
    Hash job = m.createJob(batch().build());

    assertThat(m.bid(m.p1, job, GRID, 1).code()).isEqualTo("INSUFFICIENT_CAPACITY");
    assertThat(canRun(m.p1, job)).isTrue();
  }

  @Test
  void providerWithFewerCardsThanARunNeedsCannotRunIt() {
    m.register(m.p1, 1);
    Hash job = m.createJob(batch().gpus(2).build());

    assertThat(canRun(m.p1, job)).isFalse();
  }

  @Test
  void providerWithAnotherModelCannotRunIt() {
    m.register(m.p1, new GpuInventory("A100", 81_920, 1), "eu-west", "standard", Map.of());
    Hash job = m.createJob(batch().gpus(1, GPU).build());

    assertThat(canRun(m.p1, job)).isFalse();
  }

  @Test
  void providerWithTooLittleMemoryCannotRunIt() {
    m.register(m.p1, 1);
    Hash job = m.createJob(batch().minVramMib(40_000).build());

    assertThat(canRun(m.p1, job)).isFalse();
  }

  @Test
  void providerOutsideTheJobsRegionsCannotRunIt() {
    m.register(m.p1, 1);
    Hash job = m.createJob(batch().region("us-east").build());

    assertThat(canRun(m.p1, job)).isFalse();
  }

  @Test
  void simulatedProviderCannotRunAJobThatRefusesSimulatedGpus() {
    m.register(
        m.p1, new GpuInventory(GPU, 24_576, 1), "eu-west", "standard", Map.of("simulated", "true"));
    Hash strict = m.createJob(batch().build());
    Hash lenient = m.createJob(batch().allowSimulated().build());

    assertThat(canRun(m.p1, strict)).isFalse();
    assertThat(canRun(m.p1, lenient)).isTrue();
  }

  @Test
  void anyPlacedProviderCanRunACpuOnlyJob() {
    m.register(m.p1, 1);
    Hash job = m.createJob(batch().gpus(0).build());

    assertThat(canRun(m.p1, job)).isTrue();
  }
}

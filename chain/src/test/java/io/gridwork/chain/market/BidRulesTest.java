package io.gridwork.chain.market;

import static io.gridwork.chain.market.MarketHarness.FEE;
import static io.gridwork.chain.market.MarketHarness.GPU;
import static io.gridwork.chain.market.MarketHarness.GRID;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.chain.exec.TxResult;
import io.gridwork.chain.genesis.MarketParams;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.testkit.JobSpecBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BidRulesTest {
  private final MarketHarness m = new MarketHarness();

  private Hash batchJob() {
    return m.createJob(JobSpecBuilder.batch(4, GRID, 4 * GRID).build());
  }

  private Hash job(JobSpecBuilder spec) {
    return m.createJob(spec.build());
  }

  private static JobSpecBuilder batch() {
    return JobSpecBuilder.batch(4, GRID, 4 * GRID);
  }

  @Test
  void acceptedBidLocksTheCollateralAndIsListed() {
    m.register(m.p1, 2);
    Hash job = batchJob();
    long before = m.balance(m.p1);

    TxResult result = m.bid(m.p1, job, GRID / 2, 4);

    assertThat(result.code()).isEqualTo("OK");
    assertThat(m.balance(m.p1)).isEqualTo(before - FEE - m.market.bidCollateral());
    assertThat(Market.bids(m.chain.state, job))
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.provider()).isEqualTo(m.p1.address());
              assertThat(b.price()).isEqualTo(GRID / 2);
              assertThat(b.collateral()).isEqualTo(m.market.bidCollateral());
            });
  }

  @Test
  void bidOnAnUnknownJobIsJobNotFound() {
    m.register(m.p1, 2);

    TxResult result = m.bid(m.p1, Hash.sha256(new byte[] {9}), GRID, 1);

    assertThat(result.code()).isEqualTo("JOB_NOT_FOUND");
  }

  @Test
  void bidOnAClosedJobIsJobFinished() {
    m.register(m.p1, 2);
    Hash job = batchJob();
    m.run(m.chain.txs.closeJob(m.buyer, job));

    TxResult result = m.bid(m.p1, job, GRID, 1);

    assertThat(result.code()).isEqualTo("JOB_FINISHED");
    assertThat(result.message()).contains("CLOSED").contains("BUYER_CLOSED");
  }

  @Test
  void bidOnAJobWhoseWorkIsAllLeasedIsBiddingClosed() {
    m.registerAll(2);
    Hash job = batchJob();
    m.bidOk(m.p1, job, GRID, 4);
    m.closeAuction(job);

    TxResult result = m.bid(m.p2, job, GRID, 4);

    assertThat(result.code()).isEqualTo("BIDDING_CLOSED");
  }

  @Test
  void bidFromAnAccountThatIsNoProviderIsRejected() {
    Hash job = batchJob();

    TxResult result = m.bid(m.stranger, job, GRID, 1);

    assertThat(result.code()).isEqualTo("BIDDER_NOT_PROVIDER");
    assertThat(result.message()).contains("register");
  }

  @Test
  void bidFromAProviderBelowTheMinimumStakeIsBidderInactive() {
    m.register(m.p1, 2);
    m.run(m.chain.txs.unbond(m.p1, GRID));
    Hash job = batchJob();

    TxResult result = m.bid(m.p1, job, GRID, 1);

    assertThat(result.code()).isEqualTo("BIDDER_INACTIVE");
    assertThat(result.message()).contains("99GRID").contains("100GRID");
  }

  @Test
  void buyerCannotBidOnItsOwnJob() {
    m.register(m.buyer, 2);
    Hash job = batchJob();

    TxResult result = m.bid(m.buyer, job, GRID, 1);

    assertThat(result.code()).isEqualTo("BUYER_CANNOT_BID");
  }

  @Test
  void secondBidFromTheSameProviderIsDuplicate() {
    m.register(m.p1, 2);
    Hash job = batchJob();
    m.bidOk(m.p1, job, GRID, 1);

    TxResult result = m.bid(m.p1, job, GRID / 2, 1);

    assertThat(result.code()).isEqualTo("DUPLICATE_BID");
  }

  @Test
  void bidsBeyondTheLimitPerJobAreTooManyBids() {
    MarketParams one = MarketParams.defaults();
    MarketHarness small =
        new MarketHarness(
            new MarketParams(
                one.bidWindowBlocks(),
                1,
                one.maxAuctionRounds(),
                one.minDeposit(),
                one.networkFeeBps(),
                one.bidCollateral(),
                one.nominalBlockMillis()));
    small.registerAll(2);
    Hash job = small.createJob(batch().build());
    small.bidOk(small.p1, job, GRID, 1);

    TxResult result = small.bid(small.p2, job, GRID, 1);

    assertThat(result.code()).isEqualTo("TOO_MANY_BIDS");
    assertThat(result.message()).contains("(1)");
  }

  @Test
  void bidAboveMaxPriceIsRejected() {
    m.register(m.p1, 2);
    Hash job = batchJob();

    TxResult result = m.bid(m.p1, job, GRID + 1, 1);

    assertThat(result.code()).isEqualTo("BID_ABOVE_MAX_PRICE");
    assertThat(result.message()).contains("ceiling of 1GRID per unit");
  }

  @Test
  void serviceBidAboveTheHourlyCeilingNamesTheCeilingPerGpuHour() {
    m.register(m.p1, 2);
    Hash job = job(JobSpecBuilder.service(2 * GRID, 10 * GRID));

    TxResult result = m.bid(m.p1, job, 3 * GRID, 0);

    assertThat(result.code()).isEqualTo("BID_ABOVE_MAX_PRICE");
    assertThat(result.message()).contains("ceiling of 2GRID per GPU-hour");
  }

  @Test
  void zeroPriceIsAnInvalidBid() {
    m.register(m.p1, 2);
    Hash job = batchJob();

    TxResult result = m.bid(m.p1, job, 0, 1);

    assertThat(result.code()).isEqualTo("INVALID_BID");
  }

  @Test
  void batchBidTakingNoUnitsIsAnInvalidBid() {
    m.register(m.p1, 2);
    Hash job = batchJob();

    TxResult result = m.bid(m.p1, job, GRID, 0);

    assertThat(result.code()).isEqualTo("INVALID_BID");
    assertThat(result.message()).contains("maxUnits");
  }

  @Test
  void serviceBidWithUnitsIsAnInvalidBid() {
    m.register(m.p1, 2);
    Hash job = job(JobSpecBuilder.service(2 * GRID, 10 * GRID));

    TxResult result = m.bid(m.p1, job, GRID, 3);

    assertThat(result.code()).isEqualTo("INVALID_BID");
  }

  @Test
  void modelTheProviderDidNotRegisterIsGpuModelNotOffered() {
    m.register(m.p1, 2);
    Hash job = batchJob();

    TxResult result = m.run(m.chain.txs.placeBid(m.p1, job, GRID, "H100", 1, 1));

    assertThat(result.code()).isEqualTo("GPU_MODEL_NOT_OFFERED");
  }

  @Test
  void modelOutsideTheSpecsListIsGpuModelNotAccepted() {
    m.register(m.p1, new GpuInventory("RTX 3090", 24_576, 2), "eu-west", "standard", Map.of());
    Hash job = job(batch().gpus(1, "RTX 4090", "H100"));

    TxResult result = m.run(m.chain.txs.placeBid(m.p1, job, GRID, "RTX 3090", 1, 1));

    assertThat(result.code()).isEqualTo("GPU_MODEL_NOT_ACCEPTED");
    assertThat(result.message()).contains("RTX 4090, H100");
  }

  @Test
  void modelNamesMatchIgnoringCaseAndSeparators() {
    m.register(
        m.p1, new GpuInventory("NVIDIA RTX-4090", 24_576, 2), "eu-west", "standard", Map.of());
    Hash job = job(batch().gpus(1, "nvidia rtx 4090"));

    TxResult result = m.run(m.chain.txs.placeBid(m.p1, job, GRID, "nvidia_RTX_4090", 1, 1));

    assertThat(result.code()).as(result.message()).isEqualTo("OK");
  }

  @Test
  void cardsWithTooLittleMemoryAreVramTooSmall() {
    m.register(m.p1, 2);
    Hash job = job(batch().minVramMib(40_000));

    TxResult result = m.bid(m.p1, job, GRID, 1);

    assertThat(result.code()).isEqualTo("VRAM_TOO_SMALL");
    assertThat(result.message()).contains("40000 MiB");
  }

  @Test
  void offeringAnotherGpuCountIsGpuCountMismatch() {
    m.register(m.p1, 4);
    Hash job = job(batch().gpus(2));

    TxResult result = m.run(m.chain.txs.placeBid(m.p1, job, GRID, GPU, 1, 1));

    assertThat(result.code()).isEqualTo("GPU_COUNT_MISMATCH");
  }

  @Test
  void cpuOnlyJobTakesBidsWithoutGpus() {
    m.register(m.p1, 1);
    Hash job = job(batch().gpus(0));

    TxResult withGpu = m.bid(m.p1, job, GRID, 1);
    TxResult without = m.run(m.chain.txs.placeBid(m.p1, job, GRID, "", 0, 1));

    assertThat(withGpu.code()).isEqualTo("GPU_COUNT_MISMATCH");
    assertThat(without.code()).isEqualTo("OK");
  }

  @Test
  void gpusBusyInActiveLeasesAreInsufficientCapacity() {
    m.register(m.p1, 1);
    Hash first = batchJob();
    m.bidOk(m.p1, first, GRID, 4);
    m.closeAuction(first);
    Hash second = batchJob();

    TxResult result = m.bid(m.p1, second, GRID, 1);

    assertThat(result.code()).isEqualTo("INSUFFICIENT_CAPACITY");
    assertThat(result.message()).contains("only 0 of your RTX 4090 GPUs are free");
  }

  @Test
  void providerOutsideTheJobsRegionsIsRegionMismatch() {
    m.register(m.p1, 2);
    Hash job = job(batch().region("us-east").region("ap-south"));

    TxResult result = m.bid(m.p1, job, GRID, 1);

    assertThat(result.code()).isEqualTo("REGION_MISMATCH");
    assertThat(result.message()).contains("us-east, ap-south").contains("eu-west");
  }

  @Test
  void providerBelowTheRequiredTierIsTierTooLow() {
    m.register(m.p1, 2);
    Hash job = job(batch().tier(SlaTier.PREMIUM));

    TxResult result = m.bid(m.p1, job, GRID, 1);

    assertThat(result.code()).isEqualTo("TIER_TOO_LOW");
  }

  @Test
  void providerAboveTheRequiredTierMayBid() {
    m.register(m.p1, 2);
    Hash job = job(batch().tier(SlaTier.BEST_EFFORT));

    assertThat(m.bid(m.p1, job, GRID, 1).code()).isEqualTo("OK");
  }

  @Test
  void providerWithoutARequiredAttributeIsAttributeMismatch() {
    m.register(
        m.p1, new GpuInventory(GPU, 24_576, 2), "eu-west", "standard", Map.of("cuda", "12.1"));
    Hash job = job(batch().attribute("cuda", "12.4"));

    TxResult result = m.bid(m.p1, job, GRID, 1);

    assertThat(result.code()).isEqualTo("ATTRIBUTE_MISMATCH");
    assertThat(result.message()).contains("cuda=12.4").contains("12.1");
  }

  @Test
  void simulatedProviderIsRefusedUnlessTheJobAllowsIt() {
    m.register(
        m.p1, new GpuInventory(GPU, 24_576, 2), "eu-west", "standard", Map.of("simulated", "true"));
    Hash strict = batchJob();
    Hash lenient = job(batch().allowSimulated());

    assertThat(m.bid(m.p1, strict, GRID, 1).code()).isEqualTo("SIMULATED_NOT_ALLOWED");
    assertThat(m.bid(m.p1, lenient, GRID, 1).code()).isEqualTo("OK");
  }

  @Test
  void collateralBeyondTheBalanceIsInsufficientFunds() {
    m.register(m.p1, 2);
    long spare = m.balance(m.p1) - FEE - m.market.bidCollateral() + 1;
    m.run(m.chain.txs.transfer(m.p1, m.stranger.address(), spare - FEE));
    Hash job = batchJob();

    TxResult result = m.bid(m.p1, job, GRID, 1);

    assertThat(result.code()).isEqualTo("INSUFFICIENT_FUNDS");
    assertThat(result.message()).contains("bid collateral 1GRID");
  }
}

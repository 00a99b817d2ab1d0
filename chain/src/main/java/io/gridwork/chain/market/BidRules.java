package io.gridwork.chain.market;

import static io.gridwork.chain.market.Market.reject;

import io.gridwork.chain.exec.Rejection;
import io.gridwork.chain.exec.TxContext;
import io.gridwork.chain.genesis.LivenessParams;
import io.gridwork.chain.staking.Provider;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.Keys;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.error.MarketError;
import io.gridwork.protocol.market.GpuModels;
import io.gridwork.protocol.market.PlacementMismatch;
import io.gridwork.protocol.market.ProviderStatus;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.spec.Placement;
import io.gridwork.protocol.spec.SlaTier;
import io.gridwork.protocol.tx.GpuInventory;
import io.gridwork.protocol.tx.JobIds;
import io.gridwork.protocol.tx.PlaceBid;
import java.util.Optional;

/**
 * Whether a bid may enter a job's auction: the job takes bids, the bidder is an active provider
 * other than the buyer, its offer (price, GPUs, capacity, placement) fits the job's spec, and its
 * uncommitted stake covers the compensation the job's SLA tier would owe. Each failure has its own
 * {@link MarketError} and says what would make the bid acceptable.
 */
final class BidRules {
  private BidRules() {}

  static Optional<Rejection> check(ReadableState state, TxContext tx, Job job, PlaceBid bid) {
    if (job.status().finished()) {
      return Market.finished(job);
    }
    if (!job.bidding()) {
      return reject(
          MarketError.BIDDING_CLOSED,
          "job "
              + job.id()
              + " has leases for all its work and takes no bids; bidding reopens if a lease"
              + " closes early");
    }
    Optional<Provider> registered = Staking.provider(state, tx.sender());
    if (registered.isEmpty()) {
      return reject(
          MarketError.BIDDER_NOT_PROVIDER,
          tx.sender() + " is not a registered provider; register GPUs and stake before bidding");
    }
    Provider provider = registered.get();
    if (provider.status() != ProviderStatus.ACTIVE) {
      return reject(
          MarketError.BIDDER_INACTIVE,
          "provider stake "
              + Amount.format(provider.stake())
              + " is below the minimum "
              + Amount.format(tx.params().minProviderStake())
              + "; bond more stake to bid");
    }
    if (job.buyer().equals(tx.sender())) {
      return reject(MarketError.BUYER_CANNOT_BID, "a buyer cannot bid on its own job " + job.id());
    }
    if (state.get(Keys.bid(job.id(), tx.sender())) != null
        || state.get(Keys.lease(JobIds.leaseId(job.id(), tx.sender()))) != null) {
      return reject(
          MarketError.DUPLICATE_BID,
          tx.sender() + " already bid on or holds a lease of job " + job.id() + "; one per job");
    }
    int maxBids = tx.params().market().maxBidsPerJob();
    if (MarketStore.bids(state, job.id()).size() >= maxBids) {
      return reject(
          MarketError.TOO_MANY_BIDS,
          "job " + job.id() + " already has the most bids a job may have (" + maxBids + ")");
    }
    Optional<Rejection> terms = checkTerms(job, bid);
    if (terms.isPresent()) {
      return terms;
    }
    Optional<Rejection> gpus = checkGpus(state, job, provider, bid);
    if (gpus.isPresent()) {
      return gpus;
    }
    Optional<Rejection> placement = checkPlacement(job.spec().placement(), provider);
    if (placement.isPresent()) {
      return placement;
    }
    return checkSlaStake(state, tx, job, provider, bid);
  }

  /**
   * True when the bidder can still take the lease at auction time: it is still an active provider
   * and its GPUs have not been taken by leases won since it bid.
   */
  static boolean stillEligible(ReadableState state, Job job, Bid bid) {
    Optional<Provider> provider = Staking.provider(state, bid.provider());
    if (provider.isEmpty() || provider.get().status() != ProviderStatus.ACTIVE) {
      return false;
    }
    return bid.gpuCount() == 0 || freeGpus(state, job, provider.get(), bid) >= bid.gpuCount();
  }

  private static Optional<Rejection> checkTerms(Job job, PlaceBid bid) {
    if (bid.price() <= 0) {
      return reject(MarketError.INVALID_BID, "price must be above 0, got " + bid.price());
    }
    if (bid.price() > job.priceCeiling()) {
      return reject(
          MarketError.BID_ABOVE_MAX_PRICE,
          "price "
              + Amount.format(bid.price())
              + " is above the job's ceiling of "
              + Amount.format(job.priceCeiling())
              + (job.isBatch() ? " per unit" : " per GPU-hour")
              + "; bid at most that");
    }
    if (job.isBatch() && bid.maxUnits() < 1) {
      return reject(
          MarketError.INVALID_BID,
          "maxUnits must be at least 1 for a batch job: how many units you will take");
    }
    if (!job.isBatch() && bid.maxUnits() != 0) {
      return reject(
          MarketError.INVALID_BID,
          "maxUnits must be 0 for a service, which has no units, got " + bid.maxUnits());
    }
    return Optional.empty();
  }

  /**
   * True when the provider could run the job by the rules a bid is checked with, capacity aside:
   * its placement fits and one of its registered GPU models is one the job accepts, with enough
   * memory and at least as many such cards as a run needs. This decides who may audit a job.
   */
  static boolean canRun(Job job, Provider provider) {
    if (checkPlacement(job.spec().placement(), provider).isPresent()) {
      return false;
    }
    GpuRequest wanted = job.spec().resources().gpu();
    if (wanted.count() == 0) {
      return true;
    }
    for (GpuInventory g : provider.gpus()) {
      if (checkOffer(job, provider, g.model(), wanted.count()).isEmpty()
          && GpuModels.eligibleCount(provider.gpus(), g.model(), wanted.minVramMib())
              >= wanted.count()) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Rejection> checkGpus(
      ReadableState state, Job job, Provider provider, PlaceBid bid) {
    Optional<Rejection> offer = checkOffer(job, provider, bid.gpuModel(), bid.gpuCount());
    if (offer.isPresent() || job.spec().resources().gpu().count() == 0) {
      return offer;
    }
    int free = freeGpus(state, job, provider, bid.gpuModel());
    if (free < bid.gpuCount()) {
      return reject(
          MarketError.INSUFFICIENT_CAPACITY,
          "only "
              + Math.max(free, 0)
              + " of your "
              + bid.gpuModel()
              + " GPUs are free (the rest are in active leases), the job needs "
              + bid.gpuCount());
    }
    return Optional.empty();
  }

  /**
   * Whether offering {@code count} GPUs of {@code model} fits the job and the provider's
   * registration, whatever those GPUs are busy with.
   */
  private static Optional<Rejection> checkOffer(
      Job job, Provider provider, String model, int count) {
    GpuRequest wanted = job.spec().resources().gpu();
    if (wanted.count() == 0) {
      if (count != 0 || !model.isEmpty()) {
        return reject(
            MarketError.GPU_COUNT_MISMATCH,
            "job " + job.id() + " needs no GPU: bid with gpuCount 0 and no GPU model");
      }
      return Optional.empty();
    }
    if (!GpuModels.offers(provider.gpus(), model)) {
      return reject(
          MarketError.GPU_MODEL_NOT_OFFERED,
          "GPU model '"
              + model
              + "' is not among the GPUs you registered; bid with a registered model");
    }
    if (!wanted.models().isEmpty() && !GpuModels.anyMatches(wanted.models(), model)) {
      return reject(
          MarketError.GPU_MODEL_NOT_ACCEPTED,
          "the job accepts only " + String.join(", ", wanted.models()) + ", not " + model);
    }
    if (GpuModels.eligibleCount(provider.gpus(), model, wanted.minVramMib()) == 0) {
      return reject(
          MarketError.VRAM_TOO_SMALL,
          "the job needs at least "
              + wanted.minVramMib()
              + " MiB per GPU and your "
              + model
              + " cards have less");
    }
    if (count != wanted.count()) {
      return reject(
          MarketError.GPU_COUNT_MISMATCH,
          "the job needs " + wanted.count() + " GPU(s) per run, the bid offers " + count);
    }
    return Optional.empty();
  }

  private static Optional<Rejection> checkPlacement(Placement placement, Provider provider) {
    return PlacementMismatch.first(
            placement, provider.region(), provider.tier(), provider.attributes())
        .map(
            mismatch ->
                switch (mismatch) {
                  case PlacementMismatch.Region r ->
                      new Rejection(
                          MarketError.REGION_MISMATCH,
                          "the job runs only in "
                              + String.join(", ", r.regions())
                              + " and you are in "
                              + r.has());
                  case PlacementMismatch.Tier t ->
                      new Rejection(
                          MarketError.TIER_TOO_LOW,
                          "the job needs tier "
                              + t.wanted().wireName()
                              + " or better and you registered "
                              + t.has().wireName());
                  case PlacementMismatch.Attribute at ->
                      new Rejection(
                          MarketError.ATTRIBUTE_MISMATCH,
                          "the job requires attribute "
                              + at.key()
                              + "="
                              + at.wanted()
                              + (at.has() == null
                                  ? " and you have none"
                                  : " and you have " + at.has()));
                  case PlacementMismatch.Simulated sim ->
                      new Rejection(
                          MarketError.SIMULATED_NOT_ALLOWED,
                          "the job does not accept providers with simulated GPUs (attribute "
                              + PlacementMismatch.SIMULATED_ATTRIBUTE
                              + "=true)");
                });
  }

  private static Optional<Rejection> checkSlaStake(
      ReadableState state, TxContext tx, Job job, Provider provider, PlaceBid bid) {
    LivenessParams liveness = tx.params().liveness();
    long needed = ServiceLevel.stakeFor(job, bid.gpuCount(), liveness);
    if (needed == 0) {
      return Optional.empty();
    }
    long committed = Staking.slaCommitted(state, provider.owner());
    long free = provider.stake() - committed;
    if (free >= needed) {
      return Optional.empty();
    }
    SlaTier tier = job.spec().sla();
    return reject(
        MarketError.SLA_STAKE_INSUFFICIENT,
        "job "
            + job.id()
            + " is "
            + tier.wireName()
            + " tier, whose lease owes "
            + Amount.format(needed)
            + " ("
            + Amount.format(liveness.compensationPerGpu(tier))
            + " per GPU) if it breaks its promise; of your stake "
            + Amount.format(provider.stake())
            + ", "
            + Amount.format(committed)
            + " already backs your open bids and leases, leaving "
            + Amount.format(Math.max(free, 0))
            + "; bond at least "
            + Amount.format(needed - free)
            + " more to bid");
  }

  private static int freeGpus(ReadableState state, Job job, Provider provider, Bid bid) {
    return freeGpus(state, job, provider, bid.gpuModel());
  }

  /** Registered cards of the model with enough memory, minus those in the provider's leases. */
  private static int freeGpus(ReadableState state, Job job, Provider provider, String model) {
    int eligible =
        GpuModels.eligibleCount(provider.gpus(), model, job.spec().resources().gpu().minVramMib());
    int busy =
        MarketStore.gpusInUse(state, provider.owner()).getOrDefault(GpuModels.normalize(model), 0);
    return eligible - busy;
  }
}

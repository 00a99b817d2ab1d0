package io.gridwork.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.BidInfo;
import io.gridwork.api.JobInfo;
import io.gridwork.api.LeaseInfo;
import io.gridwork.api.ProviderInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.market.GpuModels;
import io.gridwork.protocol.spec.GpuRequest;
import io.gridwork.protocol.spec.JobSpec;
import io.gridwork.protocol.spec.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * Answers "there are GPUs, so why does my job get no bids?": runs every registered provider through
 * the ledger's bid rules in order ({@link ProviderFit}), counts how many each rule filters out,
 * shows the cheapest bid if there is one, and suggests the one change that would help most.
 */
@Command(
    name = "explain",
    description = {
      "Why a job gets no (or few) bids.",
      "How many registered providers each constraint filters out, in the order the ledger checks"
          + " bids, the cheapest offer so far and a suggestion."
    })
final class JobExplainCommand extends JobLookup {

  /** A provider with what the node knows of its leases. */
  private record Candidate(ProviderInfo provider, List<LeaseInfo> leases) {}

  @Override
  int execute() {
    GridworkClient client = node.client();
    JobInfo job = job(client);
    JobSpec spec = job.spec();
    List<Candidate> candidates = new ArrayList<>();
    for (ProviderInfo p : client.providers()) {
      candidates.add(new Candidate(p, client.providerLeases(p.address())));
    }
    Map<String, Long> lowest = lowestPrices(client, job, candidates);
    Map<ProviderFit.Constraint, List<Candidate>> excluded =
        new EnumMap<>(ProviderFit.Constraint.class);
    List<Candidate> eligible = new ArrayList<>();
    for (Candidate c : candidates) {
      List<LeaseInfo> active = c.leases().stream().filter(LeaseInfo::active).toList();
      Optional<ProviderFit.Constraint> failed =
          ProviderFit.firstFailure(
              spec, job.buyer(), c.provider(), active, m -> Optional.ofNullable(lowest.get(m)));
      if (failed.isPresent()) {
        excluded.computeIfAbsent(failed.get(), k -> new ArrayList<>()).add(c);
      } else {
        eligible.add(c);
      }
    }
    List<BidInfo> bids =
        job.biddingClosesAt() > 0
            ? client.bids(job.id()).stream()
                .sorted(Comparator.comparingLong(BidInfo::price))
                .toList()
            : List.of();

    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("job", job.id().toHex()).put("status", job.status().name());
    json.put("providers", candidates.size());
    StringBuilder text = new StringBuilder();
    text.append("Job ").append(job.id()).append(" (").append(job.name()).append("): ");
    text.append(job.status().name());
    if (job.biddingClosesAt() > 0) {
      text.append(", round ").append(JobViews.auctionRound(job));
      text.append(", bidding closes at height ").append(job.biddingClosesAt());
    }
    text.append('\n').append("Asks for: ").append(asks(spec)).append("\n\n");
    text.append(candidates.size()).append(" provider(s) registered.\n");

    ArrayNode constraints = json.putArray("constraints");
    Table table = new Table("CONSTRAINT", "FILTERED OUT", "LEFT");
    int left = candidates.size();
    ProviderFit.Constraint blocking = null;
    List<Candidate> beforeBlocking = new ArrayList<>(candidates);
    List<Candidate> remaining = new ArrayList<>(candidates);
    for (ProviderFit.Constraint c : ProviderFit.Constraint.values()) {
      List<Candidate> out = excluded.getOrDefault(c, List.of());
      if (blocking == null && !out.isEmpty() && left == out.size()) {
        blocking = c;
        beforeBlocking = new ArrayList<>(remaining);
      }
      remaining.removeAll(out);
      left -= out.size();
      constraints
          .addObject()
          .put("constraint", c.name().toLowerCase(Locale.ROOT))
          .put("label", c.label)
          .put("filteredOut", out.size())
          .put("left", left);
      table.row(c.label, Integer.toString(out.size()), Integer.toString(left));
    }
    text.append(table.render());
    long priceUnknown =
        eligible.stream()
            .filter(
                c ->
                    ProviderFit.eligibleCards(c.provider(), spec.resources().gpu())
                        .keySet()
                        .stream()
                        .noneMatch(lowest::containsKey))
            .count();
    ArrayNode eligibleJson = json.putArray("eligible");
    eligible.forEach(c -> eligibleJson.add(c.provider().address().toString()));
    text.append("\n").append(eligible.size()).append(" provider(s) could bid");
    if (priceUnknown > 0) {
      text.append(" (").append(priceUnknown).append(" with no price seen on other jobs: unknown)");
    }
    text.append(".\n");
    json.put("priceUnknown", priceUnknown);
    if (!bids.isEmpty()) {
      BidInfo best = bids.getFirst();
      json.putObject("cheapestBid")
          .put("provider", best.provider().toString())
          .put("price", best.price())
          .put("gpuModel", best.gpuModel())
          .put("gpuCount", best.gpuCount());
      text.append("Cheapest bid this round: ")
          .append(Amount.format(best.price()))
          .append(" by ")
          .append(best.provider())
          .append(" (")
          .append(JobViews.gpus(best.gpuCount(), best.gpuModel()))
          .append("), of ")
          .append(bids.size())
          .append(" bid(s).\n");
    } else {
      json.putNull("cheapestBid");
    }
    String suggestion = suggestion(job, spec, blocking, beforeBlocking, eligible, bids, lowest);
    json.put("suggestion", suggestion);
    text.append("Suggestion: ").append(suggestion).append('\n');
    return print(new Report(text.toString(), json));
  }

  /**
   * The lowest price seen per normalized GPU model on other jobs of the same kind: the providers'
   * leases (won bids) and the bids of jobs now taking bids. Providers do not publish price lists,
   * so this is the best public evidence of what they ask.
   */
  private static Map<String, Long> lowestPrices(
      GridworkClient client, JobInfo job, List<Candidate> candidates) {
    Map<String, Long> lowest = new HashMap<>();
    for (Candidate c : candidates) {
      for (LeaseInfo l : c.leases()) {
        if (!l.jobId().equals(job.id()) && l.kind().equals(job.kind())) {
          lowest.merge(GpuModels.normalize(l.gpuModel()), l.price(), Math::min);
        }
      }
    }
    for (JobInfo other : client.openJobs()) {
      if (!other.id().equals(job.id()) && other.kind().equals(job.kind())) {
        for (BidInfo b : client.bids(other.id())) {
          lowest.merge(GpuModels.normalize(b.gpuModel()), b.price(), Math::min);
        }
      }
    }
    return lowest;
  }

  private static String asks(JobSpec spec) {
    GpuRequest gpu = spec.resources().gpu();
    List<String> parts = new ArrayList<>();
    if (gpu.count() == 0) {
      parts.add("no GPU");
    } else {
      parts.add(
          gpu.count()
              + "x "
              + (gpu.models().isEmpty() ? "any GPU" : String.join("|", gpu.models()))
              + (gpu.minVramMib() > 0 ? " with at least " + gpu.minVramMib() + " MiB" : ""));
    }
    Placement p = spec.placement();
    if (!p.regions().isEmpty()) {
      parts.add("region " + String.join("|", p.regions()));
    }
    if (p.tier() != null) {
      parts.add("tier " + p.tier().wireName() + " or better");
    }
    p.attributes().forEach((k, v) -> parts.add(k + "=" + v));
    if (!p.allowSimulated()) {
      parts.add("real GPUs only");
    }
    parts.add(
        "at most "
            + (spec.isBatch()
                ? Amount.format(spec.pricing().maxPricePerUnit()) + " per unit"
                : Amount.format(spec.pricing().maxPricePerGpuHour()) + " per GPU-hour"));
    return String.join(", ", parts);
  }

  private static String suggestion(
      JobInfo job,
      JobSpec spec,
      ProviderFit.Constraint blocking,
      List<Candidate> before,
      List<Candidate> eligible,
      List<BidInfo> bids,
      Map<String, Long> lowest) {
    if (job.status().finished()) {
      return "the job is " + job.status().name().toLowerCase(Locale.ROOT) + " and takes no bids";
    }
    if (!eligible.isEmpty()) {
      if (!bids.isEmpty()) {
        return bids.size()
            + " bid(s) so far; the auction at height "
            + job.biddingClosesAt()
            + " picks the cheapest";
      }
      if (job.biddingClosesAt() == 0) {
        return "the job has leases for all its work and takes no bids now";
      }
      return eligible.size()
          + " provider(s) could bid but none has yet; wait for the auction at height "
          + job.biddingClosesAt()
          + " (their agents may be offline or price above your ceiling)";
    }
    if (blocking == null) {
      return "no providers are registered on this chain yet; nobody can bid until one registers";
    }
    GpuRequest gpu = spec.resources().gpu();
    String what = gpu.count() == 0 ? "would run it" : "have " + wanted(gpu);
    int n = before.size();
    return switch (blocking) {
      case INACTIVE ->
          "every registered provider is below the minimum stake; none can bid until one bonds more";
      case IS_BUYER ->
          "the only provider that fits is your own account, and a buyer cannot bid on its own job";
      case GPU_MODEL ->
          n
              + " active provider(s), but none has "
              + wanted(gpu)
              + "; they offer "
              + join(
                  before, c -> c.provider().gpus().stream().map(ProviderInfo.Gpu::model).toList())
              + ": accept one of those in resources.gpu.models";
      case VRAM ->
          n
              + " provider(s) have the model but none with "
              + gpu.minVramMib()
              + " MiB per card; the most offered is "
              + before.stream()
                  .flatMap(c -> c.provider().gpus().stream())
                  .filter(g -> GpuModels.accepts(gpu, g.model()))
                  .mapToInt(ProviderInfo.Gpu::vramMib)
                  .max()
                  .orElse(0)
              + " MiB: lower resources.gpu.minVram";
      case GPU_COUNT ->
          n
              + " provider(s) "
              + what
              + " but at most "
              + before.stream()
                  .flatMap(c -> ProviderFit.eligibleCards(c.provider(), gpu).values().stream())
                  .mapToInt(Integer::intValue)
                  .max()
                  .orElse(0)
              + " per machine; ask for that many GPUs per run (or split the work into more units)";
      case REGION ->
          n
              + " provider(s) "
              + what
              + " but none in region "
              + String.join(" or ", spec.placement().regions())
              + "; remove the region or add "
              + join(before, c -> List.of(c.provider().region()));
      case TIER ->
          n
              + " provider(s) "
              + what
              + " but none of tier "
              + spec.placement().tier().wireName()
              + " or better; they are "
              + join(before, c -> List.of(c.provider().tierName()))
              + ": lower placement.tier";
      case ATTRIBUTES ->
          n
              + " provider(s) "
              + what
              + " but none with "
              + spec.placement().attributes().entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(", "))
              + "; remove what you can from placement.attributes";
      case SIMULATED ->
          n
              + " provider(s) fit but only simulate their GPUs; on a devnet set placement.allowSimulated: true";
      case CAPACITY ->
          n
              + " provider(s) fit but their matching GPUs are all busy in other leases; wait for those"
              + " leases to end, or accept more GPU models or regions";
      case PRICE -> {
        long cheapest =
            before.stream()
                .flatMap(c -> ProviderFit.eligibleCards(c.provider(), gpu).keySet().stream())
                .map(lowest::get)
                .filter(Objects::nonNull)
                .mapToLong(Long::longValue)
                .min()
                .orElse(0);
        yield n
            + " provider(s) fit but the lowest price seen for their GPUs on other jobs is "
            + Amount.format(cheapest)
            + ", above your ceiling of "
            + Amount.format(
                job.spec().isBatch()
                    ? spec.pricing().maxPricePerUnit()
                    : spec.pricing().maxPricePerGpuHour())
            + "; raise "
            + (spec.isBatch() ? "pricing.maxPricePerUnit" : "pricing.maxPricePerGpuHour")
            + " to at least "
            + Amount.format(cheapest);
      }
    };
  }

  private static String wanted(GpuRequest gpu) {
    return gpu.models().isEmpty() ? "a GPU" : String.join(" or ", gpu.models());
  }

  private static String join(List<Candidate> candidates, Function<Candidate, List<String>> values) {
    TreeSet<String> all = new TreeSet<>();
    candidates.forEach(c -> all.addAll(values.apply(c)));
    return String.join(", ", all);
  }
}

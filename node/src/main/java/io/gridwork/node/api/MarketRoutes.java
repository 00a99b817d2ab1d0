package io.gridwork.node.api;

import static io.gridwork.node.api.Requests.badRequest;
import static io.gridwork.node.api.Requests.limit;
import static io.gridwork.node.api.Requests.nonNegativeInt;
import static io.gridwork.node.api.Requests.parseAddress;
import static io.gridwork.node.api.Requests.parseId;

import io.gridwork.api.Lists;
import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.market.Job;
import io.gridwork.chain.market.Lease;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.JobStatus;
import io.gridwork.protocol.market.LeaseStatus;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The marketplace routes: jobs with their bids, leases, units and audits, and providers' leases.
 */
final class MarketRoutes {
  static final int DEFAULT_LIST_LIMIT = 100;
  static final int MAX_LIST_LIMIT = 1_000;
  static final int DEFAULT_UNITS_LIMIT = 1_000;
  static final int MAX_UNITS_LIMIT = 10_000;

  private final ChainStore store;
  private final Answers answers;

  MarketRoutes(ChainStore store, Answers answers) {
    this.store = store;
    this.answers = answers;
  }

  void jobs(Context ctx) {
    int limit = limit(ctx, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    Optional<JobStatus> status = jobStatus(ctx.queryParam("status"));
    String buyerText = ctx.queryParam("buyer");
    ReadableState state = store.state();
    List<Job> found;
    if (buyerText != null) {
      found = Market.jobsByBuyer(state, parseAddress(buyerText));
    } else if (status.isEmpty() || !status.get().finished()) {
      found = Market.openJobs(state);
    } else {
      throw badRequest(
          "BAD_QUERY",
          "finished jobs are listed per buyer: add buyer=<address> to list "
              + status.get().name().toLowerCase(Locale.ROOT)
              + " jobs");
    }
    answers.json(ctx, 200, MarketQueries.newestJobs(state, found, status, limit));
  }

  void job(Context ctx) {
    ReadableState state = store.state();
    Job job = requireJob(state, parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id"));
    answers.json(ctx, 200, ApiRecords.job(job, Market.leases(state, job.id()), true));
  }

  void bids(Context ctx) {
    ReadableState state = store.state();
    Job job = requireJob(state, parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id"));
    answers.json(
        ctx,
        200,
        new Lists.Bids(
            job.id(), Market.bids(state, job.id()).stream().map(ApiRecords::bid).toList()));
  }

  void jobLeases(Context ctx) {
    ReadableState state = store.state();
    Job job = requireJob(state, parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id"));
    answers.json(
        ctx,
        200,
        new Lists.Leases(Market.leases(state, job.id()).stream().map(ApiRecords::lease).toList()));
  }

  void units(Context ctx) {
    Hash jobId = parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id");
    int from = nonNegativeInt(ctx, "from", 0);
    int limit = limit(ctx, DEFAULT_UNITS_LIMIT, MAX_UNITS_LIMIT);
    ReadableState state = store.state();
    answers.json(ctx, 200, MarketQueries.unitPage(state, requireJob(state, jobId), from, limit));
  }

  void audits(Context ctx) {
    ReadableState state = store.state();
    Job job = requireJob(state, parseId(ctx.pathParam("jobId"), "BAD_JOB_ID", "job id"));
    answers.json(
        ctx,
        200,
        new Lists.Audits(
            job.id(), Audits.ofJob(state, job.id()).stream().map(ApiRecords::audit).toList()));
  }

  void lease(Context ctx) {
    Hash id = parseId(ctx.pathParam("leaseId"), "BAD_LEASE_ID", "lease id");
    Lease lease =
        Market.lease(store.state(), id)
            .orElseThrow(
                () ->
                    new ProblemException(
                        404,
                        "LEASE_NOT_FOUND",
                        "Lease not found",
                        "no lease has id " + id + "; list a job's leases to find the right one"));
    answers.json(ctx, 200, ApiRecords.lease(lease));
  }

  void providerLeases(Context ctx) {
    Address provider = parseAddress(ctx.pathParam("address"));
    Optional<Predicate<Lease>> status = leaseFilter(ctx.queryParam("status"));
    int limit = limit(ctx, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    answers.json(ctx, 200, MarketQueries.newestLeases(store.state(), provider, status, limit));
  }

  private static Job requireJob(ReadableState state, Hash id) {
    return Market.job(state, id)
        .orElseThrow(
            () ->
                new ProblemException(
                    404,
                    "JOB_NOT_FOUND",
                    "Job not found",
                    "no job has id " + id + "; check the id printed when the job was created"));
  }

  private static Optional<JobStatus> jobStatus(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (JobStatus s : JobStatus.values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return Optional.of(s);
      }
    }
    throw badRequest(
        "BAD_STATUS", "status '" + text + "' is not one of open, active, done, closed");
  }

  /**
   * A lease status to filter by: {@code active}, {@code suspended} or {@code closed} match that
   * status, {@code open} matches every lease not closed (what its holder must keep running).
   */
  private static Optional<Predicate<Lease>> leaseFilter(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if ("open".equalsIgnoreCase(text)) {
      return Optional.of(Lease::active);
    }
    for (LeaseStatus s : LeaseStatus.values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return Optional.of(l -> l.status() == s);
      }
    }
    throw badRequest(
        "BAD_STATUS", "status '" + text + "' is not one of active, suspended, closed, open");
  }
}

package io.gridwork.agent.work;

import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.daemon.ResultPolicy;
import io.gridwork.agent.gpu.Inventory;
import io.gridwork.agent.state.AgentState;
import io.gridwork.api.JobInfo;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import io.gridwork.protocol.spec.JobSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * What every lease runner of one agent shares: the node, the signing key and its transaction
 * submitter, the agent's state, the runtimes workloads run in, the settings, the slots that bound
 * how many units run at once, the policy deciding what is reported, the watch that says when a
 * transaction sent is committed, and the jobs the agent fetched to bid on (a spec never changes, so
 * a runner need not fetch it again), and the logs kept of units whose directories were removed, and
 * the clock all of them read the time from.
 */
public record LeaseContext(
    GridworkClient client,
    KeyPair key,
    TxSubmitter txs,
    AgentState state,
    Runtimes runtimes,
    AgentConfig config,
    Inventory inventory,
    Semaphore unitSlots,
    AgentMetrics metrics,
    Set<Hash> givenUp,
    ResultPolicy policy,
    CommitWatch commits,
    Map<Hash, JobInfo> knownJobs,
    UnitLogs unitLogs,
    Clock clock) {

  /**
   * The spec of job {@code jobId} while the job is still open, from the jobs fetched to bid on or
   * else from the node; empty once the job has finished or when the node does not know it.
   */
  public Optional<JobSpec> openJobSpec(Hash jobId) {
    return Optional.ofNullable(knownJobs.get(jobId))
        .or(() -> client.job(jobId))
        .filter(job -> !job.status().finished())
        .map(JobInfo::spec);
  }

  /**
   * What a lease needs before its first run: the job's inputs fetched into {@code inputsDir} and
   * its container image, if it names one, pulled. Returns why the lease cannot run, if it cannot.
   */
  public Optional<String> prepareLease(Hash jobId, JobSpec spec, Path inputsDir) {
    Optional<String> inputProblem =
        UnitSetup.fetchInputs(client, key, jobId, spec.inputs(), inputsDir);
    if (inputProblem.isPresent()) {
      return inputProblem;
    }
    return runtimes.of(spec).prepare();
  }
}

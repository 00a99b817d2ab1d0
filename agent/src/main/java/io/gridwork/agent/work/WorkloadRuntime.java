package io.gridwork.agent.work;

import io.gridwork.agent.runtime.PublishedPort;
import io.gridwork.agent.runtime.ServiceStart;
import io.gridwork.agent.runtime.UnitDirs;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where one job's workload runs, in the bubblewrap sandbox or as a container image, chosen once per
 * job by {@link Runtimes#of} so that bids, leases, services and audits never ask which it is.
 */
public sealed interface WorkloadRuntime permits Runtimes.Sandbox, Runtimes.Container {

  /** Why the engine this runtime needs does not answer now, or empty when it does. */
  Optional<String> engineMissing();

  /** Why the job's network access cannot be given here, or empty when it can or needs none. */
  Optional<String> networkMissing();

  /** Fetches what the runtime needs before the job's first run; empty when ready, else why not. */
  Optional<String> prepare();

  /**
   * Unit {@code unit} set up to run on the cards {@code gpuIndices}, under the name {@code name}
   * where the runtime names its runs. Throws {@link IllegalArgumentException} when the job cannot
   * run here (it sets a variable the agent owns, or names a bad output).
   */
  PreparedUnit unit(int unit, List<Integer> gpuIndices, String name);

  /**
   * Removes what an agent stopped outright left running under the name {@code name}: a container
   * would still hold the ports it published. Nothing outlives the agent in the sandbox.
   */
  void removeLeftover(String name);

  /**
   * How each start of the job's service runs it on the cards {@code gpuIndices} with the ports
   * {@code published}, under the name {@code name}. Throws {@link IllegalArgumentException} when
   * the job cannot run here.
   */
  Function<UnitDirs, ServiceStart> service(
      List<Integer> gpuIndices, List<PublishedPort> published, String name);
}

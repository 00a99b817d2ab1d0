package io.gridwork.agent.daemon;

import io.gridwork.agent.runtime.ContainerRunner;
import io.gridwork.agent.runtime.ContainerUnit;
import io.gridwork.agent.runtime.SandboxedRunner;
import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitRun;
import io.gridwork.agent.runtime.UnitSpec;

/**
 * One unit of a job set up for the runtime its workload needs, a process in the bubblewrap sandbox
 * or a container image through docker, so a lease and an audit start it the same way whatever the
 * workload.
 */
sealed interface PreparedUnit {

  /** The most bytes of output the unit may leave, which also bounds its checkpoints. */
  long outputBytes();

  /**
   * Starts the unit in {@code dirs} and returns at once. Throws {@link IllegalArgumentException} if
   * a directory would expose a protected path.
   */
  UnitRun start(UnitDirs dirs);

  /** A process workload's unit, run in the sandbox. */
  record Sandboxed(UnitSpec spec, SandboxedRunner runner) implements PreparedUnit {
    @Override
    public long outputBytes() {
      return spec.limits().outputBytes();
    }

    @Override
    public UnitRun start(UnitDirs dirs) {
      return runner.start(spec, dirs);
    }
  }

  /** A container workload's unit, run as the container {@code name}. */
  record Contained(ContainerUnit unit, String name, ContainerRunner runner)
      implements PreparedUnit {
    @Override
    public long outputBytes() {
      return unit.limits().outputBytes();
    }

    @Override
    public UnitRun start(UnitDirs dirs) {
      return runner.start(unit, dirs, name);
    }
  }
}

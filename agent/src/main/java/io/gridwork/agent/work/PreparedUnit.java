package io.gridwork.agent.work;

import io.gridwork.agent.runtime.CheckpointArchive;
import io.gridwork.agent.runtime.ContainerRunner;
import io.gridwork.agent.runtime.ContainerUnit;
import io.gridwork.agent.runtime.SandboxedRunner;
import io.gridwork.agent.runtime.UnitDirs;
import io.gridwork.agent.runtime.UnitRun;
import io.gridwork.agent.runtime.UnitSpec;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One unit of a job set up for the runtime its workload needs, a process in the bubblewrap sandbox
 * or a container image through docker, so a lease and an audit start it the same way whatever the
 * workload.
 */
public sealed interface PreparedUnit {
  /** How long packing one checkpoint may take before the packer is killed. */
  Duration PACK_TIMEOUT = Duration.ofMinutes(10);

  /** The most bytes of output the unit may leave, which also bounds its checkpoints. */
  long outputBytes();

  /**
   * Starts the unit in {@code dirs} and returns at once. Throws {@link IllegalArgumentException} if
   * a directory would expose a protected path.
   */
  UnitRun start(UnitDirs dirs);

  /**
   * Packs the checkpoint directory of the unit running in {@code dirs} into {@code archive}, under
   * the unit's output limit.
   */
  CheckpointArchive.PackResult packCheckpoint(UnitDirs dirs, Path archive)
      throws InterruptedException;

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

    /** In a sandbox like the unit's, so it reads only what the unit could. */
    @Override
    public CheckpointArchive.PackResult packCheckpoint(UnitDirs dirs, Path archive)
        throws InterruptedException {
      return runner.packCheckpoint(dirs, archive, outputBytes(), PACK_TIMEOUT);
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

    /**
     * Here, through {@link io.gridwork.agent.runtime.UnitTree}: no sandbox is required next to the
     * container engine.
     */
    @Override
    public CheckpointArchive.PackResult packCheckpoint(UnitDirs dirs, Path archive) {
      return CheckpointArchive.pack(dirs.checkpoint(), archive, outputBytes());
    }
  }
}

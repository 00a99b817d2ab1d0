package io.gridwork.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the agent finds a delegated cgroup v2 subtree and what it writes there for a unit, on a
 * hierarchy laid out in a directory as the kernel lays out its files.
 */
class UnitCgroupsTest {
  @TempDir Path tmp;

  private Path mountinfo;
  private Path ownCgroup;
  private Path base;

  /** A cgroup2 mount at {@code tmp/cgroup} with this process in {@code /agent.service}. */
  private void hierarchy(String controllers) throws IOException {
    Path mount = Files.createDirectories(tmp.resolve("cgroup"));
    base = Files.createDirectories(mount.resolve("agent.service"));
    Files.writeString(base.resolve("cgroup.controllers"), controllers + "\n");
    Files.writeString(base.resolve("cgroup.subtree_control"), "");
    mountinfo =
        Files.writeString(
            tmp.resolve("mountinfo"),
            "25 30 0:22 / /proc rw - proc proc rw\n"
                + "41 31 0:38 / "
                + mount
                + " rw,relatime - cgroup2 cgroup2 rw\n");
    ownCgroup = Files.writeString(tmp.resolve("cgroup-of-self"), "0::/agent.service\n");
  }

  @Test
  void noCgroup2MountLeavesUnitsToTheirRlimits() throws IOException {
    hierarchy("memory pids cpu");
    Files.writeString(mountinfo, "25 30 0:22 / /proc rw - proc proc rw\n");

    UnitCgroups.Found found = UnitCgroups.find(mountinfo, ownCgroup, ProcessHandle.current());

    assertThat(found)
        .isEqualTo(new UnitCgroups.Found.Unavailable("no cgroup v2 hierarchy is mounted"));
  }

  @Test
  void hierarchyWithoutTheControllersLeavesUnitsToTheirRlimits() throws IOException {
    hierarchy("");

    UnitCgroups.Found found = UnitCgroups.find(mountinfo, ownCgroup, ProcessHandle.current());

    assertThat(found).isInstanceOf(UnitCgroups.Found.Unavailable.class);
    assertThat(((UnitCgroups.Found.Unavailable) found).reason())
        .contains(base.toString(), "offers no controllers");
  }

  @Test
  void delegatedCgroupMovesTheAgentToALeafAndEnablesTheControllersBelow() throws IOException {
    hierarchy("cpuset cpu io memory pids");

    UnitCgroups.Found found = UnitCgroups.find(mountinfo, ownCgroup, ProcessHandle.current());

    assertThat(found).isInstanceOf(UnitCgroups.Found.Available.class);
    assertThat(Files.readString(base.resolve("agent/cgroup.procs")))
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    assertThat(Files.readString(base.resolve("cgroup.subtree_control")))
        .isEqualTo("+memory +pids +cpu");
  }

  @Test
  void unitsCgroupHoldsItsJobsMemoryProcessesAndCpus() throws IOException {
    hierarchy("cpu memory pids");
    UnitCgroups cgroups =
        ((UnitCgroups.Found.Available)
                UnitCgroups.find(mountinfo, ownCgroup, ProcessHandle.current()))
            .cgroups();
    ResourceLimits limits =
        ResourceLimits.defaults().withMemoryBytes(256L << 20).withProcesses(64).withCpuMillis(2500);

    UnitCgroups.UnitCgroup cgroup = cgroups.create(7, limits);

    assertThat(cgroup.dir().getParent()).isEqualTo(base);
    assertThat(Files.readString(cgroup.dir().resolve("memory.max")))
        .isEqualTo(Long.toString(256L << 20));
    assertThat(Files.readString(cgroup.dir().resolve("pids.max"))).isEqualTo("64");
    assertThat(Files.readString(cgroup.dir().resolve("cpu.max"))).isEqualTo("250000 100000");
    assertThat(cgroup.join())
        .containsExactly(
            "sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", cgroup.dir() + "/cgroup.procs");
  }

  @Test
  void oomKillInTheUnitsEventsMeansItRanOutOfMemory() throws IOException {
    hierarchy("cpu memory pids");
    UnitCgroups cgroups =
        ((UnitCgroups.Found.Available)
                UnitCgroups.find(mountinfo, ownCgroup, ProcessHandle.current()))
            .cgroups();
    UnitCgroups.UnitCgroup cgroup = cgroups.create(7, ResourceLimits.defaults());
    Files.writeString(cgroup.dir().resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\n");
    boolean before = cgroup.outOfMemory();

    Files.writeString(
        cgroup.dir().resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");

    assertThat(before).isFalse();
    assertThat(cgroup.outOfMemory()).isTrue();
  }
}

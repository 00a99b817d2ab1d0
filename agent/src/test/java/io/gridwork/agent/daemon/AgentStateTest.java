package io.gridwork.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStateTest {
  @TempDir Path dir;

  @Test
  void aBlocksChangesAreWrittenTogether() {
    AgentState state = open();
    AgentState.Changes placed = AgentState.Changes.of(10);
    placed.placedBids().add(new AgentState.PendingBid("job-a", "rtx", 1, 10));
    placed.placedBids().add(new AgentState.PendingBid("job-b", "rtx", 1, 10));
    placed.decisions().add(new AgentState.Decision(10, "job-a", "BID", "BID", "bid 5"));
    state.record(placed, 2_000);
    AgentState.Changes settled = AgentState.Changes.of(11);
    settled.settledBids().add("job-a");

    state.record(settled, 4_000);

    AgentState.Snapshot onDisk = AgentState.read(dir).orElseThrow();
    assertThat(onDisk.lastHeight()).isEqualTo(11);
    assertThat(onDisk.pendingBids()).containsOnlyKeys("job-b");
    assertThat(onDisk.bidsPlaced()).isEqualTo(2);
    assertThat(onDisk.decisions()).extracting(AgentState.Decision::job).containsExactly("job-a");
  }

  @Test
  void countersGoToDiskWithTheNextChangeThatMustBeWritten() {
    AgentState state = open();
    state.unitRan(true, 2);
    state.energyUsed(500, 2);

    assertThat(AgentState.read(dir).orElseThrow().unitsDone()).isZero();
    state.resultSubmitted("lease", 0, "tx", 3);

    AgentState.Snapshot onDisk = AgentState.read(dir).orElseThrow();
    assertThat(onDisk.unitsDone()).isEqualTo(1);
    assertThat(onDisk.energyMilliwattMillis()).isEqualTo(500);
    assertThat(onDisk.submitted()).containsKey("lease");
  }

  @Test
  void blocksHandledWithinASecondOfTheLastWriteGoToDiskWithTheNext() {
    AgentState state = open();
    state.record(AgentState.Changes.of(10), 2_000);

    state.record(AgentState.Changes.of(11), 2_500);
    assertThat(AgentState.read(dir).orElseThrow().lastHeight()).isEqualTo(10);
    state.record(AgentState.Changes.of(12), 3_000);

    assertThat(AgentState.read(dir).orElseThrow().lastHeight()).isEqualTo(12);
  }

  private AgentState open() {
    return AgentState.open(dir, "grid1test", "http://node", 5, List.of(), null, 0, 1);
  }
}

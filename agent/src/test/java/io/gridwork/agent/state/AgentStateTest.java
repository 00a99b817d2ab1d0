package io.gridwork.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentStateTest {
  private static final String ADDRESS = "grid1example";

  @TempDir Path work;

  private AgentState open() {
    return AgentState.open(
        work, ADDRESS, "http://127.0.0.1:7700", "chain", "00", 10, List.of(), null, 0, 1_000);
  }

  @Test
  void anAssignedAuditIsStillThereWhenTheAgentReopensItsState() {
    AgentState.PendingAudit audit = new AgentState.PendingAudit("ab", 3, 1, 120, "cd", 5_000);
    open().auditAssigned(audit, 2_000);

    assertThat(open().snapshot().audits()).containsExactly(java.util.Map.entry(audit.key(), audit));
  }

  @Test
  void anAnsweredAuditIsForgottenAndCounted() {
    AgentState state = open();
    AgentState.PendingAudit audit = new AgentState.PendingAudit("ab", 3, 1, 120, "cd", 5_000);
    state.auditAssigned(audit, 2_000);

    state.auditEnded(audit.key(), true, false, 3_000);
    state.auditPaid(5_000, 4_000);

    AgentState.Snapshot snapshot = open().snapshot();
    assertThat(snapshot.audits()).isEmpty();
    assertThat(snapshot.auditsDone()).isEqualTo(1);
    assertThat(snapshot.auditsFailed()).isZero();
    assertThat(snapshot.auditsEarned()).isEqualTo(5_000);
  }

  @Test
  void aStateFileFromBeforeAuditsOpensWithNone() throws IOException {
    Files.writeString(
        work.resolve(AgentState.FILE),
        """
        {"address":"grid1example","nodeUrl":"http://127.0.0.1:7700","startHeight":4,
         "lastHeight":9,"startedAtMillis":1,"updatedAtMillis":2,"running":false,"gpus":[],
         "pendingBids":{},"submitted":{},"decisions":[],"unitsDone":7,"unitsFailed":1,
         "bidsPlaced":3,"leasesGivenUp":0,"energyMilliwattMillis":0}
        """);

    AgentState.Snapshot snapshot = open().snapshot();

    assertThat(snapshot.unitsDone()).isEqualTo(7);
    assertThat(snapshot.audits()).isEmpty();
    assertThat(snapshot.auditsDone()).isZero();
  }

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

    AgentState.Snapshot onDisk = AgentState.read(work).orElseThrow();
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

    assertThat(AgentState.read(work).orElseThrow().unitsDone()).isZero();
    state.resultSubmitted("lease", 0, "tx", 3);

    AgentState.Snapshot onDisk = AgentState.read(work).orElseThrow();
    assertThat(onDisk.unitsDone()).isEqualTo(1);
    assertThat(onDisk.energyMilliwattMillis()).isEqualTo(500);
    assertThat(onDisk.submitted()).containsKey("lease");
  }

  @Test
  void blocksHandledWithinASecondOfTheLastWriteGoToDiskWithTheNext() {
    AgentState state = open();
    state.record(AgentState.Changes.of(10), 2_000);

    state.record(AgentState.Changes.of(11), 2_500);
    assertThat(AgentState.read(work).orElseThrow().lastHeight()).isEqualTo(10);
    state.record(AgentState.Changes.of(12), 3_000);

    assertThat(AgentState.read(work).orElseThrow().lastHeight()).isEqualTo(12);
  }
}

package io.gridwork.agent.daemon;

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
    return AgentState.open(work, ADDRESS, "http://127.0.0.1:7700", 10, List.of(), null, 0, 1_000);
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
}

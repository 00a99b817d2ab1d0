package io.gridwork.agent.daemon;

import static io.gridwork.agent.daemon.TestNetwork.PROVIDERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.gridwork.agent.state.AgentState;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent home reused against a chain that is not the one its state follows (the devnet was
 * re-initialised, or {@code --node} names another network), and a state file that is not a state:
 * the agent refuses to start with one line that says what differs and what to run, instead of
 * saying it runs while it follows heights the chain never reaches.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReusedHomeAttackTest {
  private static final KeyPair PROVIDER = PROVIDERS.get(10);

  @TempDir Path tmp;

  /** Runs an agent on a first chain until it has handled some blocks, then stops both. */
  private Path homeThatFollowedAChainTo(long height) {
    Path home = tmp.resolve("home");
    try (TestNetwork first = new TestNetwork(tmp.resolve("first"))) {
      Agent agent = first.startAgent(home, PROVIDER, first.settings("reused"));
      await().atMost(Duration.ofSeconds(60)).until(() -> agent.snapshot().lastHeight() >= height);
    }
    return home;
  }

  @Test
  void anAgentWhoseSavedHeightIsAheadOfTheChainRefusesToStartAndSaysHowToReset() {
    Path home = homeThatFollowedAChainTo(40);

    try (TestNetwork reinitialised = new TestNetwork(tmp.resolve("second"))) {
      AgentStartException refused =
          catchThrowableOfType(
              AgentStartException.class,
              () -> reinitialised.startAgent(home, PROVIDER, reinitialised.settings("reused")));

      assertThat(refused.getMessage())
          .contains("has handled blocks up to")
          .contains("gridwork agent start --home " + home + " --reset-state")
          .doesNotContain("\n");
    }
  }

  @Test
  void anAgentWhoseStateFollowsAnotherGenesisRefusesToStart() {
    Path home = homeThatFollowedAChainTo(3);

    try (TestNetwork other =
        new TestNetwork(tmp.resolve("other"), TestNetwork.heartbeats(7, 30, 300), 0)) {
      AgentStartException refused =
          catchThrowableOfType(
              AgentStartException.class,
              () -> other.startAgent(home, PROVIDER, other.settings("reused")));

      assertThat(refused.getMessage())
          .contains("genesis block")
          .contains("--reset-state")
          .doesNotContain("\n");
    }
  }

  @Test
  void anAgentWhoseStateWasSetAsideFollowsTheNewChainFromItsHead() {
    Path home = homeThatFollowedAChainTo(40);

    try (TestNetwork reinitialised = new TestNetwork(tmp.resolve("second"))) {
      Path workDir = home.resolve("agent");
      assertThat(AgentState.setAside(workDir)).contains(workDir.resolve("state.json.old"));
      Agent agent = reinitialised.startAgent(home, PROVIDER, reinitialised.settings("reused"));
      long head = reinitialised.client.status().height();

      await().atMost(Duration.ofSeconds(30)).until(() -> agent.snapshot().lastHeight() > head);
    }
  }

  @Test
  void aCorruptStateFileStopsTheStartWithOneLine() throws Exception {
    Path home = tmp.resolve("corrupt");
    Files.createDirectories(home.resolve("agent"));
    Files.writeString(home.resolve("agent").resolve(AgentState.FILE), "{\"address\": \"grid1");

    try (TestNetwork net = new TestNetwork(tmp.resolve("node"))) {
      AgentStartException refused =
          catchThrowableOfType(
              AgentStartException.class,
              () -> net.startAgent(home, PROVIDER, net.settings("corrupt")));

      assertThat(refused.getMessage())
          .startsWith("the agent state " + home.resolve("agent").resolve(AgentState.FILE))
          .contains("is corrupt")
          .contains("--reset-state")
          .doesNotContain("\n");
      // Refused before anything was sent: the provider was never registered.
      assertThat(net.client.provider(PROVIDER.address())).isEmpty();
    }
  }
}

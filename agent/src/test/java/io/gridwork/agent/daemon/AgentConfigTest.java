package io.gridwork.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
  private static final Path HOME = Path.of("/srv/gridwork");

  @Test
  void theCommentedDefaultFileReadsAsTheDefaults() {
    assertThat(AgentConfig.parse(HOME, AgentConfig.defaultYaml(), Map.of()))
        .isEqualTo(AgentConfig.defaults(HOME));
  }

  @Test
  void defaultsPutTheWorkDirectoryUnderTheHome() {
    assertThat(AgentConfig.defaults(HOME).workDir()).isEqualTo(HOME.resolve("agent"));
  }

  @Test
  void flagsOverrideTheFile() {
    AgentConfig config =
        AgentConfig.parse(
            HOME, "region: eu-west\nsimulateGpus: t4:1\n", Map.of("region", "us-east"));

    assertThat(config.region()).isEqualTo("us-east");
    assertThat(config.simulateGpus()).isEqualTo("t4:1");
  }

  @Test
  void pricesAreReadInGridOrUgrid() {
    AgentConfig config =
        AgentConfig.parse(HOME, "prices:\n  rtx4090: 0.40GRID\n  t4: 90000\n", Map.of());

    assertThat(config.prices()).containsEntry("rtx4090", 400_000L).containsEntry("t4", 90_000L);
  }

  @Test
  void anUnknownSettingIsNamed() {
    assertThatThrownBy(() -> AgentConfig.parse(HOME, "regoin: eu-west\n", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("regoin");
  }

  @Test
  void anUnknownTierIsRefused() {
    assertThatThrownBy(() -> AgentConfig.parse(HOME, "tier: gold\n", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("best-effort, standard, premium, got 'gold'");
  }

  @Test
  void checkpointsAreLookedAtEveryThirtySecondsUnlessSetOtherwise() {
    assertThat(AgentConfig.defaults(HOME).checkpointIntervalSeconds()).isEqualTo(30);
    assertThat(
            AgentConfig.parse(HOME, "checkpointIntervalSeconds: 1\n", Map.of())
                .checkpointIntervalSeconds())
        .isEqualTo(1);
  }

  @Test
  void theHeartbeatCadenceIsNotAnAgentSetting() {
    assertThatThrownBy(() -> AgentConfig.parse(HOME, "heartbeatIntervalBlocks: 10\n", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeatIntervalBlocks");
  }
}

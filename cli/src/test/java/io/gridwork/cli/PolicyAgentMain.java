package io.gridwork.cli;

import io.gridwork.agent.daemon.Agent;
import io.gridwork.agent.daemon.AgentConfig;
import io.gridwork.agent.daemon.ResultPolicy;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A provider agent process that runs units in real sandboxes like {@code gridwork agent start} but
 * reports through a test {@link ResultPolicy}, so fault tests can put a dishonest provider or a
 * flaky auditor on a real node as a separate process.
 *
 * <p>Arguments: the agent home (holding {@code agent.yaml} and the key store), the key name, and
 * the policy: {@code forge:K:R} reports a forged output for every unit {@code u} with {@code u % K
 * == R} and answers audits honestly; {@code withhold-audits:K:R} reports units honestly but never
 * answers an audit of a unit {@code u} with {@code u % K == R}. The key's passphrase is read from
 * {@value FaultNetwork#PASSPHRASE_VARIABLE}.
 */
public final class PolicyAgentMain {
  private PolicyAgentMain() {}

  /** Lies about the units it picks; honest everywhere else. */
  record Forge(int modulus, int remainder) implements ResultPolicy {
    @Override
    public Hash unitResult(Hash jobId, int unit, Hash computed) {
      if (unit % modulus != remainder) {
        return computed;
      }
      return Hash.sha256(("forged " + computed).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<Hash> auditResult(Hash jobId, int unit, int round, Hash computed) {
      return Optional.of(computed);
    }
  }

  /** Runs every audit it is given but leaves the ones it picks unanswered. */
  record WithholdAudits(int modulus, int remainder) implements ResultPolicy {
    @Override
    public Hash unitResult(Hash jobId, int unit, Hash computed) {
      return computed;
    }

    @Override
    public Optional<Hash> auditResult(Hash jobId, int unit, int round, Hash computed) {
      return unit % modulus == remainder ? Optional.empty() : Optional.of(computed);
    }
  }

  static ResultPolicy parse(String text) {
    String[] parts = text.split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("policy must be NAME:K:R, got " + text);
    }
    int modulus = Integer.parseInt(parts[1]);
    int remainder = Integer.parseInt(parts[2]);
    return switch (parts[0]) {
      case "forge" -> new Forge(modulus, remainder);
      case "withhold-audits" -> new WithholdAudits(modulus, remainder);
      default -> throw new IllegalArgumentException("unknown policy " + parts[0]);
    };
  }

  public static void main(String[] args) throws InterruptedException {
    Path home = Path.of(args[0]);
    KeyPair key =
        new KeyStore(home)
            .unlock(args[1], System.getenv(FaultNetwork.PASSPHRASE_VARIABLE).toCharArray());
    ResultPolicy policy = parse(args[2]);
    AgentConfig config = AgentConfig.load(home, Map.of());
    Agent agent =
        Agent.start(config, home, key, Agent.detectOffer(config), Optional.empty(), policy);
    System.out.println(
        "agent " + agent.address() + " is running against " + config.nodeUrl() + " as " + policy);
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                },
                "agent-shutdown"));
    stopped.await();
  }
}

package io.gridwork.agent.daemon;

import io.gridwork.agent.state.AgentState;
import java.nio.file.Path;

/**
 * Refuses to start an agent whose saved state belongs to another chain than the node serves: one
 * that handled blocks beyond the node's head, or was written for another chain id or genesis. A
 * home reused against a re-initialised chain would otherwise resume from a height the chain never
 * reaches and sit silent while it says it runs. Starting afresh is the operator's decision, not the
 * agent's: the state may be right and the node wrong (a mistyped {@code --node}).
 */
final class ChainMatch {
  private ChainMatch() {}

  /**
   * Throws {@link AgentStartException} with one line saying what differs and what to run when
   * {@code saved} does not follow the chain the node at {@code nodeUrl} serves.
   */
  static void check(
      AgentState.Snapshot saved,
      Path home,
      Path workDir,
      String nodeUrl,
      String chainId,
      String genesisHash,
      long head) {
    String differs = null;
    if (saved.chainId() != null && !saved.chainId().equals(chainId)) {
      differs = "follows chain " + saved.chainId() + " but the node serves chain " + chainId;
    } else if (saved.genesisHash() != null && !saved.genesisHash().equals(genesisHash)) {
      differs =
          "follows a chain "
              + chainId
              + " whose genesis block is "
              + abbreviated(saved.genesisHash())
              + " but the node's is "
              + abbreviated(genesisHash);
    } else if (saved.lastHeight() > head) {
      differs =
          "has handled blocks up to "
              + saved.lastHeight()
              + " but the node's chain is only at block "
              + head;
    }
    if (differs == null) {
      return;
    }
    throw new AgentStartException(
        "the agent state in "
            + workDir
            + " "
            + differs
            + " at "
            + nodeUrl
            + " (the chain was re-initialised, or this is another network); to start afresh"
            + " against this node run: gridwork agent start --home "
            + home
            + " --reset-state (the old state is kept as "
            + AgentState.FILE
            + ".old), or point --node at the node of the agent's chain");
  }

  private static String abbreviated(String hash) {
    return hash.length() > 16 ? hash.substring(0, 16) + "…" : hash;
  }
}

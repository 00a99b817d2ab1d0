package io.gridwork.chain.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes the genesis file operators edit by hand, so every error names the field and says
 * what is wrong. Amounts are either an integer of ugrid or a string with a unit ({@code
 * "1000GRID"}, {@code "1500ugrid"}); {@code params} and each of its fields may be left out to take
 * the defaults. Unknown fields are refused, since a misspelt field would otherwise be silently
 * ignored.
 *
 * <pre>
 * {"chainId": "gridwork-devnet", "genesisTimeMillis": 0,
 *  "accounts": [{"address": "grid1…", "balance": "1000GRID"}],
 *  "params": {"minFee": 1000, "minProviderStake": "100GRID", "unbondingPeriodBlocks": 100,
 *             "market": {"bidWindowBlocks": 3, "maxBidsPerJob": 64, "maxAuctionRounds": 3,
 *                        "minDeposit": "1GRID", "networkFeeBps": 100, "bidCollateral": "1GRID",
 *                        "nominalBlockMillis": 1000},
 *             "audit": {"challengeWindowBlocks": 5, "auditRateStartPpm": 1000000,
 *                       "auditRateFloorPpm": 20000, "auditHalfLifeUnits": 30,
 *                       "auditTimeoutBlocks": 20, "maxAuditAttempts": 3,
 *                       "verificationFeeBps": 500, "slashFractionBps": 1000,
 *                       "slashBuyerShareBps": 5000, "reputationAgeFullBlocks": 100000},
 *             "liveness": {"heartbeatIntervalBlocks": 5, "heartbeatGraceBlocks": 15,
 *                          "heartbeatTimeoutBlocks": 40, "standardUptimeBps": 9500,
 *                          "standardCompensationPerGpu": "5GRID", "premiumUptimeBps": 9900,
 *                          "premiumCompensationPerGpu": "20GRID"}},
 *  "verificationPool": "100GRID"}
 * </pre>
 */
public final class GenesisJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Set<String> TOP_FIELDS =
      Set.of("chainId", "genesisTimeMillis", "accounts", "params", "verificationPool");
  private static final Set<String> ACCOUNT_FIELDS = Set.of("address", "balance");
  private static final Set<String> PARAM_FIELDS =
      Set.of("minFee", "minProviderStake", "unbondingPeriodBlocks", "market", "audit", "liveness");
  private static final Set<String> MARKET_FIELDS =
      Set.of(
          "bidWindowBlocks",
          "maxBidsPerJob",
          "maxAuctionRounds",
          "minDeposit",
          "networkFeeBps",
          "bidCollateral",
          "nominalBlockMillis");
  private static final Set<String> AUDIT_FIELDS =
      Set.of(
          "challengeWindowBlocks",
          "auditRateStartPpm",
          "auditRateFloorPpm",
          "auditHalfLifeUnits",
          "auditTimeoutBlocks",
          "maxAuditAttempts",
          "verificationFeeBps",
          "slashFractionBps",
          "slashBuyerShareBps",
          "reputationAgeFullBlocks");
  private static final Set<String> LIVENESS_FIELDS =
      Set.of(
          "heartbeatIntervalBlocks",
          "heartbeatGraceBlocks",
          "heartbeatTimeoutBlocks",
          "standardUptimeBps",
          "standardCompensationPerGpu",
          "premiumUptimeBps",
          "premiumCompensationPerGpu");

  private GenesisJson() {}

  /**
   * Parses and validates a genesis file; throws {@link IllegalArgumentException} naming the field
   * and the problem.
   */
  public static Genesis parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("genesis is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("genesis must be a JSON object");
    }
    rejectUnknown(root, TOP_FIELDS, "genesis");
    String chainId = text(root, "chainId", "chainId");
    long genesisTime = integer(root.get("genesisTimeMillis"), "genesisTimeMillis");
    JsonNode accountsNode = root.get("accounts");
    if (accountsNode == null || !accountsNode.isArray()) {
      throw new IllegalArgumentException("accounts is required and must be an array");
    }
    List<GenesisAccount> accounts = new ArrayList<>();
    for (int i = 0; i < accountsNode.size(); i++) {
      accounts.add(account(accountsNode.get(i), "accounts[" + i + "]"));
    }
    long pool =
        root.has("verificationPool") ? amount(root.get("verificationPool"), "verificationPool") : 0;
    Genesis genesis = new Genesis(chainId, genesisTime, accounts, params(root.get("params")), pool);
    List<String> problems = genesis.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid genesis: " + String.join("; ", problems));
    }
    return genesis;
  }

  /** The genesis as indented JSON, with amounts as integers of ugrid; {@link #parse} reads it. */
  public static String write(Genesis genesis) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("chainId", genesis.chainId());
    root.put("genesisTimeMillis", genesis.genesisTimeMillis());
    ArrayNode accounts = root.putArray("accounts");
    for (GenesisAccount a : genesis.accounts()) {
      accounts.addObject().put("address", a.address().toString()).put("balance", a.balance());
    }
    ObjectNode params =
        root.putObject("params")
            .put("minFee", genesis.params().minFee())
            .put("minProviderStake", genesis.params().minProviderStake())
            .put("unbondingPeriodBlocks", genesis.params().unbondingPeriodBlocks());
    MarketParams market = genesis.params().market();
    params
        .putObject("market")
        .put("bidWindowBlocks", market.bidWindowBlocks())
        .put("maxBidsPerJob", market.maxBidsPerJob())
        .put("maxAuctionRounds", market.maxAuctionRounds())
        .put("minDeposit", market.minDeposit())
        .put("networkFeeBps", market.networkFeeBps())
        .put("bidCollateral", market.bidCollateral())
        .put("nominalBlockMillis", market.nominalBlockMillis());
    AuditParams audit = genesis.params().audit();
    params
        .putObject("audit")
        .put("challengeWindowBlocks", audit.challengeWindowBlocks())
        .put("auditRateStartPpm", audit.auditRateStartPpm())
        .put("auditRateFloorPpm", audit.auditRateFloorPpm())
        .put("auditHalfLifeUnits", audit.auditHalfLifeUnits())
        .put("auditTimeoutBlocks", audit.auditTimeoutBlocks())
        .put("maxAuditAttempts", audit.maxAuditAttempts())
        .put("verificationFeeBps", audit.verificationFeeBps())
        .put("slashFractionBps", audit.slashFractionBps())
        .put("slashBuyerShareBps", audit.slashBuyerShareBps())
        .put("reputationAgeFullBlocks", audit.reputationAgeFullBlocks());
    LivenessParams liveness = genesis.params().liveness();
    params
        .putObject("liveness")
        .put("heartbeatIntervalBlocks", liveness.heartbeatIntervalBlocks())
        .put("heartbeatGraceBlocks", liveness.heartbeatGraceBlocks())
        .put("heartbeatTimeoutBlocks", liveness.heartbeatTimeoutBlocks())
        .put("standardUptimeBps", liveness.standardUptimeBps())
        .put("standardCompensationPerGpu", liveness.standardCompensationPerGpu())
        .put("premiumUptimeBps", liveness.premiumUptimeBps())
        .put("premiumCompensationPerGpu", liveness.premiumCompensationPerGpu());
    root.put("verificationPool", genesis.verificationPool());
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static GenesisAccount account(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object with address and balance");
    }
    rejectUnknown(node, ACCOUNT_FIELDS, where);
    String addressText = text(node, "address", where + ".address");
    Address address;
    try {
      address = Address.parse(addressText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".address: " + e.getMessage(), e);
    }
    return new GenesisAccount(address, amount(node.get("balance"), where + ".balance"));
  }

  private static Params params(JsonNode node) {
    Params defaults = Params.defaults();
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("params must be an object");
    }
    rejectUnknown(node, PARAM_FIELDS, "params");
    return new Params(
        node.has("minFee") ? amount(node.get("minFee"), "params.minFee") : defaults.minFee(),
        node.has("minProviderStake")
            ? amount(node.get("minProviderStake"), "params.minProviderStake")
            : defaults.minProviderStake(),
        node.has("unbondingPeriodBlocks")
            ? integer(node.get("unbondingPeriodBlocks"), "params.unbondingPeriodBlocks")
            : defaults.unbondingPeriodBlocks(),
        market(node.get("market")),
        audit(node.get("audit")),
        liveness(node.get("liveness")));
  }

  private static LivenessParams liveness(JsonNode node) {
    LivenessParams defaults = LivenessParams.defaults();
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("params.liveness must be an object");
    }
    rejectUnknown(node, LIVENESS_FIELDS, "params.liveness");
    String at = "params.liveness.";
    return new LivenessParams(
        node.has("heartbeatIntervalBlocks")
            ? integer(node.get("heartbeatIntervalBlocks"), at + "heartbeatIntervalBlocks")
            : defaults.heartbeatIntervalBlocks(),
        node.has("heartbeatGraceBlocks")
            ? integer(node.get("heartbeatGraceBlocks"), at + "heartbeatGraceBlocks")
            : defaults.heartbeatGraceBlocks(),
        node.has("heartbeatTimeoutBlocks")
            ? integer(node.get("heartbeatTimeoutBlocks"), at + "heartbeatTimeoutBlocks")
            : defaults.heartbeatTimeoutBlocks(),
        node.has("standardUptimeBps")
            ? smallInteger(node.get("standardUptimeBps"), at + "standardUptimeBps")
            : defaults.standardUptimeBps(),
        node.has("standardCompensationPerGpu")
            ? amount(node.get("standardCompensationPerGpu"), at + "standardCompensationPerGpu")
            : defaults.standardCompensationPerGpu(),
        node.has("premiumUptimeBps")
            ? smallInteger(node.get("premiumUptimeBps"), at + "premiumUptimeBps")
            : defaults.premiumUptimeBps(),
        node.has("premiumCompensationPerGpu")
            ? amount(node.get("premiumCompensationPerGpu"), at + "premiumCompensationPerGpu")
            : defaults.premiumCompensationPerGpu());
  }

  private static AuditParams audit(JsonNode node) {
    AuditParams defaults = AuditParams.defaults();
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("params.audit must be an object");
    }
    rejectUnknown(node, AUDIT_FIELDS, "params.audit");
    String at = "params.audit.";
    return new AuditParams(
        node.has("challengeWindowBlocks")
            ? integer(node.get("challengeWindowBlocks"), at + "challengeWindowBlocks")
            : defaults.challengeWindowBlocks(),
        node.has("auditRateStartPpm")
            ? integer(node.get("auditRateStartPpm"), at + "auditRateStartPpm")
            : defaults.auditRateStartPpm(),
        node.has("auditRateFloorPpm")
            ? integer(node.get("auditRateFloorPpm"), at + "auditRateFloorPpm")
            : defaults.auditRateFloorPpm(),
        node.has("auditHalfLifeUnits")
            ? integer(node.get("auditHalfLifeUnits"), at + "auditHalfLifeUnits")
            : defaults.auditHalfLifeUnits(),
        node.has("auditTimeoutBlocks")
            ? integer(node.get("auditTimeoutBlocks"), at + "auditTimeoutBlocks")
            : defaults.auditTimeoutBlocks(),
        node.has("maxAuditAttempts")
            ? smallInteger(node.get("maxAuditAttempts"), at + "maxAuditAttempts")
            : defaults.maxAuditAttempts(),
        node.has("verificationFeeBps")
            ? smallInteger(node.get("verificationFeeBps"), at + "verificationFeeBps")
            : defaults.verificationFeeBps(),
        node.has("slashFractionBps")
            ? smallInteger(node.get("slashFractionBps"), at + "slashFractionBps")
            : defaults.slashFractionBps(),
        node.has("slashBuyerShareBps")
            ? smallInteger(node.get("slashBuyerShareBps"), at + "slashBuyerShareBps")
            : defaults.slashBuyerShareBps(),
        node.has("reputationAgeFullBlocks")
            ? integer(node.get("reputationAgeFullBlocks"), at + "reputationAgeFullBlocks")
            : defaults.reputationAgeFullBlocks());
  }

  private static MarketParams market(JsonNode node) {
    MarketParams defaults = MarketParams.defaults();
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("params.market must be an object");
    }
    rejectUnknown(node, MARKET_FIELDS, "params.market");
    String at = "params.market.";
    return new MarketParams(
        node.has("bidWindowBlocks")
            ? integer(node.get("bidWindowBlocks"), at + "bidWindowBlocks")
            : defaults.bidWindowBlocks(),
        node.has("maxBidsPerJob")
            ? smallInteger(node.get("maxBidsPerJob"), at + "maxBidsPerJob")
            : defaults.maxBidsPerJob(),
        node.has("maxAuctionRounds")
            ? smallInteger(node.get("maxAuctionRounds"), at + "maxAuctionRounds")
            : defaults.maxAuctionRounds(),
        node.has("minDeposit")
            ? amount(node.get("minDeposit"), at + "minDeposit")
            : defaults.minDeposit(),
        node.has("networkFeeBps")
            ? smallInteger(node.get("networkFeeBps"), at + "networkFeeBps")
            : defaults.networkFeeBps(),
        node.has("bidCollateral")
            ? amount(node.get("bidCollateral"), at + "bidCollateral")
            : defaults.bidCollateral(),
        node.has("nominalBlockMillis")
            ? integer(node.get("nominalBlockMillis"), at + "nominalBlockMillis")
            : defaults.nominalBlockMillis());
  }

  private static int smallInteger(JsonNode node, String where) {
    long value = integer(node, where);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(where + " is out of range, got " + value);
    }
    return (int) value;
  }

  private static void rejectUnknown(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + name
                + "' in "
                + where
                + " (expected "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  private static String text(JsonNode parent, String field, String where) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(where + " is required");
    }
    if (!node.isTextual()) {
      throw new IllegalArgumentException(where + " must be a string, got " + node);
    }
    return node.asText();
  }

  private static long integer(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(where + " is required");
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new IllegalArgumentException(where + " must be a whole number, got " + node);
    }
    return node.asLong();
  }

  private static long amount(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException(where + " is required");
    }
    if (node.isTextual()) {
      try {
        return Amount.parse(node.asText()).ugrid();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    throw new IllegalArgumentException(
        where + " must be an integer of ugrid or a string such as \"1000GRID\", got " + node);
  }
}

package io.gridwork.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gridwork.api.AccountInfo;
import io.gridwork.api.BlockInfo;
import io.gridwork.api.ChainParams;
import io.gridwork.api.NodeStatus;
import io.gridwork.api.ProviderInfo;
import io.gridwork.api.TxStatus;
import io.gridwork.client.GridworkClient;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.event.LedgerEvent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gridwork query ...}: read the ledger through a node's API. */
@Command(
    name = "query",
    description = "Read accounts, providers, blocks, transactions and parameters from a node.",
    subcommands = {
      QueryCommand.Status.class,
      QueryCommand.Account.class,
      QueryCommand.Provider.class,
      QueryCommand.Providers.class,
      QueryCommand.Block.class,
      QueryCommand.Tx.class,
      QueryCommand.Params.class
    })
final class QueryCommand extends CommandGroup {

  /** The flags every query has. */
  abstract static class Query extends GridworkCommand {
    @Mixin NodeOption node;
    @Mixin OutputOption output;

    GridworkClient client() {
      return node.client();
    }

    int print(Report report) {
      report.print(output.format, out());
      return ExitCode.OK;
    }
  }

  @Command(name = "status", description = "The node's chain id, height and mempool size.")
  static final class Status extends Query {
    @Override
    int execute() {
      NodeStatus s = client().status();
      return print(
          new Fields()
              .put("node", node.resolve())
              .put("chainId", s.chainId())
              .put("height", s.height())
              .put("latestBlockHash", s.latestBlockHash().toHex())
              .time("latestBlockTime", s.latestBlockTimeMillis())
              .put("stateRoot", s.stateRoot().toHex())
              .put("mempoolSize", s.mempoolSize())
              .report());
    }
  }

  @Command(name = "account", description = "An account's balance and next nonce.")
  static final class Account extends Query {
    @Parameters(paramLabel = "ADDRESS|KEY", description = "grid1… address or local key name")
    String who;

    @Mixin HomeOption home;

    @Override
    int execute() {
      Address address = Accounts.resolve(who, new KeyStore(home.resolve()));
      Optional<AccountInfo> account = client().account(address);
      Fields fields =
          new Fields()
              .put("address", address.toString())
              .amount("balance", account.map(AccountInfo::balance).orElse(0L))
              .put("nonce", account.map(AccountInfo::nonce).orElse(0L));
      if (account.isEmpty()) {
        fields.note("This account has never held funds.");
      }
      return print(fields.report());
    }
  }

  @Command(name = "provider", description = "A registered GPU provider.")
  static final class Provider extends Query {
    @Parameters(paramLabel = "ADDRESS|KEY", description = "grid1… address or local key name")
    String who;

    @Mixin HomeOption home;

    @Override
    int execute() {
      Address address = Accounts.resolve(who, new KeyStore(home.resolve()));
      ProviderInfo provider =
          client()
              .provider(address)
              .orElseThrow(
                  () ->
                      new CommandFailure(
                          "no provider is registered at "
                              + address
                              + "; register one with: gridwork provider register --from KEY"
                              + " --gpu MODEL:VRAM_MIB:COUNT --region R --tier T --stake AMOUNT"));
      GridworkClient client = client();
      Fields fields =
          ReputationView.describe(
              describe(provider), provider, client.status().height(), client.params().audit());
      return print(fields.report());
    }
  }

  @Command(name = "providers", description = "Every registered provider.")
  static final class Providers extends Query {
    @Override
    int execute() {
      List<ProviderInfo> providers = client().providers();
      ArrayNode json = Json.MAPPER.createArrayNode();
      Table table =
          new Table("ADDRESS", "REGION", "TIER", "GPUS", "STAKE", "STATUS", "SCORE", "AUDIT RATE");
      for (ProviderInfo p : providers) {
        json.add(
            describe(p)
                .json()
                .put("score", p.reputation().score())
                .put("auditRatePpm", p.auditRatePpm()));
        table.row(
            p.address().toString(),
            p.region(),
            p.tierName(),
            gpus(p),
            Amount.format(p.stake()),
            p.status().name(),
            Integer.toString(p.reputation().score()),
            ReputationView.percent(p.auditRatePpm()));
      }
      String text = table.isEmpty() ? "No providers are registered.\n" : table.render();
      return print(new Report(text, json));
    }
  }

  @Command(name = "block", description = "A block by height (default: the latest).")
  static final class Block extends Query {
    @Parameters(
        paramLabel = "HEIGHT",
        arity = "0..1",
        converter = Converters.HeightConverter.class,
        description = "block height (default: the latest block)")
    Long height;

    @Override
    int execute() {
      BlockInfo block;
      if (height == null) {
        block = client().latestBlock();
      } else {
        block =
            client()
                .block(height)
                .orElseThrow(
                    () ->
                        new CommandFailure(
                            "there is no block "
                                + height
                                + " yet; the chain is at height "
                                + client().status().height()));
      }
      ArrayNode txs = Json.MAPPER.createArrayNode();
      StringBuilder txText = new StringBuilder();
      for (BlockInfo.Tx tx : block.txs()) {
        txs.addObject().put("hash", tx.hash().toHex()).put("code", tx.code());
        txText.append("  ").append(tx.hash().toHex()).append("  ").append(tx.code()).append('\n');
      }
      Fields fields =
          new Fields()
              .put("height", block.height())
              .put("hash", block.hash().toHex())
              .put("chainId", block.chainId())
              .time("time", block.timestampMillis())
              .put("previousHash", block.previousHash().toHex())
              .put("stateRoot", block.stateRoot().toHex())
              .put("txRoot", block.txRoot().toHex())
              .put("resultsHash", block.resultsHash().toHex())
              .put("txs", Integer.toString(block.txs().size()), txs);
      return print(new Report(fields.text() + txText, fields.json()));
    }
  }

  @Command(name = "tx", description = "A transaction by hash: pending, or its block and result.")
  static class Tx extends Query {
    @Parameters(paramLabel = "HASH", description = "transaction hash, 64 hex characters")
    String hashText;

    @Override
    int execute() {
      Hash hash;
      try {
        hash = Hash.fromHex(hashText.strip());
      } catch (IllegalArgumentException e) {
        throw new CommandFailure(
            ExitCode.USAGE, "invalid transaction hash '" + hashText + "': " + e.getMessage());
      }
      TxStatus status = client().tx(hash);
      if (status.state() == TxStatus.State.UNKNOWN) {
        throw new CommandFailure(
            "the node at "
                + node.resolve()
                + " does not know transaction "
                + hash
                + " (neither pending nor in a block)");
      }
      Fields fields =
          new Fields()
              .put("hash", hash.toHex())
              .put("status", status.state().name().toLowerCase(Locale.ROOT));
      if (status.commit() != null) {
        TxStatus.Commit c = status.commit();
        fields
            .put("height", c.height())
            .put("index", c.index())
            .put("code", c.code())
            .put("message", c.message())
            .amount("feeCharged", c.feeCharged())
            .put("events", events(c.events()), eventsJson(c.events()));
      }
      if (status.tx() != null) {
        fields
            .put("kind", status.tx().kind())
            .put("sender", status.tx().sender().toString())
            .put("nonce", status.tx().nonce())
            .amount("fee", status.tx().fee())
            .put(
                "body",
                status.tx().body().entrySet().stream()
                    .filter(e -> !e.getKey().endsWith("Text"))
                    .map(e -> e.getKey() + "=" + bodyValue(status.tx().body(), e.getKey()))
                    .collect(Collectors.joining(" ")),
                Json.MAPPER.valueToTree(status.tx().body()));
      }
      return print(fields.report());
    }

    private static String bodyValue(Map<String, Object> body, String key) {
      Object text = body.get(key + "Text");
      return String.valueOf(text != null ? text : body.get(key));
    }
  }

  @Command(name = "params", description = "The chain id and ledger parameters.")
  static final class Params extends Query {
    @Override
    int execute() {
      ChainParams p = client().params();
      Fields fields =
          new Fields()
              .put("chainId", p.chainId())
              .amount("minFee", p.minFee())
              .amount("minProviderStake", p.minProviderStake())
              .put("unbondingPeriodBlocks", p.unbondingPeriodBlocks());
      ChainParams.Market m = p.market();
      fields.put(
          "market",
          String.format(
              Locale.ROOT,
              "bids for %d blocks, at most %d bids a job, closed after %d rounds without a lease;"
                  + " deposit at least %s, network fee %s, bid collateral %s, %d ms a block for"
                  + " per-hour prices",
              m.bidWindowBlocks(),
              m.maxBidsPerJob(),
              m.maxAuctionRounds(),
              Amount.format(m.minDeposit()),
              ReputationView.percent(m.networkFeeBps() * 100L),
              Amount.format(m.bidCollateral()),
              m.nominalBlockMillis()),
          Json.MAPPER.valueToTree(m));
      ChainParams.Audit a = p.audit();
      fields.put(
          "audit",
          String.format(
              Locale.ROOT,
              "challenge window %d blocks, audit rate %s to %s (half-life %d units), auditor"
                  + " timeout %d blocks, %d attempts, verification fee %s, slash %s (%s to the"
                  + " buyer)",
              a.challengeWindowBlocks(),
              ReputationView.percent(a.auditRateStartPpm()),
              ReputationView.percent(a.auditRateFloorPpm()),
              a.auditHalfLifeUnits(),
              a.auditTimeoutBlocks(),
              a.maxAuditAttempts(),
              ReputationView.percent(a.verificationFeeBps() * 100L),
              ReputationView.percent(a.slashFractionBps() * 100L),
              ReputationView.percent(a.slashBuyerShareBps() * 100L)),
          Json.MAPPER.valueToTree(a));
      ChainParams.Liveness l = p.liveness();
      fields.put(
          "liveness",
          String.format(
              Locale.ROOT,
              "heartbeat every %d blocks, suspended after %d, closed after %d; standard SLA %s"
                  + " uptime or %s per GPU, premium %s or %s per GPU",
              l.heartbeatIntervalBlocks(),
              l.heartbeatGraceBlocks(),
              l.heartbeatTimeoutBlocks(),
              ReputationView.percent(l.standardUptimeBps() * 100L),
              Amount.format(l.standardCompensationPerGpu()),
              ReputationView.percent(l.premiumUptimeBps() * 100L),
              Amount.format(l.premiumCompensationPerGpu())),
          Json.MAPPER.valueToTree(l));
      return print(fields.report());
    }
  }

  static Fields describe(ProviderInfo p) {
    ObjectNode attributes = Json.MAPPER.createObjectNode();
    new TreeMap<>(p.attributes()).forEach(attributes::put);
    ArrayNode gpus = Json.MAPPER.createArrayNode();
    for (ProviderInfo.Gpu g : p.gpus()) {
      gpus.addObject().put("model", g.model()).put("vramMib", g.vramMib()).put("count", g.count());
    }
    return new Fields()
        .put("address", p.address().toString())
        .put("status", p.status().name())
        .put("gpus", gpus(p), gpus)
        .put("region", p.region())
        .put("tier", p.tierName())
        .put(
            "attributes",
            new TreeMap<>(p.attributes())
                .entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" ")),
            attributes)
        .amount("stake", p.stake())
        .amount("unbonding", p.unbonding())
        .put("registeredAtHeight", p.registeredAtHeight());
  }

  static String gpus(ProviderInfo p) {
    return p.gpus().stream()
        .map(g -> g.count() + "x " + g.model() + " (" + g.vramMib() + " MiB)")
        .collect(Collectors.joining(", "));
  }

  private static String events(List<LedgerEvent> events) {
    return events.isEmpty()
        ? "none"
        : events.stream().map(e -> e.type() + e.attributes()).collect(Collectors.joining(" "));
  }

  private static JsonNode eventsJson(List<LedgerEvent> events) {
    ArrayNode json = Json.MAPPER.createArrayNode();
    for (LedgerEvent e : events) {
      ObjectNode attributes = Json.MAPPER.createObjectNode();
      e.attributes().forEach(attributes::put);
      json.addObject().put("type", e.type()).set("attributes", attributes);
    }
    return json;
  }
}

package io.gridwork.node.api;

import static io.gridwork.node.api.Requests.badRequest;

import io.gridwork.api.BlockInfo;
import io.gridwork.api.Lists;
import io.gridwork.api.NodeStatus;
import io.gridwork.api.ProviderInfo;
import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.bank.Account;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.node.consensus.CommittedBlock;
import io.gridwork.node.mempool.Mempool;
import io.gridwork.node.storage.ChainHead;
import io.gridwork.node.storage.ChainStore;
import io.gridwork.protocol.Address;
import io.javalin.http.Context;
import java.util.function.Supplier;

/** The chain routes: the head, accounts, providers, blocks and parameters. */
final class ChainRoutes {
  private final ChainStore store;
  private final Mempool mempool;
  private final Supplier<ChainHead> head;
  private final String chainId;
  private final Answers answers;

  ChainRoutes(
      ChainStore store,
      Mempool mempool,
      Supplier<ChainHead> head,
      String chainId,
      Answers answers) {
    this.store = store;
    this.mempool = mempool;
    this.head = head;
    this.chainId = chainId;
    this.answers = answers;
  }

  void status(Context ctx) {
    ChainHead h = head.get();
    long pool = Audits.verificationPool(store.state());
    answers.json(
        ctx,
        200,
        new NodeStatus(
            chainId,
            h.height(),
            h.blockHash(),
            h.stateRoot(),
            h.timestampMillis(),
            mempool.size(),
            pool));
  }

  void account(Context ctx) {
    Address address = Requests.parseAddress(ctx.pathParam("address"));
    Account account = Bank.account(store.state(), address);
    if (account.balance() == 0 && account.nonce() == 0) {
      throw new ProblemException(
          404,
          "ACCOUNT_NOT_FOUND",
          "Account not found",
          "account " + address + " has never held funds");
    }
    answers.json(ctx, 200, ApiRecords.account(account));
  }

  void providers(Context ctx) {
    ReadableState state = store.state();
    long height = head.get().height();
    Params params = Params.load(state);
    answers.json(
        ctx,
        200,
        new Lists.Providers(
            Staking.providers(state).stream()
                .map(p -> ApiRecords.provider(p, state, height, params))
                .toList()));
  }

  void provider(Context ctx) {
    Address address = Requests.parseAddress(ctx.pathParam("address"));
    ReadableState state = store.state();
    long height = head.get().height();
    ProviderInfo view =
        Staking.provider(state, address)
            .map(p -> ApiRecords.provider(p, state, height, Params.load(state)))
            .orElseThrow(
                () ->
                    new ProblemException(
                        404,
                        "PROVIDER_NOT_FOUND",
                        "Provider not found",
                        "no provider is registered at " + address));
    answers.json(ctx, 200, view);
  }

  void latestBlock(Context ctx) {
    answers.json(ctx, 200, blockView(head.get().height()));
  }

  void block(Context ctx) {
    String text = ctx.pathParam("height");
    long height;
    try {
      height = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw badRequest("BAD_HEIGHT", "height '" + text + "' is not a whole number");
    }
    if (height < 0) {
      throw badRequest("BAD_HEIGHT", "height must not be negative, got " + height);
    }
    long latest = head.get().height();
    if (height > latest) {
      throw new ProblemException(
          404,
          "BLOCK_NOT_FOUND",
          "Block not found",
          "no block at height " + height + " yet; the latest is " + latest);
    }
    answers.json(ctx, 200, blockView(height));
  }

  private BlockInfo blockView(long height) {
    CommittedBlock b = StoredBlocks.load(store, height);
    return Views.block(b.block(), b.txHashes(), b.results());
  }

  void params(Context ctx) {
    answers.json(ctx, 200, ApiRecords.params(chainId, Params.load(store.state())));
  }
}

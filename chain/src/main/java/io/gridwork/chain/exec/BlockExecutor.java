package io.gridwork.chain.exec;

import io.gridwork.chain.audit.Audits;
import io.gridwork.chain.bank.Account;
import io.gridwork.chain.bank.Bank;
import io.gridwork.chain.genesis.ChainInfo;
import io.gridwork.chain.genesis.Genesis;
import io.gridwork.chain.genesis.GenesisAccount;
import io.gridwork.chain.genesis.Params;
import io.gridwork.chain.market.Market;
import io.gridwork.chain.staking.Staking;
import io.gridwork.chain.state.MemoryState;
import io.gridwork.chain.state.OverlayState;
import io.gridwork.chain.state.ReadableState;
import io.gridwork.protocol.Address;
import io.gridwork.protocol.Amount;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.BankError;
import io.gridwork.protocol.error.EnvelopeError;
import io.gridwork.protocol.event.LedgerEvent;
import io.gridwork.protocol.tx.AuditResult;
import io.gridwork.protocol.tx.BondStake;
import io.gridwork.protocol.tx.Checkpoint;
import io.gridwork.protocol.tx.CloseJob;
import io.gridwork.protocol.tx.CloseLease;
import io.gridwork.protocol.tx.CreateJob;
import io.gridwork.protocol.tx.DepositMore;
import io.gridwork.protocol.tx.Heartbeat;
import io.gridwork.protocol.tx.PlaceBid;
import io.gridwork.protocol.tx.RegisterProvider;
import io.gridwork.protocol.tx.SignedTransaction;
import io.gridwork.protocol.tx.Transaction;
import io.gridwork.protocol.tx.Transfer;
import io.gridwork.protocol.tx.UnbondStake;
import io.gridwork.protocol.tx.UnitResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a committed state and a block of transactions into results, events, the block's state
 * writes and the new state root; the same inputs give the same outputs on every validator, forever.
 *
 * <p>Each transaction first passes envelope checks (chain id, nonce equal to the account nonce, fee
 * at least the minimum, balance covering the fee). A transaction failing them changes nothing.
 * Otherwise the fee goes to the fee pool and the nonce advances, and the body runs in its own
 * overlay that is kept only if the body succeeds, so a transaction applies completely or costs only
 * its fee. Signatures are not checked here: the node verifies each one once, at admission.
 *
 * <p>The state root is a hash chain over change sets: {@code root = SHA-256(previousRoot ||
 * changeSet.encode())}, starting from 32 zero bytes at genesis, and left unchanged by a block that
 * changes nothing. It therefore commits to the whole history of state changes rather than to a
 * snapshot: two validators agree on a root exactly when they applied the same writes in the same
 * blocks. It costs one hash per block instead of a Merkle tree update per key; what it cannot do is
 * prove a single key's value to a light client, which no part of Gridwork needs yet.
 *
 * <p>Stateless and single-threaded by design: each call works on its own overlays.
 */
public final class BlockExecutor {

  public BlockExecutor() {}

  /**
   * The writes that create a chain's first state from {@code genesis}, and its root. Throws {@link
   * IllegalArgumentException} listing every problem of an invalid genesis.
   */
  public GenesisOutcome initialize(Genesis genesis) {
    List<String> problems = genesis.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid genesis: " + String.join("; ", problems));
    }
    OverlayState state = new OverlayState(new MemoryState());
    new ChainInfo(genesis.chainId(), genesis.genesisTimeMillis(), genesis.totalSupply())
        .store(state);
    genesis.params().store(state);
    for (GenesisAccount account : genesis.accounts()) {
      Bank.putAccount(state, new Account(account.address(), account.balance(), 0));
    }
    if (genesis.verificationPool() > 0) {
      Bank.addToVerificationPool(state, genesis.verificationPool());
    }
    ChangeSet changes = new ChangeSet(state.effectiveWrites());
    return new GenesisOutcome(changes, Hash.sha256(Hash.ZERO.bytes(), changes.encode()));
  }

  /** Executes {@code txs} in order on top of {@code committed}, which it never modifies. */
  public BlockOutcome execute(
      ReadableState committed, BlockContext ctx, List<SignedTransaction> txs) {
    ChainInfo chain = ChainInfo.load(committed);
    Params params = Params.load(committed);
    OverlayState block = new OverlayState(committed);
    List<TxResult> results = new ArrayList<>(txs.size());
    for (SignedTransaction stx : txs) {
      results.add(apply(block, chain, params, ctx.height(), stx.tx()));
    }
    List<LedgerEvent> blockEvents = new ArrayList<>();
    Staking.releaseMatured(block, ctx.height(), blockEvents);
    Market.endBlock(block, ctx.height(), params, blockEvents);
    Audits.endBlock(block, ctx, params, blockEvents);
    ChangeSet changes = new ChangeSet(block.effectiveWrites());
    return new BlockOutcome(
        results, blockEvents, changes, nextRoot(ctx.previousStateRoot(), changes));
  }

  /** The root after a block with {@code changes}; see the class comment. */
  public static Hash nextRoot(Hash previousRoot, ChangeSet changes) {
    return changes.isEmpty() ? previousRoot : Hash.sha256(previousRoot.bytes(), changes.encode());
  }

  private static TxResult apply(
      OverlayState block, ChainInfo chain, Params params, long height, Transaction tx) {
    // Derived once: an address costs a hash of the key.
    Address sender = tx.senderAddress();
    Optional<Rejection> refused = checkEnvelope(block, chain, params, tx, sender);
    if (refused.isPresent()) {
      return TxResult.refused(refused.get(), 0, List.of());
    }
    List<LedgerEvent> feeEvents = new ArrayList<>();
    Bank.chargeFee(block, sender, tx.fee(), feeEvents);

    OverlayState body = new OverlayState(block);
    List<LedgerEvent> bodyEvents = new ArrayList<>();
    TxContext context = new TxContext(sender, tx.nonce(), tx.fee(), height, params);
    Optional<Rejection> failed =
        switch (tx.body()) {
          case Transfer t -> Bank.transfer(body, context, t, bodyEvents);
          case RegisterProvider r -> Staking.register(body, context, r, bodyEvents);
          case BondStake b -> Staking.bond(body, context, b, bodyEvents);
          case UnbondStake u -> Staking.unbond(body, context, u, bodyEvents);
          case CreateJob c -> Market.createJob(body, context, c, bodyEvents);
          case PlaceBid b -> Market.placeBid(body, context, b, bodyEvents);
          case CloseJob c -> Market.closeJob(body, context, c, bodyEvents);
          case CloseLease c -> Market.closeLease(body, context, c, bodyEvents);
          case UnitResult u -> Market.unitResult(body, context, u, bodyEvents);
          case Heartbeat h -> Market.heartbeat(body, context, h, bodyEvents);
          case DepositMore d -> Market.depositMore(body, context, d, bodyEvents);
          case AuditResult a -> Audits.auditResult(body, context, a, bodyEvents);
          case Checkpoint c -> Market.checkpoint(body, context, c, bodyEvents);
        };
    if (failed.isPresent()) {
      return TxResult.refused(failed.get(), tx.fee(), feeEvents);
    }
    body.applyTo(block);
    List<LedgerEvent> events = new ArrayList<>(feeEvents);
    events.addAll(bodyEvents);
    return TxResult.ok("ok", tx.fee(), events);
  }

  private static Optional<Rejection> checkEnvelope(
      ReadableState state, ChainInfo chain, Params params, Transaction tx, Address sender) {
    if (!chain.chainId().equals(tx.chainId())) {
      return Optional.of(
          new Rejection(
              EnvelopeError.WRONG_CHAIN_ID,
              "transaction is for chain '"
                  + tx.chainId()
                  + "' but this is chain '"
                  + chain.chainId()
                  + "': sign it for the right network"));
    }
    Account account = Bank.account(state, sender);
    if (tx.nonce() != account.nonce()) {
      String why =
          tx.nonce() > account.nonce()
              ? "a transaction is missing or pending"
              : "that nonce was already used";
      return Optional.of(
          new Rejection(
              EnvelopeError.BAD_NONCE,
              "nonce " + account.nonce() + " expected, got " + tx.nonce() + ": " + why));
    }
    if (tx.fee() < params.minFee()) {
      return Optional.of(
          new Rejection(
              EnvelopeError.FEE_TOO_LOW,
              "fee "
                  + Amount.format(tx.fee())
                  + " is below the minimum fee "
                  + Amount.format(params.minFee())));
    }
    if (account.balance() < tx.fee()) {
      return Optional.of(
          new Rejection(
              BankError.INSUFFICIENT_FUNDS,
              "insufficient funds: balance "
                  + Amount.format(account.balance())
                  + " cannot pay the fee "
                  + Amount.format(tx.fee())));
    }
    return Optional.empty();
  }
}

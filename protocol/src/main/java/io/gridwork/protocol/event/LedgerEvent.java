package io.gridwork.protocol.event;

import io.gridwork.protocol.crypto.Hash;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Something the ledger did while executing a block, one record per kind, so that every consumer
 * switches over the kinds exhaustively instead of reading attribute strings.
 *
 * <p>Each event has a canonical form, its {@link #type()} name and its {@link #attributes()} as
 * text in name order; that form is what blocks store and what the node's API serves, and it must
 * never change for an existing kind, since stored results and their hashes depend on it. {@link
 * #fromCanonical} reads it back: a type this version does not know becomes an {@link UnknownEvent}
 * that keeps its attributes, so a reader older than the ledger keeps working; attributes of a known
 * type that are missing, extra, unparsable or not in canonical spelling are a {@link
 * MalformedEventException}.
 */
public sealed interface LedgerEvent
    permits FeePaid,
        Transferred,
        ProviderRegistered,
        ProviderUpdated,
        StakeBonded,
        UnbondStarted,
        UnbondCompleted,
        JobCreated,
        BidPlaced,
        CheckpointSaved,
        AuctionClosed,
        LeaseOpened,
        UnitRequeued,
        EscrowDeposited,
        BiddingReopened,
        JobDone,
        JobClosed,
        EscrowRefunded,
        CollateralReturned,
        ServiceCharged,
        UnitReported,
        UnitCompleted,
        LeaseClosed,
        LeaseResumed,
        BillingStarted,
        LeaseSuspended,
        SlaCompensated,
        AuditAssigned,
        AuditPassed,
        AuditDisputed,
        AuditTimedOut,
        AuditSkipped,
        AuditInconclusive,
        Slashed,
        UnknownEvent {

  /** The kind's wire name, e.g. {@code lease_opened}. */
  default String type() {
    return EventCodec.of(getClass()).type();
  }

  /** The canonical attributes: names in order, values as text. */
  default SortedMap<String, String> attributes() {
    return EventCodec.of(getClass()).attributes(this);
  }

  /** The job the event is about, if it is about one. */
  default Optional<Hash> job() {
    return EventCodec.of(getClass()).job(this);
  }

  /** The wire name of a known kind, e.g. {@code lease_opened} for {@code LeaseOpened.class}. */
  static String typeOf(Class<? extends LedgerEvent> kind) {
    return EventCodec.of(kind).type();
  }

  /**
   * The event whose canonical form is {@code type} and {@code attributes}; throws {@link
   * MalformedEventException} naming the attribute when a known kind's attributes do not fit it.
   */
  static LedgerEvent fromCanonical(String type, Map<String, String> attributes) {
    return EventCodec.ofType(type)
        .map(codec -> codec.read(attributes))
        .orElseGet(() -> new UnknownEvent(type, attributes));
  }
}

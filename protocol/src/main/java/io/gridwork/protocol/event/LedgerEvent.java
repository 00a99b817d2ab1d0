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
  String type();

  /** The canonical attributes: names in order, values as text. */
  SortedMap<String, String> attributes();

  /** The job the event is about, if it is about one. */
  default Optional<Hash> job() {
    return switch (this) {
      case JobCreated e -> Optional.of(e.jobId());
      case BidPlaced e -> Optional.of(e.jobId());
      case CheckpointSaved e -> Optional.of(e.jobId());
      case AuctionClosed e -> Optional.of(e.jobId());
      case LeaseOpened e -> Optional.of(e.jobId());
      case UnitRequeued e -> Optional.of(e.jobId());
      case EscrowDeposited e -> Optional.of(e.jobId());
      case BiddingReopened e -> Optional.of(e.jobId());
      case JobDone e -> Optional.of(e.jobId());
      case JobClosed e -> Optional.of(e.jobId());
      case EscrowRefunded e -> Optional.of(e.jobId());
      case CollateralReturned e -> Optional.of(e.jobId());
      case ServiceCharged e -> Optional.of(e.jobId());
      case UnitReported e -> Optional.of(e.jobId());
      case UnitCompleted e -> Optional.of(e.jobId());
      case LeaseClosed e -> Optional.of(e.jobId());
      case LeaseResumed e -> Optional.of(e.jobId());
      case BillingStarted e -> Optional.of(e.jobId());
      case LeaseSuspended e -> Optional.of(e.jobId());
      case SlaCompensated e -> Optional.of(e.jobId());
      case AuditAssigned e -> Optional.of(e.jobId());
      case AuditPassed e -> Optional.of(e.jobId());
      case AuditDisputed e -> Optional.of(e.jobId());
      case AuditTimedOut e -> Optional.of(e.jobId());
      case AuditSkipped e -> Optional.of(e.jobId());
      case AuditInconclusive e -> Optional.of(e.jobId());
      case Slashed e -> Optional.of(e.jobId());
      case FeePaid e -> Optional.empty();
      case Transferred e -> Optional.empty();
      case ProviderRegistered e -> Optional.empty();
      case ProviderUpdated e -> Optional.empty();
      case StakeBonded e -> Optional.empty();
      case UnbondStarted e -> Optional.empty();
      case UnbondCompleted e -> Optional.empty();
      case UnknownEvent e -> e.jobAttribute();
    };
  }

  /**
   * The event whose canonical form is {@code type} and {@code attributes}; throws {@link
   * MalformedEventException} naming the attribute when a known kind's attributes do not fit it.
   */
  static LedgerEvent fromCanonical(String type, Map<String, String> attributes) {
    AttributeReader a = new AttributeReader(type, attributes);
    LedgerEvent event =
        switch (type) {
          case FeePaid.TYPE -> FeePaid.read(a);
          case Transferred.TYPE -> Transferred.read(a);
          case ProviderRegistered.TYPE -> ProviderRegistered.read(a);
          case ProviderUpdated.TYPE -> ProviderUpdated.read(a);
          case StakeBonded.TYPE -> StakeBonded.read(a);
          case UnbondStarted.TYPE -> UnbondStarted.read(a);
          case UnbondCompleted.TYPE -> UnbondCompleted.read(a);
          case JobCreated.TYPE -> JobCreated.read(a);
          case BidPlaced.TYPE -> BidPlaced.read(a);
          case CheckpointSaved.TYPE -> CheckpointSaved.read(a);
          case AuctionClosed.TYPE -> AuctionClosed.read(a);
          case LeaseOpened.TYPE -> LeaseOpened.read(a);
          case UnitRequeued.TYPE -> UnitRequeued.read(a);
          case EscrowDeposited.TYPE -> EscrowDeposited.read(a);
          case BiddingReopened.TYPE -> BiddingReopened.read(a);
          case JobDone.TYPE -> JobDone.read(a);
          case JobClosed.TYPE -> JobClosed.read(a);
          case EscrowRefunded.TYPE -> EscrowRefunded.read(a);
          case CollateralReturned.TYPE -> CollateralReturned.read(a);
          case ServiceCharged.TYPE -> ServiceCharged.read(a);
          case UnitReported.TYPE -> UnitReported.read(a);
          case UnitCompleted.TYPE -> UnitCompleted.read(a);
          case LeaseClosed.TYPE -> LeaseClosed.read(a);
          case LeaseResumed.TYPE -> LeaseResumed.read(a);
          case BillingStarted.TYPE -> BillingStarted.read(a);
          case LeaseSuspended.TYPE -> LeaseSuspended.read(a);
          case SlaCompensated.TYPE -> SlaCompensated.read(a);
          case AuditAssigned.TYPE -> AuditAssigned.read(a);
          case AuditPassed.TYPE -> AuditPassed.read(a);
          case AuditDisputed.TYPE -> AuditDisputed.read(a);
          case AuditTimedOut.TYPE -> AuditTimedOut.read(a);
          case AuditSkipped.TYPE -> AuditSkipped.read(a);
          case AuditInconclusive.TYPE -> AuditInconclusive.read(a);
          case Slashed.TYPE -> Slashed.read(a);
          default -> new UnknownEvent(type, attributes);
        };
    if (event instanceof UnknownEvent) {
      return event;
    }
    a.expectNoOthers();
    if (!event.attributes().equals(attributes)) {
      throw new MalformedEventException(
          type
              + ": attributes "
              + attributes
              + " are not spelled canonically: "
              + event.attributes());
    }
    return event;
  }
}

package io.gridwork.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridwork.protocol.Address;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.CloseReason;
import io.gridwork.protocol.spec.SlaTier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LedgerEventTest {
  private static final Hash JOB = Hash.sha256(new byte[] {1});
  private static final Hash LEASE = Hash.sha256(new byte[] {2});
  private static final Hash OUTPUT = Hash.sha256(new byte[] {3});
  private static final Address A = address(1);
  private static final Address B = address(2);

  private static Address address(int seed) {
    byte[] bytes = new byte[Address.LENGTH];
    Arrays.fill(bytes, (byte) seed);
    return new Address(bytes);
  }

  /** One event of every known kind, with values that exercise each field's spelling. */
  static List<LedgerEvent> oneOfEachKind() {
    return List.of(
        new FeePaid(A, 1_000),
        new Transferred(A, B, 3_000_000),
        new ProviderRegistered(A, "eu-west", SlaTier.BEST_EFFORT, 4, 500_000_000),
        new ProviderUpdated(A, "", SlaTier.PREMIUM, 0, 0),
        new StakeBonded(A, 1, Long.MAX_VALUE),
        new UnbondStarted(A, 2, 3, 4),
        new UnbondCompleted(B, 5),
        new JobCreated(JOB, B, "render, frames 1-4", JobKind.BATCH, 4, 9_000_000, 12),
        new BidPlaced(JOB, A, 250_000, "rtx-4090", 2, 0, 100, 0),
        new CheckpointSaved(LEASE, JOB, 3, OUTPUT),
        new AuctionClosed(JOB, 1, 3, List.of(A, B), 0, true),
        new LeaseOpened(LEASE, JOB, A, 250_000, "rtx-4090", 1, 2, OptionalInt.of(5), 0, 100),
        new UnitRequeued(JOB, 7, CloseReason.HEARTBEAT_TIMEOUT),
        new EscrowDeposited(JOB, B, 10, 20),
        new BiddingReopened(JOB, 2, 3, 40),
        new JobDone(JOB),
        new JobClosed(JOB, CloseReason.NO_BIDS),
        new EscrowRefunded(JOB, B, 30),
        new CollateralReturned(JOB, A, 100),
        new ServiceCharged(LEASE, JOB, A, 5, 500, 450, 50),
        new UnitReported(LEASE, JOB, A, 0, OUTPUT, 60),
        new UnitCompleted(LEASE, JOB, A, 1, OUTPUT, 1_000, 900, 50, 50),
        new LeaseClosed(LEASE, JOB, A, CloseReason.ALL_UNITS_DONE),
        new LeaseResumed(LEASE, JOB, A),
        new BillingStarted(LEASE, JOB, A, 1_000, 4_012),
        new LeaseSuspended(LEASE, JOB, A, 17),
        new SlaCompensated(LEASE, JOB, A, B, SlaTier.STANDARD, 77),
        new AuditAssigned(JOB, 2, LEASE, A, B, 1, 90, 5_000),
        new AuditPassed(JOB, 2, B, 5_000),
        new AuditDisputed(JOB, 2, B, OUTPUT, Hash.ZERO),
        new AuditTimedOut(JOB, 2, B, 2),
        new AuditSkipped(JOB, 2, AuditSkipReason.POOL_SHORT),
        new AuditInconclusive(JOB, 2),
        new Slashed(A, JOB, 2, 1_000, 500, 500, SlashReason.WRONG_RESULT));
  }

  @ParameterizedTest
  @MethodSource("oneOfEachKind")
  void everyKindComesBackFromItsCanonicalForm(LedgerEvent event) {
    LedgerEvent decoded = LedgerEvent.fromCanonical(event.type(), event.attributes());

    assertThat(decoded).isEqualTo(event);
    assertThat(decoded.attributes()).isEqualTo(event.attributes());
  }

  @Test
  void theTableHoldsEveryKnownKindOnceWithItsOwnWireName() {
    Set<Class<?>> known =
        Arrays.stream(LedgerEvent.class.getPermittedSubclasses())
            .filter(c -> c != UnknownEvent.class)
            .collect(Collectors.toSet());
    List<LedgerEvent> table = oneOfEachKind();

    assertThat(table.stream().map(Object::getClass).collect(Collectors.toSet())).isEqualTo(known);
    assertThat(table.stream().map(LedgerEvent::type).distinct()).hasSize(known.size());
  }

  @Test
  void leaseOpenedIsSpelledAsStoredBlocksHoldIt() {
    LedgerEvent event =
        new LeaseOpened(LEASE, JOB, A, 250_000, "rtx-4090", 1, 2, OptionalInt.of(5), 0, 100);

    assertThat(event.type()).isEqualTo("lease_opened");
    assertThat(event.attributes())
        .hasToString(
            "{collateral=100, firstUnit=5, gpuCount=1, gpuModel=rtx-4090, job="
                + JOB.toHex()
                + ", lease="
                + LEASE.toHex()
                + ", price=250000, provider="
                + A
                + ", ratePerBlock=0, units=2}");
  }

  @Test
  void aServiceLeaseHasAnEmptyFirstUnit() {
    LedgerEvent event = new LeaseOpened(LEASE, JOB, A, 1, "cpu", 0, 0, OptionalInt.empty(), 10, 0);

    assertThat(event.attributes()).containsEntry("firstUnit", "");
    assertThat(LedgerEvent.fromCanonical(event.type(), event.attributes())).isEqualTo(event);
  }

  @Test
  void jobCreatedSpellsItsKindInLowerCase() {
    LedgerEvent event = new JobCreated(JOB, B, "svc", JobKind.SERVICE, 0, 9, 12);

    assertThat(event.type()).isEqualTo("job_created");
    assertThat(event.attributes())
        .hasToString(
            "{biddingClosesAt=12, buyer="
                + B
                + ", deposit=9, job="
                + JOB.toHex()
                + ", kind=service, name=svc, units=0}");
  }

  @Test
  void auctionClosedJoinsItsWinnersWithCommas() {
    assertThat(new AuctionClosed(JOB, 1, 2, List.of(A, B), 3, false).attributes())
        .hasToString(
            "{bids=2, filled=false, job="
                + JOB.toHex()
                + ", round=1, unitsLeft=3, winners="
                + A
                + ","
                + B
                + "}");
    assertThat(new AuctionClosed(JOB, 1, 0, List.of(), 3, false).attributes())
        .containsEntry("winners", "");
  }

  @Test
  void slaAndSlashEventsSpellTiersAndReasonsAsBefore() {
    assertThat(new SlaCompensated(LEASE, JOB, A, B, SlaTier.BEST_EFFORT, 1).attributes())
        .containsEntry("tier", "best-effort");
    assertThat(new Slashed(A, JOB, 0, 1, 0, 1, SlashReason.WRONG_AUDIT).attributes())
        .containsEntry("reason", "WRONG_AUDIT");
    assertThat(new LeaseClosed(LEASE, JOB, A, CloseReason.ESCROW_EXHAUSTED).attributes())
        .containsEntry("reason", "ESCROW_EXHAUSTED");
  }

  @Test
  void anUnknownKindIsKeptWithItsAttributes() {
    Map<String, String> attributes = Map.of("job", JOB.toHex(), "votes", "3");

    LedgerEvent event = LedgerEvent.fromCanonical("proposal_passed", attributes);

    assertThat(event).isEqualTo(new UnknownEvent("proposal_passed", new TreeMap<>(attributes)));
    assertThat(event.job()).contains(JOB);
  }

  @Test
  void theJobOfAnEventIsItsJobAttribute() {
    assertThat(new LeaseResumed(LEASE, JOB, A).job()).contains(JOB);
    assertThat(new Transferred(A, B, 1).job()).isEmpty();
  }

  @Test
  void aMissingAttributeIsNamed() {
    assertThatThrownBy(() -> LedgerEvent.fromCanonical("job_done", Map.of()))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("job_done: no attribute job");
  }

  @Test
  void anUnparsableAttributeIsNamedWithItsValue() {
    Map<String, String> attributes = new TreeMap<>(new FeePaid(A, 1).attributes());
    attributes.put("amount", "lots");

    assertThatThrownBy(() -> LedgerEvent.fromCanonical("fee_paid", attributes))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("fee_paid: attribute amount 'lots' is malformed");
  }

  @Test
  void anAttributeTheKindDoesNotHaveIsRefused() {
    Map<String, String> attributes = new TreeMap<>(new JobDone(JOB).attributes());
    attributes.put("extra", "1");

    assertThatThrownBy(() -> LedgerEvent.fromCanonical("job_done", attributes))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage("job_done: unexpected attribute extra");
  }

  @Test
  void aValueNotSpelledCanonicallyIsRefused() {
    Map<String, String> attributes = new TreeMap<>(new FeePaid(A, 7).attributes());
    attributes.put("amount", "007");

    assertThatThrownBy(() -> LedgerEvent.fromCanonical("fee_paid", attributes))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("not spelled canonically");
  }

  @Test
  void anUnknownCloseReasonIsRefused() {
    Map<String, String> attributes =
        new TreeMap<>(new JobClosed(JOB, CloseReason.NO_BIDS).attributes());
    attributes.put("reason", "BORED");

    assertThatThrownBy(() -> LedgerEvent.fromCanonical("job_closed", attributes))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("job_closed: attribute reason 'BORED' is malformed");
  }

  @Property(tries = 200)
  void anyJobCreatedComesBackFromItsCanonicalForm(
      @ForAll String name,
      @ForAll boolean batch,
      @ForAll int units,
      @ForAll long deposit,
      @ForAll long closesAt) {
    LedgerEvent event =
        new JobCreated(
            JOB, B, name, batch ? JobKind.BATCH : JobKind.SERVICE, units, deposit, closesAt);

    assertThat(LedgerEvent.fromCanonical(event.type(), event.attributes())).isEqualTo(event);
  }

  @Property(tries = 200)
  void anyUnitCompletedComesBackFromItsCanonicalForm(
      @ForAll @IntRange(min = 0) int unit,
      @ForAll long amount,
      @ForAll long paid,
      @ForAll long fee,
      @ForAll long verificationFee) {
    LedgerEvent event =
        new UnitCompleted(LEASE, JOB, A, unit, OUTPUT, amount, paid, fee, verificationFee);

    assertThat(LedgerEvent.fromCanonical(event.type(), event.attributes())).isEqualTo(event);
  }
}

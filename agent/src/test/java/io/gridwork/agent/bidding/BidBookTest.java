package io.gridwork.agent.bidding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.service.ServicePorts;
import io.gridwork.protocol.crypto.Hash;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class BidBookTest {
  private static final String RTX = "NVIDIA GeForce RTX 4090";

  private final ServicePorts ports = new ServicePorts();
  private final BidBook book = new BidBook(ports);

  @Test
  void aBidReservesACardOnlyAtTheHeightItsAuctionCloses() {
    book.placed(job(1), RTX, 1, 20, List.of());
    book.placed(job(2), RTX, 1, 20, List.of());
    book.placed(job(3), RTX, 1, 21, List.of());

    assertThat(book.reserved(RTX, 20)).isEqualTo(2);
    assertThat(book.reserved(RTX, 21)).isEqualTo(1);
    assertThat(book.reserved(RTX, 22)).isZero();
  }

  @Test
  void losingAuctionsLetsEachCardBackMoreBidsAtOneHeight() {
    for (int i = 0; i < 20; i++) {
      lose(job(100 + i));
    }
    for (int i = 0; i < 4; i++) {
      book.placed(job(i), RTX, 1, 30, List.of());
    }

    assertThat(book.winRate()).isLessThan(0.5);
    assertThat(book.reserved(RTX, 30)).isLessThan(4).isPositive();
  }

  @Test
  void theWinRateNeverFallsBelowOneCardForEightBids() {
    for (int i = 0; i < 500; i++) {
      lose(job(i));
    }

    assertThat(book.winRate()).isEqualTo(BidBook.MIN_WIN_RATE);
  }

  @Test
  void winningBringsTheWinRateBackUp() {
    for (int i = 0; i < 20; i++) {
      lose(job(100 + i));
    }
    double afterLosing = book.winRate();
    book.placed(job(1), RTX, 1, 10, List.of());
    book.committed(job(1), true);
    book.leaseWon(job(1));
    book.auctionClosed(job(1), true);

    assertThat(book.winRate()).isGreaterThan(afterLosing);
  }

  @Test
  void aBidPlacedBeforeARestartReservesAtEveryHeight() {
    book.restored(job(1), RTX, 2);

    assertThat(book.reserved(RTX, 5)).isEqualTo(2);
    assertThat(book.reserved(RTX, 500)).isEqualTo(2);
  }

  @Test
  void aBidStillOnItsWayWhenTheAuctionClosesStaysForTheNextRound() {
    book.placed(job(1), RTX, 1, 20, List.of());

    book.auctionClosed(job(1), false);

    assertThat(book.involved(job(1))).isTrue();
  }

  @Test
  void aBidTheLedgerRefusedLeavesTheAgentFreeToBidAgain() {
    book.placed(job(1), RTX, 1, 20, List.of());

    book.committed(job(1), false);

    assertThat(book.involved(job(1))).isFalse();
    assertThat(book.reserved(RTX, 20)).isZero();
  }

  @Test
  void aBidThatWasInTheAuctionIsSettledByIt() {
    book.placed(job(1), RTX, 1, 20, List.of());
    book.committed(job(1), true);

    book.auctionClosed(job(1), false);

    assertThat(book.involved(job(1))).isFalse();
  }

  @Test
  void aLeaseHeldKeepsTheAgentInvolvedUntilTheJobEnds() {
    book.placed(job(1), RTX, 1, 20, List.of());
    book.committed(job(1), true);
    book.leaseWon(job(1));
    book.auctionClosed(job(1), true);

    assertThat(book.involved(job(1))).isTrue();
    book.jobEnded(job(1));
    assertThat(book.involved(job(1))).isFalse();
  }

  @Test
  void aWithdrawnBidReservesNothing() {
    book.placed(job(1), RTX, 1, 20, List.of());
    book.withdrawn(job(1));

    assertThat(book.reserved(RTX, 20)).isZero();
    assertThat(book.involved(job(1))).isFalse();
  }

  @Test
  void aServiceBidReservesItsPortsAgainstOtherJobs() throws IOException {
    int port = freePort();

    book.placed(job(1), RTX, 1, 20, List.of(port));

    assertThat(ports.unavailable(port)).hasValueSatisfying(m -> assertThat(m).contains("bid"));
    assertThat(book.placed(job(2), RTX, 1, 20, List.of(port))).isPresent();
    assertThat(book.involved(job(2))).isFalse();
  }

  @Test
  void aLostAuctionReleasesTheBidsPorts() throws IOException {
    int port = freePort();
    book.placed(job(1), RTX, 1, 20, List.of(port));
    book.committed(job(1), true);

    book.auctionClosed(job(1), false);

    assertThat(ports.unavailable(port)).isEmpty();
  }

  @Test
  void aWonServiceBidLeavesItsPortsToItsLease() throws IOException {
    int port = freePort();
    book.placed(job(1), RTX, 1, 20, List.of(port));
    book.committed(job(1), true);
    book.leaseWon(job(1));

    book.auctionClosed(job(1), true);

    assertThat(ports.claim(job(2), List.of(port))).isPresent();
    assertThat(ports.claim(job(1), List.of(port))).isEmpty();
    assertThat(ports.unavailable(port)).hasValueSatisfying(m -> assertThat(m).contains("served"));
  }

  @Test
  void aRefusedServiceBidReleasesItsPorts() throws IOException {
    int port = freePort();
    book.placed(job(1), RTX, 1, 20, List.of(port));

    book.withdrawn(job(1));

    assertThat(ports.unavailable(port)).isEmpty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void lose(Hash job) {
    book.placed(job, RTX, 1, 10, List.of());
    book.committed(job, true);
    book.auctionClosed(job, false);
  }

  private static Hash job(int n) {
    return Hash.sha256(new byte[] {(byte) n, (byte) (n >> 8)});
  }
}

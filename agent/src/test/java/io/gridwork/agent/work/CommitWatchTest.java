package io.gridwork.agent.work;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.agent.ManualClock;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.error.ErrorCode;
import io.gridwork.protocol.error.MarketError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommitWatchTest {
  private static final Hash TX = Hash.sha256(new byte[] {1});
  private static final Hash OTHER = Hash.sha256(new byte[] {2});

  private static final Optional<ErrorCode> APPLIED = Optional.empty();
  private static final Optional<ErrorCode> LEASE_CLOSED = Optional.of(MarketError.LEASE_CLOSED);

  private final List<Optional<CommitWatch.Committed>> heard = new ArrayList<>();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void aFollowerHearsOfTheBlockItsTransactionIsIn() {
    CommitWatch watch = new CommitWatch(Duration.ofMinutes(1), clock);
    watch.follow(TX, heard::add);

    watch.block(7, List.of(Map.entry(OTHER, APPLIED), Map.entry(TX, LEASE_CLOSED)));

    assertThat(heard).containsExactly(Optional.of(new CommitWatch.Committed(7, LEASE_CLOSED)));
  }

  @Test
  void aBlockDeliveredBeforeTheFollowerStartsIsRemembered() {
    CommitWatch watch = new CommitWatch(Duration.ofMinutes(1), clock);
    watch.block(7, List.of(Map.entry(TX, APPLIED)));

    watch.follow(TX, heard::add);

    assertThat(heard).containsExactly(Optional.of(new CommitWatch.Committed(7, APPLIED)));
    assertThat(heard.getFirst().orElseThrow().ok()).isTrue();
  }

  @Test
  void aTransactionNotInABlockWithinTheLimitIsGivenUp() {
    CommitWatch watch = new CommitWatch(Duration.ofMinutes(1), clock);
    watch.follow(TX, heard::add);
    clock.advance(Duration.ofSeconds(59));
    watch.block(7, List.of(Map.entry(OTHER, APPLIED)));
    assertThat(heard).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    watch.block(8, List.of(Map.entry(OTHER, APPLIED)));

    assertThat(heard).containsExactly(Optional.empty());
  }

  @Test
  void stoppingTellsEveryFollowerThatNoBlockWillCome() {
    CommitWatch watch = new CommitWatch(Duration.ofMinutes(1), clock);
    watch.follow(TX, heard::add);

    watch.close();
    watch.follow(OTHER, heard::add);

    assertThat(heard).containsExactly(Optional.empty(), Optional.empty());
    assertThat(watch.closed()).isTrue();
  }
}

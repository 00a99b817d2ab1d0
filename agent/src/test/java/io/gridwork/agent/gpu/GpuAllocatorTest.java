package io.gridwork.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridwork.api.LeaseInfo;
import io.gridwork.protocol.crypto.Hash;
import io.gridwork.protocol.market.LeaseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class GpuAllocatorTest {
  private static final String RTX = "NVIDIA GeForce RTX 4090";
  private static final String A100 = "NVIDIA A100-SXM4-80GB";
  private static final Hash JOB = hash("job");

  private final Inventory inventory = Inventory.of(SimulatedGpus.parse("rtx4090:2,a100-80gb:1"));
  private int bidCards;
  private final GpuAllocator gpus =
      new GpuAllocator(inventory, (model, closesAt) -> model.equals(RTX) ? bidCards : 0);

  @Test
  void aLeaseIsGrantedFreeCardsOfItsModel() {
    GpuAllocator.Commit commit = gpus.commit(lease("a", RTX, 2));

    assertThat(commit)
        .isEqualTo(new GpuAllocator.Commit.Granted(new GpuAllocator.Cards(RTX, List.of(0, 1))));
    assertThat(gpus.free(RTX, 10)).isZero();
    assertThat(gpus.free(A100, 10)).isEqualTo(1);
  }

  @Test
  void aLeaseNeedingNoGpuIsGrantedNone() {
    assertThat(gpus.commit(lease("cpu", "", 0)))
        .isEqualTo(new GpuAllocator.Commit.Granted(GpuAllocator.Cards.NONE));
    assertThat(gpus.free(RTX, 10)).isEqualTo(2);
  }

  @Test
  void aLeaseThatHoldsItsCardsAlreadyIsNotGrantedMore() {
    gpus.commit(lease("a", RTX, 1));

    assertThat(gpus.commit(lease("a", RTX, 1))).isEqualTo(new GpuAllocator.Commit.AlreadyHeld());
    assertThat(gpus.free(RTX, 10)).isEqualTo(1);
  }

  @Test
  void overCommittingCardsIsRefusedAndTheLeaseWaitsForThem() {
    gpus.commit(lease("a", RTX, 2));

    assertThat(gpus.commit(lease("b", RTX, 1))).isEqualTo(new GpuAllocator.Commit.Waiting());
    assertThat(gpus.waiting(hash("b"))).isTrue();
    assertThat(gpus.free(RTX, 10)).isEqualTo(-1);
  }

  @Test
  void releasingALeaseFreesItsCardsAndHandsBackTheLeasesWaiting() {
    gpus.commit(lease("a", RTX, 2));
    LeaseInfo waiting = lease("b", RTX, 2);
    gpus.commit(waiting);

    List<LeaseInfo> retry = gpus.release(hash("a"));

    assertThat(retry).containsExactly(waiting);
    assertThat(gpus.commit(waiting))
        .isEqualTo(new GpuAllocator.Commit.Granted(new GpuAllocator.Cards(RTX, List.of(0, 1))));
    assertThat(gpus.waiting(hash("b"))).isFalse();
  }

  @Test
  void releasingTwiceFreesTheCardsOnce() {
    gpus.commit(lease("a", RTX, 1));
    gpus.release(hash("a"));
    gpus.commit(lease("b", RTX, 1));

    assertThat(gpus.release(hash("a"))).isEmpty();
    assertThat(gpus.free(RTX, 10)).isEqualTo(1);
    assertThat(gpus.commit(lease("c", RTX, 2))).isEqualTo(new GpuAllocator.Commit.Waiting());
  }

  @Test
  void aLeaseThatStopsWaitingOrWhoseJobEndedIsNotHandedBack() {
    gpus.commit(lease("a", RTX, 2));
    gpus.commit(lease("b", RTX, 1));
    gpus.commit(lease("c", RTX, 1));

    gpus.stopWaiting(hash("b"));
    gpus.jobEnded(JOB);

    assertThat(gpus.release(hash("a"))).isEmpty();
    assertThat(gpus.free(RTX, 10)).isEqualTo(2);
  }

  @Test
  void anAuditTakesOnlyCardsNotHeldOrPromisedToBids() {
    gpus.commit(lease("a", RTX, 1));
    bidCards = 1;

    assertThat(gpus.takeForAudit("audit", List.of(RTX, A100), 1, 10))
        .contains(new GpuAllocator.Cards(A100, List.of(2)));
    assertThat(gpus.takeForAudit("other", List.of(RTX, A100), 1, 10)).isEmpty();
  }

  @Test
  void anAuditsCardsGoBackToTheLeasesWaitingForThem() {
    gpus.takeForAudit("audit", List.of(A100), 1, 10);
    LeaseInfo waiting = lease("b", A100, 1);
    assertThat(gpus.commit(waiting)).isEqualTo(new GpuAllocator.Commit.Waiting());

    assertThat(gpus.releaseAudit("audit")).containsExactly(waiting);
    assertThat(gpus.releaseAudit("audit")).isEmpty();
    assertThat(gpus.commit(waiting)).isInstanceOf(GpuAllocator.Commit.Granted.class);
  }

  @Test
  void anAuditNeedingNoGpuAlwaysGetsNone() {
    gpus.commit(lease("a", RTX, 2));

    assertThat(gpus.takeForAudit("audit", List.of(RTX), 0, 10)).contains(GpuAllocator.Cards.NONE);
  }

  @Test
  void concurrentCallersNeverShareACard() throws Exception {
    Inventory many = Inventory.of(SimulatedGpus.parse("rtx4090:8"));
    GpuAllocator shared = new GpuAllocator(many, (model, closesAt) -> 0);
    int callers = 32;
    CountDownLatch go = new CountDownLatch(1);
    AtomicIntegerArray held = new AtomicIntegerArray(8);
    AtomicInteger rounds = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < callers; i++) {
        String name = "lease-" + i;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int round = 0; round < 200; round++) {
                    LeaseInfo lease = lease(name + "-" + round, RTX, 2);
                    if (shared.commit(lease) instanceof GpuAllocator.Commit.Granted granted) {
                      List<Integer> cards = granted.cards().indices();
                      for (int card : cards) {
                        assertThat(held.compareAndSet(card, 0, 1)).isTrue();
                      }
                      rounds.incrementAndGet();
                      cards.forEach(card -> held.set(card, 0));
                      shared.release(lease.id());
                    } else {
                      shared.stopWaiting(lease.id());
                    }
                    Optional<GpuAllocator.Cards> audit =
                        shared.takeForAudit(name, List.of(RTX), 1, round);
                    audit.ifPresent(c -> shared.releaseAudit(name));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }

    assertThat(rounds.get()).isPositive();
    assertThat(shared.free(RTX, 0)).isEqualTo(8);
  }

  private static LeaseInfo lease(String name, String model, int count) {
    return new LeaseInfo(
        hash(name),
        JOB,
        null,
        "batch",
        LeaseStatus.ACTIVE,
        null,
        1,
        model,
        count,
        0,
        1,
        0,
        1,
        0,
        1,
        1,
        0,
        1,
        0,
        0,
        0,
        0,
        0);
  }

  private static Hash hash(String name) {
    return Hash.sha256(name.getBytes(StandardCharsets.UTF_8));
  }
}

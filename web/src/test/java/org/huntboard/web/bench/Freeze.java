package org.huntboard.web.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Freezes a benchmark node's threads where they stand, the in-process stand-in for {@code kill -9}:
 * a frozen node's firings never reach the ledger again, its claims stay until their leases end, and
 * its Quartz node stops checking in. {@link #thaw} lets the threads go at the very end, when
 * whatever they try to record must be refused because other nodes took their windows over.
 */
final class Freeze {

  private static final Set<String> FROZEN = ConcurrentHashMap.newKeySet();
  private static volatile CountDownLatch thaw = new CountDownLatch(1);

  private Freeze() {}

  static void freeze(String node) {
    FROZEN.add(node);
  }

  static void thaw() {
    FROZEN.clear();
    thaw.countDown();
    thaw = new CountDownLatch(1);
  }

  static void awaitIfFrozen(String node) {
    if (node == null || !FROZEN.contains(node)) {
      return;
    }
    CountDownLatch latch = thaw;
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

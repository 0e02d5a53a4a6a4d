package org.huntboard.connectors.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A signal that a run should stop: checked before each attempt, during every wait (rate limits,
 * backoff, quota cycles), and it aborts the request in flight. Cancelling is idempotent.
 */
public final class Cancellation {

  private final List<Runnable> listeners = new ArrayList<>();
  private boolean cancelled;

  /** A signal nobody will ever raise. */
  public static Cancellation none() {
    return new Cancellation();
  }

  /** Raises the signal and wakes every waiter. */
  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = List.copyOf(listeners);
      listeners.clear();
      notifyAll();
    }
    toRun.forEach(Runnable::run);
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Throws {@link CancellationException} if the signal was raised. */
  public void throwIfCancelled() {
    if (isCancelled()) {
      throw new CancellationException("the run was cancelled");
    }
  }

  /**
   * Runs {@code listener} when the signal is raised (at once if it already was); the returned
   * handle unregisters it.
   */
  public AutoCloseable onCancel(Runnable listener) {
    synchronized (this) {
      if (!cancelled) {
        listeners.add(listener);
        return () -> {
          synchronized (this) {
            listeners.remove(listener);
          }
        };
      }
    }
    listener.run();
    return () -> {};
  }

  /**
   * Waits up to {@code millis} or until cancelled, whichever comes first; throws {@link
   * CancellationException} when cancelled.
   */
  public void await(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (this) {
      while (!cancelled) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return;
        }
        wait(left);
      }
    }
    throwIfCancelled();
  }
}

package org.huntboard.connectors.local.engine;

/**
 * Lets another thread stop a running query: the engine checks it between batches of rows and fails
 * the query with {@code KQL-CANCELLED}.
 */
public final class QueryCancellation {

  private volatile boolean cancelled;

  public void cancel() {
    cancelled = true;
  }

  public boolean isCancelled() {
    return cancelled;
  }
}

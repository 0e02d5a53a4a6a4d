package org.huntboard.web.portal;

import java.util.Optional;
import org.huntboard.web.run.service.FailureClass;

/** Why a run failed and what to do about it, in words for the people who read the ledger. */
public final class FailureWords {

  /**
   * A failure class explained.
   *
   * @param what what happened
   * @param fix what to do about it
   */
  public record Explanation(String what, String fix) {}

  private FailureWords() {}

  /** The explanation of a failure class as the ledger stores it, if it is a known class. */
  public static Optional<Explanation> of(String failureClass) {
    if (failureClass == null) {
      return Optional.empty();
    }
    FailureClass known;
    try {
      known = FailureClass.valueOf(failureClass);
    } catch (IllegalArgumentException e) {
      return Optional.of(new Explanation(failureClass, "See the message below."));
    }
    return Optional.of(of(known));
  }

  /** The explanation of a failure class. */
  public static Explanation of(FailureClass failure) {
    return switch (failure) {
      case THROTTLED ->
          new Explanation(
              "The service's rate or CPU quota was used up.",
              "Huntboard retries the window by itself. If it keeps happening, run the rule less"
                  + " often or spread the tenant's assignments over the hour.");
      case UNAUTHORIZED ->
          new Explanation(
              "The tenant's credential was refused or lacks the permission to hunt.",
              "An administrator renews the tenant's secret or grants the application the"
                  + " hunting permission (ThreatHunting.Read.All for Defender, Log Analytics Reader"
                  + " for Sentinel).");
      case BAD_QUERY ->
          new Explanation(
              "The service rejected the rule's query.",
              "The rule owner checks the rule against the tenant's tables; the message below"
                  + " says where the query is wrong.");
      case TIMEOUT ->
          new Explanation(
              "The query ran out of time.",
              "Huntboard retries the window. If it keeps timing out, shorten the lookback.");
      case TRUNCATED ->
          new Explanation(
              "The answer hit the service's row or size limit, so rows are missing.",
              "Shorten the lookback or run more often, so each run returns fewer rows.");
      case PARTIAL ->
          new Explanation(
              "The service answered with part of the result and an error.",
              "Huntboard retries the window; the rows that came back are kept.");
      case UNAVAILABLE ->
          new Explanation(
              "The service could not be reached or answered with a server error.",
              "Huntboard retries the window. Check the service's status if it lasts.");
      case NOT_CONFIGURED ->
          new Explanation(
              "The tenant has no such connector, its data cannot be read, or the rule is not in"
                  + " the catalog.",
              "An administrator sets up the tenant's connector (for the local connector: a data"
                  + " folder that exists).");
      case INTERNAL ->
          new Explanation(
              "Huntboard itself failed.",
              "Huntboard retries the window; the details are in its log.");
    };
  }
}

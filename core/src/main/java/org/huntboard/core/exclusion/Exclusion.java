package org.huntboard.core.exclusion;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.huntboard.core.exclusion.condition.Condition;

/**
 * An exclusion: conditions that mark a rule's rows as a known false positive, with the scope it
 * applies to, why, who proposed and who approved it, and where it is in its lifecycle.
 *
 * <p>Values are immutable; every state change ({@link #approve}, {@link #reject}, {@link #expire},
 * {@link #revoke}) returns a new value and leaves this one as it was. The lifecycle is {@code
 * proposed → approved | rejected} and {@code approved → expired | revoked}; anything else throws
 * {@link ExclusionTransitionException}. A renewal ({@link #renew}) is a new proposal that points
 * back at the exclusion it renews. The proposer can never decide on their own proposal ({@link
 * SelfApprovalException}); the canonical constructor checks the same invariants, so an approved
 * value cannot be built with the proposer as approver either.
 *
 * @param id stable identifier; it is also the tag the compiled query writes into {@code
 *     HuntboardExclusion}
 * @param conditions what the exclusion matches
 * @param scope tenant (or all) and rules
 * @param justification why the matched rows are benign
 * @param ticket reference to a change or incident ticket, or {@code null}
 * @param proposer who proposed it
 * @param approver who approved it; {@code null} unless it was approved
 * @param createdAt when it was proposed
 * @param approvedAt when it was approved; {@code null} unless it was approved
 * @param expiresAt when it stops applying; after {@code createdAt}
 * @param state the lifecycle state
 * @param closedBy who rejected or revoked it ({@code null} otherwise, and for an expiry)
 * @param closedAt when it was rejected, revoked or expired; {@code null} while open
 * @param closeReason why it was rejected or revoked, or {@code null}
 * @param renews the id of the exclusion this one renews, or {@code null}
 */
public record Exclusion(
    String id,
    Condition conditions,
    ExclusionScope scope,
    String justification,
    String ticket,
    String proposer,
    String approver,
    Instant createdAt,
    Instant approvedAt,
    Instant expiresAt,
    ExclusionState state,
    String closedBy,
    Instant closedAt,
    String closeReason,
    String renews)
    implements ExclusionFilter {

  public Exclusion {
    require(id, "id");
    Objects.requireNonNull(conditions, "conditions");
    Objects.requireNonNull(scope, "scope");
    require(justification, "justification");
    require(proposer, "proposer");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(state, "state");
    if (!expiresAt.isAfter(createdAt)) {
      throw new IllegalArgumentException(
          "exclusion "
              + id
              + " would expire ("
              + expiresAt
              + ") before it was created ("
              + createdAt
              + ")");
    }
    if (renews != null && renews.equals(id)) {
      throw new IllegalArgumentException("exclusion " + id + " cannot renew itself");
    }
    boolean wasApproved =
        state == ExclusionState.APPROVED
            || state == ExclusionState.EXPIRED
            || state == ExclusionState.REVOKED;
    if (wasApproved) {
      if (approver == null || approvedAt == null) {
        throw new IllegalArgumentException(
            "exclusion " + id + " is " + state.label() + " but has no approver and approval time");
      }
      if (approver.equals(proposer)) {
        throw new SelfApprovalException(
            id, state, "exclusion " + id + " cannot be approved by its proposer " + proposer);
      }
    } else if (approver != null || approvedAt != null) {
      throw new IllegalArgumentException(
          "exclusion " + id + " is " + state.label() + " and so cannot have an approver");
    }
    boolean closed =
        state == ExclusionState.REJECTED
            || state == ExclusionState.EXPIRED
            || state == ExclusionState.REVOKED;
    if (closed != (closedAt != null)) {
      throw new IllegalArgumentException(
          "exclusion "
              + id
              + " is "
              + state.label()
              + (closed ? " but has no closing time" : " but has a closing time"));
    }
  }

  /** A new proposal. */
  public static Exclusion propose(
      String id,
      Condition conditions,
      ExclusionScope scope,
      String justification,
      String ticket,
      String proposer,
      Instant createdAt,
      Instant expiresAt) {
    return new Exclusion(
        id,
        conditions,
        scope,
        justification,
        ticket,
        proposer,
        null,
        createdAt,
        null,
        expiresAt,
        ExclusionState.PROPOSED,
        null,
        null,
        null,
        null);
  }

  public Optional<String> ticketReference() {
    return Optional.ofNullable(ticket);
  }

  public Optional<String> renewsId() {
    return Optional.ofNullable(renews);
  }

  /** Whether the exclusion suppresses rows at {@code at}: approved and not yet past its expiry. */
  public boolean isActiveAt(Instant at) {
    return state == ExclusionState.APPROVED && at.isBefore(expiresAt);
  }

  /** {@code proposed → approved}, by someone other than the proposer. */
  public Exclusion approve(String approver, Instant at) {
    require(approver, "approver");
    expect(ExclusionState.PROPOSED, ExclusionState.APPROVED);
    refuseProposer(approver, "approve");
    if (at.isBefore(createdAt)) {
      throw transition("cannot be approved at " + at + ", before it was proposed at " + createdAt);
    }
    if (!at.isBefore(expiresAt)) {
      throw transition("cannot be approved at " + at + ": it expired at " + expiresAt);
    }
    return new Exclusion(
        id,
        conditions,
        scope,
        justification,
        ticket,
        proposer,
        approver,
        createdAt,
        at,
        expiresAt,
        ExclusionState.APPROVED,
        null,
        null,
        null,
        renews);
  }

  /** {@code proposed → rejected}, by someone other than the proposer. */
  public Exclusion reject(String rejectedBy, Instant at, String reason) {
    require(rejectedBy, "rejectedBy");
    expect(ExclusionState.PROPOSED, ExclusionState.REJECTED);
    refuseProposer(rejectedBy, "reject");
    return new Exclusion(
        id,
        conditions,
        scope,
        justification,
        ticket,
        proposer,
        null,
        createdAt,
        null,
        expiresAt,
        ExclusionState.REJECTED,
        rejectedBy,
        at,
        reason,
        renews);
  }

  /** {@code approved → expired}, once its expiry has passed. */
  public Exclusion expire(Instant at) {
    expect(ExclusionState.APPROVED, ExclusionState.EXPIRED);
    if (at.isBefore(expiresAt)) {
      throw transition("cannot expire at " + at + ": it is valid until " + expiresAt);
    }
    return new Exclusion(
        id,
        conditions,
        scope,
        justification,
        ticket,
        proposer,
        approver,
        createdAt,
        approvedAt,
        expiresAt,
        ExclusionState.EXPIRED,
        null,
        at,
        null,
        renews);
  }

  /** {@code approved → revoked}. */
  public Exclusion revoke(String revokedBy, Instant at, String reason) {
    require(revokedBy, "revokedBy");
    expect(ExclusionState.APPROVED, ExclusionState.REVOKED);
    return new Exclusion(
        id,
        conditions,
        scope,
        justification,
        ticket,
        proposer,
        approver,
        createdAt,
        approvedAt,
        expiresAt,
        ExclusionState.REVOKED,
        revokedBy,
        at,
        reason,
        renews);
  }

  /**
   * A new proposal with the same conditions and scope that renews this one. Only an approved or
   * expired exclusion can be renewed (a rejected or revoked one was refused on purpose); this one
   * is left as it is, and stays active until its own expiry.
   */
  public Exclusion renew(
      String newId, String proposer, Instant at, Instant newExpiresAt, String justification) {
    if (state != ExclusionState.APPROVED && state != ExclusionState.EXPIRED) {
      throw transition(
          "cannot be renewed: it is "
              + state.label()
              + "; only approved or expired exclusions can");
    }
    Exclusion renewal =
        propose(newId, conditions, scope, justification, ticket, proposer, at, newExpiresAt);
    return new Exclusion(
        renewal.id,
        renewal.conditions,
        renewal.scope,
        renewal.justification,
        renewal.ticket,
        renewal.proposer,
        null,
        renewal.createdAt,
        null,
        renewal.expiresAt,
        ExclusionState.PROPOSED,
        null,
        null,
        null,
        id);
  }

  private void expect(ExclusionState required, ExclusionState target) {
    if (state != required) {
      throw transition(
          "cannot go from "
              + state.label()
              + " to "
              + target.label()
              + "; only "
              + required.label()
              + " exclusions can");
    }
  }

  private void refuseProposer(String decider, String verb) {
    if (decider.equals(proposer)) {
      throw new SelfApprovalException(
          id,
          state,
          "exclusion "
              + id
              + ": "
              + decider
              + " proposed it and so cannot "
              + verb
              + " it; another rule owner must decide");
    }
  }

  private ExclusionTransitionException transition(String what) {
    return new ExclusionTransitionException(id, state, "exclusion " + id + " " + what);
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("an exclusion needs a " + name);
    }
  }
}

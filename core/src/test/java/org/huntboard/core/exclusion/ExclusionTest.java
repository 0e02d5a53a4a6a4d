package org.huntboard.core.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.huntboard.core.exclusion.condition.FilterParser;
import org.junit.jupiter.api.Test;

class ExclusionTest {

  private static final Instant T0 = Instant.parse("2026-01-10T09:00:00Z");
  private static final Instant EXPIRY = T0.plus(Duration.ofDays(90));

  private static Exclusion proposal() {
    return Exclusion.propose(
        "ex-1",
        FilterParser.parse("process.parent_process_name == \"backupsvc\""),
        ExclusionScope.tenant("contoso", List.of("dc1950c0-efeb-4695-aa95-74198df5dab8")),
        "The nightly backup job connects through TigerVNC",
        "CHG-1234",
        "alice",
        T0,
        EXPIRY);
  }

  @Test
  void proposalStartsProposedAndInactive() {
    Exclusion e = proposal();
    assertThat(e.state()).isEqualTo(ExclusionState.PROPOSED);
    assertThat(e.isActiveAt(T0.plusSeconds(1))).isFalse();
    assertThat(e.ticketReference()).contains("CHG-1234");
  }

  @Test
  void approvalReturnsANewValueAndLeavesTheProposalAsItWas() {
    Exclusion proposed = proposal();
    Exclusion approved = proposed.approve("bob", T0.plusSeconds(60));
    assertThat(approved.state()).isEqualTo(ExclusionState.APPROVED);
    assertThat(approved.approver()).isEqualTo("bob");
    assertThat(approved.approvedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(approved.isActiveAt(T0.plusSeconds(61))).isTrue();
    assertThat(approved.isActiveAt(EXPIRY)).isFalse();
    assertThat(proposed.state()).isEqualTo(ExclusionState.PROPOSED);
    assertThat(proposed.approver()).isNull();
  }

  @Test
  void rejectsApprovalByProposer() {
    assertThatThrownBy(() -> proposal().approve("alice", T0.plusSeconds(60)))
        .isInstanceOf(SelfApprovalException.class)
        .hasMessageContaining("alice proposed it and so cannot approve it");
  }

  @Test
  void rejectsRejectionByProposer() {
    assertThatThrownBy(() -> proposal().reject("alice", T0.plusSeconds(60), "never mind"))
        .isInstanceOf(SelfApprovalException.class);
  }

  @Test
  void refusesToBuildAnApprovedValueWhoseApproverIsTheProposer() {
    Exclusion approved = proposal().approve("bob", T0.plusSeconds(60));
    assertThatThrownBy(
            () ->
                new Exclusion(
                    approved.id(),
                    approved.conditions(),
                    approved.scope(),
                    approved.justification(),
                    approved.ticket(),
                    "bob",
                    "bob",
                    approved.createdAt(),
                    approved.approvedAt(),
                    approved.expiresAt(),
                    ExclusionState.APPROVED,
                    null,
                    null,
                    null,
                    null))
        .isInstanceOf(SelfApprovalException.class);
  }

  @Test
  void rejectionIsFinal() {
    Exclusion rejected = proposal().reject("bob", T0.plusSeconds(60), "too broad");
    assertThat(rejected.state()).isEqualTo(ExclusionState.REJECTED);
    assertThat(rejected.closeReason()).isEqualTo("too broad");
    assertThatThrownBy(() -> rejected.approve("carol", T0.plusSeconds(120)))
        .isInstanceOf(ExclusionTransitionException.class)
        .hasMessage(
            "exclusion ex-1 cannot go from rejected to approved; only proposed exclusions can");
    assertThatThrownBy(() -> rejected.renew("ex-2", "alice", T0, EXPIRY, "again"))
        .isInstanceOf(ExclusionTransitionException.class)
        .hasMessageContaining("it is rejected");
  }

  @Test
  void aProposalCanNeitherExpireNorBeRevoked() {
    Exclusion proposed = proposal();
    assertThatThrownBy(() -> proposed.expire(EXPIRY))
        .isInstanceOf(ExclusionTransitionException.class)
        .hasMessageContaining("cannot go from proposed to expired");
    assertThatThrownBy(() -> proposed.revoke("bob", T0, "x"))
        .isInstanceOf(ExclusionTransitionException.class)
        .hasMessageContaining("cannot go from proposed to revoked");
  }

  @Test
  void expiresOnlyOnceItsExpiryHasPassed() {
    Exclusion approved = proposal().approve("bob", T0.plusSeconds(60));
    assertThatThrownBy(() -> approved.expire(EXPIRY.minusSeconds(1)))
        .isInstanceOf(ExclusionTransitionException.class)
        .hasMessageContaining("valid until");
    Exclusion expired = approved.expire(EXPIRY);
    assertThat(expired.state()).isEqualTo(ExclusionState.EXPIRED);
    assertThat(expired.closedAt()).isEqualTo(EXPIRY);
    assertThatThrownBy(() -> expired.revoke("bob", EXPIRY, "late"))
        .isInstanceOf(ExclusionTransitionException.class);
  }

  @Test
  void revokedExclusionIsNoLongerActiveAndCannotBeApprovedAgain() {
    Exclusion revoked =
        proposal()
            .approve("bob", T0.plusSeconds(60))
            .revoke("carol", T0.plusSeconds(3600), "hid a TP");
    assertThat(revoked.state()).isEqualTo(ExclusionState.REVOKED);
    assertThat(revoked.closedBy()).isEqualTo("carol");
    assertThat(revoked.isActiveAt(T0.plusSeconds(7200))).isFalse();
    assertThatThrownBy(() -> revoked.approve("dave", T0.plusSeconds(7200)))
        .isInstanceOf(ExclusionTransitionException.class);
  }

  @Test
  void renewalIsANewProposalLinkedToTheOldOne() {
    Exclusion expired = proposal().approve("bob", T0.plusSeconds(60)).expire(EXPIRY);
    Instant later = EXPIRY.plus(Duration.ofDays(1));
    Exclusion renewal =
        expired.renew("ex-2", "alice", later, later.plus(Duration.ofDays(90)), "still needed");
    assertThat(renewal.state()).isEqualTo(ExclusionState.PROPOSED);
    assertThat(renewal.renewsId()).contains("ex-1");
    assertThat(renewal.conditions()).isEqualTo(expired.conditions());
    assertThat(renewal.scope()).isEqualTo(expired.scope());
    assertThat(renewal.approver()).isNull();
    assertThat(expired.state()).isEqualTo(ExclusionState.EXPIRED);
  }

  @Test
  void refusesAnExpiryBeforeCreation() {
    assertThatThrownBy(
            () ->
                Exclusion.propose(
                    "ex-1",
                    FilterParser.parse("user.name == \"x\""),
                    ExclusionScope.allTenants(List.of("r")),
                    "j",
                    null,
                    "alice",
                    T0,
                    T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expire");
  }

  @Test
  void scopeCoversItsTenantAndRulesOnly() {
    ExclusionScope one = ExclusionScope.tenant("contoso", List.of("r1", "r2"));
    assertThat(one.covers("contoso", "r2")).isTrue();
    assertThat(one.covers("fabrikam", "r1")).isFalse();
    assertThat(one.covers("contoso", "r3")).isFalse();
    assertThat(ExclusionScope.allTenants(List.of("r1")).covers("anyone", "r1")).isTrue();
    assertThatThrownBy(() -> ExclusionScope.allTenants(List.of()))
        .hasMessageContaining("at least one rule");
  }
}

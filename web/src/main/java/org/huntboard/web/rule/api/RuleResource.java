package org.huntboard.web.rule.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.rule.service.ExclusionTemplateView;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.rule.service.RuleView;
import org.huntboard.web.tenancy.Role;

/** The hunting rules Huntboard offers; rules are global, the same for every tenant. */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {

  private final RuleCatalog catalog;

  RuleResource(RuleCatalog catalog) {
    this.catalog = catalog;
  }

  /** Every offered rule, by id. */
  @GET
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public List<RuleView> list() {
    return catalog.all().stream().map(RuleView::of).toList();
  }

  /**
   * The rule's exclusion templates (its documented false-positive scenarios), which a tenant's
   * exclusion can be proposed from; empty when the rule has none.
   */
  @GET
  @Path("/{ruleId}/exclusion-templates")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public List<ExclusionTemplateView> exclusionTemplates(@PathParam("ruleId") String ruleId) {
    if (catalog.find(ruleId).isEmpty()) {
      throw new HuntboardException.NotFound("Rule", ruleId);
    }
    return catalog
        .exclusionTemplates(ruleId)
        .map(f -> f.exclusions().stream().map(ExclusionTemplateView::of).toList())
        .orElse(List.of());
  }

  /** One rule. */
  @GET
  @Path("/{ruleId}")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public RuleView get(@PathParam("ruleId") String ruleId) {
    return catalog
        .find(ruleId)
        .map(RuleView::of)
        .orElseThrow(() -> new HuntboardException.NotFound("Rule", ruleId));
  }
}

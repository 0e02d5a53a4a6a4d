package org.huntboard.web.rule.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.huntboard.web.api.HuntboardException;
import org.huntboard.web.rule.service.ExclusionTemplateView;
import org.huntboard.web.rule.service.RuleCatalog;
import org.huntboard.web.rule.service.RuleVersions;
import org.huntboard.web.rule.service.RuleView;
import org.huntboard.web.tenancy.Role;

/**
 * The hunting rules Huntboard offers, their versions, and imports; rules are global, the same for
 * every tenant.
 */
@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {

  private final RuleCatalog catalog;
  private final RuleVersions versions;

  RuleResource(RuleCatalog catalog, RuleVersions versions) {
    this.catalog = catalog;
    this.versions = versions;
  }

  /** Every offered rule, by id. */
  @GET
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public List<RuleView> list() {
    return catalog.all().stream().map(RuleView::of).toList();
  }

  /**
   * Imports an Azure-Sentinel hunting-query YAML rule (body {@code application/yaml} or text): 201
   * with the rule when a new version was kept, 200 when it is the current version already, 400 with
   * located problems when it does not validate, 409 for the id of a rule file.
   */
  @POST
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", "text/plain"})
  @RolesAllowed({Role.Names.RULE_OWNER, Role.Names.ADMIN})
  public Response importRule(byte[] yaml) {
    RuleVersions.Imported imported = versions.importRule(yaml == null ? new byte[0] : yaml);
    return Response.status(imported.newVersion() ? 201 : 200)
        .entity(RuleView.of(imported.rule()))
        .build();
  }

  /** The YAML of a rule to import, for clients that send JSON. */
  public record RuleImportRequest(String yaml) {}

  /** {@link #importRule(byte[])} with the YAML in a JSON body {@code {"yaml": "..."}}. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Role.Names.RULE_OWNER, Role.Names.ADMIN})
  public Response importRuleJson(RuleImportRequest request) {
    String yaml = request == null || request.yaml() == null ? "" : request.yaml();
    return importRule(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Every version of a rule, newest first, by content hash. */
  @GET
  @Path("/{ruleId}/versions")
  @RolesAllowed({Role.Names.ANALYST, Role.Names.RULE_OWNER, Role.Names.AUDITOR, Role.Names.ADMIN})
  public List<RuleVersions.Version> versions(@PathParam("ruleId") String ruleId) {
    return versions.versions(ruleId);
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

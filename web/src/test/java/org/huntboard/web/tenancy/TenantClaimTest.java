package org.huntboard.web.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the tenants claim of a token becomes tenant keys. */
class TenantClaimTest {

  @Test
  void readsPlainKeysAsTheyAre() {
    assertThat(TenantScope.tenantKeys(List.of("acme", " globex "), "/tenants/"))
        .containsExactly("acme", "globex");
  }

  @Test
  void readsGroupPathsUnderThePrefixByTheirLastSegment() {
    assertThat(
            TenantScope.tenantKeys(
                Json.createArrayBuilder().add("/tenants/acme").add("/tenants/globex").build(),
                "/tenants/"))
        .containsExactly("acme", "globex");
  }

  @Test
  void otherGroupsSubgroupsAndEmptyValuesNameNoTenant() {
    assertThat(
            TenantScope.tenantKeys(
                List.of("/staff/acme", "/tenants/acme/auditors", "/tenants/", "", "/tenantsacme"),
                "/tenants/"))
        .isEmpty();
  }

  @Test
  void aSingleStringClaimIsOneKeyAndAMissingClaimNone() {
    assertThat(TenantScope.tenantKeys("acme", "/tenants/")).containsExactly("acme");
    assertThat(TenantScope.tenantKeys(null, "/tenants/")).isEmpty();
    assertThat(TenantScope.tenantKeys(42, "/tenants/")).isEmpty();
  }
}

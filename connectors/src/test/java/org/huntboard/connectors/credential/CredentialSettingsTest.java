package org.huntboard.connectors.credential;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import java.nio.file.Path;
import java.util.Map;
import org.huntboard.connectors.fake.FakeAzure;
import org.huntboard.connectors.fake.TestCertificates;
import org.junit.jupiter.api.Test;

class CredentialSettingsTest {

  @Test
  void readsAClientSecretFromTheStandardVariables() {
    CredentialSettings c =
        CredentialSettings.fromEnvironment(
            Map.of(
                "AZURE_TENANT_ID",
                "t",
                "AZURE_CLIENT_ID",
                "c",
                "AZURE_CLIENT_SECRET",
                "s3cr3t",
                "AZURE_AUTHORITY_HOST",
                "usgov"));

    assertThat(c).isInstanceOf(CredentialSettings.ClientSecret.class);
    assertThat(c.authority()).isEqualTo(AuthorityHost.US_GOVERNMENT);
    assertThat(c.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void readsACertificateWithItsPasswordRedacted() {
    CredentialSettings c =
        CredentialSettings.fromEnvironment(
            Map.of(
                "AZURE_TENANT_ID",
                "t",
                "AZURE_CLIENT_ID",
                "c",
                "AZURE_CLIENT_CERTIFICATE_PATH",
                "/secrets/app.pfx",
                "AZURE_CLIENT_CERTIFICATE_PASSWORD",
                "pfx-pass"));

    assertThat(c)
        .isInstanceOfSatisfying(
            CredentialSettings.ClientCertificate.class, cert -> assertThat(cert.isPfx()).isTrue());
    assertThat(c.toString()).doesNotContain("pfx-pass").contains("password=***");
  }

  @Test
  void choosesWorkloadThenManagedIdentity() {
    assertThat(
            CredentialSettings.fromEnvironment(
                Map.of(
                    "AZURE_TENANT_ID",
                    "t",
                    "AZURE_CLIENT_ID",
                    "c",
                    "AZURE_FEDERATED_TOKEN_FILE",
                    "/var/run/token")))
        .isInstanceOf(CredentialSettings.WorkloadIdentity.class);
    assertThat(CredentialSettings.fromEnvironment(Map.of("AZURE_CLIENT_ID", "uami")))
        .isEqualTo(new CredentialSettings.ManagedIdentity("uami"));
    assertThat(CredentialSettings.fromEnvironment(Map.of()))
        .isEqualTo(new CredentialSettings.ManagedIdentity(null));
  }

  @Test
  void namesTheMissingVariable() {
    assertThatThrownBy(
            () ->
                CredentialSettings.fromEnvironment(
                    Map.of("AZURE_CLIENT_ID", "c", "AZURE_CLIENT_SECRET", "s")))
        .hasMessageContaining("AZURE_TENANT_ID");
  }

  @Test
  void knowsTheThreeCloudsAndAcceptsOtherHttpsAuthorities() {
    assertThat(AuthorityHost.parse("china")).isEqualTo(AuthorityHost.CHINA);
    assertThat(AuthorityHost.parse("https://login.microsoftonline.com"))
        .isEqualTo(AuthorityHost.PUBLIC);
    assertThat(AuthorityHost.parse("https://localhost:8443").wellKnown()).isFalse();
    assertThatThrownBy(() -> AuthorityHost.parse("http://localhost:8080"))
        .hasMessageContaining("https");
  }

  @Test
  void aPfxCertificateGetsATokenWithASignedAssertionInsteadOfASecret() throws Exception {
    try (FakeAzure azure = FakeAzure.start()) {
      CredentialSettings cert =
          new CredentialSettings.ClientCertificate(
              FakeAzure.ENTRA_TENANT,
              FakeAzure.CLIENT_ID,
              TestCertificates.keystore(),
              TestCertificates.PASSWORD,
              false,
              AuthorityHost.parse(azure.baseUrl()));
      TenantCredentials credentials = new TenantCredentials();

      AccessToken token =
          credentials
              .credential("tenant-a", cert, new TlsTrust(TestCertificates.certificatePem()))
              .getTokenSync(
                  new TokenRequestContext().addScopes("https://graph.microsoft.com/.default"));

      assertThat(token.getToken()).isEqualTo(FakeAzure.ACCESS_TOKEN);
      azure
          .server()
          .verify(
              postRequestedFor(urlPathEqualTo("/" + FakeAzure.ENTRA_TENANT + "/oauth2/v2.0/token"))
                  .withRequestBody(
                      containing(
                          "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"))
                  .withRequestBody(
                      containing("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default")));
    }
  }

  @Test
  void anExtraCaFileThatIsNotACertificateIsRefusedClearly() throws Exception {
    Path notACert =
        java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("ca", ".pem"), "hello");
    assertThatThrownBy(() -> new TlsTrust(notACert).trustManager())
        .hasMessageContaining("cannot use the CA file");
  }
}

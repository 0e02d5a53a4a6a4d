package org.huntboard.connectors.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectorRegistryTest {

  @Test
  void discoversTheThreeConnectors() {
    assertThat(ConnectorRegistry.load().ids()).containsExactly("defender", "local", "sentinel");
  }

  @Test
  void failsFastOnAnUnknownIdNamingTheKnownOnes() {
    assertThatThrownBy(() -> ConnectorRegistry.load().factory("splunk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown connector 'splunk'")
        .hasMessageContaining("defender, local, sentinel");
  }

  @Test
  void aServiceConnectorWithoutCredentialSaysWhatToSet() {
    assertThatThrownBy(
            () ->
                ConnectorRegistry.load().create("defender", ConnectorSettings.builder("t").build()))
        .hasMessageContaining("AZURE_CLIENT_SECRET");
    assertThatThrownBy(
            () ->
                ConnectorRegistry.load()
                    .create(
                        "sentinel",
                        ConnectorSettings.fromEnvironment(
                                "t",
                                java.util.Map.of(
                                    "AZURE_TENANT_ID",
                                    "x",
                                    "AZURE_CLIENT_ID",
                                    "y",
                                    "AZURE_CLIENT_SECRET",
                                    "z"))
                            .build()))
        .hasMessageContaining("workspace");
  }

  @Test
  void failureClassesMapToTheCommandLineExitCodes() {
    assertThat(FailureClass.THROTTLED.exitCode()).isEqualTo(5);
    assertThat(FailureClass.QUOTA_EXHAUSTED.exitCode()).isEqualTo(5);
    assertThat(FailureClass.UNAUTHORIZED.exitCode()).isEqualTo(6);
    assertThat(FailureClass.FORBIDDEN.exitCode()).isEqualTo(6);
    assertThat(FailureClass.BAD_QUERY.exitCode()).isEqualTo(2);
    assertThat(FailureClass.TRUNCATED.exitCode()).isEqualTo(4);
    assertThat(FailureClass.TIMEOUT.exitCode()).isEqualTo(4);
    assertThat(FailureClass.UNAVAILABLE.exitCode()).isEqualTo(7);
  }

  @Test
  void quotesTableNamesSoTheyCannotChangeTheQuery() {
    assertThat(KqlNames.name("DeviceNetworkEvents")).isEqualTo("DeviceNetworkEvents");
    assertThat(KqlNames.name("T | take 1000000")).isEqualTo("['T | take 1000000']");
    assertThat(KqlNames.name("a']; drop")).isEqualTo("['a\\']; drop']");
  }
}

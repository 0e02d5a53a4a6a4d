package org.huntboard.core.rule;

import java.util.List;

/**
 * A data connector a rule needs ({@code connectorId}, e.g. {@code MicrosoftThreatProtection}) and
 * the tables it reads from that connector ({@code dataTypes}, e.g. {@code DeviceNetworkEvents}).
 */
public record DataConnector(String connectorId, List<String> dataTypes) {

  public DataConnector {
    dataTypes = List.copyOf(dataTypes);
  }
}

package org.huntboard.connectors.spi;

/**
 * Where in the query text a service located a syntax or semantic error: 1-based line and column,
 * and the token it stopped at when the service names one (empty otherwise).
 */
public record QueryPosition(int line, int column, String token) {

  public QueryPosition {
    token = token == null ? "" : token;
  }

  @Override
  public String toString() {
    return "line " + line + ", column " + column + (token.isEmpty() ? "" : " at '" + token + "'");
  }
}

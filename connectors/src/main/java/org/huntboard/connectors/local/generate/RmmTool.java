package org.huntboard.connectors.local.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One remote monitoring and management tool as the public RMM hunting queries match it: PE company
 * and product names, certificate signers and network domains (the {@code tools.csv} of the RMM
 * corpus, whose list cells separate values with {@code " ; "}).
 */
record RmmTool(
    String name,
    List<String> companies,
    List<String> products,
    List<String> signers,
    List<String> domains) {

  /** Whether the generator can give the tool network events a hunting query would match. */
  boolean hasNetworkIndicators() {
    return !domains.isEmpty() && (!companies.isEmpty() || !products.isEmpty());
  }

  /** Reads {@code tools.csv}; tools without company, product or domain are left out. */
  static List<RmmTool> read(Path csv) throws IOException {
    List<List<String>> records = parse(Files.readString(csv, StandardCharsets.UTF_8));
    if (records.isEmpty()) {
      return List.of();
    }
    Map<String, Integer> header = new HashMap<>();
    for (int i = 0; i < records.get(0).size(); i++) {
      header.put(records.get(0).get(i), i);
    }
    for (String needed :
        List.of(
            "tool",
            "query_company_names",
            "query_product_names",
            "query_signers",
            "query_domains")) {
      if (!header.containsKey(needed)) {
        throw new IOException(csv + ": no column " + needed + " in the header");
      }
    }
    List<RmmTool> tools = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      if (r.size() < header.size()) {
        continue;
      }
      String name = r.get(header.get("tool"));
      if (name.equals("TigerVNC")) {
        continue; // TigerVNC sessions are generated on purpose, with their ground truth
      }
      RmmTool tool =
          new RmmTool(
              name,
              list(r.get(header.get("query_company_names"))),
              list(r.get(header.get("query_product_names"))),
              list(r.get(header.get("query_signers"))),
              list(r.get(header.get("query_domains"))));
      if (tool.hasNetworkIndicators()) {
        tools.add(tool);
      }
    }
    return tools;
  }

  private static List<String> list(String cell) {
    if (cell.isBlank()) {
      return List.of();
    }
    return Arrays.stream(cell.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** RFC 4180 records of a small file. */
  private static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        fields.add(field.toString());
        field.setLength(0);
        records.add(fields);
        fields = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    if (field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      records.add(fields);
    }
    return records;
  }
}

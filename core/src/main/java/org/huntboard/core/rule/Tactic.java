package org.huntboard.core.rule;

import java.util.Optional;
import java.util.StringJoiner;

/**
 * The fourteen tactics of MITRE ATT&CK Enterprise. A rule may name one as ATT&CK writes it ({@code
 * Command and Control}) or as Microsoft Sentinel does ({@code CommandAndControl}).
 */
public enum Tactic {
  RECONNAISSANCE("TA0043", "Reconnaissance"),
  RESOURCE_DEVELOPMENT("TA0042", "Resource Development"),
  INITIAL_ACCESS("TA0001", "Initial Access"),
  EXECUTION("TA0002", "Execution"),
  PERSISTENCE("TA0003", "Persistence"),
  PRIVILEGE_ESCALATION("TA0004", "Privilege Escalation"),
  DEFENSE_EVASION("TA0005", "Defense Evasion"),
  CREDENTIAL_ACCESS("TA0006", "Credential Access"),
  DISCOVERY("TA0007", "Discovery"),
  LATERAL_MOVEMENT("TA0008", "Lateral Movement"),
  COLLECTION("TA0009", "Collection"),
  COMMAND_AND_CONTROL("TA0011", "Command and Control"),
  EXFILTRATION("TA0010", "Exfiltration"),
  IMPACT("TA0040", "Impact");

  private final String id;
  private final String attackName;

  Tactic(String id, String attackName) {
    this.id = id;
    this.attackName = attackName;
  }

  /** The ATT&CK identifier, e.g. {@code TA0011}. */
  public String id() {
    return id;
  }

  /** The name as ATT&CK writes it, e.g. {@code Command and Control}. */
  public String attackName() {
    return attackName;
  }

  /** The name as Sentinel writes it, e.g. {@code CommandAndControl}. */
  public String sentinelName() {
    StringBuilder name = new StringBuilder();
    for (String word : attackName.split(" ")) {
      name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return name.toString();
  }

  /**
   * The tactic a rule names, in either spelling. Matching is exact apart from the case of {@code
   * and}, which ATT&CK writes in lower case and Sentinel in upper case.
   */
  public static Optional<Tactic> parse(String name) {
    for (Tactic tactic : values()) {
      if (tactic.attackName.equals(name)
          || tactic.sentinelName().equals(name)
          || tactic.attackName.replace(" and ", " And ").equals(name)) {
        return Optional.of(tactic);
      }
    }
    return Optional.empty();
  }

  /** The Sentinel spelling of every tactic, for messages. */
  public static String allNames() {
    StringJoiner names = new StringJoiner(", ");
    for (Tactic tactic : values()) {
      names.add(tactic.sentinelName());
    }
    return names.toString();
  }
}

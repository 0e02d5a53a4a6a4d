package org.huntboard.connectors.local.generate;

import java.util.List;

/**
 * The TigerVNC sessions a generated tenant holds, each of one kind: a true positive (an attacker's
 * use: odd parent, odd folder, rare remote host) or one of the five false-positive scenarios
 * published with the TigerVNC hunt, whose parent process and command line match that scenario's
 * filter literally (and no other scenario's).
 */
final class TigerVncPlan {

  private TigerVncPlan() {}

  static final String TRUE_POSITIVE = "true-positive";

  /** The scenario names, verbatim from the hunt's published false positives. */
  static final List<String> SCENARIOS =
      List.of(
          "Scheduled System Maintenance via TigerVNC",
          "Remote Desktop Administration via TigerVNC",
          "Software Update Deployment via TigerVNC",
          "Backup Job Execution via TigerVNC",
          "Admin Task Execution via TigerVNC");

  static final String COMPANY = "TigerVNC project";
  static final String PRODUCT = "TigerVNC";
  static final String VERSION = "1.13.1";
  static final String FOLDER = "C:\\Program Files\\TigerVNC";

  static final ProcessImage VIEWER =
      ProcessImage.of(
          "vncviewer.exe",
          FOLDER,
          COMPANY,
          PRODUCT,
          VERSION,
          "TigerVNC Viewer",
          "vncviewer.exe",
          "",
          "");
  static final ProcessImage SERVER =
      ProcessImage.of(
          "winvnc4.exe",
          FOLDER,
          COMPANY,
          PRODUCT,
          VERSION,
          "TigerVNC Server",
          "winvnc4.exe",
          "",
          "");
  static final ProcessImage PORTABLE_VIEWER =
      ProcessImage.of(
          "vncviewer64-1.13.1.exe",
          "Downloads",
          COMPANY,
          PRODUCT,
          VERSION,
          "TigerVNC Viewer",
          "vncviewer.exe",
          "",
          "");

  /** How one pair's sessions look: the binary, its parent, its command line and its target. */
  record Variant(
      String kind,
      String reason,
      ProcessImage image,
      String parent,
      String commandLine,
      int port,
      boolean remoteSession,
      boolean system) {}

  /**
   * The variant of the {@code n}-th pair of a kind. {@code target} is the remote host, {@code user}
   * the device's user (for user folders).
   */
  static Variant variant(String kind, int n, String target, String user) {
    String quoted = "\"" + VIEWER.path() + "\"";
    if (kind.equals(TRUE_POSITIVE)) {
      return switch (n % 3) {
        case 0 ->
            new Variant(
                kind,
                "unusual parent: the viewer started by a script host, to a rare external host",
                VIEWER,
                "wscript.exe",
                quoted + " -SecurityTypes=None -Shared " + target + "::5900",
                5900,
                false,
                false);
        case 1 ->
            new Variant(
                kind,
                "unusual folder: a renamed TigerVNC server under Public, reverse-connecting out",
                SERVER.in("C:\\Users\\Public\\Libraries"),
                "cmd.exe",
                "\"C:\\Users\\Public\\Libraries\\winvnc4.exe\" -noconsole -connect "
                    + target
                    + "::5500",
                5500,
                false,
                true);
        default ->
            new Variant(
                kind,
                "rare remote host: a portable viewer from Downloads to a host no other device uses",
                PORTABLE_VIEWER.in("C:\\Users\\" + user + "\\Downloads"),
                "rundll32.exe",
                "\"C:\\Users\\"
                    + user
                    + "\\Downloads\\vncviewer64-1.13.1.exe\" "
                    + target
                    + "::5900",
                5900,
                false,
                false);
      };
    }
    boolean first = n % 2 == 0;
    int scenario = SCENARIOS.indexOf(kind);
    return switch (scenario) {
      case 0 ->
          first
              ? new Variant(
                  kind,
                  "started from a scheduled task whose configuration lives under a schtasks folder",
                  VIEWER,
                  "svchost.exe",
                  quoted
                      + " -config \"C:\\ProgramData\\IT\\schtasks\\reboot-"
                      + host(target)
                      + ".tigervnc\"",
                  5900,
                  false,
                  true)
              : new Variant(
                  kind,
                  "parent process reported as task scheduler",
                  VIEWER,
                  "task scheduler",
                  quoted + " -FullScreen=0 " + target + "::5900",
                  5900,
                  false,
                  true);
      case 1 ->
          first
              ? new Variant(
                  kind,
                  "started from a Remote Desktop Connection client session",
                  VIEWER,
                  "mstsc.exe",
                  quoted + " " + target + "::5900",
                  5900,
                  true,
                  false)
              : new Variant(
                  kind,
                  "viewer profile kept with the admin's mstsc connection files",
                  VIEWER,
                  "explorer.exe",
                  quoted
                      + " -config \"C:\\Users\\"
                      + user
                      + "\\Documents\\mstsc-profiles\\"
                      + host(target)
                      + ".tigervnc\"",
                  5900,
                  true,
                  false);
      case 2 ->
          first
              ? new Variant(
                  kind,
                  "pushed by the patch management agent",
                  VIEWER,
                  "patchmgr.exe",
                  quoted + " -ViewOnly " + target + "::5900",
                  5900,
                  false,
                  true)
              : new Variant(
                  kind,
                  "launched with the patch manager's session file",
                  VIEWER,
                  "cmd.exe",
                  quoted
                      + " -config \"C:\\Program Files\\PatchMgr\\sessions\\patchmgr.exe."
                      + host(target)
                      + ".tigervnc\"",
                  5900,
                  false,
                  true);
      case 3 ->
          first
              ? new Variant(
                  kind,
                  "started by the backup service",
                  VIEWER,
                  "backupsvc",
                  quoted + " -ViewOnly " + target + "::5900",
                  5900,
                  false,
                  true)
              : new Variant(
                  kind,
                  "launched with the backup job's session file",
                  VIEWER,
                  "cmd.exe",
                  quoted
                      + " -config \"D:\\Jobs\\backup.exe.nightly-"
                      + host(target)
                      + ".tigervnc\"",
                  5900,
                  false,
                  true);
      case 4 ->
          new Variant(
              kind,
              "an admin's TigerVNC launcher running a PowerShell configuration script remotely",
              VIEWER,
              "tigervnc.exe",
              quoted
                  + " "
                  + target
                  + "::5900 -- powershell.exe -NoProfile -File \\\\corp\\it\\config\\apply-baseline.ps1",
              5900,
              false,
              false);
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  private static String host(String target) {
    int dot = target.indexOf('.');
    return dot < 0 ? target : target.substring(0, dot);
  }
}

package org.huntboard.connectors.local.generate;

import java.util.List;

/**
 * The software and network destinations ordinary Windows endpoints show in Defender telemetry:
 * signed Microsoft and browser binaries with their PE version information, the services they talk
 * to, and the admin tools an IT department runs.
 */
final class Catalog {

  private Catalog() {}

  static final String MS = "Microsoft Corporation";
  static final String MS_OS = "Microsoft® Windows® Operating System";
  static final String MS_SIGNER = "Microsoft Windows";
  static final String MS_ISSUER = "Microsoft Windows Production PCA 2011";
  static final String MS_CODE_SIGNER = "Microsoft Corporation";
  static final String MS_CODE_ISSUER = "Microsoft Code Signing PCA 2011";

  static final String SYSTEM32 = "C:\\Windows\\System32";

  static final ProcessImage SVCHOST =
      ProcessImage.of(
          "svchost.exe",
          SYSTEM32,
          MS,
          MS_OS,
          "10.0.19041.3636",
          "Host Process for Windows Services",
          "svchost.exe",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage SERVICES =
      ProcessImage.of(
          "services.exe",
          SYSTEM32,
          MS,
          MS_OS,
          "10.0.19041.3636",
          "Services and Controller app",
          "services.exe",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage EXPLORER =
      ProcessImage.of(
          "explorer.exe",
          "C:\\Windows",
          MS,
          MS_OS,
          "10.0.19041.3758",
          "Windows Explorer",
          "EXPLORER.EXE",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage USERINIT =
      ProcessImage.of(
          "userinit.exe",
          SYSTEM32,
          MS,
          MS_OS,
          "10.0.19041.1",
          "Userinit Logon Application",
          "USERINIT.EXE",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage CMD =
      ProcessImage.of(
          "cmd.exe",
          SYSTEM32,
          MS,
          MS_OS,
          "10.0.19041.3636",
          "Windows Command Processor",
          "Cmd.Exe",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage POWERSHELL =
      ProcessImage.of(
          "powershell.exe",
          SYSTEM32 + "\\WindowsPowerShell\\v1.0",
          MS,
          MS_OS,
          "10.0.19041.3570",
          "Windows PowerShell",
          "PowerShell.EXE",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage MSTSC =
      ProcessImage.of(
          "mstsc.exe",
          SYSTEM32,
          MS,
          MS_OS,
          "10.0.19041.3636",
          "Remote Desktop Connection",
          "mstsc.exe",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage MMC =
      ProcessImage.of(
          "mmc.exe",
          SYSTEM32,
          MS,
          MS_OS,
          "10.0.19041.3636",
          "Microsoft Management Console",
          "MMC.EXE",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage PSEXEC =
      ProcessImage.of(
          "PsExec.exe",
          "C:\\Tools\\Sysinternals",
          "Sysinternals - www.sysinternals.com",
          "Sysinternals PsExec",
          "2.43",
          "Execute processes remotely",
          "psexec.c",
          MS_CODE_SIGNER,
          MS_CODE_ISSUER);
  static final ProcessImage CCMEXEC =
      ProcessImage.of(
          "CcmExec.exe",
          "C:\\Windows\\CCM",
          MS,
          "System Center Configuration Manager",
          "5.0.9106.1000",
          "Host Process for Microsoft Configuration Manager",
          "CcmExec.exe",
          MS_CODE_SIGNER,
          MS_CODE_ISSUER);
  static final ProcessImage MSSENSE =
      ProcessImage.of(
          "MsSense.exe",
          "C:\\Program Files\\Windows Defender Advanced Threat Protection",
          MS,
          MS_OS,
          "10.8560.19041.3636",
          "Windows Defender Advanced Threat Protection Service Executable",
          "MsSense.exe",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage MSMPENG =
      ProcessImage.of(
          "MsMpEng.exe",
          "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.23110.3-0",
          MS,
          MS_OS,
          "4.18.23110.3",
          "Antimalware Service Executable",
          "MsMpEng.exe",
          "Microsoft Windows Publisher",
          MS_ISSUER);
  static final ProcessImage SMARTSCREEN =
      ProcessImage.of(
          "smartscreen.exe",
          SYSTEM32,
          MS,
          MS_OS,
          "10.0.19041.3636",
          "Windows Defender SmartScreen",
          "smartscreen.exe",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage SEARCHAPP =
      ProcessImage.of(
          "SearchApp.exe",
          "C:\\Windows\\SystemApps\\Microsoft.Windows.Search_cw5n1h2txyewy",
          MS,
          MS_OS,
          "10.0.19041.3636",
          "Search application",
          "SearchApp.exe",
          MS_SIGNER,
          MS_ISSUER);
  static final ProcessImage EDGE =
      ProcessImage.of(
          "msedge.exe",
          "C:\\Program Files (x86)\\Microsoft\\Edge\\Application",
          MS,
          "Microsoft Edge",
          "120.0.2210.91",
          "Microsoft Edge",
          "msedge.exe",
          MS_CODE_SIGNER,
          MS_CODE_ISSUER);
  static final ProcessImage CHROME =
      ProcessImage.of(
          "chrome.exe",
          "C:\\Program Files\\Google\\Chrome\\Application",
          "Google LLC",
          "Google Chrome",
          "120.0.6099.130",
          "Google Chrome",
          "chrome.exe",
          "Google LLC",
          "DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1");
  static final ProcessImage FIREFOX =
      ProcessImage.of(
          "firefox.exe",
          "C:\\Program Files\\Mozilla Firefox",
          "Mozilla Corporation",
          "Firefox",
          "121.0",
          "Firefox",
          "firefox.exe",
          "Mozilla Corporation",
          "DigiCert SHA2 Assured ID Code Signing CA");
  static final ProcessImage OUTLOOK =
      ProcessImage.of(
          "OUTLOOK.EXE",
          "C:\\Program Files\\Microsoft Office\\root\\Office16",
          MS,
          "Microsoft Outlook",
          "16.0.17126.20132",
          "Microsoft Outlook",
          "Outlook.exe",
          MS_CODE_SIGNER,
          MS_CODE_ISSUER);
  static final ProcessImage TEAMS =
      ProcessImage.of(
          "ms-teams.exe",
          "C:\\Program Files\\WindowsApps\\MSTeams_23320.3027.2591.1505_x64__8wekyb3d8bbwe",
          MS,
          "Microsoft Teams",
          "23320.3027.2591.1505",
          "Microsoft Teams",
          "ms-teams.exe",
          MS_CODE_SIGNER,
          MS_CODE_ISSUER);
  static final ProcessImage ONEDRIVE_TEMPLATE =
      ProcessImage.of(
          "OneDrive.exe",
          "C:\\Program Files\\Microsoft OneDrive",
          MS,
          "Microsoft OneDrive",
          "23.246.1127.0002",
          "Microsoft OneDrive",
          "OneDrive.exe",
          MS_CODE_SIGNER,
          MS_CODE_ISSUER);

  /** Processes that start often and make no network connections of their own. */
  static final List<ProcessImage> BACKGROUND =
      List.of(
          ProcessImage.of(
              "conhost.exe",
              SYSTEM32,
              MS,
              MS_OS,
              "10.0.19041.3636",
              "Console Window Host",
              "CONHOST.EXE",
              MS_SIGNER,
              MS_ISSUER),
          ProcessImage.of(
              "RuntimeBroker.exe",
              SYSTEM32,
              MS,
              MS_OS,
              "10.0.19041.3636",
              "Runtime Broker",
              "RuntimeBroker.exe",
              MS_SIGNER,
              MS_ISSUER),
          ProcessImage.of(
              "backgroundTaskHost.exe",
              SYSTEM32,
              MS,
              MS_OS,
              "10.0.19041.3636",
              "Background Task Host",
              "backgroundTaskHost.exe",
              MS_SIGNER,
              MS_ISSUER),
          ProcessImage.of(
              "SearchProtocolHost.exe",
              SYSTEM32,
              MS,
              MS_OS,
              "7.0.19041.3636",
              "Microsoft Windows Search Protocol Host",
              "SearchProtocolHost.exe",
              MS_SIGNER,
              MS_ISSUER),
          ProcessImage.of(
              "taskhostw.exe",
              SYSTEM32,
              MS,
              MS_OS,
              "10.0.19041.3636",
              "Host Process for Windows Tasks",
              "taskhostw.exe",
              MS_SIGNER,
              MS_ISSUER),
          ProcessImage.of(
              "dllhost.exe",
              SYSTEM32,
              MS,
              MS_OS,
              "10.0.19041.546",
              "COM Surrogate",
              "dllhost.exe",
              MS_SIGNER,
              MS_ISSUER));

  static final List<String> WEB =
      List.of(
          "www.google.com",
          "www.bing.com",
          "www.youtube.com",
          "www.linkedin.com",
          "www.wikipedia.org",
          "github.com",
          "stackoverflow.com",
          "www.amazon.com",
          "www.nytimes.com",
          "www.bbc.co.uk",
          "www.reuters.com",
          "news.ycombinator.com",
          "www.reddit.com",
          "docs.microsoft.com",
          "learn.microsoft.com",
          "www.office.com",
          "portal.azure.com",
          "login.microsoftonline.com",
          "aadcdn.msftauth.net",
          "fonts.googleapis.com",
          "fonts.gstatic.com",
          "ajax.googleapis.com",
          "www.gstatic.com",
          "apis.google.com",
          "accounts.google.com",
          "cdn.jsdelivr.net",
          "cdnjs.cloudflare.com",
          "static.xx.fbcdn.net",
          "www.facebook.com",
          "twitter.com",
          "abs.twimg.com",
          "www.paypal.com",
          "www.salesforce.com",
          "contoso.my.salesforce.com",
          "www.zoom.us",
          "zoom.us",
          "slack.com",
          "app.slack.com",
          "www.dropbox.com",
          "www.adobe.com",
          "acrobat.adobe.com",
          "www.atlassian.com",
          "contoso.atlassian.net",
          "www.weather.com",
          "www.espn.com",
          "www.cnn.com",
          "outlook.live.com",
          "www.msn.com",
          "ntp.msn.com",
          "assets.msn.com",
          "c.bing.com",
          "th.bing.com",
          "edge.microsoft.com",
          "config.edge.skype.com",
          "www.googletagmanager.com",
          "www.google-analytics.com",
          "stats.g.doubleclick.net",
          "securepubads.g.doubleclick.net",
          "update.googleapis.com",
          "clients2.google.com",
          "safebrowsing.googleapis.com",
          "incoming.telemetry.mozilla.org",
          "firefox.settings.services.mozilla.com",
          "contile.services.mozilla.com");

  static final List<String> WINDOWS =
      List.of(
          "settings-win.data.microsoft.com",
          "v10.events.data.microsoft.com",
          "v20.events.data.microsoft.com",
          "ctldl.windowsupdate.com",
          "fe3cr.delivery.mp.microsoft.com",
          "slscr.update.microsoft.com",
          "login.live.com",
          "displaycatalog.mp.microsoft.com",
          "arc.msn.com",
          "img-prod-cms-rt-microsoft-com.akamaized.net",
          "go.microsoft.com",
          "www.msftconnecttest.com",
          "ipv6.msftconnecttest.com",
          "client.wns.windows.com",
          "licensing.mp.microsoft.com",
          "checkappexec.microsoft.com",
          "wdcp.microsoft.com",
          "definitionupdates.microsoft.com",
          "kv801.prod.do.dsp.mp.microsoft.com");

  static final List<String> DEFENDER =
      List.of(
          "winatp-gw-eus.microsoft.com", "winatp-gw-cus.microsoft.com",
          "us-v20.events.data.microsoft.com", "edr-eus.us.endpoint.security.microsoft.com",
          "automatedirstrprdeus.blob.core.windows.net", "go.microsoft.com");

  static final List<String> OFFICE =
      List.of(
          "outlook.office365.com",
          "outlook.office.com",
          "substrate.office.com",
          "nexus.officeapps.live.com",
          "officeclient.microsoft.com",
          "ecs.office.com",
          "login.microsoftonline.com",
          "graph.microsoft.com",
          "self.events.data.microsoft.com");

  static final List<String> TEAMS_HOSTS =
      List.of(
          "teams.microsoft.com",
          "teams.events.data.microsoft.com",
          "statics.teams.cdn.office.net",
          "presence.teams.microsoft.com",
          "api.spaces.skype.com",
          "login.microsoftonline.com",
          "graph.microsoft.com");

  static final List<String> ONEDRIVE =
      List.of(
          "contoso-my.sharepoint.com",
          "contoso.sharepoint.com",
          "g.live.com",
          "oneclient.sfx.ms",
          "skyapi.live.net",
          "storage.live.com",
          "api.onedrive.com");

  static final String DOMAIN = "corp.contoso.com";

  static final List<String> FIRST_NAMES =
      List.of(
          "anna", "ben", "carla", "david", "elena", "farid", "grace", "hugo", "ines", "jonas",
          "kim", "lena", "marco", "nadia", "omar", "paula", "quinn", "rosa", "sven", "tara", "umar",
          "vera", "will", "xenia", "yusuf", "zoe");

  static final List<String> LAST_NAMES =
      List.of(
          "adams",
          "berg",
          "chen",
          "diaz",
          "eklund",
          "fischer",
          "garcia",
          "hansen",
          "ito",
          "jansen",
          "kowalski",
          "lopez",
          "meyer",
          "nguyen",
          "olsen",
          "patel",
          "quist",
          "rossi",
          "schmidt",
          "tanaka",
          "ueda",
          "vogel",
          "weber",
          "xu",
          "young",
          "zimmer");

  static final List<String> SERVER_ROLES =
      List.of("dc", "fs", "sql", "app", "web", "print", "sccm", "exch", "cfg", "db");
}

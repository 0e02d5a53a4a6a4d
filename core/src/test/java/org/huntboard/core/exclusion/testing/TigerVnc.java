package org.huntboard.core.exclusion.testing;

/** The TigerVNC network-connection hunt's query, as published (the seed rule). */
public final class TigerVnc {

  private TigerVnc() {}

  public static final String RULE_ID = "dc1950c0-efeb-4695-aa95-74198df5dab8";

  public static final String QUERY =
      """
      let Time_start = now(-5d);
      let Time_end = now();
      //
      DeviceNetworkEvents
      | where Timestamp between (Time_start..Time_end)
      | where InitiatingProcessVersionInfoCompanyName has 'TigerVNC'
      and InitiatingProcessVersionInfoProductName has 'TigerVNC'
      | summarize FirstSeen=min(Timestamp), LastSeen=max(Timestamp),
      Report=make_set(ReportId), Count=count() by DeviceId, DeviceName,
      RemoteUrl
      """;
}

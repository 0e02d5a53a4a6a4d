package org.huntboard.web.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.huntboard.connectors.local.generate.GeneratorOptions;
import org.huntboard.connectors.local.generate.TelemetryGenerator;

/** {@code huntboard generate}: writes a deterministic tenant database and its manifest. */
final class GenerateCommand {

  static final String HELP =
      """
      huntboard generate: write a realistic, deterministic tenant database of Defender telemetry.

      Usage:
        huntboard generate --out DIR --devices N --days D --seed S [--now ISO-8601]

      Writes DIR/DeviceNetworkEvents.jsonl, DeviceProcessEvents.jsonl, DeviceFileCertificateInfo.jsonl
      (the columns of the Defender schemas) and DIR/manifest.json, the ground truth: every TigerVNC
      device/URL pair, true positive or which published false-positive scenario, with FirstSeen,
      LastSeen, ReportIds and Count. The same options give the same bytes.

      Options:
        --out DIR           folder to write (created if missing; files in it are replaced)
        --devices N         number of devices
        --days D            days of telemetry before --now
        --seed S            any whole number; the same seed gives the same data
        --now ISO-8601      end of the generated window (default: the current hour)
        --rate N            network events per device and day (default 240)
        --rmm-tools FILE    tools.csv of the RMM corpus: company, product, signer and domains of
                            third-party RMM tools (default: ../shared/data/corpus/rmm/tools.csv when present)

      Examples:
        huntboard generate --out /tmp/huntboard-demo --devices 20 --days 7 --seed 42 --now 2026-03-06T12:00:00Z
        huntboard generate --out /tmp/huntboard-big --devices 1000 --days 5 --seed 7 --rate 200
      """;

  private final PrintStream out;
  private final PrintStream err;

  GenerateCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(List<String> args) {
    Arguments a =
        Arguments.parse(
            "generate",
            args,
            Set.of("out", "devices", "days", "seed", "now", "rate", "rmm-tools"),
            Set.of());
    if (a.help()) {
      out.print(HELP);
      return Huntboard.OK;
    }
    a.atMostOperands(0);
    Path dir = Path.of(a.required("out"));
    a.required("devices");
    a.required("days");
    int devices = a.positiveInt("devices", 0);
    int days = a.positiveInt("days", 0);
    long seed = a.longValue("seed");
    Instant now = a.instant("now");
    if (now == null) {
      now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    }
    Path tools = a.path("rmm-tools");
    if (tools == null) {
      tools = defaultTools();
      if (tools == null) {
        err.println(
            "huntboard generate: no RMM tool list found (../shared/data/corpus/rmm/tools.csv);"
                + " generating without third-party RMM tools. Pass --rmm-tools FILE to add them.");
      }
    } else if (!Files.isRegularFile(tools)) {
      throw new UsageException("generate", "no file " + tools + " for --rmm-tools");
    }
    GeneratorOptions options =
        new GeneratorOptions(
            dir,
            devices,
            days,
            seed,
            now,
            a.positiveInt("rate", GeneratorOptions.DEFAULT_RATE),
            tools);
    TelemetryGenerator.GenerationResult result;
    try {
      result = TelemetryGenerator.generate(options);
    } catch (IOException e) {
      err.println("huntboard generate: cannot write " + dir + ": " + e.getMessage());
      return Huntboard.DATA_ERROR;
    }
    for (Map.Entry<String, Long> e : result.rows().entrySet()) {
      out.println(dir.resolve(e.getKey() + ".jsonl") + ": " + e.getValue() + " rows");
    }
    long inWindow = result.tigerVncPairs().stream().filter(p -> p.inRuleWindow()).count();
    out.println(
        dir.resolve("manifest.json")
            + ": "
            + result.tigerVncPairs().size()
            + " TigerVNC device/URL pairs ("
            + inWindow
            + " in the rule's 5-day window before "
            + now
            + ")");
    return Huntboard.OK;
  }

  /** The RMM tool list of the shared test data beside the repository, when it is there. */
  static Path defaultTools() {
    String shared = System.getProperty("huntboard.shared.dir");
    for (Path base :
        shared == null
            ? List.of(Path.of("../shared"))
            : List.of(Path.of(shared), Path.of("../shared"))) {
      Path csv = base.resolve("data/corpus/rmm/tools.csv");
      if (Files.isRegularFile(csv)) {
        return csv;
      }
    }
    return null;
  }
}

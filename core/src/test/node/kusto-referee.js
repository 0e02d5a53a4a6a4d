// Huntboard's referee: Microsoft's KQL parser (@kusto/language-service-next) behind a line protocol.
//
// Usage: node kusto-referee.js <directory holding node_modules/@kusto/language-service-next>
//
// Reads JSON lines on stdin, one request each:
//   {"id": "...", "query": "KQL text", "tables": {"DeviceNetworkEvents": "(Timestamp:datetime, ...)"}}
// "tables" is optional. Writes one JSON line per request, in order:
//   {"id", "syntaxOk", "syntax": [diag...]}                          without tables
//   {..., "semanticOk", "semantic": [diag...], "columns": [{name, type}]}  with tables
// where diag = {"code", "severity", "message", "start", "length"}; start and length are offsets into
// the query text in UTF-16 units, the same units as Java's String. A request that makes the parser
// throw answers {"id", "error": "..."}. The first line written is {"ready": true, "version": "..."}.
"use strict";

const path = require("path");
const readline = require("readline");

const home = path.resolve(process.argv[2] || ".");
const pkg = path.join(home, "node_modules", "@kusto", "language-service-next");
// The package is Bridge.NET output: these two files define the globals Bridge, System and Kusto.
require(path.join(pkg, "bridge.js"));
require(path.join(pkg, "Kusto.Language.Bridge.js"));
const version = require(path.join(pkg, "package.json")).version;
const K = Kusto.Language;

function diagnostics(code) {
  return Bridge.toArray(code.GetDiagnostics()).map((d) => ({
    code: d.Code,
    severity: d.Severity,
    message: d.Message,
    start: d.HasLocation ? d.Start : 0,
    length: d.HasLocation ? d.Length : 0,
  }));
}

function isError(d) {
  return d.severity === "Error";
}

// Schemas repeat across requests (a few tables, hundreds of queries): build each GlobalState once.
const globalsBySchema = new Map();

function globalsFor(tables) {
  const key = JSON.stringify(tables);
  let globals = globalsBySchema.get(key);
  if (!globals) {
    // TableSymbol.$ctor7 is (name, schema "(a:type, ...)", description) in 12.4.1's .d.ts;
    // DatabaseSymbol.ctor is (name, Symbol[]). Bridge.NET numbers overloads per release.
    const symbols = Object.keys(tables).map(
      (name) => new K.Symbols.TableSymbol.$ctor7(name, tables[name], null)
    );
    globals = K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.ctor("db", symbols));
    globalsBySchema.set(key, globals);
  }
  return globals;
}

function columnsOf(code) {
  const type = code.ResultType;
  if (!type || !type.Columns) {
    return null;
  }
  return Bridge.toArray(type.Columns).map((c) => ({ name: c.Name, type: c.Type ? c.Type.Name : null }));
}

function judge(request) {
  const syntax = diagnostics(K.KustoCode.Parse(request.query));
  const verdict = { id: request.id, syntaxOk: !syntax.some(isError), syntax: syntax };
  if (request.tables) {
    const analyzed = K.KustoCode.ParseAndAnalyze(request.query, globalsFor(request.tables));
    // GetDiagnostics of an analysed code holds the syntax problems too; keep only the others.
    const seen = new Set(syntax.map((d) => d.code + "@" + d.start + "+" + d.length));
    const semantic = diagnostics(analyzed).filter(
      (d) => !seen.has(d.code + "@" + d.start + "+" + d.length)
    );
    verdict.semanticOk = verdict.syntaxOk && !semantic.some(isError);
    verdict.semantic = semantic;
    verdict.columns = columnsOf(analyzed);
  }
  return verdict;
}

function answer(object) {
  process.stdout.write(JSON.stringify(object) + "\n");
}

answer({ ready: true, version: version });

const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
input.on("line", (line) => {
  if (line.trim() === "") {
    return;
  }
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    answer({ id: null, error: "not a JSON request: " + e.message });
    return;
  }
  try {
    answer(judge(request));
  } catch (e) {
    answer({ id: request.id, error: String(e && e.message ? e.message : e) });
  }
});

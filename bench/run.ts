/**
 * `npm run bench` — every benchmark, side by side in one run, on one Azurite started here (in memory, loopback),
 * with medians over several runs; prints a table of ratios and writes bench/results/latest.{json,md}.
 *
 *   npm run bench                 full run (6–7 minutes on an idle 2-core machine; a benchmark past its time
 *                                 budget stops after its third run)
 *   npm run bench -- --quick      smaller sizes and fewer runs, to check that everything works (~1.5 min)
 *   npm run bench -- --only=coldstart,scoring,excel,api,notices   a subset
 *   npm run bench -- --runs=3     override every benchmark's number of runs
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { ROOT, startAzurite, type AzuriteProcess } from "../scripts/azurite.js";
import { apiOverhead } from "./api-overhead.js";
import { coldStart } from "./coldstart.js";
import { excelClerk, excelPull } from "./excel.js";
import { fmtMs, fmtRatio, log, machine, type Row, type Section, verdict } from "./lib.js";
import { noticeNumbering } from "./notices.js";
import { stopAllApis } from "./processes.js";
import { scoring } from "./scoring.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice("--only=".length).split(",")) : null;
const wanted = (name: string) => !only || only.has(name);

const config = quick
  ? {
      mode: "quick",
      coldstart: { runs: 3 },
      scoring: { sizes: [2000, 4000, 8000], runs: 3, eventsPerItem: 10 },
      excel: { sizes: [500, 2000], runs: 3, naiveSyncMax: 500, naiveSyncRuns: 3 },
      excelClerk: {
        clickSizes: [1_000, 5_000] as [number, number],
        pushRows: 3_000,
        pushChars: 300,
        runs: 1,
      },
      api: { runs: 3, creates: 100, listed: 500, concurrency: 16 },
      notices: { runs: 3, notices: 40, processes: 4, withoutBackoff: true },
    }
  : {
      mode: "full",
      coldstart: { runs: 5 },
      scoring: { sizes: [10_000, 20_000, 40_000], runs: 9, eventsPerItem: 10 },
      excel: { sizes: [5_000, 20_000], runs: 5, naiveSyncMax: 5_000, naiveSyncRuns: 3, budgetMs: 120_000 },
      excelClerk: {
        clickSizes: [1_000, 5_000] as [number, number],
        pushRows: 3_000,
        pushChars: 300,
        runs: 3,
      },
      api: { runs: 7, listRuns: 15, creates: 1_000, listed: 5_000, concurrency: 16, budgetMs: 90_000 },
      notices: { runs: 5, notices: 200, processes: 4, withoutBackoff: false, budgetMs: 120_000 },
    };

// --runs=N overrides every benchmark's number of runs (for trying things out).
const runsArg = args.find((a) => a.startsWith("--runs="));
if (runsArg)
  for (const part of Object.values(config))
    if (typeof part === "object") part.runs = Number(runsArg.slice(7));
const noticesArg = args.find((a) => a.startsWith("--notices="));
if (noticesArg) config.notices.notices = Number(noticesArg.slice(10));

function table(rows: Row[]): string[] {
  const header = ["Benchmark", "Measured", "Baseline", "Ratio", "Target", "Result"];
  const body = rows.map((r) => [
    `${r.group}: ${r.name}`,
    r.measured,
    r.baseline,
    fmtRatio(r.ratio),
    r.target,
    verdict(r.pass),
  ]);
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i >= 3 ? "---:" : "---")).join(" | ")} |`,
    ...body.map((cells) => `| ${cells.map(esc).join(" | ")} |`),
  ];
}

function consoleTable(rows: Row[]): string {
  const cells = [
    ["Benchmark", "Measured", "Baseline", "Ratio", "Target", "Result"],
    ...rows.map((r) => [
      `${r.group}: ${r.name}`,
      r.measured,
      r.baseline,
      fmtRatio(r.ratio),
      r.target,
      verdict(r.pass),
    ]),
  ];
  // Display width: CJK and other wide characters take two columns.
  const width = (s: string) =>
    [...s].reduce((w, ch) => w + (/[\u1100-\uffdc]/.test(ch) && !/[…×≤≈—µ→]/.test(ch) ? 2 : 1), 0);
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => width(row[i]!))));
  const line = (row: string[]) =>
    row
      .map((c, i) => (i >= 3 ? " ".repeat(widths[i]! - width(c)) + c : c + " ".repeat(widths[i]! - width(c))))
      .join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join(
    "\n",
  );
}

async function main() {
  const started = Date.now();
  const info = { ...machine(), loadavgAtStart: loadavg().map((x) => Math.round(x * 100) / 100) };
  log(`bench (${config.mode}) on ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, Node ${info.node}`);
  const sections: Section[] = [];
  const failures: string[] = [];
  const attempt = async (name: string, work: () => Promise<Section>) => {
    if (!wanted(name)) return;
    const t = Date.now();
    log(`— ${name} …`);
    try {
      sections.push(await work());
    } catch (e) {
      const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
      failures.push(`${name}: ${message}`);
      console.error(`${name} failed:`, message);
    }
    log(`— ${name} done in ${fmtMs(Date.now() - t)}`);
  };

  let azurite: AzuriteProcess | null = null;
  const stopAzurite = async () => {
    const a = azurite;
    azurite = null;
    if (a) await a.stop(); // SIGINT to its PID
  };
  const onSignal = () => {
    void stopAllApis()
      .then(stopAzurite)
      .finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // CPU-only parts first (no Azurite yet), then everything that needs storage on one Azurite.
  await attempt("coldstart", () => coldStart(config.coldstart));
  await attempt("scoring", () => scoring(config.scoring));
  await attempt("excel", () => excelPull(config.excel));
  await attempt("excel", () => excelClerk(config.excelClerk));

  try {
    if (wanted("api") || wanted("notices")) {
      azurite = await startAzurite();
      log(`Azurite (in memory) on 127.0.0.1:${azurite.port}, pid ${azurite.child.pid}`);
      const connectionString = azurite.connectionString;
      await attempt("api", () => apiOverhead({ connectionString, ...config.api }));
      await attempt("notices", () => noticeNumbering({ connectionString, ...config.notices }));
    }
  } finally {
    await stopAzurite();
  }

  const rows = sections.flatMap((s) => s.rows);
  const elapsed = Date.now() - started;
  const loadAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
  const machineLine =
    `${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB RAM, Node ${info.node}, ${info.platform}; ` +
    `${info.date}; mode ${config.mode}; load average (1/5/15 min) ${info.loadavgAtStart.join(" / ")} at start, ` +
    `${loadAtEnd.join(" / ")} at the end; ` +
    `took ${fmtMs(elapsed)}`;
  console.info(`\n${consoleTable(rows)}\n`);
  console.info(machineLine);
  for (const s of sections) for (const n of s.notes) console.info(`\n- ${n}`);
  if (failures.length) console.error(`\nFAILED: ${failures.map((f) => f.split("\n")[0]).join("; ")}`);

  const dir = path.join(ROOT, "bench/results");
  mkdirSync(dir, { recursive: true });
  const md = [
    `# Benchmarks (${config.mode})`,
    "",
    `Machine: ${machineLine}.`,
    "",
    "Ratios are measured ÷ baseline (times; lower is better), medians over the runs; sizes and runs in latest.json.",
    ...(config.mode === "quick"
      ? ["", "Quick mode checks that everything works; its sizes are too small for the ratios to mean much."]
      : []),
    "",
    ...table(rows),
    "",
    ...sections.flatMap((s) => s.notes.map((n) => `- ${n}`)),
    ...(failures.length ? ["", "## Failures", "", ...failures.map((f) => `- ${f.split("\n")[0]}`)] : []),
    "",
  ].join("\n");
  writeFileSync(path.join(dir, "latest.md"), md);
  writeFileSync(
    path.join(dir, "latest.json"),
    `${JSON.stringify(
      {
        machine: { ...info, loadavgAtEnd: loadAtEnd },
        mode: config.mode,
        config,
        elapsedMs: elapsed,
        rows,
        sections: sections.map((s) => ({ title: s.title, notes: s.notes, data: s.data })),
        failures,
      },
      null,
      2,
    )}\n`,
  );
  log(`written bench/results/latest.md and latest.json`);
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * Cold start: importing the built function app's entry (dist/functions/index.js, the esbuild bundle Azure loads)
 * in a fresh Node process, against importing @azure/functions and @azure/data-tables alone (target ≤ 1.3×); and
 * the add-in's production bundle gzipped.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { ROOT } from "../scripts/azurite.js";
import { fmtBytes, fmtMs, log, median, now, type Section } from "./lib.js";

function run(args: string[], label: string): Promise<{ code: number | null; out: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t = now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      const ms = now() - t;
      if (code !== 0) log(`${label} exited with ${code}:\n${out.slice(-2000)}`);
      resolve({ code, out, ms });
    });
  });
}

/** A fresh process that times only the import (performance.now() around a dynamic import) and exits. */
async function importTime(specifiers: string[]): Promise<{ importMs: number; processMs: number }> {
  const code =
    `const t = performance.now();` +
    specifiers.map((s) => `await import(${JSON.stringify(s)});`).join("") +
    `const ms = performance.now() - t;` +
    `process.stdout.write("\\n@@" + JSON.stringify({ ms }) + "\\n"); process.exit(0);`;
  const res = await run(["--input-type=module", "-e", code], `import ${specifiers.join(", ")}`);
  const m = /@@(\{.*\})/.exec(res.out);
  if (res.code !== 0 || !m)
    throw new Error(`import of ${specifiers.join(", ")} failed:\n${res.out.slice(-2000)}`);
  return { importMs: (JSON.parse(m[1]!) as { ms: number }).ms, processMs: res.ms };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export interface ColdStartOptions {
  runs: number;
}

export async function coldStart(o: ColdStartOptions): Promise<Section> {
  const notes: string[] = [];

  // 1. Build the functions as for Azure (npm run build:functions: one esbuild bundle).
  const tsc = await run(["--import", "tsx", path.join(ROOT, "scripts/build-functions.ts")], "esbuild bundle");
  if (tsc.code !== 0) throw new Error(`functions build failed:\n${tsc.out.slice(-3000)}`);
  const entry = path.join(ROOT, "dist/functions/index.js");
  if (!existsSync(entry)) throw new Error(`${entry} missing after the build`);
  log(`coldstart: functions built in ${fmtMs(tsc.ms)}`);

  const app = { importMs: [] as number[], processMs: [] as number[] };
  const sdk = { importMs: [] as number[], processMs: [] as number[] };
  // One unmeasured round to warm the file cache.
  await importTime([pathToFileURL(entry).href]);
  await importTime(["@azure/functions", "@azure/data-tables"]);
  for (let i = 0; i < o.runs; i++) {
    const order = i % 2 === 0 ? ["app", "sdk"] : ["sdk", "app"];
    for (const side of order) {
      const r =
        side === "app"
          ? await importTime([pathToFileURL(entry).href])
          : await importTime(["@azure/functions", "@azure/data-tables"]);
      const into = side === "app" ? app : sdk;
      into.importMs.push(r.importMs);
      into.processMs.push(r.processMs);
    }
  }
  const ratio = median(app.importMs.map((ms, i) => ms / sdk.importMs[i]!));
  const processRatio = median(app.processMs.map((ms, i) => ms / sdk.processMs[i]!));
  log(
    `coldstart: app ${app.importMs.map((x) => x.toFixed(0)).join(", ")} ms; sdk ${sdk.importMs.map((x) => x.toFixed(0)).join(", ")} ms`,
  );

  // 2. The add-in's production bundle (npx vite build --config addin/vite.config.ts), every JS/CSS asset gzipped.
  const vite = await run(
    [path.join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "addin/vite.config.ts"],
    "vite build",
  );
  if (vite.code !== 0) throw new Error(`add-in build failed:\n${vite.out.slice(-3000)}`);
  log(`coldstart: add-in built in ${fmtMs(vite.ms)}`);
  const distAddin = path.join(ROOT, "dist/addin");
  const assets = walk(distAddin)
    .filter((f) => /\.(js|mjs|css)$/.test(f))
    .map((f) => {
      const raw = readFileSync(f);
      return { file: path.relative(distAddin, f), raw: raw.length, gzip: gzipSync(raw).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const gzipTotal = assets.reduce((s, a) => s + a.gzip, 0);
  const rawTotal = assets.reduce((s, a) => s + a.raw, 0);
  const budget = 300 * 1024;
  // What the pane loads before it can show anything: the entry script of taskpane.html and the chunks and styles
  // the page preloads (lazily imported chunks, such as MSAL's, and other pages are not part of it).
  const page = readFileSync(path.join(distAddin, "taskpane.html"), "utf8");
  const initialFiles = [
    ...page.matchAll(
      /<(?:script[^>]*\ssrc|link[^>]*rel="(?:modulepreload|stylesheet)"[^>]*\shref)="\/([^"]+)"/g,
    ),
  ].map((m) => m[1]!);
  const initial = assets.filter((a) => initialFiles.includes(a.file.split(path.sep).join("/")));
  const initialGzip = initial.reduce((s, a) => s + a.gzip, 0);
  const initialBudget = 150 * 1024;

  notes.push(
    `Cold start: dist/functions/index.js (npm run build:functions: one esbuild ES module bundle with source map, ` +
      `@azure/functions-core and the telemetry packages left outside; what the Functions host loads) ` +
      `imported in a fresh \`node\` process, timed with performance.now() around the dynamic import, vs a fresh process ` +
      `importing @azure/functions then @azure/data-tables; ${o.runs} runs each, alternated, after one unmeasured run ` +
      `of each; ratio = median of per-run ratios. Whole process (spawn → exit) ratio: ${processRatio.toFixed(2)}× ` +
      `(${fmtMs(median(app.processMs))} vs ${fmtMs(median(sdk.processMs))}).`,
    `Bundle: vite build (addin/vite.config.ts → dist/addin), ${assets.length} JS/CSS assets gzipped with zlib ` +
      `(default level): ${assets.map((a) => `${a.file} ${fmtBytes(a.raw)} → ${fmtBytes(a.gzip)}`).join("; ")}; ` +
      `raw total ${fmtBytes(rawTotal)}. The initial script is what taskpane.html loads and preloads: ` +
      `${initial.map((a) => `${a.file} ${fmtBytes(a.gzip)}`).join("; ")}.`,
  );
  return {
    title: "Cold start and bundle",
    notes,
    data: {
      ...o,
      app,
      sdk,
      ratio,
      processRatio,
      assets,
      gzipTotal,
      rawTotal,
      initial,
      initialGzip,
      buildMs: { tsc: tsc.ms, vite: vite.ms },
    },
    rows: [
      {
        group: "Cold start",
        name: "import dist/functions/index.js vs @azure/functions + @azure/data-tables (fresh process)",
        measured: fmtMs(median(app.importMs)),
        baseline: fmtMs(median(sdk.importMs)),
        ratio,
        target: "≤ 1.3×",
        pass: ratio <= 1.3,
      },
      {
        group: "Bundle",
        name: "pane's initial script: taskpane.html entry + preloaded chunks, gzip",
        measured: fmtBytes(initialGzip),
        baseline: "150 KB budget",
        ratio: initialGzip / initialBudget,
        target: "≤ 150 KB",
        pass: initialGzip <= initialBudget,
      },
      {
        group: "Bundle",
        name: "add-in JS+CSS, every asset incl. lazy chunks and the sign-in dialog, gzip (dist/addin), info",
        measured: fmtBytes(gzipTotal),
        baseline: "300 KB",
        ratio: gzipTotal / budget,
        target: "",
        pass: null,
      },
    ],
  };
}

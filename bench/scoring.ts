/** Scoring: scoreMonth over 10,000 / 20,000 / 40,000 items (10 events each): time per event and growth as data doubles. */
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../scripts/azurite.js";
import { DEPARTMENTS } from "./histories.js";
import { fmtMs, log, median, type Row, type Section } from "./lib.js";

export interface ScoringOptions {
  sizes: number[];
  runs: number;
  eventsPerItem: number;
}

interface ChildResult {
  sizes: number[];
  events: number[];
  times: number[][];
  generateMs: number;
  lines: number[];
  kinds: Record<string, number>;
  month: string;
}

function runChild(o: ScoringOptions): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--expose-gc",
        "--max-old-space-size=4096",
        "--import",
        "tsx",
        path.join(ROOT, "bench/scoring-child.ts"),
        o.sizes.join(","),
        String(o.runs),
        String(o.eventsPerItem),
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`scoring child exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").at(-1) ?? "") as ChildResult);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/** Linear means the time doubles with the data: accept 1.5–2.5 per doubling. */
const LINEAR = { low: 1.5, high: 2.5 };

export async function scoring(o: ScoringOptions): Promise<Section> {
  const res = await runChild(o);
  log(`scoring: generated ${res.events.at(-1)} events in ${fmtMs(res.generateMs)}`);
  const med = res.times.map((t) => median(t));
  const perEventUs = med.map((ms, k) => (ms * 1000) / res.events[k]!);
  const fastest = res.times.map((t) => Math.min(...t));
  res.sizes.forEach((n, k) =>
    log(
      `scoring: ${n} items / ${res.events[k]} events: ${res.times[k]!.map((t) => t.toFixed(0)).join(", ")} ms`,
    ),
  );
  const rows: Row[] = res.sizes.map((n, k) => {
    const ratio = k === 0 ? null : med[k]! / med[k - 1]!;
    return {
      group: "Scoring",
      name:
        k === 0
          ? `scoreMonth ${n.toLocaleString("en")} items / ${res.events[k]!.toLocaleString("en")} events`
          : `scoreMonth ${n.toLocaleString("en")} / ${res.events[k]!.toLocaleString("en")} vs ${res.sizes[k - 1]!.toLocaleString("en")} / ${res.events[k - 1]!.toLocaleString("en")}`,
      measured: `${fmtMs(med[k]!)} (${perEventUs[k]!.toFixed(2)} µs/event)`,
      baseline: k === 0 ? "" : `${fmtMs(med[k - 1]!)}`,
      ratio,
      target: k === 0 ? "" : "≈ 2× (linear)",
      pass: ratio === null ? null : ratio >= LINEAR.low && ratio <= LINEAR.high,
    };
  });
  return {
    title: "Scoring",
    rows,
    notes: [
      `Scoring: histories generated with the domain's createItem/decide (seeded; ${Object.entries(res.kinds)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ", ",
        )} in the first ${res.sizes[0]} items), month ${res.month} with the default rules and ${DEPARTMENTS.length} departments, ` +
        `${res.lines.join(" / ")} deduction lines. Run in a child process with --expose-gc, a full GC and 100 ms pause before each call, ` +
        `sizes interleaved in rotating order, ${o.runs} runs after one unmeasured run of each size; ratio = median time ÷ ` +
        `median time of the half-size data (linear: ${LINEAR.low}–${LINEAR.high}); the same ratios from the fastest ` +
        `run of each size: ${fastest
          .slice(1)
          .map((ms, k) => `${(ms / fastest[k]!).toFixed(2)}×`)
          .join(", ")}.`,
    ],
    data: { ...o, ...res, medianMs: med, fastestMs: fastest, perEventUs },
  };
}

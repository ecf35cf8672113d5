/**
 * The scoring benchmark's own process (started with --expose-gc by scoring.ts): generates the histories once,
 * then scores the same month over the first n items for each size, sizes interleaved (in rotating order) run
 * after run, with a full collection and a short pause before every timed call. Prints one JSON line.
 */
import { scoreMonth } from "../functions/src/domain/scoring.js";
import { DEFAULT_RULES } from "../functions/src/domain/rules.js";
import { DEPARTMENTS, generateHistories } from "./histories.js";

const [sizesArg = "10000,20000,40000", runsArg = "5", perItemArg = "10"] = process.argv.slice(2);
const sizes = sizesArg.split(",").map(Number);
const runs = Number(runsArg);
const perItem = Number(perItemArg);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const t0 = performance.now();
const all = generateHistories(Math.max(...sizes), perItem);
const generateMs = performance.now() - t0;
const rules = { ...DEFAULT_RULES, version: 1, createdAt: "2026-01-01T00:00:00.000Z", createdBy: "bench" };
const month = "2026-10";

const slices = sizes.map((n) => all.slice(0, n));
const events = slices.map((s) => s.reduce((sum, h) => sum + h.length, 0));
// Warm-up on every size (JIT, first-touch of the histories), not counted.
for (const histories of slices) scoreMonth({ month, histories, rules, departments: DEPARTMENTS });

const times: number[][] = sizes.map(() => []);
const lines: number[] = sizes.map(() => 0);
const settle = () => new Promise((r) => setTimeout(r, 100));
for (let run = 0; run < runs; run++) {
  // Every size takes every position in turn, so none always follows the largest one's garbage.
  const order = sizes.map((_, k) => (k + run) % sizes.length);
  for (const k of order) {
    gc();
    await settle(); // let V8's background sweeping after the full collection finish
    const t = performance.now();
    const a = scoreMonth({ month, histories: slices[k]!, rules, departments: DEPARTMENTS });
    times[k]!.push(performance.now() - t);
    lines[k] = a.lines.length;
  }
}
const kinds: Record<string, number> = {};
for (const h of slices[0]!) for (const e of h) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({ sizes, events, times, generateMs, lines, kinds, month })}\n`);

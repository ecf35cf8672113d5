/** Shared helpers of the benchmarks: timing, statistics, a concurrency pool, a seeded PRNG, result rows. */
import { cpus, totalmem } from "node:os";
import { readFileSync } from "node:fs";

export const now = () => performance.now();

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = now();
  const value = await work();
  return { ms: now() - t, value };
}

/** Run `count` tasks with at most `concurrency` in flight; results in task order. */
export async function pool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Prng = ReturnType<typeof prng>;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One line of the results table. `ratio` is measured ÷ baseline (times), so lower is better unless noted. */
export interface Row {
  group: string;
  name: string;
  measured: string;
  baseline: string;
  ratio: number | null;
  /** e.g. "≤ 1.3×"; empty when there is no target. */
  target: string;
  /** true PASS, false MISS, null: no target. */
  pass: boolean | null;
  note?: string;
}

export interface Section {
  title: string;
  rows: Row[];
  /** Extra facts printed under the table (checks, what exactly was compared). */
  notes: string[];
  /** Raw numbers for latest.json. */
  data: Record<string, unknown>;
}

export const fmtMs = (ms: number) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
export const fmtRatio = (r: number | null) => (r === null || Number.isNaN(r) ? "—" : `${r.toFixed(2)}×`);
export const fmtRate = (perSecond: number, unit: string) => `${perSecond.toFixed(0)} ${unit}/s`;
export const fmtBytes = (n: number) =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(2)} MB`
    : n >= 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${n} B`;

export function verdict(pass: boolean | null): string {
  return pass === null ? "" : pass ? "PASS" : "MISS";
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model?.trim() ?? "unknown";
  try {
    // lscpu's "Model name" is sometimes more specific than os.cpus() in containers; /proc/cpuinfo agrees with it.
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const m = /^model name\s*:\s*(.+)$/m.exec(info);
    if (m?.[1] && m[1].trim().length > cpu.length) cpu = m[1].trim();
  } catch {
    /* not Linux */
  }
  return {
    cpu,
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

export function log(message: string) {
  const t = new Date().toISOString().slice(11, 19);
  console.info(`[${t}] ${message}`);
}

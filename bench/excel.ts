/**
 * Excel pull on the in-memory Office.js fake (test/support/excel-fake): pullList of 5,000 and 20,000 items into
 * a freshly initialised 督办清单 (a stub ApiClient answers listAllItems/getDepartments with generated ApiItems),
 * counting context.sync() calls and request sizes, against a naive row-by-row write on the same fake. And what a
 * clerk's day costs: the bytes one selection change reads as the list grows, the largest request of a big push.
 */
import type { ApiClient, ApiItem } from "../addin/src/api/client.js";
import { initialiseList, pullList, pushList, selectedRows } from "../addin/src/excel/listSheet.js";
import { DepartmentNames, itemToRow, LIST_TABLE, toWritable } from "../addin/src/excel/listModel.js";
import { foldEvents } from "../functions/src/domain/lifecycle.js";
import { itemView } from "../functions/src/domain/view.js";
import { createExcelFake } from "../test/support/excel-fake/index.js";
import { DEPARTMENTS, generateHistories, office } from "./histories.js";
import { fmtBytes, fmtMs, log, median, now, type Row, type Section } from "./lib.js";

export interface ExcelOptions {
  sizes: number[];
  runs: number;
  /** The naive write with a sync per row runs for sizes up to this many rows (it is quadratic on the fake)… */
  naiveSyncMax: number;
  /** … and in this many runs. */
  naiveSyncRuns: number;
  /** Stop adding runs (after the third) once this many ms have passed. */
  budgetMs?: number;
}

const LIMIT = 5 * 1024 * 1024;
const TODAY = new Date("2026-11-02T02:00:00.000Z");

/** ApiItems as GET /api/items answers them: items in every state of their lifecycle, as the office sees them. */
function makeItems(n: number): ApiItem[] {
  return generateHistories(n, 6, 4242).map((events, i) =>
    itemView(
      foldEvents(events),
      `W/"datetime'2026-11-01T00%3A00%3A${String(i % 60).padStart(2, "0")}.0000000Z'"`,
      office,
      TODAY,
      3,
    ),
  );
}

function stubApi(items: ApiItem[]): ApiClient {
  const stub: Partial<ApiClient> = {
    baseUrl: "stub://",
    listAllItems: async () => items,
    getDepartments: async () => ({ value: DEPARTMENTS, etag: null }),
  };
  return stub as ApiClient;
}

interface PullMeasure {
  ms: number;
  syncs: number;
  roundTrips: number;
  maxRequestBytes: number;
  total: number;
}

async function measurePull(items: ApiItem[], again: boolean): Promise<PullMeasure | { error: string }> {
  const fake = createExcelFake();
  const host = fake.Excel;
  await initialiseList(DEPARTMENTS, { host });
  let t: number;
  let res: Awaited<ReturnType<typeof pullList>>;
  try {
    if (again) await pullList(stubApi(items), {}, { host }); // the refresh case: the table already holds the rows
    fake.stats.reset();
    t = now();
    res = await pullList(stubApi(items), {}, { host });
  } catch (e) {
    const err = e as { code?: string; message?: string; debugInfo?: { message?: string } };
    const text = err.debugInfo?.message ?? err.message ?? String(e);
    // "The argument is invalid … (numberFormat: the array does not match X)": keep the specific part.
    const detail = /\(([^()]*)\)\s*$/.exec(text)?.[1] ?? text;
    return { error: `${err.code ?? "Error"} (${detail})` };
  }
  const ms = now() - t;
  if (res.total !== items.length)
    throw new Error(`pullList wrote ${res.total} rows, expected ${items.length}`);
  // The rows really are in the table.
  const count = await host.run(async (context) => {
    const body = context.workbook.tables.getItem(LIST_TABLE).getDataBodyRange();
    body.load("rowCount");
    await context.sync();
    return body.rowCount;
  });
  if (count !== items.length) throw new Error(`table has ${count} rows after pull, expected ${items.length}`);
  return {
    ms,
    syncs: fake.stats.syncCount,
    roundTrips: fake.stats.roundTrips,
    maxRequestBytes: fake.stats.maxRequestBytes,
    total: res.total,
  };
}

/**
 * Naive writes of the same rows (itemToRow/toWritable), one table.rows.add per row, in one Excel.run:
 * "sync" = a context.sync() after every row; "batch" = every row queued, then a single sync.
 */
async function measureNaive(
  items: ApiItem[],
  mode: "sync" | "batch",
): Promise<PullMeasure | { error: string }> {
  const fake = createExcelFake();
  const host = fake.Excel;
  await initialiseList(DEPARTMENTS, { host });
  fake.stats.reset();
  const t = now();
  try {
    await host.run(async (context) => {
      const depts = new DepartmentNames(DEPARTMENTS);
      const table = context.workbook.tables.getItem(LIST_TABLE);
      for (let i = 0; i < items.length; i++) {
        table.rows.add(undefined, [toWritable(itemToRow(items[i]!, i + 1, depts))]);
        if (mode === "sync") await context.sync();
      }
      await context.sync();
    });
  } catch (e) {
    const code = (e as { code?: string }).code ?? "Error";
    return { error: `${code}, request ${fmtBytes(fake.stats.maxRequestBytes)}` };
  }
  const ms = now() - t;
  return {
    ms,
    syncs: fake.stats.syncCount,
    roundTrips: fake.stats.roundTrips,
    maxRequestBytes: fake.stats.maxRequestBytes,
    total: items.length,
  };
}

type Outcome = PullMeasure | { error: string };
const ok = (m: Outcome): m is PullMeasure => !("error" in m);
const errorOf = (list: Outcome[]) => list.find((m): m is { error: string } => !ok(m))?.error ?? null;

export async function excelPull(o: ExcelOptions): Promise<Section> {
  const started = now();
  const all = makeItems(Math.max(...o.sizes));
  log(`excel: generated ${all.length} items in ${fmtMs(now() - started)}`);
  const rows: Row[] = [];
  const data: Record<string, unknown> = { ...o };
  const notes: string[] = [];
  const naiveSyncTimes: Record<number, number> = {};
  for (const n of o.sizes) {
    const items = all.slice(0, n);
    const pulls: Outcome[] = [];
    const repulls: Outcome[] = [];
    const naiveSync: Outcome[] = [];
    const naiveBatch: Outcome[] = [];
    const t0 = now();
    const withSync = n <= o.naiveSyncMax;
    for (let run = 0; run < o.runs; run++) {
      if (run >= 3 && o.budgetMs !== undefined && now() - t0 > o.budgetMs / o.sizes.length) break;
      // Naive with a sync per row up to naiveSyncMax rows (quadratic on the fake); above it the one-sync naive
      // write, once (its single request exceeds the 5 MB limit and fails fast).
      const naive = run < o.naiveSyncRuns ? (withSync ? "sync" : run === 0 ? "batch" : null) : null;
      const sides = ["pull", ...(naive ? [naive] : [])];
      const order = [...sides.slice(run % sides.length), ...sides.slice(0, run % sides.length)];
      for (const side of order) {
        if (side === "pull") pulls.push(await measurePull(items, false));
        else if (side === "batch") naiveBatch.push(await measureNaive(items, "batch"));
        else naiveSync.push(await measureNaive(items, "sync"));
      }
      repulls.push(await measurePull(items, true));
      const show = (label: string, m: Outcome | undefined) =>
        m === undefined
          ? ""
          : ok(m)
            ? `, ${label} ${fmtMs(m.ms)} (${m.syncs} syncs)`
            : `, ${label} failed: ${m.error}`;
      log(
        `excel: ${n} rows run ${run + 1}` +
          show("pull", pulls.at(-1)) +
          show("re-pull", repulls.at(-1)) +
          (naive === "batch" ? show("naive one-sync", naiveBatch.at(-1)) : "") +
          (naive === "sync" ? show("naive sync/row", naiveSync.at(-1)) : ""),
      );
    }
    data[`rows${n}`] = { pulls, repulls, naiveSync, naiveBatch };
    const fine = pulls.filter(ok);
    const pullError = errorOf(pulls);
    const pullMs = median(fine.map((p) => p.ms));
    if (pullError) {
      rows.push({
        group: "Excel pull",
        name: `pullList ${n.toLocaleString("en")} rows`,
        measured: `fails: ${pullError}`,
        baseline: "",
        ratio: null,
        target: n <= 5000 ? "≤ 3 syncs, < 5 MB" : "< 5 MB",
        pass: false,
      });
    } else {
      const syncs = Math.max(...fine.map((p) => p.syncs));
      const maxBytes = Math.max(...fine.map((p) => p.maxRequestBytes));
      rows.push({
        group: "Excel pull",
        name: `pullList ${n.toLocaleString("en")} rows: context.sync() calls, largest request`,
        measured: `${syncs} syncs, ${fmtBytes(maxBytes)}; ${fmtMs(pullMs)}`,
        baseline: "",
        ratio: null,
        target: n <= 5000 ? "≤ 3 syncs, < 5 MB" : "< 5 MB",
        pass: (n > 5000 || syncs <= 3) && maxBytes < LIMIT,
      });
    }
    const re = repulls.filter(ok);
    rows.push({
      group: "Excel pull",
      name: `pullList ${n.toLocaleString("en")} rows again (refresh in place), info`,
      measured: errorOf(repulls)
        ? `fails: ${errorOf(repulls)}`
        : `${Math.max(...re.map((p) => p.syncs))} syncs, ${fmtBytes(Math.max(...re.map((p) => p.maxRequestBytes)))}; ${fmtMs(median(re.map((p) => p.ms)))}`,
      baseline: "",
      ratio: null,
      target: "",
      pass: null,
    });
    for (const [label, list] of [
      ["rows.add + sync per row", naiveSync],
      ["rows.add per row, one sync", naiveBatch],
    ] as const) {
      if (list.length === 0) continue;
      const good = list.filter(ok);
      const error = errorOf(list);
      const naiveMs = median(good.map((p) => p.ms));
      if (list === naiveSync && good.length) naiveSyncTimes[n] = naiveMs;
      // Paired per run: pull i against naive i.
      const ratios =
        good.length && fine.length ? good.map((m, i) => (fine[i] ? fine[i]!.ms / m.ms : Number.NaN)) : [];
      const ratio = median(ratios.filter((x) => !Number.isNaN(x)));
      rows.push({
        group: "Excel pull",
        name: `pullList ${n.toLocaleString("en")} rows vs naive (${label})`,
        measured: pullError ? "—" : fmtMs(pullMs),
        baseline: error
          ? `fails: ${error}`
          : `${fmtMs(naiveMs)} (${median(good.map((p) => p.syncs))} syncs, largest ${fmtBytes(Math.max(...good.map((p) => p.maxRequestBytes)))})`,
        ratio: Number.isNaN(ratio) ? null : ratio,
        target: "",
        pass: null,
      });
    }
  }
  const skipped = o.sizes.filter((n) => n > o.naiveSyncMax);
  notes.push(
    `Excel pull: test/support/excel-fake (Office.js request model; syncCount counts every context.sync() plus Excel.run's ` +
      `final flush when it carries operations; request size = UTF-8 JSON of one batch's actions and object paths; ` +
      `requests over 5 MB fail as on Excel on the web). Each measurement uses a fresh workbook: initialiseList (not ` +
      `timed), then pullList with a stub ApiClient whose listAllItems/getDepartments answer at once with ` +
      `${o.sizes.join(" / ")} generated ApiItems (histories from createItem/decide, seen through itemView); the time ` +
      `covers pullList only. "Again" pulls the same items into the table that already holds them. Naive = the same ` +
      `rows (itemToRow + toWritable), one table.rows.add(undefined, [row]) per row in one Excel.run, with a ` +
      `context.sync() after every row (${o.naiveSyncRuns} runs)` +
      (skipped.length
        ? ` up to ${o.naiveSyncMax} rows (it grows quadratically on the fake: ${Object.entries(naiveSyncTimes)
            .map(([k, v]) => `${fmtMs(v)} for ${k} rows`)
            .join(", ")}); for ${skipped.join(", ")} rows, once, with every row queued and a single sync`
        : "") +
      `. Ratio = pullList time ÷ naive time (paired per run). Wall time on a ` +
      `fake measures the add-in's own work plus the fake's; a real Excel adds a host round trip per sync.`,
  );
  return { title: "Excel pull", rows, notes, data };
}

// ---------------------------------------------------------------- a click and a large push (issue 12)

export interface ExcelClerkOptions {
  /** List sizes a click is measured at (the bytes read per click must not grow with the list). */
  clickSizes: [number, number];
  /** Rows pasted and pushed at once, and the characters of 督办事项内容 in each. */
  pushRows: number;
  pushChars: number;
  runs: number;
}

/** Bytes read by one selection change (selectedRows, as the pane calls it on every click) at the end of a list of n rows. */
async function measureClick(
  n: number,
  items: ApiItem[],
): Promise<{ bytes: number; syncs: number; ms: number }> {
  const fake = createExcelFake({ sheets: ["Sheet1"] });
  const host = fake.Excel;
  await initialiseList(DEPARTMENTS, { host });
  await pullList(stubApi(items.slice(0, n)), {}, { host });
  await fake.workbook.userSelect("督办清单", `A${n - 1}:D${n + 1}`);
  fake.stats.reset();
  const t = now();
  const picked = await selectedRows({ host });
  const ms = now() - t;
  if (picked.ids.length !== 3) throw new Error(`a click on 3 rows found ${picked.ids.length}`);
  return { bytes: fake.stats.responseBytes.reduce((a, b) => a + b, 0), syncs: fake.stats.syncCount, ms };
}

/** 提交更改 of `rows` rows pasted at once (each with a long 督办事项内容): the largest request to Excel. */
async function measurePush(
  rows: number,
  chars: number,
): Promise<{ maxRequestBytes: number; syncs: number; ms: number }> {
  const fake = createExcelFake({ sheets: ["Sheet1"] });
  const host = fake.Excel;
  await initialiseList(DEPARTMENTS, { host });
  const text = "落实安全评价报告质量提升专项工作，按季度报送进展并接受督查。";
  const block = Array.from({ length: rows }, (_, i) => [
    "公司决策",
    `第${i + 1}项：${text.repeat(Math.ceil(chars / text.length))}`.slice(0, chars),
    DEPARTMENTS[0]!.name,
    DEPARTMENTS[0]!.name,
  ]);
  // Pasted as a clerk pastes: into the table's empty row, then just below it (the table grows).
  await fake.workbook.userEdit("督办清单", "C2:F2", [block[0]!], { paste: true });
  await fake.workbook.userEdit("督办清单", `C3:F${rows + 1}`, block.slice(1), { paste: true });
  let n = 0;
  const template = makeItems(2)[0]!;
  const api = {
    ...stubApi([]),
    createItem: async (input: { content: string }) => {
      n++;
      return { ...template, id: `bench-${n}`, content: input.content, status: "draft" } as ApiItem;
    },
  } as unknown as ApiClient;
  fake.stats.reset();
  const t = now();
  const result = await pushList(api, { host });
  const ms = now() - t;
  if (result.created !== rows) throw new Error(`push created ${result.created} of ${rows} rows`);
  return { maxRequestBytes: fake.stats.maxRequestBytes, syncs: fake.stats.syncCount, ms };
}

export async function excelClerk(o: ExcelClerkOptions): Promise<Section> {
  const [small, large] = o.clickSizes;
  const items = makeItems(large);
  const clicks: Record<number, { bytes: number; syncs: number; ms: number }[]> = { [small]: [], [large]: [] };
  const pushes: { maxRequestBytes: number; syncs: number; ms: number }[] = [];
  for (let run = 0; run < o.runs; run++) {
    for (const n of [small, large]) clicks[n]!.push(await measureClick(n, items));
    log(
      `excel clerk: run ${run + 1}, click reads ${fmtBytes(clicks[small]!.at(-1)!.bytes)} at ${small} rows, ` +
        `${fmtBytes(clicks[large]!.at(-1)!.bytes)} at ${large} rows`,
    );
  }
  pushes.push(await measurePush(o.pushRows, o.pushChars));
  log(`excel clerk: push of ${o.pushRows} rows, largest request ${fmtBytes(pushes[0]!.maxRequestBytes)}`);
  const bytes = (n: number) => median(clicks[n]!.map((c) => c.bytes));
  const ratio = bytes(large) / bytes(small);
  const maxPush = Math.max(...pushes.map((p) => p.maxRequestBytes));
  const rows: Row[] = [
    {
      group: "Excel clerk",
      name: `selection change: bytes read at ${large.toLocaleString("en")} vs ${small.toLocaleString("en")} rows`,
      measured: `${fmtBytes(bytes(large))} (${Math.max(...clicks[large]!.map((c) => c.syncs))} syncs)`,
      baseline: fmtBytes(bytes(small)),
      ratio,
      target: "≤ 1.1× (flat)",
      pass: ratio <= 1.1,
    },
    {
      group: "Excel clerk",
      name: `提交更改 of ${o.pushRows.toLocaleString("en")} pasted rows × ${o.pushChars} characters: largest request`,
      measured: `${fmtBytes(maxPush)} (${pushes[0]!.syncs} syncs; ${fmtMs(pushes[0]!.ms)})`,
      baseline: "",
      ratio: null,
      target: "< 5 MB",
      pass: maxPush < LIMIT,
    },
  ];
  const notes = [
    `Excel clerk: a selection change = selectedRows() (what the pane runs on every click in 督办清单) with 3 rows ` +
      `selected at the end of a list pulled from ${small} / ${large} generated items; bytes = the fake's response ` +
      `bytes of that call (header + selected rows; before issue 12 the whole table was read per click). Push = ` +
      `${o.pushRows} rows pasted into 督办清单 (督办事项内容 of ${o.pushChars} characters), pushList against a stub ` +
      `whose createItem answers at once; the largest request is the biggest single sync (keys, then outcome marks ` +
      `written in rounds under 4 MB).`,
  ];
  return { title: "Excel clerk", rows, notes, data: { ...o, clicks, pushes } };
}

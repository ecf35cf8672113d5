/**
 * Notice numbering under concurrency: N concurrent POST /api/notices spread over several API processes (one
 * storage, several "function instances"), each for its own registered item, against the raw rate of
 * conditional updates on one entity (read + replace with the ETag, retry on 412) at the same concurrency from
 * the same client. Numbers must come out distinct and gapless (1..N).
 */
import { randomBytes } from "node:crypto";
import { RestError, TableClient } from "@azure/data-tables";
import { addDays, cstDate, cstYear } from "../functions/src/domain/dates.js";
import { itemInput, leader, office } from "./histories.js";
import { Api } from "./http.js";
import { fmtMs, fmtRate, log, median, now, pool, prng, type Row, type Section, sleep } from "./lib.js";
import { type ApiProcess, startApi } from "./processes.js";
import { TableStore } from "../functions/src/storage/tables.js";

export interface NoticesOptions {
  connectionString: string;
  runs: number;
  notices: number;
  processes: number;
  /** Also run the raw increments without back-off (slow: about N²/2 attempts). */
  withoutBackoff: boolean;
  /** Stop adding runs (after the third) once this many ms have passed. */
  budgetMs?: number;
}

/** The same jittered back-off NoticesRepo uses between attempts. */
const backoff = (attempt: number) => sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));

/** One increment of the counter: read, replace with the ETag; on 412 back off and retry. */
async function increment(
  table: TableClient,
  pk: string,
  stats: { attempts: number },
  withBackoff: boolean,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    stats.attempts++;
    const e = await table.getEntity<{ next: number }>(pk, "counter");
    try {
      await table.updateEntity({ partitionKey: pk, rowKey: "counter", next: e.next + 1 }, "Replace", {
        etag: e.etag,
      });
      return e.next;
    } catch (err) {
      if (!(err instanceof RestError && err.statusCode === 412)) throw err;
      if (withBackoff) await backoff(attempt);
    }
  }
}

/** `values` are exactly from + 1 … from + n, in any order. */
const gapless = (values: number[], n: number, from = 0) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === n && s.every((v, i) => v === from + i + 1);
};

export async function noticeNumbering(o: NoticesOptions): Promise<Section> {
  const prefix = `Bench${randomBytes(4).toString("hex")}`;
  const store = new TableStore(o.connectionString, prefix);
  await store.ensureTables();
  // The raw counter lives in a table of its own, with the same client options the repositories use.
  const raw = TableClient.fromConnectionString(o.connectionString, `${prefix}Counter`, {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
  });
  await raw.createTable();

  const procs: ApiProcess[] = [];
  const notes: string[] = [];
  try {
    procs.push(
      ...(await Promise.all(Array.from({ length: o.processes }, () => startApi(o.connectionString, prefix)))),
    );
    log(`notices: ${procs.length} API processes up (pids ${procs.map((p) => p.pid).join(", ")})`);
    const apis = procs.map((p) => new Api(p.url, office));
    const leaders = apis.map((a) => a.as(leader));
    const r = prng(11);
    // A notice is dated in the current CST year and not after today (the API refuses any other date), so every run
    // numbers on in the same year: run k issues k·N+1 … (k+1)·N.
    const today = cstDate(new Date());
    const year = cstYear(new Date());

    const result = {
      apiMs: [] as number[],
      rawMs: [] as number[],
      rawBackoffMs: [] as number[],
      serialMs: [] as number[],
      rawAttempts: [] as number[],
      rawBackoffAttempts: [] as number[],
      ratios: [] as number[],
      gapless: [] as boolean[],
    };
    const started = now();
    for (let run = 0; run < o.runs; run++) {
      if (run >= 3 && o.budgetMs !== undefined && now() - started > o.budgetMs) break;
      const issueDate = today;
      const before = run * o.notices;
      const ids = await pool(o.notices, 16, async (i) => {
        const api = apis[i % apis.length]!;
        const made = await api.expect<{ id: string; etag: string }>([201], "POST", "/items", {
          ...itemInput(r, i),
          deadline: addDays(today, 60),
        });
        await leaders[i % apis.length]!.expect(
          [200],
          "POST",
          `/items/${made.body.id}/actions/approve`,
          { comment: "同意立项" },
          { "if-match": made.body.etag },
        );
        return made.body.id;
      });

      const pk = `run${run}`;
      const sides = run % 2 === 0 ? ["api", "raw"] : ["raw", "api"];
      let apiSeqs: number[] = [];
      let apiNumbers: string[] = [];
      for (const side of sides) {
        if (side === "api") {
          const t = now();
          const answers = await Promise.all(
            ids.map((id, i) =>
              apis[i % apis.length]!.expect<{ seq: number; number: string; items: { status: string }[] }>(
                [201],
                "POST",
                "/notices",
                { itemIds: [id], issueDate },
                { "idempotency-key": `bench-${prefix}-${run}-${i}` },
              ),
            ),
          );
          result.apiMs.push(now() - t);
          apiSeqs = answers.map((a) => a.body.seq);
          apiNumbers = answers.map((a) => a.body.number);
          if (!answers.every((a) => a.body.items[0]?.status === "notified"))
            throw new Error("an issued item is not notified");
        } else {
          // Without back-off (the plain loop) and with the repository's back-off, both at the same concurrency.
          for (const withBackoff of o.withoutBackoff ? [false, true] : [true]) {
            const rowPk = `${pk}-${withBackoff ? "b" : "n"}`;
            await raw.createEntity({ partitionKey: rowPk, rowKey: "counter", next: 1 });
            const stats = { attempts: 0 };
            const t = now();
            const got = await Promise.all(ids.map(() => increment(raw, rowPk, stats, withBackoff)));
            const ms = now() - t;
            if (!gapless(got, o.notices)) throw new Error("raw counter values are not 1..N");
            if (withBackoff) {
              result.rawBackoffMs.push(ms);
              result.rawBackoffAttempts.push(stats.attempts);
            } else {
              result.rawMs.push(ms);
              result.rawAttempts.push(stats.attempts);
            }
          }
          // Uncontended: the same increments one after another.
          const serialPk = `${pk}-s`;
          await raw.createEntity({ partitionKey: serialPk, rowKey: "counter", next: 1 });
          const stats = { attempts: 0 };
          const t = now();
          for (let i = 0; i < o.notices; i++) await increment(raw, serialPk, stats, false);
          result.serialMs.push(now() - t);
        }
      }
      // Distinct and gapless, as answered and as stored (GET /api/notices?year=).
      const stored: number[] = [];
      let token: string | null = null;
      do {
        const q: string = token ? `&continuationToken=${encodeURIComponent(token)}` : "";
        const a = await apis[0]!.expect<{ items: { seq: number }[]; continuationToken: string | null }>(
          [200],
          "GET",
          `/notices?year=${year}${q}`,
        );
        stored.push(...a.body.items.map((n) => n.seq));
        token = a.body.continuationToken;
      } while (token);
      const ok =
        gapless(apiSeqs, o.notices, before) &&
        new Set(apiNumbers).size === o.notices &&
        gapless(stored, before + o.notices);
      result.gapless.push(ok);
      result.ratios.push(result.apiMs.at(-1)! / result.rawBackoffMs.at(-1)!);
      const plain = o.withoutBackoff
        ? `raw ${fmtMs(result.rawMs.at(-1)!)} (${result.rawAttempts.at(-1)} attempts), `
        : "";
      log(
        `notices: run ${run + 1}: api ${fmtMs(result.apiMs.at(-1)!)}, ${plain}` +
          `raw+backoff ${fmtMs(result.rawBackoffMs.at(-1)!)} (${result.rawBackoffAttempts.at(-1)} attempts), ` +
          `serial ${fmtMs(result.serialMs.at(-1)!)}; numbers ${before + 1}..${before + o.notices} distinct and gapless ` +
          `(stored 1..${before + o.notices}): ${ok ? "yes" : "NO"}`,
      );
    }

    const n = o.notices;
    const runs = result.apiMs.length;
    const rate = (ms: number) => fmtRate((n / ms) * 1000, "numbers");
    const allGapless = result.gapless.every(Boolean);
    notes.push(
      `Notice numbering: ${o.processes} API processes (scripts/start.ts --api) on one Azurite and one table prefix; ` +
        `each of ${runs} runs creates ${n} items and approves them (as 领导小组) through the API, then sends ${n} ` +
        `POST /api/notices at once (one item each, round-robin over the processes, each with its own Idempotency-Key) ` +
        `dated today (CST ${today}; the API refuses a date outside the current year or after today), so run k numbers ` +
        `k·${n}+1 … (k+1)·${n} of ${year}. A notice is more than ` +
        `the number: it also reads the items, writes the counter + notice + key transaction and moves the item to ` +
        `notified. Raw: ${n} concurrent read + Replace-with-ETag loops on one entity from this process, retrying on 412 ` +
        `after NoticesRepo's jittered back-off (median ${median(result.rawBackoffAttempts)} attempts for ${n} increments)` +
        (o.withoutBackoff
          ? `, and separately retrying at once (median ${median(result.rawAttempts)} attempts)`
          : `; retrying at once, without back-off, needs about N²/2 attempts and is left out of the full run ` +
            `(--quick measures it)`) +
        `. Each run's ${n} numbers distinct and gapless, and the year's stored numbers 1..k·${n} gapless after every run ` +
        `(answers and GET /api/notices): ${allGapless ? "yes" : "NO"}.`,
    );
    const rows: Row[] = [
      {
        group: "Notice numbering",
        name: `${n} concurrent POST /api/notices on ${o.processes} processes vs raw ETag increments (same concurrency, with back-off)`,
        measured: `${fmtMs(median(result.apiMs))} (${rate(median(result.apiMs))})`,
        baseline: `${fmtMs(median(result.rawBackoffMs))} (${rate(median(result.rawBackoffMs))})`,
        ratio: median(result.ratios),
        target: "",
        pass: null,
      },
    ];
    if (o.withoutBackoff)
      rows.push({
        group: "Notice numbering",
        name: `… vs raw ETag increments retrying at once, info`,
        measured: `${fmtMs(median(result.apiMs))}`,
        baseline: `${fmtMs(median(result.rawMs))} (${rate(median(result.rawMs))})`,
        ratio: median(result.apiMs.map((ms, i) => ms / result.rawMs[i]!)),
        target: "",
        pass: null,
      });
    rows.push(
      {
        group: "Notice numbering",
        name: `… vs the same increments one at a time (uncontended), info`,
        measured: `${fmtMs(median(result.apiMs))}`,
        baseline: `${fmtMs(median(result.serialMs))} (${rate(median(result.serialMs))})`,
        ratio: median(result.apiMs.map((ms, i) => ms / result.serialMs[i]!)),
        target: "",
        pass: null,
      },
      {
        group: "Notice numbering",
        name: `numbers 1..${n} distinct and gapless (${runs} runs × ${n})`,
        measured: allGapless ? "yes" : "no",
        baseline: "",
        ratio: null,
        target: "gapless",
        pass: allGapless,
      },
    );
    return { title: "Notice numbering", notes, data: { ...o, ...result }, rows };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await raw.deleteTable().catch(() => undefined);
  }
}

/**
 * Storage faults (DESIGN §2: "503 storage unreachable (with Retry-After)", never a 500 for what a client sent).
 * Clerks keep registering items while Azurite — on disk, in a folder of its own — goes away and comes back:
 * requests answer 503 with Retry-After quickly instead of failing with 500 or hanging; every create that was
 * acknowledged is there afterwards; every create that failed can be retried with its Idempotency-Key and then
 * succeeds, without duplicates.
 *
 * Azurite writes its database to disk every 5 s (LokiJS autosave) and on a clean stop (SIGINT). So a clean stop
 * must keep every acknowledged write; after SIGKILL only writes acknowledged before the last flush are promised.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../functions/src/local/host.js";
import { type AzuriteProcess, startAzurite } from "../../scripts/azurite.js";
import { encodePrincipal } from "../../functions/src/http/auth.js";
import { HttpClient, newItem, office, startHost, type TestEnv, testEnv } from "../support/api.js";
import { expectCleanData } from "../support/data-check.js";

const FLUSH_MS = 5_000; // Azurite's LokiJS autosave interval
const HANG_LIMIT_MS = 15_000;
const T0 = Date.now();
const mark = (what: string) =>
  process.env.FAULTS_VERBOSE && console.info(`${((Date.now() - T0) / 1000).toFixed(1)}s ${what}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CJK = /[\u4e00-\u9fff]/;

let dir: string;
let azurite: AzuriteProcess;
let port: number;
let env: TestEnv;
let host: LocalHost;
let api: HttpClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "duban-faults-"));
  azurite = await startAzurite({ location: dir });
  port = azurite.port;
  env = testEnv({ config: { connectionString: azurite.connectionString } });
  host = await startHost(env);
  api = new HttpClient(host.url, office);
  expect((await api.get("/health")).body.storage.reachable).toBe(true);
}, 60_000);

afterAll(async () => {
  await host?.close();
  await azurite?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Outcome {
  key: string;
  content: string;
  status: number;
  ms: number;
  at: number;
  id?: string;
  retryAfter?: string | null;
  problem?: { detail?: string; status?: number };
  contentType?: string | null;
}

/** Clerks registering items as fast as the service lets them, each request with its own Idempotency-Key. */
class Load {
  readonly outcomes: Outcome[] = [];
  private running = true;
  private n = 0;
  private readonly workers: Promise<void>[];

  constructor(
    private readonly tag: string,
    concurrency: number,
  ) {
    this.workers = Array.from({ length: concurrency }, () => this.work());
  }

  private async work() {
    while (this.running) {
      const i = this.n++;
      const key = `${this.tag}-${i}`;
      const content = `负载登记事项 ${this.tag} 第${i + 1}项`;
      const started = Date.now();
      const outcome: Outcome = { key, content, status: 0, ms: 0, at: 0 };
      try {
        const res = await fetch(`${host.url}/items`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-ms-client-principal": encodePrincipal(office),
            "idempotency-key": key,
          },
          body: JSON.stringify(newItem({ content })),
          signal: AbortSignal.timeout(HANG_LIMIT_MS + 15_000),
        });
        const body = (await res.json()) as { id?: string; detail?: string; status?: number };
        outcome.status = res.status;
        outcome.contentType = res.headers.get("content-type");
        if (res.status < 300) outcome.id = body.id;
        else {
          outcome.problem = body;
          outcome.retryAfter = res.headers.get("retry-after");
        }
      } catch {
        outcome.status = -1; // no answer at all (hung past the limit, or connection dropped)
      }
      outcome.ms = Date.now() - started;
      outcome.at = Date.now();
      this.outcomes.push(outcome);
      if (outcome.status === 503) await sleep(50); // a polite client backs off a little
    }
  }

  acked = () => this.outcomes.filter((o) => o.status === 201 || o.status === 200);
  failed = () => this.outcomes.filter((o) => o.status === 503);
  count503 = () => this.failed().length;

  async until(predicate: () => boolean, timeoutMs = 20_000) {
    const end = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > end) throw new Error(`负载未达到预期：${JSON.stringify(this.summary())}`);
      await sleep(20);
    }
  }

  async stop() {
    this.running = false;
    await Promise.all(this.workers);
  }

  summary() {
    const by: Record<string, number> = {};
    for (const o of this.outcomes) by[o.status] = (by[o.status] ?? 0) + 1;
    return { total: this.outcomes.length, by, slowestMs: Math.max(0, ...this.outcomes.map((o) => o.ms)) };
  }
}

/** The answers a client may see while storage is away: the item (2xx) or 503 with Retry-After, quickly. */
function expectOnly2xxOr503(load: Load) {
  const unexpected = load.outcomes.filter((o) => !(o.status === 201 || o.status === 200 || o.status === 503));
  expect(unexpected.map((o) => `${o.key}: ${o.status} ${JSON.stringify(o.problem)}`)).toEqual([]);
  for (const o of load.failed()) {
    expect(o.contentType).toMatch(/^application\/problem\+json/);
    // Whole seconds, as storageError sets them: 5 while storage is unreachable, 1 while a lost table is rebuilt.
    expect(["5", "1"], o.key).toContain(o.retryAfter);
    expect(o.problem?.status).toBe(503);
    expect(o.problem?.detail).toMatch(CJK);
  }
  expect(load.summary().slowestMs).toBeLessThan(HANG_LIMIT_MS);
}

/** Retry creates with their Idempotency-Key (a few at a time): each succeeds, and the item is readable. */
async function retry(outcomes: Outcome[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < outcomes.length; i += 10) {
    await Promise.all(
      outcomes.slice(i, i + 10).map(async (o) => {
        const res = await api.post("/items", newItem({ content: o.content }), { idempotencyKey: o.key });
        expect(res.status, `${o.key}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
        expect(res.body.content).toBe(o.content);
        ids.set(o.key, res.body.id);
      }),
    );
  }
  return ids;
}

async function missingOf(outcomes: Outcome[]): Promise<Outcome[]> {
  const missing: Outcome[] = [];
  for (let i = 0; i < outcomes.length; i += 20) {
    const batch = outcomes.slice(i, i + 20);
    const reads = await Promise.all(batch.map((o) => api.get(`/items/${o.id}`)));
    reads.forEach((r, k) => {
      if (r.status !== 200 || r.body.content !== batch[k]!.content) missing.push(batch[k]!);
    });
  }
  return missing;
}

/** All items of the installation by content: each key must have produced exactly one item. */
async function contentsInStore(): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await api.get("/items", { query: token ? { continuationToken: token } : {} });
    expect(page.status).toBe(200);
    for (const item of page.body.items as { content: string }[])
      seen.set(item.content, (seen.get(item.content) ?? 0) + 1);
    token = page.body.continuationToken ?? undefined;
  } while (token);
  return seen;
}

async function restartAzurite() {
  azurite = await startAzurite({ port, location: dir });
  // The service is back once a request goes through again.
  const until = Date.now() + 20_000;
  while ((await api.get("/health")).body?.storage?.reachable !== true) {
    if (Date.now() > until) throw new Error("Azurite 重启后存储仍不可达");
    await sleep(100);
  }
}

describe("存储中断：登记事项时 Azurite 停止又恢复", () => {
  it("正常停止（SIGINT）：期间 503 + Retry-After；恢复后所有已确认的事项都在，失败的用同一 Key 重试成功且不重复", async () => {
    const load = new Load("sigint", 6);
    await load.until(() => load.acked().length >= 30);
    await azurite.stop(); // Ctrl-C: Azurite writes its data out and exits
    expect([azurite.child.exitCode, azurite.child.signalCode]).toEqual([0, null]); // a clean exit, not the SIGKILL fallback
    mark("sigint: stopped");
    const downAt = load.outcomes.length;
    await load.until(() => load.count503() >= 10 && load.outcomes.length > downAt + 10);
    await sleep(1_000);
    await restartAzurite();
    mark("restarted");
    const upAt = load.acked().length;
    await load.until(() => load.acked().length >= upAt + 20);
    await load.stop();
    mark(`sigint: load stopped ${JSON.stringify(load.summary())}`);

    expectOnly2xxOr503(load);
    expect(load.count503()).toBeGreaterThan(0);
    // Every acknowledged create survived the stop.
    expect((await missingOf(load.acked())).map((o) => o.key)).toEqual([]);
    mark("sigint: acked checked");
    // Every failed one succeeds on retry; nothing is created twice.
    const retried = await retry(load.failed());
    mark("sigint: retried");
    for (const o of load.acked()) expect(retried.has(o.key)).toBe(false);
    const store = await contentsInStore();
    for (const o of load.outcomes) expect(store.get(o.content), o.key).toBe(1);
    // And the retried items are readable by id.
    const readBack = await Promise.all(
      [...retried.values()].slice(0, 50).map((id) => api.get(`/items/${id}`)),
    );
    expect(readBack.every((r) => r.status === 200)).toBe(true);
  }, 90_000);

  it("强行终止（SIGKILL）：期间只有 503（带 Retry-After），不挂起；恢复后落盘前已确认的事项都在；失败的请求重试成功", async () => {
    const load = new Load("sigkill", 6);
    // Run long enough that part of the acknowledged writes are older than Azurite's last flush.
    await sleep(FLUSH_MS + 3_000);
    await load.until(() => load.acked().length >= 30);
    const killStart = Date.now();
    await azurite.kill();
    expect(azurite.child.signalCode).toBe("SIGKILL");
    mark("sigkill: killed");
    const downAt = load.outcomes.length;
    await load.until(() => load.count503() >= 10 && load.outcomes.length > downAt + 10);
    await sleep(1_000);
    await restartAzurite();
    const restartedAt = Date.now();
    const upAt = load.acked().length;
    await load.until(() => load.acked().length >= upAt + 20);
    await load.stop();
    mark(`sigkill: load stopped ${JSON.stringify(load.summary())}`);

    expectOnly2xxOr503(load);
    expect(load.count503()).toBeGreaterThan(0);

    // Acknowledged before Azurite's last flush (5 s autosave, with a margin): promised to survive even SIGKILL.
    const flushedBefore = killStart - FLUSH_MS - 1_500;
    const preRestart = load.acked().filter((o) => o.at <= restartedAt);
    expect(preRestart.filter((o) => o.at < flushedBefore).length).toBeGreaterThan(0);
    const missing = await missingOf(preRestart);
    expect(missing.filter((o) => o.at < flushedBefore).map((o) => o.key)).toEqual([]);
    const lost = missing.filter((o) => o.at >= flushedBefore);
    if (lost.length > 0)
      console.warn(
        `Azurite 被 SIGKILL 后丢失了 ${lost.length}/${preRestart.length} 个已确认（2xx）的登记，都是终止前最后一次落盘之后确认的`,
      );
    // Everything acknowledged after the restart is there.
    expect((await missingOf(load.acked().filter((o) => o.at > restartedAt))).map((o) => o.key)).toEqual([]);
    mark("sigkill: checked");

    // Every 503 can be retried with its key and then succeeds; so can the acknowledged creates Azurite lost.
    await retry(load.failed());
    await retry(lost);
    mark("sigkill: retried");
    const store = await contentsInStore();
    for (const o of load.outcomes) expect(store.get(o.content), o.key).toBe(1);
  }, 90_000);

  it("存储换成了空的（数据目录丢失、表不存在）：不出 500，重建表后继续登记", async () => {
    await azurite.stop();
    const empty = await startAzurite({ port }); // same endpoint, in memory: no tables at all
    try {
      const statuses: number[] = [];
      let res = await api.post("/items", newItem({ content: "空存储上的第一次登记" }), {
        idempotencyKey: "empty-1",
      });
      statuses.push(res.status);
      // A client that honours Retry-After (shortened here) gets through within a few attempts.
      for (let i = 0; i < 3 && res.status === 503; i++) {
        await sleep(300);
        res = await api.post("/items", newItem({ content: "空存储上的第一次登记" }), {
          idempotencyKey: "empty-1",
        });
        statuses.push(res.status);
      }
      expect(
        statuses.every((s) => s === 201 || s === 503),
        `answers: ${statuses.join(", ")}`,
      ).toBe(true);
      expect(res.status).toBe(201);
      expect((await api.get("/items")).status).toBe(200);
    } finally {
      await empty.stop();
      await restartAzurite();
    }
  }, 60_000);

  it("存储不可达时健康检查如实报告（200，degraded），不出错", async () => {
    await azurite.stop();
    try {
      const started = Date.now();
      // One storage check serves every health call for two seconds: an earlier "ok" may answer until then.
      let health = await api.get("/health");
      while (health.body.status === "ok" && Date.now() - started < 3_000) {
        await sleep(200);
        health = await api.get("/health");
      }
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: "degraded", storage: { reachable: false } });
      const read = await api.get("/items");
      expect(read.status).toBe(503);
      // Unreachable storage (storageError in functions/src/storage/tables.ts): retry in 5 seconds.
      expect(read.headers.get("retry-after")).toBe("5");
      expect(Date.now() - started).toBeLessThan(HANG_LIMIT_MS);
    } finally {
      await restartAzurite();
    }
  }, 60_000);
});

describe("存储挂起（进程被 SIGSTOP：连接还在，却不再回答）", () => {
  it("每个请求在几秒内得到 503 和 Retry-After，而不是一直挂着；存储恢复后照常工作，已确认的写入都在", async () => {
    const before = await api.post("/items", newItem({ content: "挂起之前登记" }), {
      idempotencyKey: "hang-0",
    });
    expect(before.status).toBe(201);
    process.kill(azurite.child.pid!, "SIGSTOP");
    let resumed = false;
    try {
      const started = Date.now();
      const answers = await Promise.all([
        api.get("/items"),
        api.post("/items", newItem({ content: "挂起期间登记" }), { idempotencyKey: "hang-1" }),
        api.get(`/items/${before.body.id}`),
      ]);
      const took = Date.now() - started;
      for (const a of answers) {
        expect(a.status, JSON.stringify(a.body)).toBe(503);
        expect(a.headers.get("retry-after")).toBe("5");
        expect(a.body.detail).toMatch(CJK);
      }
      // The deadline is 5 s per storage operation: the client hears well before a minute of silence.
      expect(took).toBeLessThan(HANG_LIMIT_MS);
      process.kill(azurite.child.pid!, "SIGCONT");
      resumed = true;
      let retry = await api.post("/items", newItem({ content: "挂起期间登记" }), {
        idempotencyKey: "hang-1",
      });
      for (let i = 0; i < 60 && retry.status === 503; i++) {
        await sleep(250);
        retry = await api.post("/items", newItem({ content: "挂起期间登记" }), { idempotencyKey: "hang-1" });
      }
      expect(retry.status).toBe(201);
      // Whether or not the hung write reached storage, the key names one item: asking again gets the same one.
      const again = await api.post("/items", newItem({ content: "挂起期间登记" }), {
        idempotencyKey: "hang-1",
      });
      expect(again.body.id).toBe(retry.body.id);
      expect((await api.get(`/items/${before.body.id}`)).body.content).toBe("挂起之前登记");
    } finally {
      if (!resumed) process.kill(azurite.child.pid!, "SIGCONT");
    }
  }, 60_000);
});

// npm run check:data on the tables this file used: whatever the faults above did, no invariant is broken.
it("数据检查（npm run check:data）：所用的表没有任何不变量被破坏", async () => {
  await expectCleanData(azurite.connectionString, env.prefix);
}, 120_000);

/**
 * Notice numbers under concurrency (DESIGN §1, §2 storage 3): several function instances — here two `npm run api`
 * processes on one Azurite and one table prefix — issue 100 notices at once. Every request succeeds, the numbers
 * are exactly 1…100 (no gap, no duplicate), and re-sending every request with its Idempotency-Key returns the
 * same number again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HttpClient,
  invoke,
  leader,
  newItem,
  office,
  type TestEnv,
  testEnv,
  TestClock,
} from "../support/api.js";
import { expectCleanData } from "../support/data-check.js";
import { type ApiProcess, startApiProcess } from "../support/api-process.js";

const NOW = "2026-11-02T02:00:00Z"; // 2026年11月2日 10:00 北京时间
const COUNT = 100;

let env: TestEnv;
let processes: ApiProcess[] = [];
let itemIds: string[] = [];

async function registeredItem(i: number): Promise<string> {
  const created = await invoke(env.deps, "createItem", {
    as: office,
    body: newItem({ content: `并发下发测试事项第${i + 1}项`, deadline: "2026-12-31" }),
  });
  expect(created.status).toBe(201);
  const approved = await invoke(env.deps, "itemAction", {
    as: leader,
    params: { id: created.body.id, action: "approve" },
    ifMatch: created.body.etag,
    body: {},
  });
  expect(approved.status).toBe(200);
  return created.body.id as string;
}

beforeAll(async () => {
  env = testEnv({ clock: new TestClock(NOW) });
  const spawning = Promise.all(
    [0, 1].map(() =>
      startApiProcess({ connectionString: env.connectionString, prefix: env.prefix, now: NOW }),
    ),
  );
  // Seed the 100 registered items (in batches) while the two processes start.
  for (let start = 0; start < COUNT; start += 25) {
    const batch = await Promise.all(Array.from({ length: 25 }, (_, k) => registeredItem(start + k)));
    itemIds.push(...batch);
  }
  processes = await spawning;
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  itemIds = [];
});

const keyOf = (i: number) => `concurrent-notice-${i}`;

/** Request i goes to process i mod 2: the two instances compete for the same counter. */
async function issueAll() {
  const clients = processes.map((p) => new HttpClient(p.url, office));
  return Promise.all(
    itemIds.map((id, i) =>
      clients[i % clients.length]!.post("/notices", { itemIds: [id] }, { idempotencyKey: keyOf(i) }),
    ),
  );
}

describe("两个 API 进程同时下发 100 份通知单", () => {
  it("全部成功，编号恰为 1…100（不缺号、不重号）；用同一 Key 重发，编号不变", async () => {
    expect(processes).toHaveLength(2);
    expect(new Set(processes.map((p) => p.pid)).size).toBe(2);

    const first = await issueAll();
    const failures = first.filter((r) => r.status >= 300).map((r) => `${r.status} ${JSON.stringify(r.body)}`);
    expect(failures).toEqual([]);
    expect(first.every((r) => r.status === 201)).toBe(true);
    const seqs = first.map((r) => r.body.seq as number);
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i + 1));
    first.forEach((r, i) => {
      expect(r.body.itemIds).toEqual([itemIds[i]]);
      expect(r.body.number).toBe(`陕秦安督字〔2026〕${r.body.seq}号`);
      expect(r.body.items[0]).toMatchObject({
        id: itemIds[i],
        status: "notified",
        noticeNumber: r.body.number,
      });
    });

    // The stored list agrees: 100 notices, numbered 1…100, each on its own item.
    const list = await invoke(env.deps, "listNotices", { as: office, query: { year: "2026" } });
    expect(list.body.items.map((n: { seq: number }) => n.seq)).toEqual(
      Array.from({ length: COUNT }, (_, i) => i + 1),
    );

    // A client that never saw the answers re-sends everything with the same keys (to the other process this time).
    const clients = processes.map((p) => new HttpClient(p.url, office));
    const again = await Promise.all(
      itemIds.map((id, i) =>
        clients[(i + 1) % clients.length]!.post("/notices", { itemIds: [id] }, { idempotencyKey: keyOf(i) }),
      ),
    );
    // Each answers as the original did (201), marked as a replay.
    expect(again.map((r) => r.status)).toEqual(Array.from({ length: COUNT }, () => 201));
    expect(again.every((r) => r.headers.get("idempotent-replayed") === "true")).toBe(true);
    expect(again.map((r) => r.body.number)).toEqual(first.map((r) => r.body.number));
    const after = await invoke(env.deps, "listNotices", { as: office, query: { year: "2026" } });
    expect(after.body.items).toHaveLength(COUNT);

    // Each item carries exactly the number its own request received.
    const numbers = await Promise.all(
      itemIds.map(
        async (id) => (await invoke(env.deps, "getItem", { as: office, params: { id } })).body.noticeNumber,
      ),
    );
    expect(numbers).toEqual(first.map((r) => r.body.number));
  }, 120_000);
});

// npm run check:data on the tables this file used: whatever the faults above did, no invariant is broken.
it("数据检查（npm run check:data）：所用的表没有任何不变量被破坏", async () => {
  await expectCleanData(env.connectionString, env.prefix);
}, 120_000);

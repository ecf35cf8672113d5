/**
 * Faults of a function instance (issue: proof under faults): an instance killed between allocating a notice number
 * and moving the items — the retry with the same Idempotency-Key finishes it with the same number; and two
 * instances editing the same item at once — exactly one wins, the other gets 412, no update is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient, invoke, leader, newItem, office, testEnv, type TestEnv } from "../support/api.js";
import { expectCleanData } from "../support/data-check.js";
import { type ApiProcess, startApiProcess } from "../support/api-process.js";

let env: TestEnv;
const started: ApiProcess[] = [];

async function registered(content: string): Promise<string> {
  const created = await invoke(env.deps, "createItem", { as: office, body: newItem({ content }) });
  const approved = await invoke(env.deps, "itemAction", {
    as: leader,
    params: { id: created.body.id, action: "approve" },
    ifMatch: created.body.etag,
    body: {},
  });
  expect(approved.status).toBe(200);
  return created.body.id as string;
}

async function api(extra: Record<string, string> = {}): Promise<ApiProcess> {
  const p = await startApiProcess({ connectionString: env.connectionString, prefix: env.prefix, env: extra });
  started.push(p);
  return p;
}

beforeAll(async () => {
  env = testEnv();
  await invoke(env.deps, "health");
});

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
});

describe("函数实例故障", () => {
  it("分配文号后、更新事项前实例被杀：用同一 Idempotency-Key 重试，得到同一文号并完成下发，编号无缺口", async () => {
    const itemId = await registered("实例崩溃后重试下发的事项");
    const doomed = await api({ DUBAN_FAULT: "crash-after-notice-allocated" });
    const key = "crash-retry-key-1";
    const first = await new HttpClient(doomed.url, office)
      .post("/notices", { itemIds: [itemId] }, { idempotencyKey: key })
      .then(
        (r) => r.status,
        () => "connection lost",
      );
    expect(first).toBe("connection lost");
    await doomed.stop(2_000);
    expect(doomed.child.signalCode ?? doomed.child.exitCode).not.toBe(0);

    // The number was taken, the item not yet moved.
    const half = await invoke(env.deps, "getItem", { as: office, params: { id: itemId } });
    expect(half.body.status).toBe("registered");

    const healthy = await api();
    const client = new HttpClient(healthy.url, office);
    const retry = await client.post("/notices", { itemIds: [itemId] }, { idempotencyKey: key });
    expect(retry.status).toBe(201);
    expect(retry.body.seq).toBe(1);
    expect(retry.body.items[0].status).toBe("notified");
    expect(retry.body.items[0].noticeNumber).toBe(retry.body.number);

    const next = await client.post(
      "/notices",
      { itemIds: [await registered("之后的新事项")] },
      { idempotencyKey: "crash-retry-key-2" },
    );
    expect(next.status).toBe(201);
    expect(next.body.seq).toBe(2);
  }, 120_000);

  it("两个实例同时修改同一事项：一个成功，另一个 412，不丢失任何更新", async () => {
    const created = await invoke(env.deps, "createItem", {
      as: office,
      body: newItem({ content: "两处同时修改的事项" }),
    });
    const [a, b] = await Promise.all([api(), api()]);
    const etag = created.body.etag as string;
    const [ra, rb] = await Promise.all([
      new HttpClient(a.url, office).patch(`/items/${created.body.id}`, { owner: "甲" }, { ifMatch: etag }),
      new HttpClient(b.url, office).patch(`/items/${created.body.id}`, { owner: "乙" }, { ifMatch: etag }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 412]);
    const winner = ra.status === 200 ? "甲" : "乙";
    const loser = ra.status === 200 ? rb : ra;
    expect(loser.headers.get("content-type")).toContain("application/problem+json");
    const now = await invoke(env.deps, "getItem", { as: office, params: { id: created.body.id } });
    expect(now.body.owner).toBe(winner);
    const events = await invoke(env.deps, "listItemEvents", { as: office, params: { id: created.body.id } });
    expect(events.body.items.map((e: { kind: string }) => e.kind)).toEqual(["create", "edit"]);
  }, 120_000);
});

// npm run check:data on the tables this file used: whatever the faults above did, no invariant is broken.
it("数据检查（npm run check:data）：所用的表没有任何不变量被破坏", async () => {
  await expectCleanData(env.connectionString, env.prefix);
}, 120_000);

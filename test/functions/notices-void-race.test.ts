/**
 * 作废 racing the departments and other clerks: a 作废 notice is never borne by an item outside 已立项/已撤销,
 * whatever the interleaving of void, acknowledge, report, close, cancel and issue, on one instance or several.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Item, ItemEvent, Notice } from "../../functions/src/domain/types.js";
import type { StoredItem } from "../../functions/src/storage/items-repo.js";
import { type Answer, dept, invoke, leader, newItem, office, type TestEnv, testEnv } from "../support/api.js";
import { expectCleanData } from "../support/data-check.js";

const DEPARTMENTS = [{ id: "tech", name: "技术部", head: "张三" }];
const REPORT = {
  completedFrom: "2026-10-20",
  completedTo: "2026-11-01",
  summary: "已按要求完成",
  leadOpinion: "同意报结",
};

async function setUp(env: TestEnv) {
  expect((await invoke(env.deps, "putDepartments", { as: office, body: DEPARTMENTS })).status).toBe(200);
}

async function registered(env: TestEnv, content: string) {
  const created = await invoke(env.deps, "createItem", { as: office, body: newItem({ content }) });
  const approved = await invoke(env.deps, "itemAction", {
    as: leader,
    params: { id: created.body.id, action: "approve" },
    ifMatch: created.body.etag,
    body: {},
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body.id as string;
}

const read = async (env: TestEnv, id: string) =>
  (await invoke(env.deps, "getItem", { as: office, params: { id } })).body as Item & { etag: string };

/** Acknowledge (签收) as the lead department: the item is then 办理中. */
async function acknowledged(env: TestEnv, id: string) {
  const item = await read(env, id);
  const res = await invoke(env.deps, "itemAction", {
    as: dept("tech"),
    params: { id, action: "acknowledge" },
    ifMatch: item.etag,
    body: {},
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** The lead department reports, with the ETag it reads now (as the pane does just before sending). */
async function report(env: TestEnv, id: string): Promise<Answer> {
  const item = await read(env, id);
  return invoke(env.deps, "itemAction", {
    as: dept("tech"),
    params: { id, action: "report" },
    ifMatch: item.etag,
    body: REPORT,
  });
}

async function issue(env: TestEnv, itemIds: string[]) {
  const res = await invoke(env.deps, "issueNotice", { as: office, body: { itemIds } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Notice;
}

const voidIt = (env: TestEnv, n: Notice) =>
  invoke(env.deps, "voidNotice", {
    as: office,
    params: { year: String(n.year), seq: String(n.seq) },
    body: { reason: "内容有误，重新下发" },
  });

const noticeNow = async (env: TestEnv, n: Notice) =>
  (
    await invoke(env.deps, "getNotice", {
      as: office,
      params: { year: String(n.year), seq: String(n.seq) },
    })
  ).body as Notice;

/**
 * The invariant, checked over every notice of the year and every item they list; then the whole data check
 * (npm run check:data) on the tables the test used.
 */
async function expectNoVoidedNoticeBorneByLiveItem(env: TestEnv) {
  await expectInvariant(env);
  await expectCleanData(env.connectionString, env.prefix);
}

async function expectInvariant(env: TestEnv) {
  const notices = (await invoke(env.deps, "listNotices", { as: office, query: { year: "2026" } })).body
    .items as Notice[];
  for (const n of notices) {
    for (const id of n.itemIds) {
      const item = await read(env, id);
      if (n.voided && item.noticeNumber === n.number && !["registered", "cancelled"].includes(item.status))
        expect.fail(`作废的 ${n.number} 仍由「${item.status}」的事项 ${id} 承载`);
    }
  }
  const items = await invoke(env.deps, "listItems", { as: office, query: { year: "2026" } });
  for (const item of items.body.items as Item[]) {
    if (!item.noticeNumber) continue;
    const n = notices.find((x) => x.number === item.noticeNumber);
    expect(n, `事项 ${item.id} 承载的 ${item.noticeNumber} 不存在`).toBeDefined();
    expect(n!.itemIds).toContain(item.id);
    if (n!.voided) expect(["registered", "cancelled"]).toContain(item.status);
  }
}

/** Run `during` once, just before the first item commit of the given event kind goes to storage. */
function before(env: TestEnv, kind: ItemEvent["kind"], during: () => Promise<unknown>, nth = 1) {
  const items = env.deps.items;
  const commit = items.commit.bind(items);
  let seen = 0;
  items.commit = async (item: Item, event: ItemEvent, etag: string): Promise<StoredItem> => {
    if (event.kind === kind && ++seen === nth) await during();
    return commit(item, event, etag);
  };
}

/** Run `during` once, just after the first item commit of the given event kind succeeded. */
function after(env: TestEnv, kind: ItemEvent["kind"], during: () => Promise<unknown>) {
  const items = env.deps.items;
  const commit = items.commit.bind(items);
  let done = false;
  items.commit = async (item: Item, event: ItemEvent, etag: string): Promise<StoredItem> => {
    const stored = await commit(item, event, etag);
    if (event.kind === kind && !done) {
      done = true;
      await during();
    }
    return stored;
  };
}

describe("作废与部门报告同时发生", () => {
  it("报告抢先一步（在作废改动事项之前）：作废 409，通知单仍有效，事项照常已报告", async () => {
    const env = testEnv();
    await setUp(env);
    const id = await registered(env, "报告抢在作废之前");
    const n = await issue(env, [id]);
    await acknowledged(env, id);
    let reported: Answer | null = null;
    before(env, "void_notice", async () => (reported = await report(env, id)));
    const voided = await voidIt(env, n);
    expect(reported!.status, JSON.stringify(reported!.body)).toBe(200);
    expect(voided.status).toBe(409);
    expect(voided.body.detail).toContain("已报告");
    expect(voided.body.detail).not.toContain("已已");
    expect((await noticeNow(env, n)).voided).toBe(false);
    expect(await read(env, id)).toMatchObject({ status: "reported", noticeNumber: n.number });
    await expectNoVoidedNoticeBorneByLiveItem(env);
  });

  it("作废抢先一步：报告被拒（事项已退回已立项），通知单作废", async () => {
    const env = testEnv();
    await setUp(env);
    const id = await registered(env, "作废抢在报告之前");
    const n = await issue(env, [id]);
    await acknowledged(env, id);
    const stale = await read(env, id);
    after(env, "void_notice", async () => undefined);
    expect((await voidIt(env, n)).status).toBe(200);
    const late = await invoke(env.deps, "itemAction", {
      as: dept("tech"),
      params: { id, action: "report" },
      ifMatch: stale.etag,
      body: REPORT,
    });
    expect(late.status).toBe(412);
    const retried = await report(env, id);
    expect(retried.status).toBe(409);
    expect((await noticeNow(env, n)).voided).toBe(true);
    expect(await read(env, id)).toMatchObject({ status: "registered", noticeNumber: null });
    await expectNoVoidedNoticeBorneByLiveItem(env);
  });

  it("一单多事：第一项已退回后第二项被报告：作废撤回，第一项恢复办理中并仍带原文号，历史写明", async () => {
    const env = testEnv();
    await setUp(env);
    const a = await registered(env, "一单多事甲");
    const b = await registered(env, "一单多事乙");
    const n = await issue(env, [a, b]);
    await acknowledged(env, a);
    await acknowledged(env, b);
    after(env, "void_notice", () => report(env, b));
    const voided = await voidIt(env, n);
    expect(voided.status).toBe(409);
    expect(voided.body.detail).toContain("一单多事乙");
    expect((await noticeNow(env, n)).voided).toBe(false);
    expect(await read(env, a)).toMatchObject({ status: "in_progress", noticeNumber: n.number });
    expect(await read(env, b)).toMatchObject({ status: "reported", noticeNumber: n.number });
    const history = await invoke(env.deps, "listItemEvents", { as: office, params: { id: a } });
    expect(history.body.items.map((e: ItemEvent) => e.kind).slice(-2)).toEqual([
      "void_notice",
      "restore_notice",
    ]);
    // The restored item goes on as if nothing happened: the department can report it.
    expect((await report(env, a)).status).toBe(200);
    await expectNoVoidedNoticeBorneByLiveItem(env);
  });

  it("并发 12 次（一个实例）与 12 次（两个实例）：要么作废成功且事项退回，要么报告成功且通知单有效，绝无其他", async () => {
    for (const instances of [1, 2]) {
      const env = testEnv();
      const other = instances === 2 ? testEnv({ prefix: env.prefix, clock: env.clock }) : env;
      await setUp(env);
      for (let i = 0; i < 12; i++) {
        const id = await registered(env, `并发第 ${i} 次`);
        const n = await issue(env, [id]);
        await acknowledged(env, id);
        const [v, r] = await Promise.all([voidIt(env, n), report(other, id)]);
        const item = await read(env, id);
        const now = await noticeNow(env, n);
        if (v.status === 200) {
          expect(now.voided).toBe(true);
          expect(item).toMatchObject({ status: "registered", noticeNumber: null });
          expect(r.status).not.toBe(200);
        } else {
          expect(v.status).toBe(409);
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          expect(now.voided).toBe(false);
          expect(item).toMatchObject({ status: "reported", noticeNumber: n.number });
        }
      }
      await expectNoVoidedNoticeBorneByLiveItem(env);
    }
  });
});

describe("作废与下发（重试）同时发生", () => {
  it("编号已分配、事项未下发时作废，随后原请求重试：事项不会以作废的编号下发", async () => {
    const env = testEnv();
    await setUp(env);
    const id = await registered(env, "作废夹在重试之间");
    const key = "void-between-retry";
    const hash = createHash("sha256").update(`${office.id}\n${key}`).digest("base64url");
    const bodyHash = createHash("sha256")
      .update(JSON.stringify({ itemIds: [id], issueDate: null }))
      .digest("base64url");
    const { notice } = await env.deps.notices.allocate(2026, hash, bodyHash, (seq) => ({
      year: 2026,
      seq,
      number: `陕秦安督字〔2026〕${seq}号`,
      itemIds: [id],
      leadDept: "tech",
      issueDate: "2026-11-02",
      voided: false,
      voidedAt: null,
      voidReason: null,
      createdAt: env.clock.now().toISOString(),
      createdBy: office.name,
    }));
    // The retry has read the notice (in force) and is about to move the item when the void runs in full.
    let voided: Answer | null = null;
    before(env, "issue", async () => (voided = await voidIt(env, notice)));
    const retry = await invoke(env.deps, "issueNotice", {
      as: office,
      body: { itemIds: [id] },
      idempotencyKey: key,
    });
    expect(voided!.status, JSON.stringify(voided!.body)).toBe(200);
    expect(retry.status).toBe(409);
    expect((await noticeNow(env, notice)).voided).toBe(true);
    expect(await read(env, id)).toMatchObject({ status: "registered", noticeNumber: null });
    await expectNoVoidedNoticeBorneByLiveItem(env);
  });

  it("随机交错（作废、签收、报告、办结、撤销、重试下发，两个实例）：不变式始终成立", async () => {
    const env = testEnv();
    const other = testEnv({ prefix: env.prefix, clock: env.clock });
    await setUp(env);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 8; round++) {
      const a = await registered(env, `随机甲 ${round}`);
      const b = await registered(env, `随机乙 ${round}`);
      const issued = await invoke(env.deps, "issueNotice", {
        as: office,
        body: { itemIds: [a, b] },
        idempotencyKey: `rnd-${round}`,
      });
      const n = issued.body as Notice;
      if (rnd() < 0.7) await acknowledged(env, a);
      const on = () => (rnd() < 0.5 ? env : other);
      const moves: (() => Promise<unknown>)[] = [
        () => voidIt(on(), n),
        () => voidIt(on(), n),
        () => report(on(), a),
        () =>
          read(env, a).then((i) =>
            invoke(on().deps, "itemAction", {
              as: leader,
              params: { id: a, action: "close" },
              ifMatch: i.etag,
              body: { opinion: "同意办结" },
            }),
          ),
        () =>
          read(env, b).then((i) =>
            invoke(on().deps, "itemAction", {
              as: leader,
              params: { id: b, action: "cancel" },
              ifMatch: i.etag,
              body: { reason: "不再督办" },
            }),
          ),
        () => acknowledged(on(), b).catch(() => undefined),
        () =>
          invoke(on().deps, "issueNotice", {
            as: office,
            body: { itemIds: [a, b] },
            idempotencyKey: `rnd-${round}`,
          }),
      ];
      const picked = moves.filter(() => rnd() < 0.7);
      const answers = await Promise.all(picked.map((m) => m().catch((e: unknown) => e)));
      for (const x of answers) {
        if (x instanceof Error) throw x;
        if (x && typeof x === "object" && "status" in x) expect((x as Answer).status).toBeLessThan(500);
      }
    }
    await expectNoVoidedNoticeBorneByLiveItem(env);
  });
});

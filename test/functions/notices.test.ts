/**
 * 通知单 (制度三、(二) 督办; DESIGN §1 Notice numbers): issuing checks the items, numbers are
 * 陕秦安督字〔年度〕序号号 per CST year, gapless and never reused; a retried request (same Idempotency-Key)
 * gets the same notice; a voided notice keeps its number and returns its items to 已立项.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Notice } from "../../functions/src/domain/types.js";
import {
  dept,
  invoke,
  leader,
  newItem,
  office,
  type TestEnv,
  testEnv,
  TestClock,
  TABLE_ETAG,
} from "../support/api.js";

const DEPARTMENTS = [
  { id: "tech", name: "技术部", head: "张三" },
  { id: "safety", name: "安全部", head: "李四" },
];

async function withDepartments(env: TestEnv) {
  const put = await invoke(env.deps, "putDepartments", { as: office, body: DEPARTMENTS });
  expect(put.status).toBe(200);
}

/** 拟办 then 领导审定: an item in 已立项, ready for a notice. */
async function registeredItem(env: TestEnv, overrides: Record<string, unknown> = {}) {
  const created = await invoke(env.deps, "createItem", { as: office, body: newItem(overrides) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const approved = await invoke(env.deps, "itemAction", {
    as: leader,
    params: { id: created.body.id, action: "approve" },
    ifMatch: created.body.etag,
    body: { comment: "同意立项" },
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  expect(approved.body.status).toBe("registered");
  return approved.body as { id: string; etag: string; content: string; deadline: string | null };
}

const issue = (env: TestEnv, itemIds: string[], key?: string, extra: Record<string, unknown> = {}) =>
  invoke(env.deps, "issueNotice", {
    as: office,
    body: { itemIds, ...extra },
    ...(key ? { idempotencyKey: key } : {}),
  });

/** The request hash the issue endpoint keeps with an Idempotency-Key (a request without issueDate). */
const requestHash = (itemIds: string[]) =>
  createHash("sha256")
    .update(JSON.stringify({ itemIds, issueDate: null }))
    .digest("base64url");

const getItem = (env: TestEnv, id: string) => invoke(env.deps, "getItem", { as: office, params: { id } });

const voidNotice = (env: TestEnv, year: number, seq: number, reason = "通知单内容有误，重新下发") =>
  invoke(env.deps, "voidNotice", {
    as: office,
    params: { year: String(year), seq: String(seq) },
    body: { reason },
  });

const noticesOf = async (env: TestEnv, year: number) => {
  const list = await invoke(env.deps, "listNotices", { as: office, query: { year: String(year) } });
  expect(list.status).toBe(200);
  return list.body.items as Notice[];
};

describe("下发通知单：先核对事项", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = testEnv();
    await withDepartments(env);
  });

  it("拟办（未经领导审定）的事项不能下发：409，并指明是哪一项", async () => {
    const draft = await invoke(env.deps, "createItem", {
      as: office,
      body: newItem({ content: "编制应急预案修订稿" }),
    });
    const ok = await registeredItem(env, { content: "组织季度安全检查" });
    const res = await issue(env, [ok.id, draft.body.id]);
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toContain("编制应急预案修订稿");
    expect(res.body.detail).toContain("拟办");
    expect((await getItem(env, ok.id)).body.status).toBe("registered");
  });

  it("一单多事须为同一牵头部门：技术部与安全部的事项不能同一张通知单", async () => {
    const a = await registeredItem(env, { leadDept: "tech", content: "技术部牵头的事项" });
    const b = await registeredItem(env, { leadDept: "safety", content: "安全部牵头的事项" });
    const res = await issue(env, [a.id, b.id]);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("一单多事须为同一牵头部门");
    expect(res.body.detail).toContain("tech");
    expect(res.body.detail).toContain("safety");
  });

  it("没有完成时限的事项不能下发", async () => {
    const noDeadline = await registeredItem(env, { deadline: null, content: "时限待定的事项" });
    const res = await issue(env, [noDeadline.id]);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("时限待定的事项");
    expect(res.body.detail).toContain("完成时限");
  });

  it("不存在的事项：400 指明 itemIds 的哪一项", async () => {
    const res = await issue(env, ["nosuchitem000"]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: "itemIds.0" })]);
    expect(res.body.errors[0].message).toContain("不存在");
  });

  it("只有督办工作办公室可以下发；部门与领导小组 403", async () => {
    const item = await registeredItem(env);
    for (const who of [dept("tech"), leader]) {
      const res = await invoke(env.deps, "issueNotice", { as: who, body: { itemIds: [item.id] } });
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/权限/);
    }
  });

  it("被拒绝的下发不占用编号：此后第一份通知单仍是 1 号", async () => {
    const item = await registeredItem(env);
    const res = await issue(env, [item.id]);
    expect(res.status).toBe(201);
    expect(res.body.number).toBe("陕秦安督字〔2026〕1号");
  });
});

describe("通知单编号：陕秦安督字〔年度〕序号号", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = testEnv();
    await withDepartments(env);
  });

  it("第一份是 1 号，第二份（一单多事）是 2 号；事项变为已下发，带文号和完成时限", async () => {
    const first = await registeredItem(env, { content: "完成年度安全评价报告编制", deadline: "2026-12-31" });
    const res1 = await issue(env, [first.id]);
    expect(res1.status).toBe(201);
    expect(res1.headers.get("location")).toBe("/api/notices/2026/1");
    expect(res1.body).toMatchObject({
      year: 2026,
      seq: 1,
      number: "陕秦安督字〔2026〕1号",
      itemIds: [first.id],
      issueDate: "2026-11-02",
      voided: false,
    });
    expect(res1.body.items[0]).toMatchObject({
      id: first.id,
      status: "notified",
      noticeNumber: "陕秦安督字〔2026〕1号",
      effectiveDeadline: "2026-12-31",
    });

    const a = await registeredItem(env, { content: "修订安全生产责任制", deadline: "2026-12-15" });
    const b = await registeredItem(env, { content: "开展隐患排查专项行动", deadline: "2027-01-20" });
    const res2 = await issue(env, [a.id, b.id]);
    expect(res2.status).toBe(201);
    expect(res2.body.number).toBe("陕秦安督字〔2026〕2号");
    for (const [id, deadline] of [
      [a.id, "2026-12-15"],
      [b.id, "2027-01-20"],
    ] as const) {
      const read = await getItem(env, id);
      expect(read.body).toMatchObject({
        status: "notified",
        noticeNumber: "陕秦安督字〔2026〕2号",
        effectiveDeadline: deadline,
      });
      expect(read.body.allowedActions).not.toContain("approve");
    }
  });

  it("GET /api/notices?year= 按编号列出，GET /api/notices/{year}/{seq} 读一份", async () => {
    const list = await noticesOf(env, 2026);
    expect(list.map((n) => n.number)).toEqual(["陕秦安督字〔2026〕1号", "陕秦安督字〔2026〕2号"]);
    const read = await invoke(env.deps, "getNotice", { as: office, params: { year: "2026", seq: "2" } });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ number: "陕秦安督字〔2026〕2号", voided: false });
    expect(read.body.itemIds).toHaveLength(2);
    expect(read.headers.get("etag")).toMatch(TABLE_ETAG);
    const again = await invoke(env.deps, "getNotice", { as: office, params: { year: "2026", seq: "2" } });
    expect(again.headers.get("etag")).toBe(read.headers.get("etag"));

    const missing = await invoke(env.deps, "getNotice", { as: office, params: { year: "2026", seq: "99" } });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(/不存在/);
    const bad = await invoke(env.deps, "getNotice", { as: office, params: { year: "二〇二六", seq: "1" } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("year");
    expect(await noticesOf(env, 2025)).toEqual([]);
  });

  it("年度是下发日的北京时间年度：2026-12-31T16:30Z（北京时间 2027年1月1日 00:30）下发的是〔2027〕1号", async () => {
    const clock = new TestClock("2026-12-31T16:30:00Z");
    const newYear = testEnv({ clock });
    const item = await registeredItem(newYear, { deadline: "2027-03-31" });
    const res = await issue(newYear, [item.id]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      year: 2027,
      seq: 1,
      number: "陕秦安督字〔2027〕1号",
      issueDate: "2027-01-01",
    });
    // Half an hour earlier it was still 2026 in Beijing.
    clock.set("2026-12-31T15:30:00Z");
    const late2026 = await registeredItem(newYear, { deadline: "2027-03-31" });
    const res2026 = await issue(newYear, [late2026.id]);
    expect(res2026.body.number).toBe("陕秦安督字〔2026〕1号");
  });
});

describe("重试同一 Idempotency-Key：同一份通知单，绝不占第二个编号", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = testEnv();
    await withDepartments(env);
  });

  it("重试得到同一编号（与原请求一样答 201，并标明是重放），下一份新通知单取下一个编号", async () => {
    const item = await registeredItem(env);
    const first = await issue(env, [item.id], "notice-key-1");
    expect(first.status).toBe(201);
    expect(first.body.number).toBe("陕秦安督字〔2026〕1号");

    const retry = await issue(env, [item.id], "notice-key-1");
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.body).toMatchObject({ year: 2026, seq: 1, number: "陕秦安督字〔2026〕1号" });
    expect(retry.body.items[0]).toMatchObject({ status: "notified", noticeNumber: "陕秦安督字〔2026〕1号" });
    const events = await invoke(env.deps, "listItemEvents", { as: office, params: { id: item.id } });
    expect(events.body.items.filter((e: { kind: string }) => e.kind === "issue")).toHaveLength(1);

    const next = await registeredItem(env);
    const res = await issue(env, [next.id], "notice-key-2");
    expect(res.status).toBe(201);
    expect(res.body.number).toBe("陕秦安督字〔2026〕2号");
    expect((await noticesOf(env, 2026)).map((n) => n.seq)).toEqual([1, 2]);
  });

  it("同一 Idempotency-Key 用于另一组事项：409，不新编号", async () => {
    const other = await registeredItem(env, { content: "另一项工作" });
    const res = await issue(env, [other.id], "notice-key-1");
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("idempotency_key_reused");
    expect(res.body.detail).toContain("Idempotency-Key");
    expect((await getItem(env, other.id)).body.status).toBe("registered");
    expect(await noticesOf(env, 2026)).toHaveLength(2);
  });

  it("编号已分配而事项尚未更新时进程崩溃：用同一 Key 重试，以同一编号补完", async () => {
    const item = await registeredItem(env, { content: "崩溃时正在下发的事项" });
    const key = "crash-between-number-and-items";
    const hash = createHash("sha256").update(`${office.id}\n${key}`).digest("base64url");
    // What a crashed first attempt left behind: the counter, the notice row and the key row — items untouched.
    const { notice } = await env.deps.notices.allocate(2026, hash, requestHash([item.id]), (seq) => ({
      year: 2026,
      seq,
      number: `陕秦安督字〔2026〕${seq}号`,
      itemIds: [item.id],
      leadDept: "tech",
      issueDate: "2026-11-02",
      voided: false,
      voidedAt: null,
      voidReason: null,
      createdAt: env.clock.now().toISOString(),
      createdBy: office.name,
    }));
    expect(notice.seq).toBe(3);
    expect((await getItem(env, item.id)).body.status).toBe("registered");

    const retry = await issue(env, [item.id], key);
    expect(retry.status).toBeLessThan(300);
    expect(retry.body.number).toBe("陕秦安督字〔2026〕3号");
    const read = await getItem(env, item.id);
    expect(read.body).toMatchObject({ status: "notified", noticeNumber: "陕秦安督字〔2026〕3号" });

    const next = await registeredItem(env);
    expect((await issue(env, [next.id], "after-crash")).body.number).toBe("陕秦安督字〔2026〕4号");
  });
});

describe("同一 Idempotency-Key 的另一种请求、同时到达的同一请求", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = testEnv();
    await withDepartments(env);
  });

  it("同一 Idempotency-Key、同一事项但下发日期不同：409 idempotency_key_reused，不返回原通知单", async () => {
    const item = await registeredItem(env, { content: "下发日期被改动的重试" });
    const first = await issue(env, [item.id], "notice-key-date", { issueDate: "2026-10-30" });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const other = await issue(env, [item.id], "notice-key-date", { issueDate: "2026-11-01" });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe("idempotency_key_reused");
    const same = await issue(env, [item.id], "notice-key-date", { issueDate: "2026-10-30" });
    expect(same.status).toBe(201);
    expect(same.body.seq).toBe(first.body.seq);
  });

  it("同一 Idempotency-Key 的 20 个并发请求：答复全都与原请求相同（201、同一编号），只占一个编号", async () => {
    const item = await registeredItem(env, { content: "连点二十次的下发" });
    const before = (await noticesOf(env, 2026)).length;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => issue(env, [item.id], "notice-key-burst")),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.number)).size).toBe(1);
    expect(await noticesOf(env, 2026)).toHaveLength(before + 1);
  });

  it("同一 Idempotency-Key：先到的请求查键时还没有结果、读事项时原请求已下发完，仍答复原请求的结果（201），不是 409", async () => {
    const item = await registeredItem(env, { content: "查键之后事项才被下发" });
    const notices = env.deps.notices;
    const realFind = notices.findByKey.bind(notices);
    let release!: () => void;
    const originalDone = new Promise<void>((r) => (release = r));
    let calls = 0;
    // The late request looks for the key first (nothing yet), then waits until the original has issued the items.
    notices.findByKey = async (...args: Parameters<typeof realFind>) => {
      const found = await realFind(...args);
      if (++calls === 1) await originalDone;
      return found;
    };
    try {
      const late = issue(env, [item.id], "notice-key-late");
      while (calls === 0) await new Promise((r) => setTimeout(r, 5));
      const original = await issue(env, [item.id], "notice-key-late");
      expect(original.status, JSON.stringify(original.body)).toBe(201);
      release();
      const replay = await late;
      expect(replay.status, JSON.stringify(replay.body)).toBe(201);
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body.number).toBe(original.body.number);
    } finally {
      notices.findByKey = realFind;
    }
  });
});

describe("作废通知单：编号保留（作废），事项退回已立项，编号不再使用", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = testEnv();
    await withDepartments(env);
  });

  it("作废后编号仍在（voided、作废理由），事项回到已立项；下一份通知单取新编号", async () => {
    const a = await registeredItem(env, { content: "待作废通知单的事项一" });
    const b = await registeredItem(env, { content: "待作废通知单的事项二" });
    const issued = await issue(env, [a.id, b.id], "to-be-voided");
    expect(issued.body.number).toBe("陕秦安督字〔2026〕1号");

    const res = await voidNotice(env, 2026, 1, "事项内容有误，重新下发");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      number: "陕秦安督字〔2026〕1号",
      voided: true,
      voidReason: "事项内容有误，重新下发",
    });
    for (const id of [a.id, b.id]) {
      const read = await getItem(env, id);
      expect(read.body).toMatchObject({ status: "registered", noticeNumber: null, effectiveDeadline: null });
    }
    const read = await invoke(env.deps, "getNotice", { as: office, params: { year: "2026", seq: "1" } });
    expect(read.body).toMatchObject({ number: "陕秦安督字〔2026〕1号", voided: true });

    // The same items on a new notice: a new number, 1号 is never reused.
    const again = await issue(env, [a.id, b.id], "reissue-after-void");
    expect(again.status).toBe(201);
    expect(again.body.number).toBe("陕秦安督字〔2026〕2号");
    const list = await noticesOf(env, 2026);
    expect(list.map((n) => [n.number, n.voided])).toEqual([
      ["陕秦安督字〔2026〕1号", true],
      ["陕秦安督字〔2026〕2号", false],
    ]);
  });

  it("再次作废同一份：409（已作废）", async () => {
    const res = await voidNotice(env, 2026, 1);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("已作废");
  });

  it("作废后重试原下发请求（同一 Key）：不会让事项以作废的编号重新下发", async () => {
    const x = await registeredItem(env, { content: "作废后被重试的事项" });
    const issued = await issue(env, [x.id], "retry-after-void");
    const { seq, number } = issued.body as Notice;
    expect((await voidNotice(env, 2026, seq)).status).toBe(200);
    const countBefore = (await noticesOf(env, 2026)).length;

    const retry = await issue(env, [x.id], "retry-after-void");
    // Never a second number for this key…
    if (retry.status < 300) expect(retry.body.number).toBe(number);
    expect(await noticesOf(env, 2026)).toHaveLength(countBefore);
    // …and never the item back in 已下发 under a number that is shown 作废.
    const read = await getItem(env, x.id);
    expect(read.body.status).toBe("registered");
    expect(read.body.noticeNumber).toBeNull();
  });

  it("事项已报告后不能作废：409 指明哪一项", async () => {
    const item = await registeredItem(env, { content: "已经报告办结的事项", deadline: "2026-12-31" });
    const issued = await issue(env, [item.id]);
    const { seq } = issued.body as Notice;
    let etag = issued.body.items[0].etag as string;
    const act = async (action: string, body: unknown, as = dept("tech")) => {
      const res = await invoke(env.deps, "itemAction", {
        as,
        params: { id: item.id, action },
        ifMatch: etag,
        body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      etag = res.body.etag;
      return res;
    };
    await act("acknowledge", {});
    await act("report", {
      completedFrom: "2026-10-20",
      completedTo: "2026-11-01",
      summary: "已完成",
      leadOpinion: "同意报结",
    });
    const res = await voidNotice(env, 2026, seq);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("已经报告办结的事项");
    expect(res.body.detail).toContain("已报告");
    const read = await invoke(env.deps, "getNotice", {
      as: office,
      params: { year: "2026", seq: String(seq) },
    });
    expect(read.body.voided).toBe(false);
    expect((await getItem(env, item.id)).body.status).toBe("reported");
  });

  it("作废须写理由（400），只有办公室可以作废（403），不存在的通知单 404", async () => {
    const noReason = await invoke(env.deps, "voidNotice", {
      as: office,
      params: { year: "2026", seq: "2" },
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: "reason" })]);
    expect(noReason.body.errors[0].message).toContain("理由");
    const byLeader = await invoke(env.deps, "voidNotice", {
      as: leader,
      params: { year: "2026", seq: "2" },
      body: { reason: "领导要求作废" },
    });
    expect(byLeader.status).toBe(403);
    const missing = await voidNotice(env, 2026, 999);
    expect(missing.status).toBe(404);
    expect(
      (await invoke(env.deps, "getNotice", { as: office, params: { year: "2026", seq: "2" } })).body.voided,
    ).toBe(false);
  });
});

describe("同一事项被同时下发两次（两位文员，或连点两次生成通知单）", () => {
  it("只有一份通知单生效；另一份占用的编号保留但显示作废，不会有两份有效通知单指向同一事项", async () => {
    const env = testEnv();
    await withDepartments(env);
    const item = await registeredItem(env, { content: "被同时下发两次的事项" });
    const answers = await Promise.all(
      ["clerk-a", "clerk-b", "clerk-c"].map((key) => issue(env, [item.id], key)),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status).toBe(409);
      expect(a.body.detail).toMatch(/已下发/);
    }
    const winner = answers.find((a) => a.status === 201)!.body as Notice;
    const read = await getItem(env, item.id);
    expect(read.body).toMatchObject({ status: "notified", noticeNumber: winner.number });

    // Numbers stay gapless and are never reused: any number the losers took is there, but 作废.
    const list = await noticesOf(env, 2026);
    expect(list.map((n) => n.seq)).toEqual(list.map((_, i) => i + 1));
    const live = list.filter((n) => !n.voided);
    expect(live.map((n) => n.number)).toEqual([winner.number]);
  });
});

describe("跨年重试：12月31日 23:59 发出的请求在元旦零点后重试", () => {
  it("重试得到同一份〔2026〕通知单，不在 2027 年另起编号", async () => {
    const clock = new TestClock("2026-12-31T15:59:50Z"); // 2026年12月31日 23:59:50 北京时间
    const env = testEnv({ clock });
    const item = await registeredItem(env, { deadline: "2027-03-31" });
    const first = await issue(env, [item.id], "new-year-eve");
    expect(first.body.number).toBe("陕秦安督字〔2026〕1号");
    clock.set("2026-12-31T16:00:10Z"); // 2027年1月1日 00:00:10：the answer was lost, the client retries
    const retry = await issue(env, [item.id], "new-year-eve");
    expect(retry.status).toBe(201);
    expect(retry.body.number).toBe("陕秦安督字〔2026〕1号");
    expect(await noticesOf(env, 2027)).toEqual([]);
  });

  it("第一次请求在编号后崩溃、跨过零点才重试：仍以〔2026〕的编号补完，不占用 2027 年的号", async () => {
    const clock = new TestClock("2026-12-31T15:59:50Z");
    const env = testEnv({ clock });
    const item = await registeredItem(env, { deadline: "2027-03-31" });
    const key = "crash-at-midnight";
    const hash = createHash("sha256").update(`${office.id}\n${key}`).digest("base64url");
    await env.deps.notices.allocate(2026, hash, requestHash([item.id]), (seq) => ({
      year: 2026,
      seq,
      number: `陕秦安督字〔2026〕${seq}号`,
      itemIds: [item.id],
      leadDept: "tech",
      issueDate: "2026-12-31",
      voided: false,
      voidedAt: null,
      voidReason: null,
      createdAt: clock.now().toISOString(),
      createdBy: office.name,
    }));
    clock.set("2026-12-31T16:00:10Z");
    const retry = await issue(env, [item.id], key);
    expect(retry.status).toBeLessThan(300);
    expect(retry.body.number).toBe("陕秦安督字〔2026〕1号");
    expect((await getItem(env, item.id)).body.noticeNumber).toBe("陕秦安督字〔2026〕1号");
    expect(await noticesOf(env, 2027)).toEqual([]);
  });
});

/**
 * 制度三、督办工作程序：一件督办事项从拟办、立项、下发、签收、办理、延期、报告、退回整改到办结的全过程，
 * 每一步由有权的角色完成，每个回答都带着整件事项、ETag 和调用者可做的操作；历史记录每一步。
 * 先直接调用处理函数（与 Functions 宿主相同），再经本地宿主走一遍真实 HTTP。
 */
import { describe, expect, it } from "vitest";
import type { Principal } from "../../functions/src/domain/types.js";
import {
  type Answer,
  dept,
  HttpClient,
  invoke,
  leader,
  newItem,
  office,
  startHost,
  type TestEnv,
  testEnv,
  viewer,
  TABLE_ETAG,
} from "../support/api.js";

const LEAD = dept("tech"); // 牵头部门：技术部
const ASSIST = dept("safety"); // 协办部门：安全部
const HOUR = 3600_000;

/** The item body of a 联合督办 led by tech with safety assisting, deadline 2026-12-31 (CST). */
const jointItem = () =>
  newItem({
    content: "完成年度安全评价报告质量提升专项工作",
    leadDept: "tech",
    assistDepts: ["safety"],
    mode: "joint",
    supervisionGroup: ["督办办公室 王主任", "安全部"],
    urgency: "urgent",
    deadline: "2026-12-31",
  });

/** Every answer carrying an item: 2xx, ETag header equal to the body's etag, the whole item. */
function expectItemAnswer(answer: Answer, status = 200) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get("etag")).toMatch(TABLE_ETAG);
  expect(answer.headers.get("etag")).toBe(answer.body.etag);
  for (const field of [
    "id",
    "source",
    "content",
    "requirements",
    "supervisedDept",
    "leadDept",
    "assistDepts",
    "owner",
    "leader",
    "mode",
    "urgency",
    "deadline",
    "effectiveDeadline",
    "status",
    "noticeNumber",
    "light",
    "overdueDays",
    "latestProgress",
    "allowedActions",
    "etag",
  ])
    expect(answer.body, `字段 ${field}`).toHaveProperty(field);
  return answer.body;
}

/** The lifecycle, told once against an abstract transport (handlers or HTTP). */
interface Transport {
  create(as: Principal, body: unknown): Promise<Answer>;
  get(as: Principal, id: string): Promise<Answer>;
  action(as: Principal, id: string, action: string, body: unknown, ifMatch: string): Promise<Answer>;
  issue(as: Principal, itemIds: string[]): Promise<Answer>;
  events(as: Principal, id: string): Promise<Answer>;
}

function handlers(env: TestEnv): Transport {
  return {
    create: (as, body) => invoke(env.deps, "createItem", { as, body }),
    get: (as, id) => invoke(env.deps, "getItem", { as, params: { id } }),
    action: (as, id, action, body, ifMatch) =>
      invoke(env.deps, "itemAction", { as, params: { id, action }, body, ifMatch }),
    issue: (as, itemIds) => invoke(env.deps, "issueNotice", { as, body: { itemIds } }),
    events: (as, id) => invoke(env.deps, "listItemEvents", { as, params: { id } }),
  };
}

function overHttp(baseUrl: string): Transport {
  const c = (p: Principal) => new HttpClient(baseUrl, p);
  return {
    create: (as, body) => c(as).post("/items", body),
    get: (as, id) => c(as).get(`/items/${id}`),
    action: (as, id, action, body, ifMatch) =>
      c(as).post(`/items/${id}/actions/${action}`, body, { ifMatch }),
    issue: (as, itemIds) => c(as).post("/notices", { itemIds }),
    events: (as, id) => c(as).get(`/items/${id}/events`),
  };
}

/**
 * Drives one item through the whole lifecycle and checks every answer. The clock starts on
 * 2026-11-02 10:00 CST and moves one hour per step; the item is closed on 2026-11-03 (CST) just after midnight.
 */
async function wholeLifecycle(env: TestEnv, t: Transport) {
  env.clock.set("2026-11-02T02:00:00Z"); // 2026-11-02 10:00 CST
  const step = () => env.clock.advance(HOUR);

  // 拟办：督办工作办公室登记
  const created = await t.create(office, jointItem());
  const draft = expectItemAnswer(created, 201);
  expect(created.headers.get("location")).toBe(`/api/items/${draft.id}`);
  expect(draft).toMatchObject({
    status: "draft",
    content: "完成年度安全评价报告质量提升专项工作",
    leadDept: "tech",
    assistDepts: ["safety"],
    deadline: "2026-12-31",
    effectiveDeadline: null,
    noticeNumber: null,
    light: "green",
    overdueDays: 0,
  });
  expect(draft.allowedActions).toEqual([]); // 办公室不能自己立项
  const id: string = draft.id;
  const leaderView = expectItemAnswer(await t.get(leader, id));
  expect(leaderView.allowedActions).toEqual(["approve", "reject", "cancel"]);
  let etag: string = leaderView.etag;

  // 立项：领导审定
  step();
  const approved = expectItemAnswer(await t.action(leader, id, "approve", { comment: "同意立项" }, etag));
  expect(approved.status).toBe("registered");
  expect(approved.allowedActions).toEqual(["cancel"]);
  expect(approved.etag).not.toBe(etag);

  // 督办：办公室下发通知单，分配文号，设定完成时限
  step();
  const issued = await t.issue(office, [id]);
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  expect(issued.body).toMatchObject({
    year: 2026,
    seq: 1,
    number: "陕秦安督字〔2026〕1号",
    itemIds: [id],
    voided: false,
  });
  expect(issued.body.issueDate).toBe("2026-11-02");
  expect(issued.body.items[0]).toMatchObject({
    id,
    status: "notified",
    noticeNumber: "陕秦安督字〔2026〕1号",
    effectiveDeadline: "2026-12-31",
  });
  const notifiedForLead = expectItemAnswer(await t.get(LEAD, id));
  expect(notifiedForLead.status).toBe("notified");
  expect(notifiedForLead.allowedActions).toEqual(["acknowledge", "progress"]);
  expect(expectItemAnswer(await t.get(office, id)).allowedActions).toEqual(["urge", "site_visit"]);
  expect(expectItemAnswer(await t.get(viewer, id)).allowedActions).toEqual([]);
  etag = notifiedForLead.etag;

  // 签收：牵头部门签收后进入办理中
  step();
  const acknowledged = expectItemAnswer(await t.action(LEAD, id, "acknowledge", {}, etag));
  expect(acknowledged.status).toBe("in_progress");
  expect(acknowledged.allowedActions).toEqual(["progress", "request_extension", "report"]);
  etag = acknowledged.etag;

  // 进展：协办部门报送进展，状态不变
  step();
  const progressed = expectItemAnswer(
    await t.action(ASSIST, id, "progress", { note: "安全部已完成现场核查部分" }, etag),
  );
  expect(progressed.status).toBe("in_progress");
  expect(progressed.latestProgress).toBe("安全部已完成现场核查部分");
  // 安全部 has not signed for itself yet; it may, and may write its own 承办（协办）部门意见.
  expect(progressed.allowedActions).toEqual(["acknowledge", "progress", "assist_opinion"]);
  etag = progressed.etag;

  // 申请延期：说明理由并提出后续举措
  step();
  const requested = expectItemAnswer(
    await t.action(
      LEAD,
      id,
      "request_extension",
      { reason: "上级标准尚未发布", measures: "标准发布后两周内完成修订", proposedDeadline: "2027-01-31" },
      etag,
    ),
  );
  expect(requested.status).toBe("extension_requested");
  expect(requested.allowedActions).toEqual(["progress"]);
  etag = requested.etag;

  // 同意延期：有效时限改变，原完成时限保留
  step();
  const extended = expectItemAnswer(
    await t.action(
      leader,
      id,
      "approve_extension",
      { deadline: "2027-01-31", comment: "同意延期一个月" },
      etag,
    ),
  );
  expect(extended).toMatchObject({
    status: "in_progress",
    deadline: "2026-12-31",
    effectiveDeadline: "2027-01-31",
  });
  expect(extended.allowedActions).toEqual(["site_visit", "cancel"]);
  etag = extended.etag;

  // 报告：牵头部门填写报告单
  step();
  const report = {
    completedFrom: "2026-10-01",
    completedTo: "2026-11-02",
    summary: "已完成报告编制并通过内审",
    leadOpinion: "同意报结",
    assistOpinion: "安全部同意",
  };
  const reported = expectItemAnswer(await t.action(LEAD, id, "report", report, etag));
  expect(reported.status).toBe("reported");
  expect(reported.report).toEqual({ ...report, reportedAt: reported.updatedAt });
  expect(reported.allowedActions).toEqual([]);
  const reportedForLeader = expectItemAnswer(await t.get(leader, id));
  expect(reportedForLeader.allowedActions).toEqual([
    "site_visit",
    "close",
    "return",
    "cancel",
    "flag_false_report",
  ]);
  etag = reportedForLeader.etag;

  // 退回整改：领导小组设定整改完成时限
  step();
  const returned = expectItemAnswer(
    await t.action(leader, id, "return", { opinion: "附件不全，补充后再报", deadline: "2026-11-20" }, etag),
  );
  expect(returned).toMatchObject({
    status: "in_progress",
    deadline: "2026-12-31",
    effectiveDeadline: "2026-11-20",
    report: null,
  });
  etag = returned.etag;

  // 再次报告
  step();
  const reportedAgain = expectItemAnswer(
    await t.action(LEAD, id, "report", { ...report, summary: "已补充附件" }, etag),
  );
  expect(reportedAgain.status).toBe("reported");
  etag = reportedAgain.etag;

  // 办结：2026-11-03 00:30 CST（纽约仍是 11 月 2 日），办结日期按北京时间记
  env.clock.set("2026-11-02T16:30:00Z");
  const closed = expectItemAnswer(await t.action(leader, id, "close", { opinion: "同意办结" }, etag));
  expect(closed).toMatchObject({
    status: "closed",
    closedDate: "2026-11-03",
    closeOpinion: "同意办结",
    light: "grey",
    overdueDays: 0,
    noticeNumber: "陕秦安督字〔2026〕1号",
  });
  expect(closed.allowedActions).toEqual(["flag_false_report"]);

  // 读取的结果与最后一次回答一致
  const final = expectItemAnswer(await t.get(leader, id));
  expect(final.etag).toBe(closed.etag);
  expect(final.status).toBe("closed");

  // 历史：每一步都有，带操作人和改动前后
  const history = await t.events(viewer, id);
  expect(history.status).toBe(200);
  expect(history.body.continuationToken).toBeNull();
  const events = history.body.items as {
    seq: number;
    kind: string;
    actor: string;
    at: string;
    payload: Record<string, unknown>;
    changes: Record<string, { before: unknown; after: unknown }>;
  }[];
  expect(events.map((e) => e.kind)).toEqual([
    "create",
    "approve",
    "issue",
    "acknowledge",
    "progress",
    "request_extension",
    "approve_extension",
    "report",
    "return",
    "report",
    "close",
  ]);
  expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  expect(events.map((e) => e.actor)).toEqual([
    office.name,
    leader.name,
    office.name,
    LEAD.name,
    ASSIST.name,
    LEAD.name,
    leader.name,
    LEAD.name,
    leader.name,
    LEAD.name,
    leader.name,
  ]);
  const times = events.map((e) => Date.parse(e.at));
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  const statusChanges = events.map((e) => e.changes.status);
  expect(statusChanges).toEqual([
    { before: null, after: "draft" },
    { before: "draft", after: "registered" },
    { before: "registered", after: "notified" },
    { before: "notified", after: "in_progress" },
    undefined, // 进展不改变状态
    { before: "in_progress", after: "extension_requested" },
    { before: "extension_requested", after: "in_progress" },
    { before: "in_progress", after: "reported" },
    { before: "reported", after: "in_progress" },
    { before: "in_progress", after: "reported" },
    { before: "reported", after: "closed" },
  ]);
  const [, , issueEv, , progressEv, requestEv, extensionEv, , returnEv, , closeEv] = events;
  expect(issueEv!.changes.noticeNumber).toEqual({ before: null, after: "陕秦安督字〔2026〕1号" });
  expect(issueEv!.changes.effectiveDeadline).toEqual({ before: null, after: "2026-12-31" });
  expect(progressEv!.changes.latestProgress).toEqual({ before: null, after: "安全部已完成现场核查部分" });
  expect(requestEv!.payload).toMatchObject({
    reason: "上级标准尚未发布",
    measures: "标准发布后两周内完成修订",
    proposedDeadline: "2027-01-31",
  });
  // 延期改变有效时限，原完成时限不在改动之列
  expect(extensionEv!.changes.effectiveDeadline).toEqual({ before: "2026-12-31", after: "2027-01-31" });
  expect(extensionEv!.changes.deadline).toBeUndefined();
  expect(extensionEv!.payload).toMatchObject({ deadline: "2027-01-31" });
  expect(returnEv!.changes.effectiveDeadline).toEqual({ before: "2027-01-31", after: "2026-11-20" });
  expect(returnEv!.payload).toMatchObject({ opinion: "附件不全，补充后再报", deadline: "2026-11-20" });
  expect(closeEv!.changes.closedDate).toEqual({ before: null, after: "2026-11-03" });
  return id;
}

describe("督办事项的完整生命周期（处理函数）", () => {
  it("拟办→立项→下发→签收→进展→申请延期→同意延期→报告→退回整改→报告→办结，每步由有权角色完成", async () => {
    const env = testEnv();
    await wholeLifecycle(env, handlers(env));
  });

  it("协办部门签收只记下自己的签收，牵头部门签收后事项进入办理中；协办部门可以报送进展", async () => {
    const env = testEnv();
    const t = handlers(env);
    const { body: draft } = await t.create(office, jointItem());
    expect((await t.action(leader, draft.id, "approve", {}, draft.etag)).status).toBe(200);
    expect((await t.issue(office, [draft.id])).status).toBe(201);
    const etag: string = (await t.get(office, draft.id)).body.etag;
    const byAssist = await t.action(ASSIST, draft.id, "acknowledge", {}, etag);
    expect(byAssist.status).toBe(200);
    expect(byAssist.body.status).toBe("notified");
    expect(byAssist.body.acknowledgements.map((a: { deptId: string }) => a.deptId)).toEqual(["safety"]);
    const ack = await t.action(LEAD, draft.id, "acknowledge", {}, byAssist.body.etag);
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe("in_progress");
    const progress = await t.action(ASSIST, draft.id, "progress", { note: "协办进展" }, ack.body.etag);
    expect(progress.status).toBe(200);
    expect(progress.body.latestProgress).toBe("协办进展");
  });
});

describe("督办事项的完整生命周期（本地宿主，真实 HTTP，x-ms-client-principal）", () => {
  it("同一生命周期经 HTTP 走完，历史一致", async () => {
    const env = testEnv();
    const host = await startHost(env);
    try {
      const t = overHttp(host.url);
      const id = await wholeLifecycle(env, t);
      // 身份确实来自请求头：只读用户看不到任何可做的操作
      const asViewer = await t.get(viewer, id);
      expect(asViewer.body.allowedActions).toEqual([]);
      expect(asViewer.headers.get("content-type")).toMatch(/^application\/json/);
    } finally {
      await host.close();
    }
  });
});

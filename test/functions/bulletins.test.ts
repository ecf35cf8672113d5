/**
 * 督办通报 (制度六、(三) 督查通报制): the figures of a period and the year-end summary — totals by status, per
 * department 承办数 / 按期办结 / 逾期未办结 / 按期率, the items to criticise (通报批评), and the 特急 / 特别重大
 * items — for a seeded set whose figures are worked out by hand below.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../functions/src/domain/types.js";
import {
  dept,
  invoke,
  leader,
  newItem,
  office,
  type TestEnv,
  testEnv,
  TestClock,
  viewer,
} from "../support/api.js";

const tech = dept("tech");
const safety = dept("safety");

let env: TestEnv;
const etags = new Map<string, string>();
const ids: Record<string, string> = {};

async function create(name: string, fields: Record<string, unknown>) {
  const res = await invoke(env.deps, "createItem", { as: office, body: newItem(fields) });
  expect(res.status).toBe(201);
  ids[name] = res.body.id;
  etags.set(res.body.id, res.body.etag);
  return res.body.id as string;
}

async function act(
  name: string,
  action: string,
  as: Principal,
  body: Record<string, unknown> = {},
  at?: string,
) {
  if (at) env.clock.set(at);
  const id = ids[name]!;
  const res = await invoke(env.deps, "itemAction", {
    as,
    params: { id, action },
    ifMatch: etags.get(id)!,
    body,
  });
  expect(res.status, `${name} ${action}: ${JSON.stringify(res.body)}`).toBe(200);
  etags.set(id, res.body.etag);
}

/** 拟办 → 审定 → 下发 → 签收, on 2026年9月1日. */
async function running(name: string, fields: Record<string, unknown>, by: Principal) {
  env.clock.set("2026-09-01T02:00:00Z");
  const id = await create(name, fields);
  await act(name, "approve", leader, {});
  const issued = await invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [id] } });
  expect(issued.status).toBe(201);
  etags.set(id, issued.body.items[0].etag);
  await act(name, "acknowledge", by, {});
}

const report = (name: string, by: Principal, day: string) =>
  act(
    name,
    "report",
    by,
    { completedFrom: "2026-09-01", completedTo: day, summary: "已完成", leadOpinion: "同意报结" },
    `${day}T02:00:00Z`,
  );
const close = (name: string, day: string) =>
  act(name, "close", leader, { opinion: "同意办结" }, `${day}T02:00:00Z`);

beforeAll(async () => {
  env = testEnv({ clock: new TestClock("2026-09-01T02:00:00Z") });
  const put = await invoke(env.deps, "putDepartments", {
    as: office,
    body: [
      { id: "tech", name: "技术部", head: "张三" },
      { id: "safety", name: "安全部", head: "李四" },
    ],
  });
  expect(put.status).toBe(200);

  // 己：安全部，期限9月30日，9月25日报告、26日办结（九月按期办结，十月已不在办）。
  await running("己", { leadDept: "safety", content: "己：完善安全台账", deadline: "2026-09-30" }, safety);
  await report("己", safety, "2026-09-25");
  await close("己", "2026-09-26");
  // 甲：技术部，期限10月10日，仍在办理 —— 逾期。
  await running("甲", { leadDept: "tech", content: "甲：修订作业指导书", deadline: "2026-10-10" }, tech);
  // 乙：技术部，特急，期限10月21日，申请延期被驳回 —— 逾期。
  await running(
    "乙",
    { leadDept: "tech", content: "乙：重点客户评价报告", deadline: "2026-10-21", urgency: "urgent" },
    tech,
  );
  await act(
    "乙",
    "request_extension",
    tech,
    { reason: "资料未到齐", measures: "先行起草", proposedDeadline: "2027-06-30" },
    "2026-10-15T02:00:00Z",
  );
  await act("乙", "reject_extension", leader, { comment: "请按期完成" }, "2026-10-16T02:00:00Z");
  // 丙：安全部，期限10月5日，10月8日才报告，9日办结 —— 逾期办结。
  await running("丙", { leadDept: "safety", content: "丙：整改检查问题", deadline: "2026-10-05" }, safety);
  await report("丙", safety, "2026-10-08");
  await close("丙", "2026-10-09");
  // 丁：安全部，特别重大，期限10月20日，18日报告、19日办结 —— 按期办结。
  await running(
    "丁",
    { leadDept: "safety", content: "丁：重大隐患治理", deadline: "2026-10-20", urgency: "critical" },
    safety,
  );
  await report("丁", safety, "2026-10-18");
  await close("丁", "2026-10-19");
  // 戊：技术部，期限11月30日，办理中。
  await running("戊", { leadDept: "tech", content: "戊：年度培训计划", deadline: "2026-11-30" }, tech);
  // 庚：拟办，未立项。辛：立项后撤销。
  env.clock.set("2026-09-01T02:00:00Z");
  await create("庚", { content: "庚：尚在拟办" });
  await create("辛", { content: "辛：决策调整撤销" });
  await act("辛", "approve", leader, {});
  await act("辛", "cancel", leader, { reason: "决策调整" }, "2026-09-02T02:00:00Z");

  env.clock.set("2026-11-02T02:00:00Z");
}, 60_000);

const bulletin = (query: Record<string, string>, as: Principal = office) =>
  invoke(env.deps, "getBulletin", { as, query });

const deptRows = (body: { departments: Record<string, unknown>[] }) =>
  body.departments.map((d) => [
    d.deptId,
    d.name,
    d.handled,
    d.closed,
    d.closedOnTime,
    d.overdue,
    d.onTimeRate,
  ]);

describe("十月督办通报（?from=2026-10-01&to=2026-10-31）", () => {
  it("期末各状态事项数", async () => {
    const res = await bulletin({ from: "2026-10-01", to: "2026-10-31" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: "2026-10-01", to: "2026-10-31", year: null });
    expect(res.body.totals).toEqual({
      draft: 1,
      registered: 0,
      notified: 0,
      in_progress: 3, // 甲 乙 戊
      extension_requested: 0,
      reported: 0,
      closed: 3, // 己 丙 丁
      cancelled: 1, // 辛
      total: 8,
    });
  });

  it("各部门承办数、按期办结、逾期未办结、按期率", async () => {
    const res = await bulletin({ from: "2026-10-01", to: "2026-10-31" });
    // 技术部：甲乙戊在办；甲乙逾期；没有办结 → 按期率 0/(0+2) = 0。
    // 安全部：丙丁在十月办结（己九月已办结，不计）；丁按期、丙逾期办结 → 1/(2+0) = 0.5。
    expect(deptRows(res.body)).toEqual([
      ["tech", "技术部", 3, 0, 0, 2, 0],
      ["safety", "安全部", 2, 2, 1, 0, 0.5],
    ]);
    expect(res.body.departments[1].closedLate).toBe(1);
    expect(res.body.onTimeRate).toBe(0.25); // 1 ÷ (2 办结 + 2 逾期未办结)
  });

  it("通报批评：逾期未办结的事项，按逾期天数从多到少", async () => {
    const res = await bulletin({ from: "2026-10-01", to: "2026-10-31" });
    const rows = (list: Record<string, unknown>[]) =>
      list.map((i) => [i.itemId, i.leadDept, i.effectiveDeadline, i.overdueDays, i.noticeNumber !== null]);
    expect(rows(res.body.criticized)).toEqual([
      [ids.甲, "tech", "2026-10-10", 21, true],
      [ids.乙, "tech", "2026-10-21", 10, true],
    ]);
    expect(rows(res.body.overdueItems)).toEqual(rows(res.body.criticized));
    expect(res.body.criticized[0].content).toBe("甲：修订作业指导书");
  });

  it("特急、特别重大事项随时通报：特别重大在前", async () => {
    const res = await bulletin({ from: "2026-10-01", to: "2026-10-31" });
    expect(res.body.urgentItems.map((i: Record<string, unknown>) => [i.itemId, i.urgency, i.status])).toEqual(
      [
        [ids.丁, "critical", "closed"],
        [ids.乙, "urgent", "in_progress"],
      ],
    );
  });

  it("任何有角色的用户都能看通报（只读、部门）", async () => {
    for (const who of [viewer, tech, leader])
      expect((await bulletin({ from: "2026-10-01", to: "2026-10-31" }, who)).status).toBe(200);
  });
});

describe("年终总结通报（?year=）", () => {
  it("?year=2026：1月1日至今天（11月2日）", async () => {
    const res = await bulletin({ year: "2026" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ year: 2026, from: "2026-01-01", to: "2026-11-02" });
    expect(res.body.totals.total).toBe(8);
    // 安全部：己丙丁全年办结，己丁按期 → 2/3；技术部：甲乙逾期（到11月2日分别23、12天）。
    expect(deptRows(res.body)).toEqual([
      ["tech", "技术部", 3, 0, 0, 2, 0],
      ["safety", "安全部", 3, 3, 2, 0, 0.6667],
    ]);
    expect(res.body.onTimeRate).toBe(0.4);
    expect(res.body.criticized.map((i: Record<string, unknown>) => [i.itemId, i.overdueDays])).toEqual([
      [ids.甲, 23],
      [ids.乙, 12],
    ]);
  });

  it("?year=2025：还没有任何事项", async () => {
    const res = await bulletin({ year: "2025" });
    expect(res.status).toBe(200);
    expect(res.body.totals.total).toBe(0);
    expect(res.body.criticized).toEqual([]);
  });
});

describe("日期有误：400，指明开始日期/结束日期", () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["开始日期不存在（2月30日）", { from: "2026-02-30", to: "2026-03-31" }, "from", "开始日期"],
    ["结束日期格式不对", { from: "2026-10-01", to: "2026/10/31" }, "to", "结束日期"],
    ["缺少开始日期", { to: "2026-10-31" }, "from", "开始日期"],
    ["结束日期早于开始日期", { from: "2026-10-31", to: "2026-10-01" }, "to", "结束日期"],
    ["年度不是四位数字", { year: "26" }, "year", "年度"],
  ];
  for (const [title, query, path, label] of cases)
    it(title, async () => {
      const res = await bulletin(query);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ path }));
      expect(res.body.errors.find((e: { path: string }) => e.path === path).message).toContain(label);
      expect(res.body.detail).toContain(label);
    });

  it("两个日期都不对：两个都指明", async () => {
    const res = await bulletin({ from: "十月一日", to: "2026-13-01" });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["from", "to"]);
  });
});

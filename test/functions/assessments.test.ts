/**
 * 月度绩效考核 (制度七; DESIGN §1 Monthly performance deductions) through the API: a month seeded through the
 * handlers on a test clock, the deductions computed by hand from the default rules, 定稿 by the leading group,
 * and a finalized month that never changes afterwards — whatever happens later, whatever new rules version.
 * Then the DUBAN_NOW case over real processes: October scored on 31 October 23:59 equals October scored in December.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../functions/src/domain/types.js";
import { dept, leader, office, testEnv, TestClock, uniquePrefix } from "../support/api.js";
import { type ApiProcess, startApiProcess } from "../support/api-process.js";
import { departments, Desk, type ItemRef, type Line, lineRows } from "../support/assessments-seed.js";

const DEPARTMENTS = departments("tech", "safety");
const tech = dept("tech");
const safety = dept("safety");

const CJK = /[\u4e00-\u9fff]/;

describe("2026年10月的月度考核：与手工计算一致", () => {
  let desk: Desk;
  const ids = {} as Record<"A" | "B" | "C" | "D" | "E", ItemRef>;

  beforeAll(async () => {
    desk = Desk.onHandlers(testEnv({ clock: new TestClock("2026-09-01T02:00:00Z") }));
    await desk.putDepartments(DEPARTMENTS);

    // 9月1日下发，9月2日签收。
    desk.at("2026-09-01T02:00:00Z");
    ids.A = await desk.running(
      { leadDept: "tech", content: "甲：修订安全评价作业指导书", deadline: "2026-10-10" },
      tech,
    );
    ids.B = await desk.running(
      { leadDept: "tech", content: "乙：完成重点客户评价报告", deadline: "2026-10-21", urgency: "urgent" },
      tech,
    );
    ids.C = await desk.running(
      { leadDept: "safety", content: "丙：整改现场检查问题", deadline: "2026-10-05" },
      safety,
    );
    ids.D = await desk.running(
      { leadDept: "safety", content: "丁：组织应急演练", deadline: "2026-10-20" },
      safety,
    );
    ids.E = await desk.running(
      { leadDept: "tech", content: "戊：编制年度培训计划", deadline: "2026-11-30" },
      tech,
    );

    // 乙：期限前（10月15日）申请延期，10月16日被驳回 —— 说明了情况，不扣 R3。
    await desk.at("2026-10-15T02:00:00Z").act(ids.B.id, "request_extension", tech, {
      reason: "客户资料未到齐",
      measures: "已催要资料，先行起草",
      proposedDeadline: "2026-11-15",
    });
    await desk
      .at("2026-10-16T02:00:00Z")
      .act(ids.B.id, "reject_extension", leader, { comment: "请按期完成" });
    // 丙：期限10月5日，10月8日才报告（迟报），10月9日办结。
    await desk.at("2026-10-08T02:00:00Z").report(ids.C.id, safety, "2026-10-08");
    await desk.at("2026-10-09T02:00:00Z").close(ids.C.id);
    // 丁：期限10月20日，10月18日报告、10月19日办结（按期）。
    await desk.at("2026-10-18T02:00:00Z").report(ids.D.id, safety, "2026-10-18");
    await desk.at("2026-10-19T02:00:00Z").close(ids.D.id);
    desk.at("2026-11-02T02:00:00Z");
  }, 60_000);

  it("部门扣分与扣分明细（规则、分值、中文理由）", async () => {
    const res = await desk.assessment("2026-10");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ month: "2026-10", finalized: false, rulesVersion: 0 });
    // 技术部：甲逾期21天（16–30天档）2分 + 甲逾期未说明1分 + 乙特急逾期10天 1×1.5=1.5分 = 4.5分。
    // 安全部：丙逾期未说明1分 + 丙迟报0.5分 = 1.5分；丁按期办结。
    expect(
      res.body.departments.map((d: Record<string, unknown>) => [
        d.deptId,
        d.name,
        d.handled,
        d.closedOnTime,
        d.overdue,
        d.deduction,
        d.awardEligible,
      ]),
    ).toEqual([
      ["tech", "技术部", 3, 0, 2, 4.5, true],
      ["safety", "安全部", 2, 1, 0, 1.5, true],
    ]);
    const lines = res.body.lines as Line[];
    expect(lineRows({ lines })).toEqual([
      ["tech", ids.A.id, ids.A.number, "R1", 2],
      ["tech", ids.A.id, ids.A.number, "R3", 1],
      ["tech", ids.B.id, ids.B.number, "R1", 1.5],
      ["safety", ids.C.id, ids.C.number, "R3", 1],
      ["safety", ids.C.id, ids.C.number, "R4", 0.5],
    ]);
    for (const l of lines) expect(l.reason).toMatch(CJK);
    const [a1, a3, b1, c3, c4] = lines.map((l) => l.reason);
    expect(a1).toContain("2026年10月10日");
    expect(a1).toContain("逾期21天");
    expect(a1).toContain("2分");
    expect(a3).toContain("2026年10月11日起逾期");
    expect(a3).toContain("未申请延期");
    expect(b1).toContain("逾期10天");
    expect(b1).toContain("特急");
    expect(b1).toContain("1.5分");
    expect(c3).toContain("2026年10月6日起逾期");
    expect(c4).toContain("2026年10月8日");
    expect(c4).toContain("2026年10月5日");
    expect(c4).toContain("0.5分");
  });

  it("月份格式不对：400（2026-13）", async () => {
    for (const month of ["2026-13", "2026-1", "202610", "十月"]) {
      const get = await desk.assessment(month);
      expect(get.status).toBe(400);
      expect(get.body.errors[0]).toMatchObject({ path: "month" });
      expect(get.body.detail).toMatch(CJK);
      expect((await desk.finalize(month)).status).toBe(400);
    }
  });

  it("只有领导小组可以定稿：办公室 403；本月尚未结束 409", async () => {
    const byOffice = await desk.finalize("2026-10", office);
    expect(byOffice.status).toBe(403);
    expect(byOffice.body.detail).toContain("定稿");
    const running = await desk.finalize("2026-11");
    expect(running.status).toBe(409);
    expect(running.body.detail).toContain("尚未结束");
    expect((await desk.assessment("2026-10")).body.finalized).toBe(false);
  });

  it("领导小组定稿（201）；再定稿 409；此后的事件和新规则版本都不改变已定稿的十月", async () => {
    const preview = (await desk.assessment("2026-10")).body;
    const done = await desk.finalize("2026-10", leader);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      month: "2026-10",
      finalized: true,
      rulesVersion: 0,
      finalizedBy: leader.name,
    });
    expect(done.body.departments).toEqual(preview.departments);
    expect(done.body.lines).toEqual(preview.lines);

    const twice = await desk.finalize("2026-10", leader);
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain("已定稿");

    // 十一月、十二月继续办理：甲迟报后办结，乙申请延期获批，戊办结。
    await desk.at("2026-11-05T02:00:00Z").report(ids.A.id, tech, "2026-11-05");
    await desk.at("2026-11-06T02:00:00Z").close(ids.A.id);
    await desk.at("2026-11-10T02:00:00Z").act(ids.B.id, "request_extension", tech, {
      reason: "客户推迟验收",
      measures: "按新的验收时间安排",
      proposedDeadline: "2027-06-30",
    });
    await desk
      .at("2026-11-11T02:00:00Z")
      .act(ids.B.id, "approve_extension", leader, { deadline: "2026-12-20" });
    await desk.at("2026-12-03T02:00:00Z").report(ids.E.id, tech, "2026-12-02");
    await desk.at("2026-12-04T02:00:00Z").close(ids.E.id);

    // 公司调整了扣分标准（规则第1版：各档翻倍）。
    await desk.reviseRules(0, {
      r1Tiers: [
        { maxDays: 15, points: 2 },
        { maxDays: 30, points: 4 },
        { maxDays: null, points: 6 },
      ],
    });

    const frozen = await desk.assessment("2026-10");
    expect(frozen.status).toBe(200);
    expect(frozen.body).toMatchObject({ month: "2026-10", finalized: true, rulesVersion: 0 });
    expect(frozen.body.departments).toEqual(done.body.departments);
    expect(frozen.body.lines).toEqual(done.body.lines);
    expect(frozen.body.finalizedAt).toBe(done.body.finalizedAt);

    // November is not finalized: it is scored with the new version, and 甲's late report counts there.
    const november = await desk.assessment("2026-11");
    expect(november.body).toMatchObject({ finalized: false, rulesVersion: 1 });
    expect(november.body.lines).toContainEqual(
      expect.objectContaining({ itemId: ids.A.id, rule: "R4", points: 0.5 }),
    );
    // 乙's extension (to 12月20日) was approved on 11月11日: not overdue at the end of November.
    expect(november.body.lines.filter((l: { itemId: string }) => l.itemId === ids.B.id)).toEqual([]);
  });
});

describe("DUBAN_NOW：10月31日 23:59 算十月，与 12月15日 再算十月，结果相同（真实进程）", () => {
  const prefix = uniquePrefix();
  let october: ApiProcess;
  let december: ApiProcess;

  beforeAll(async () => {
    const { connectionString } = testEnv({ prefix });
    [october, december] = await Promise.all([
      startApiProcess({ connectionString, prefix, now: "2026-10-31T15:59:00Z" }),
      startApiProcess({ connectionString, prefix, now: "2026-12-15T02:00:00Z" }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([october?.stop(), december?.stop()]);
  });

  it("十月的扣分在十二月重算完全一致（部门与明细），尽管十一月又有新事件", async () => {
    // Every step at the October process's one instant; 通知单 dated 9月1日.
    const atOctober = Desk.overHttp(october.url);
    await atOctober.putDepartments(DEPARTMENTS);
    const running = async (fields: Record<string, unknown>, by: Principal) =>
      (await atOctober.running(fields, by, "2026-09-01")).id;
    const x = await running({ leadDept: "tech", content: "甲：逾期未办结", deadline: "2026-10-10" }, tech);
    const y = await running(
      {
        leadDept: "tech",
        content: "乙：特急逾期，期限后才申请延期",
        deadline: "2026-10-21",
        urgency: "urgent",
      },
      tech,
    );
    await atOctober.act(y, "request_extension", tech, {
      reason: "人手不足",
      measures: "抽调人员",
      proposedDeadline: "2027-06-30",
    });
    const z = await running({ leadDept: "safety", content: "丙：迟报", deadline: "2026-10-05" }, safety);
    await atOctober.report(z, safety, "2026-10-31");
    await running({ leadDept: "safety", content: "丁：尚未到期", deadline: "2026-11-30" }, safety);

    const atMonthEnd = await atOctober.assessment("2026-10");
    expect(atMonthEnd.status).toBe(200);
    expect(atMonthEnd.body.finalized).toBe(false);
    expect(atMonthEnd.body.lines.length).toBeGreaterThanOrEqual(5);

    // 十一月的事件（同一存储，另一个时钟）：甲迟报、乙延期获批、丙办结。
    const desk = Desk.onHandlers(testEnv({ prefix, clock: new TestClock("2026-11-10T02:00:00Z") }));
    for (const id of [x, y, z]) await desk.track(id);
    await desk.report(x, tech, "2026-11-10");
    await desk.act(y, "approve_extension", leader, { deadline: "2026-12-31" });
    await desk.close(z);

    const atDecember = Desk.overHttp(december.url);
    const inDecember = await atDecember.assessment("2026-10");
    expect(inDecember.status).toBe(200);
    expect(inDecember.body.finalized).toBe(false);
    expect(inDecember.body.departments).toEqual(atMonthEnd.body.departments);
    expect(inDecember.body.lines).toEqual(atMonthEnd.body.lines);
    // …while November, scored in December, sees the new events.
    const nov = await atDecember.assessment("2026-11");
    expect(nov.body.lines).toContainEqual(expect.objectContaining({ itemId: x, rule: "R4" }));

    // By hand, on 2026年10月31日 (every step above happened at that one instant, 23:59 北京时间):
    // 甲 R1 逾期21天 2分 + R3 1分; 乙 R1 逾期10天 特急 1×1.5 + R3 1分 (its request came after the deadline);
    // 丙 was 已下发/办理中 past its 10月5日 deadline (overdue from 10月31日: R3 1分) and reported late (R4 0.5分).
    expect(
      atMonthEnd.body.departments.map((d: { deptId: string; deduction: number }) => [d.deptId, d.deduction]),
    ).toEqual([
      ["tech", 5.5],
      ["safety", 1.5],
    ]);
    expect(
      atMonthEnd.body.lines.map((l: { itemId: string; rule: string; points: number }) => [
        l.itemId,
        l.rule,
        l.points,
      ]),
    ).toEqual([
      [x, "R1", 2],
      [x, "R3", 1],
      [y, "R1", 1.5],
      [y, "R3", 1],
      [z, "R3", 1],
      [z, "R4", 0.5],
    ]);
  }, 90_000);
});

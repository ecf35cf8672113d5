/**
 * 月度绩效考核 (DESIGN §1 “Monthly performance deductions”) against cases computed by hand.
 *
 * A year of supervision is seeded through the handlers, the TestClock moving forward step by step (拟办 → 立项 →
 * 下发通知单 → 签收 → …): an item closed late, extensions approved before and after the deadline, an item
 * returned and not rectified, 联合督办 items whose assisting departments bear a share (rules version 1:
 * assistShare 0.5, PUT /api/rules with If-Match "rules-v0"), a department far over the monthly cap, items whose
 * deadline is 2026-10-31 (a month boundary) with events at 23:30 and 00:30 北京时间, and 上报内容严重失实 flags.
 * September, October and November are compared with GET /api/assessments/{month}; October is then finalized, the
 * items edited, November events added and rules version 2 saved: October stays exactly the finalized answer while
 * November's preview changes.
 *
 * Every expected number below is worked out by hand from DESIGN §1 (not from the source) in the comments.
 * Reminder of the rules: R1 at the month's last day, overdue days = last day − effective deadline: ≤15 → 1,
 * 16–30 → 2, >30 → 3, × urgency (普通 1, 特急 1.5, 特别重大 2); R2 +2 when that deadline is a rectification
 * deadline; R3 +1 when the first overdue day falls in the month and no extension was requested by the deadline
 * day; R4 0.5 for a report filed in the month after the effective deadline. An assisting department gets
 * share × points on its own line; per department the total is capped (10).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { dept, leader, office, testEnv, TestClock } from "../support/api.js";
import {
  type AssessmentBody,
  departments,
  Desk,
  type ItemRef as Ref,
  type Line,
  lineRows,
} from "../support/assessments-seed.js";

const DEPARTMENTS = departments("tech", "safety", "fin", "hr", "ops", "audit");
const tech = dept("tech");
const safety = dept("safety");
const fin = dept("fin");
const hr = dept("hr");
const ops = dept("ops");
const audit = dept("audit");

const deptRows = (a: AssessmentBody) =>
  a.departments.map((d) => [d.deptId, d.handled, d.closedOnTime, d.overdue, d.deduction, d.awardEligible]);
/** The reason of the one line of `dept` on `item` for `rule`. */
function reasonOf(a: AssessmentBody, deptId: string, item: Ref, rule: string): string {
  const found = a.lines.filter((l) => l.deptId === deptId && l.itemId === item.id && l.rule === rule);
  expect(found, `${deptId} ${item.id} ${rule}`).toHaveLength(1);
  return found[0]!.reason;
}
/** Sum of points in hundredths (no float noise). */
const sumPoints = (lines: Line[]) => lines.reduce((s, l) => s + Math.round(l.points * 100), 0) / 100;

type Key = "A" | "B" | "C" | "D" | "E" | "H1" | "H2" | "H3" | "G" | "I" | "K" | "J" | "B2";

describe("月度考核：手工计算的案例（9月、10月定稿、11月）", () => {
  let desk: Desk;
  const r = {} as Record<Key, Ref>;
  let september: AssessmentBody;
  let octoberPreview: AssessmentBody;
  let novemberEarly: AssessmentBody;
  let finalized: AssessmentBody;

  beforeAll(async () => {
    desk = Desk.onHandlers(testEnv({ clock: new TestClock("2026-09-01T02:00:00Z") }));
    desk.at("2026-09-01T01:00:00Z");
    await desk.putDepartments(DEPARTMENTS);

    // 规则第1版：协办部门分担 0.5，其余为默认值。
    await desk.reviseRules(0, { assistShare: 0.5 });

    // 9月1日 10:00 北京时间：全部立项、下发（按此顺序取得 1–13 号通知单）并签收。
    desk.at("2026-09-01T02:00:00Z");
    r.A = await desk.running(
      {
        leadDept: "tech",
        assistDepts: ["fin"],
        mode: "joint",
        supervisionGroup: ["督办办公室"],
        content: "甲：迟报后办结",
        deadline: "2026-09-25",
      },
      tech,
      "2026-09-01",
    );
    r.B = await desk.running(
      { leadDept: "tech", content: "乙：期限前获准延期", deadline: "2026-10-15", urgency: "urgent" },
      tech,
    );
    r.C = await desk.running(
      { leadDept: "tech", content: "丙：期限后才申请延期", deadline: "2026-10-08" },
      tech,
    );
    r.D = await desk.running(
      { leadDept: "safety", content: "丁：退回整改未整改", deadline: "2026-10-20" },
      safety,
    );
    r.E = await desk.running(
      {
        leadDept: "fin",
        assistDepts: ["safety"],
        mode: "joint",
        supervisionGroup: ["督办办公室"],
        content: "戊：联合督办逾期",
        deadline: "2026-10-09",
        urgency: "urgent",
      },
      fin,
    );
    for (const [key, name] of [
      ["H1", "己一"],
      ["H2", "己二"],
      ["H3", "己三"],
    ] as const)
      r[key] = await desk.running(
        { leadDept: "hr", content: `${name}：特别重大事项逾期`, deadline: "2026-10-05", urgency: "critical" },
        hr,
      );
    r.G = await desk.running(
      { leadDept: "ops", content: "庚：10月31日到期未办结", deadline: "2026-10-31" },
      ops,
    );
    r.I = await desk.running(
      { leadDept: "ops", content: "壬：10月31日23:30报告", deadline: "2026-10-20" },
      ops,
    );
    r.K = await desk.running(
      { leadDept: "ops", content: "辛：11月1日00:30报告", deadline: "2026-10-31" },
      ops,
      "2026-09-01",
    );
    r.J = await desk.running(
      { leadDept: "audit", content: "癸：上报内容严重失实", deadline: "2026-10-30" },
      audit,
    );
    r.B2 = await desk.running(
      { leadDept: "tech", content: "乙二：期限前申请、期限后获准延期", deadline: "2026-10-15" },
      tech,
    );

    // 丁：9月28日按期报告，9月30日被退回整改，整改时限10月12日 —— 此后再无动作。
    await desk.at("2026-09-28T02:00:00Z").report(r.D.id, safety, "2026-09-28");
    await desk
      .at("2026-09-30T02:00:00Z")
      .act(r.D.id, "return", leader, { opinion: "整改不到位", deadline: "2026-10-12" });

    september = await desk.readAssessment("2026-09");

    // 十月，按时间顺序：
    // 甲：期限9月25日，10月9日才报告（迟报），10月10日办结。
    // 乙：期限10月15日；10月10日（期限前）申请延期，10月12日获准延至11月20日。
    // 癸：10月10日按期报告，10月12日办结，10月15日被认定上报内容严重失实。
    // 乙二：期限10月15日；10月14日（期限前）申请延期，10月20日（期限后）才获准延至11月25日。
    // 丙：期限10月8日，10月20日（期限后）才申请延期，至月底未获批。
    await desk.at("2026-10-09T02:00:00Z").report(r.A.id, tech, "2026-10-09");
    await desk.at("2026-10-10T02:00:00Z").close(r.A.id);
    await desk.at("2026-10-10T03:00:00Z").act(r.B.id, "request_extension", tech, {
      reason: "客户资料未到齐",
      measures: "已催要资料，先行起草",
      proposedDeadline: "2026-11-20",
    });
    await desk.at("2026-10-10T04:00:00Z").report(r.J.id, audit, "2026-10-10");
    await desk
      .at("2026-10-12T02:00:00Z")
      .act(r.B.id, "approve_extension", leader, { deadline: "2026-11-20" });
    await desk.at("2026-10-12T03:00:00Z").close(r.J.id);
    await desk.at("2026-10-14T02:00:00Z").act(r.B2.id, "request_extension", tech, {
      reason: "外协单位停工",
      measures: "更换外协单位",
      proposedDeadline: "2027-06-30",
    });
    await desk.at("2026-10-15T02:00:00Z").act(r.J.id, "flag_false_report", leader, {
      reason: "上报完成情况与现场核查严重不符",
      seriousConsequence: true,
      consequence: "造成客户投诉",
    });
    await desk.at("2026-10-20T02:00:00Z").act(r.C.id, "request_extension", tech, {
      reason: "设备到货延迟",
      measures: "协调供应商加急",
      proposedDeadline: "2026-12-15",
    });
    await desk
      .at("2026-10-20T03:00:00Z")
      .act(r.B2.id, "approve_extension", leader, { deadline: "2026-11-25" });
    // 壬：期限10月20日，10月31日 23:30 北京时间（15:30Z）报告 —— 属于十月。
    await desk.at("2026-10-31T15:30:00Z").report(r.I.id, ops, "2026-10-31");
    // 辛：期限10月31日，11月1日 00:30 北京时间（10月31日 16:30Z）报告 —— 属于十一月。
    await desk.at("2026-10-31T16:30:00Z").report(r.K.id, ops, "2026-10-31");

    desk.at("2026-11-01T02:00:00Z");
    octoberPreview = await desk.readAssessment("2026-10");
    novemberEarly = await desk.readAssessment("2026-11");
  }, 120_000);

  it("通知单按下发顺序编号", () => {
    const order: Key[] = ["A", "B", "C", "D", "E", "H1", "H2", "H3", "G", "I", "K", "J", "B2"];
    expect(order.map((k) => r[k].number)).toEqual(order.map((_, i) => `陕秦安督字〔2026〕${i + 1}号`));
  });

  it("9月：甲9月25日到期，9月30日逾期5天 → R1 1分 + R3 1分；协办的财务部各分担一半", () => {
    expect(september).toMatchObject({ month: "2026-09", finalized: false, rulesVersion: 1 });
    // handled: every item was open (已下发/办理中) in September, counted for its lead department.
    // tech: 甲乙丙乙二 = 4; safety: 丁 = 1; fin: 戊 = 1; hr: 己一二三 = 3; ops: 庚壬辛 = 3; audit: 癸 = 1.
    // 丁 was reported on time (9月28日) and returned with a rectification deadline of 10月12日: nothing in September.
    // Deductions: tech 甲 R1 1 + R3 1 = 2; fin shares 0.5 + 0.5 = 1. Nobody has been flagged yet.
    expect(deptRows(september)).toEqual([
      ["tech", 4, 0, 1, 2, true],
      ["safety", 1, 0, 0, 0, true],
      ["fin", 1, 0, 0, 1, true],
      ["hr", 3, 0, 0, 0, true],
      ["ops", 3, 0, 0, 0, true],
      ["audit", 1, 0, 0, 0, true],
    ]);
    expect(lineRows(september)).toEqual([
      ["tech", r.A.id, r.A.number, "R1", 1],
      ["tech", r.A.id, r.A.number, "R3", 1],
      ["fin", r.A.id, r.A.number, "R1", 0.5],
      ["fin", r.A.id, r.A.number, "R3", 0.5],
    ]);
    const a1 = reasonOf(september, "tech", r.A, "R1");
    expect(a1).toContain("2026年9月25日");
    expect(a1).toContain("逾期5天");
    expect(a1).toContain("1分");
    expect(reasonOf(september, "tech", r.A, "R3")).toContain("2026年9月26日起逾期");
    const share = reasonOf(september, "fin", r.A, "R1");
    expect(share).toContain("协办");
    expect(share).toContain("0.5");
  });

  it("10月：部门汇总（办理数、按期办结、逾期数、封顶后的扣分、评优资格）", () => {
    expect(octoberPreview).toMatchObject({ month: "2026-10", finalized: false, rulesVersion: 1 });
    // tech 技术部 — handled 甲乙丙乙二 = 4 (甲 open until closed 10月10日); closedOnTime 0 (甲 closed but
    //   reported 10月9日 > 9月25日); overdue 1 (丙).
    //   甲 R4 0.5 (reported 10月9日 after 9月25日; its R1/R3 were September's, it is closed now).
    //   乙: extension approved 10月12日 (before 10月15日) → deadline 11月20日 in force at 10月31日: nothing.
    //   乙二: requested 10月14日, approved 10月20日 (after 10月15日): overdue 10月16日–20日, but excused from R3
    //   (request filed by the deadline day), and 11月25日 is in force at 10月31日 → no R1: nothing.
    //   丙: still 申请延期 with deadline 10月8日: 10月31日 − 10月8日 = 23 days → 2 × 1 = 2 (R1); first overdue
    //   10月9日, request filed 10月20日 > 10月8日 → R3 1.  Total 0.5 + 2 + 1 = 3.50.
    // safety 安全部 — handled 丁 = 1; overdue 1 (丁).
    //   丁: rectification deadline 10月12日, 19 days → R1 2, R2 2, first overdue 10月13日 no request → R3 1 = 5;
    //   戊 (fin leads, safety assists): share 0.5 of R1 3 and R3 1 → 1.5 + 0.5 = 2.  Total 7.00.
    // fin 财务部 — handled 戊 = 1; overdue 1.
    //   戊: deadline 10月9日, 22 days → 2 × 1.5 (特急) = 3 (R1); first overdue 10月10日 → R3 1;
    //   甲 R4 share 0.5 × 0.5 = 0.25.  Total 4.25.
    // hr 人力资源部 — 己一二三: deadline 10月5日, 26 days → 2 × 2 (特别重大) = 4 (R1) + R3 1 = 5 each;
    //   15 points listed, capped at 10.  handled 3, overdue 3.
    // ops 运营部 — handled 庚壬辛 = 3; overdue 0.
    //   庚: deadline 10月31日 is the month's last day → not overdue in October (overdue from 11月1日 00:00).
    //   壬: reported 10月31日 23:30 北京时间 (in October) after 10月20日 → R4 0.5; first overdue 10月21日 → R3 1.
    //   辛: reported 11月1日 00:30 北京时间 — a November event; at 10月31日 it is 办理中 and not overdue.
    //   Total 1.50.
    // audit 审计部 — 癸 reported 10月10日 ≤ 10月30日, closed 10月12日 → handled 1, closedOnTime 1; flagged
    //   上报内容严重失实 on 10月15日 → not eligible for 年度评优 from October on.
    expect(deptRows(octoberPreview)).toEqual([
      ["tech", 4, 0, 1, 3.5, true],
      ["safety", 1, 0, 1, 7, true],
      ["fin", 1, 0, 1, 4.25, true],
      ["hr", 3, 0, 3, 10, true],
      ["ops", 3, 0, 0, 1.5, true],
      ["audit", 1, 1, 0, 0, false],
    ]);
    expect(octoberPreview.departments.map((d) => d.name)).toEqual(DEPARTMENTS.map((d) => d.name));
  });

  it("10月：扣分明细逐条列出（含封顶部门的全部明细、协办部门的分担行）", () => {
    expect(lineRows(octoberPreview)).toEqual([
      ["tech", r.A.id, r.A.number, "R4", 0.5],
      ["tech", r.C.id, r.C.number, "R1", 2],
      ["tech", r.C.id, r.C.number, "R3", 1],
      ["safety", r.D.id, r.D.number, "R1", 2],
      ["safety", r.D.id, r.D.number, "R2", 2],
      ["safety", r.D.id, r.D.number, "R3", 1],
      ["safety", r.E.id, r.E.number, "R1", 1.5],
      ["safety", r.E.id, r.E.number, "R3", 0.5],
      ["fin", r.A.id, r.A.number, "R4", 0.25],
      ["fin", r.E.id, r.E.number, "R1", 3],
      ["fin", r.E.id, r.E.number, "R3", 1],
      ["hr", r.H1.id, r.H1.number, "R1", 4],
      ["hr", r.H1.id, r.H1.number, "R3", 1],
      ["hr", r.H2.id, r.H2.number, "R1", 4],
      ["hr", r.H2.id, r.H2.number, "R3", 1],
      ["hr", r.H3.id, r.H3.number, "R1", 4],
      ["hr", r.H3.id, r.H3.number, "R3", 1],
      ["ops", r.I.id, r.I.number, "R3", 1],
      ["ops", r.I.id, r.I.number, "R4", 0.5],
    ]);
    // The cap: all six lines of hr stay listed (15 points) while its deduction is 10.
    expect(sumPoints(octoberPreview.lines.filter((l) => l.deptId === "hr"))).toBe(15);
    // Every other department's deduction is the plain sum of its lines.
    for (const d of octoberPreview.departments.filter((x) => x.deptId !== "hr"))
      expect(d.deduction, d.deptId).toBe(
        sumPoints(octoberPreview.lines.filter((l) => l.deptId === d.deptId)),
      );
    for (const l of octoberPreview.lines) expect(l.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it("10月：每条扣分的理由说清楚日期、天数、分值", () => {
    const o = octoberPreview;
    // 甲 closed late: the late report in October.
    const a4 = reasonOf(o, "tech", r.A, "R4");
    expect(a4).toContain("2026年10月9日");
    expect(a4).toContain("2026年9月25日");
    expect(a4).toContain("0.5分");
    // 丙: extension requested after the deadline.
    const c1 = reasonOf(o, "tech", r.C, "R1");
    expect(c1).toContain("2026年10月8日");
    expect(c1).toContain("2026年10月31日");
    expect(c1).toContain("逾期23天");
    expect(c1).toContain("2分");
    const c3 = reasonOf(o, "tech", r.C, "R3");
    expect(c3).toContain("2026年10月9日起逾期");
    // 丁: returned, not rectified.
    const d1 = reasonOf(o, "safety", r.D, "R1");
    expect(d1).toContain("整改");
    expect(d1).toContain("2026年10月12日");
    expect(d1).toContain("逾期19天");
    const d2 = reasonOf(o, "safety", r.D, "R2");
    expect(d2).toContain("整改");
    expect(d2).toContain("2分");
    expect(reasonOf(o, "safety", r.D, "R3")).toContain("2026年10月13日起逾期");
    // 戊: the lead department's line and the assisting department's share.
    const e1 = reasonOf(o, "fin", r.E, "R1");
    expect(e1).toContain("逾期22天");
    expect(e1).toContain("特急");
    expect(e1).toContain("3分");
    const e1share = reasonOf(o, "safety", r.E, "R1");
    expect(e1share).toContain("协办");
    expect(e1share).toContain("1.5分");
    expect(reasonOf(o, "fin", r.A, "R4")).toContain("0.25分");
    // 己: critical items.
    const h1 = reasonOf(o, "hr", r.H1, "R1");
    expect(h1).toContain("逾期26天");
    expect(h1).toContain("特别重大");
    expect(h1).toContain("4分");
    // 壬: reported at 23:30 on 10月31日 北京时间.
    const i4 = reasonOf(o, "ops", r.I, "R4");
    expect(i4).toContain("2026年10月31日");
    expect(i4).toContain("2026年10月20日");
    // No line at all for 乙 (extension before the deadline), 庚 and 辛 (deadline 10月31日), 癸 (on time).
    for (const k of ["B", "B2", "G", "K", "J"] as const)
      expect(
        o.lines.filter((l) => l.itemId === r[k].id),
        k,
      ).toEqual([]);
  });

  it("领导小组定稿十月；之后修改事项、十一月新事件、新规则版本：十月不变，十一月预览随之变化", async () => {
    const done = await desk.finalize("2026-10");
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toMatchObject({ month: "2026-10", finalized: true, rulesVersion: 1 });
    expect(done.body.departments).toEqual(octoberPreview.departments);
    expect(done.body.lines).toEqual(octoberPreview.lines);
    finalized = await desk.readAssessment("2026-10");
    expect(finalized.finalized).toBe(true);

    // —— 十一月 ——
    // 辛、壬：11月2日办结（二者的报告都晚于期限，不算按期办结）。
    await desk.at("2026-11-02T02:00:00Z").close(r.K.id);
    await desk.at("2026-11-02T03:00:00Z").close(r.I.id);
    // 新事项 子（审计部）：11月2日登记下发，期限11月20日，11月18日报告，11月19日办结（按期）。
    desk.at("2026-11-02T04:00:00Z");
    const L = await desk.running(
      { leadDept: "audit", content: "子：十一月新事项", deadline: "2026-11-20" },
      audit,
    );
    // 丙：11月3日延期获批至12月15日。
    await desk
      .at("2026-11-03T02:00:00Z")
      .act(r.C.id, "approve_extension", leader, { deadline: "2026-12-15" });
    // 甲（已办结）：11月5日被认定上报内容严重失实。
    await desk.at("2026-11-05T02:00:00Z").act(r.A.id, "flag_false_report", leader, {
      reason: "报告所述成果并未形成",
      seriousConsequence: true,
      consequence: "造成客户投诉",
    });
    // 庚：11月6日改为联合督办，技术部协办（修改事项）；丁报送进展，办公室催办（不改状态）。
    desk.at("2026-11-06T02:00:00Z");
    await desk.edit(r.G.id, {
      mode: "joint",
      assistDepts: ["tech"],
      supervisionGroup: ["督办办公室"],
      owner: "钱七",
    });
    await desk.act(r.D.id, "progress", safety, { note: "正在整改" });
    await desk.act(r.H3.id, "urge", office, { note: "请尽快办理" });
    // 己一：11月10日迟报，11月11日办结；己二：11月10日（期限后）申请延期，未批。
    await desk.at("2026-11-10T02:00:00Z").report(r.H1.id, hr, "2026-11-10");
    await desk.at("2026-11-10T03:00:00Z").act(r.H2.id, "request_extension", hr, {
      reason: "人员调整",
      measures: "重新分工",
      proposedDeadline: "2027-06-30",
    });
    await desk.at("2026-11-11T02:00:00Z").close(r.H1.id);
    // 规则第2版（11月12日）：迟报 1 分，月度封顶 8 分，协办分担仍为 0.5。
    await desk.at("2026-11-12T02:00:00Z").reviseRules(1, { r4Points: 1, monthlyCap: 8 }, office);
    await desk.at("2026-11-18T02:00:00Z").report(L.id, audit, "2026-11-18");
    await desk.at("2026-11-19T02:00:00Z").close(L.id);

    // October: exactly the finalized answer, though rules v2 (cap 8, R4 1) would now give hr 8 and ops 2.
    desk.at("2026-12-01T02:00:00Z");
    const october = await desk.readAssessment("2026-10");
    expect(october).toEqual(finalized);
    expect(october).toMatchObject({ finalized: true, rulesVersion: 1 });
    expect(deptRows(october)).toEqual(deptRows(octoberPreview));
    // Refinalizing is refused and changes nothing.
    const again = await desk.finalize("2026-10");
    expect(again.status).toBe(409);
    expect(await desk.readAssessment("2026-10")).toEqual(finalized);

    // November, scored with rules v2 (tiers 1/2/3, R2 2, R3 1, R4 1, share 0.5, cap 8), at 11月30日:
    // tech — handled 乙丙乙二 = 3 (甲 was closed in October); overdue 2 (乙, 乙二).
    //   乙: deadline 11月20日 (extension), 10 days → 1 × 1.5 = 1.5; first overdue 11月21日 but the request was
    //   filed 10月10日 ≤ 11月20日 → no R3.  丙: deadline 12月15日 now → nothing (its R1/R3 were October's).
    //   庚 share: 庚 now assisted by tech at the month's end → 0.5 × 2 = 1 (R1 only: at 庚's first overdue
    //   instant, 11月1日 00:00, it had no assisting department).
    //   乙二: deadline 11月25日 (extension), 5 days → R1 1; its first overdue day was 10月16日 (October) → no R3.
    //   Total 1.5 + 1 + 1 = 3.50.  甲 flagged 11月5日 → not eligible.
    // safety — handled 丁 = 1; overdue 1.  丁: rectification deadline 10月12日, 49 days → R1 3 + R2 2;
    //   戊 share 0.5 × 4.5 = 2.25.  Total 7.25.
    // fin — handled 戊 = 1; overdue 1.  戊: 10月9日 → 52 days → 3 × 1.5 = 4.5.  Total 4.50.
    // hr — handled 己一二三 = 3 (己一 open until 11月11日); closedOnTime 0 (己一 reported late); overdue 2
    //   (己二 申请延期, 己三).  己一 R4 1 (v2); 己二, 己三: 10月5日 → 56 days → 3 × 2 = 6 each.  15 → cap 8.
    // ops — handled 庚壬辛 = 3 (壬, 辛 were 已报告 until closed 11月2日); closedOnTime 0; overdue 1 (庚).
    //   庚: 10月31日 → 30 days → 2 (R1) + first overdue 11月1日 → R3 1.
    //   辛: reported 11月1日 00:30 after 10月31日 → R4 1 (v2); overdue from 11月1日 00:00 → R3 1.  Total 5.00.
    // audit — handled 子 = 1; closedOnTime 1 (子 reported 11月18日 ≤ 11月20日); 癸 flagged in October →
    //   still not eligible in November.
    const november = await desk.readAssessment("2026-11");
    expect(november).toMatchObject({ month: "2026-11", finalized: false, rulesVersion: 2 });
    expect(deptRows(november)).toEqual([
      ["tech", 3, 0, 2, 3.5, false],
      ["safety", 1, 0, 1, 7.25, true],
      ["fin", 1, 0, 1, 4.5, true],
      ["hr", 3, 0, 2, 8, true],
      ["ops", 3, 0, 1, 5, true],
      ["audit", 1, 1, 0, 0, false],
    ]);
    expect(lineRows(november)).toEqual([
      ["tech", r.B.id, r.B.number, "R1", 1.5],
      ["tech", r.G.id, r.G.number, "R1", 1],
      ["tech", r.B2.id, r.B2.number, "R1", 1],
      ["safety", r.D.id, r.D.number, "R1", 3],
      ["safety", r.D.id, r.D.number, "R2", 2],
      ["safety", r.E.id, r.E.number, "R1", 2.25],
      ["fin", r.E.id, r.E.number, "R1", 4.5],
      ["hr", r.H1.id, r.H1.number, "R4", 1],
      ["hr", r.H2.id, r.H2.number, "R1", 6],
      ["hr", r.H3.id, r.H3.number, "R1", 6],
      ["ops", r.G.id, r.G.number, "R1", 2],
      ["ops", r.G.id, r.G.number, "R3", 1],
      ["ops", r.K.id, r.K.number, "R3", 1],
      ["ops", r.K.id, r.K.number, "R4", 1],
    ]);
    expect(sumPoints(november.lines.filter((l) => l.deptId === "hr"))).toBe(13);
    const g1 = reasonOf(november, "ops", r.G, "R1");
    expect(g1).toContain("2026年10月31日");
    expect(g1).toContain("2026年11月30日");
    expect(g1).toContain("逾期30天");
    expect(reasonOf(november, "ops", r.G, "R3")).toContain("2026年11月1日起逾期");
    const k4 = reasonOf(november, "ops", r.K, "R4");
    expect(k4).toContain("2026年11月1日");
    expect(k4).toContain("2026年10月31日");
    expect(k4).toContain("1分");
    expect(reasonOf(november, "safety", r.D, "R1")).toContain("逾期49天");
    expect(reasonOf(november, "tech", r.B, "R1")).toContain("延期");
    expect(reasonOf(november, "tech", r.B2, "R1")).toContain("逾期5天");

    // The November preview taken on 11月1日 (rules v1, before these events) has changed.
    expect(novemberEarly.rulesVersion).toBe(1);
    expect(november.lines).not.toEqual(novemberEarly.lines);
    expect(novemberEarly.lines.filter((l) => l.itemId === r.C.id).map((l) => l.rule)).toEqual(["R1"]);
    expect(november.lines.filter((l) => l.itemId === r.C.id)).toEqual([]);
  });

  it("认定失实：当年此后各月都不能评优（12月仍不能），次年恢复；此前的月份不受影响", async () => {
    desk.at("2027-02-01T02:00:00Z");
    const eligible = (a: AssessmentBody) =>
      Object.fromEntries(a.departments.map((d) => [d.deptId, d.awardEligible]));
    // 癸 flagged 2026-10-15 (audit), 甲 flagged 2026-11-05 (tech).
    expect(eligible(september)).toMatchObject({ tech: true, audit: true });
    expect(eligible(await desk.readAssessment("2026-10"))).toMatchObject({ tech: true, audit: false });
    expect(eligible(await desk.readAssessment("2026-12"))).toMatchObject({ tech: false, audit: false });
    expect(eligible(await desk.readAssessment("2027-01"))).toMatchObject({ tech: true, audit: true });
  });
});

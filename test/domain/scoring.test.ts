import { describe, expect, it } from "vitest";
import { awardEligibility } from "../../functions/src/domain/bulletin.js";
import type { Rules } from "../../functions/src/domain/rules.js";
import { type Assessment, type AssessmentLine, scoreMonth } from "../../functions/src/domain/scoring.js";
import type { Department, ItemEvent, Urgency } from "../../functions/src/domain/types.js";
import { DEPARTMENTS, rulesVersion, type Story, story } from "./scoring-fixtures.js";

type HistorySource = Story | readonly ItemEvent[];

function score(
  month: string,
  items: HistorySource[],
  rules: Partial<Rules> = {},
  departments: Department[] = DEPARTMENTS,
): Assessment {
  const histories = items.map((s) => ("events" in s ? s.events() : s));
  return scoreMonth({ month, histories, rules: rulesVersion(rules), departments });
}

const linesOf = (a: Assessment, filter: Partial<AssessmentLine> = {}) =>
  a.lines.filter((l) => Object.entries(filter).every(([k, v]) => l[k as keyof AssessmentLine] === v));
const dept = (a: Assessment, id: string) => {
  const d = a.departments.find((x) => x.deptId === id);
  if (!d) throw new Error(`no department ${id}`);
  return d;
};
const pointsOf = (a: Assessment, filter: Partial<AssessmentLine>) => linesOf(a, filter).map((l) => l.points);

/** An item in progress since September with the given deadline and urgency, never reported. */
const overdueItem = (
  id: string,
  deadline: string,
  urgency: Urgency = "normal",
  lead = "aq",
  assist: string[] = [],
) => story(id).running({ deadline, urgency, leadDept: lead, assistDepts: assist }, "2026-09-01");

describe("R1 逾期未办结：按逾期天数分档、乘紧急程度系数", () => {
  // 2026 年 10 月的最后一天是 10 月 31 日：逾期天数 = 2026-10-31 − 完成时限。
  const cases: { days: number; deadline: string; base: number }[] = [
    { days: 15, deadline: "2026-10-16", base: 1 },
    { days: 16, deadline: "2026-10-15", base: 2 },
    { days: 30, deadline: "2026-10-01", base: 2 },
    { days: 31, deadline: "2026-09-30", base: 3 },
  ];
  const factors: { urgency: Urgency; label: string; factor: number }[] = [
    { urgency: "normal", label: "普通", factor: 1 },
    { urgency: "urgent", label: "特急", factor: 1.5 },
    { urgency: "critical", label: "特别重大", factor: 2 },
  ];
  for (const c of cases)
    for (const f of factors)
      it(`逾期 ${c.days} 天的${f.label}事项扣 ${c.base * f.factor} 分`, () => {
        const a = score("2026-10", [overdueItem("i1", c.deadline, f.urgency)]);
        expect(pointsOf(a, { rule: "R1" })).toEqual([c.base * f.factor]);
        expect(linesOf(a, { rule: "R1" })[0]!.reason).toContain(`逾期${c.days}天仍未办结`);
        expect(linesOf(a, { rule: "R1" })[0]!.reason).toContain(
          `${f.label}事项×${f.factor}，扣${c.base * f.factor}分`,
        );
        expect(dept(a, "aq").overdue).toBe(1);
      });

  it("逾期 20 天的特急事项扣 3 分，理由写明时限、日期、天数和系数", () => {
    const a = score("2026-10", [overdueItem("i1", "2026-10-11", "urgent")]);
    const [line] = linesOf(a, { rule: "R1" });
    expect(line).toMatchObject({
      deptId: "aq",
      itemId: "i1",
      noticeNumber: "陕秦安督字〔2026〕1号",
      content: "督办事项i1",
      points: 3,
    });
    expect(line!.reason).toBe(
      "完成时限2026年10月11日，截至2026年10月31日逾期20天仍未办结（逾期16至30天计2分），特急事项×1.5，扣3分",
    );
  });

  it("完成时限为月末最后一天的事项，当月不算逾期", () => {
    const s = overdueItem("i1", "2026-10-31");
    const october = score("2026-10", [s]);
    expect(october.lines).toEqual([]);
    expect(dept(october, "aq").overdue).toBe(0);
    const november = score("2026-11", [s]);
    expect(pointsOf(november, { rule: "R1" })).toEqual([2]); // 30 天
    expect(linesOf(november, { rule: "R3" })[0]!.reason).toBe(
      "2026年11月1日起逾期，完成时限2026年10月31日前未申请延期或说明情况，扣1分",
    );
  });

  it("已报告、已办结或已撤销的事项不计 R1", () => {
    const reported = overdueItem("r", "2026-10-10").on("2026-10-20").report();
    const closed = overdueItem("c", "2026-10-10").on("2026-10-20").report().close();
    const cancelled = overdueItem("x", "2026-10-10").on("2026-10-20").cancel();
    const a = score("2026-10", [reported, closed, cancelled]);
    expect(linesOf(a, { rule: "R1" })).toEqual([]);
    expect(dept(a, "aq").overdue).toBe(0);
  });

  it("已下发未签收、申请延期待批的事项同样计 R1", () => {
    const notified = story("n").on("2026-09-01").create({ deadline: "2026-10-10" }).approve().issue();
    const pending = overdueItem("p", "2026-10-10").on("2026-10-12").requestExtension("2026-11-30");
    const a = score("2026-10", [notified, pending]);
    expect(linesOf(a, { rule: "R1" }).map((l) => [l.itemId, l.points])).toEqual([
      ["n", 2],
      ["p", 2],
    ]);
  });
});

describe("R2 未按要求整改：退回整改后整改时限已过仍未办结，在 R1 之上加扣", () => {
  it("整改时限 10 月 20 日已过：R1 扣 1 分，R2 加扣 2 分", () => {
    const s = overdueItem("i1", "2026-10-10").on("2026-10-05").report().on("2026-10-08").return("2026-10-20");
    const a = score("2026-10", [s]);
    expect(linesOf(a).map((l) => [l.rule, l.points])).toEqual([
      ["R1", 1],
      ["R2", 2],
      ["R3", 1],
    ]);
    expect(linesOf(a, { rule: "R1" })[0]!.reason).toBe(
      "整改完成时限2026年10月20日，截至2026年10月31日逾期11天仍未办结（逾期1至15天计1分），普通事项×1，扣1分",
    );
    expect(linesOf(a, { rule: "R2" })[0]!.reason).toBe(
      "退回整改的完成时限2026年10月20日已过，截至2026年10月31日仍未按要求整改，加扣2分",
    );
    expect(dept(a, "aq")).toMatchObject({ rawPoints: 4, deduction: 4, overdue: 1 });
  });

  it("整改时限未到不扣分；按期重新报告后也不扣", () => {
    const notYet = overdueItem("a", "2026-10-10")
      .on("2026-10-05")
      .report()
      .on("2026-10-08")
      .return("2026-10-31");
    const redone = overdueItem("b", "2026-10-10")
      .on("2026-10-05")
      .report()
      .on("2026-10-08")
      .return("2026-10-20")
      .on("2026-10-19")
      .report();
    const a = score("2026-10", [notYet, redone]);
    expect(a.lines).toEqual([]);
  });

  it("延期后逾期不计 R2（不是整改时限）", () => {
    const s = overdueItem("i1", "2026-10-01")
      .on("2026-09-20")
      .requestExtension()
      .approveExtension("2026-10-10");
    const a = score("2026-10", [s]);
    expect(linesOf(a, { rule: "R2" })).toEqual([]);
    expect(linesOf(a, { rule: "R1" })[0]!.reason).toContain("延期后的完成时限2026年10月10日");
  });
});

describe("R3 逾期未说明：首次逾期所在月份，完成时限前未申请延期", () => {
  it("完成时限前未申请延期，首次逾期当月扣 1 分", () => {
    const a = score("2026-10", [overdueItem("i1", "2026-10-10")]);
    expect(linesOf(a, { rule: "R3" }).map((l) => [l.points, l.reason])).toEqual([
      [1, "2026年10月11日起逾期，完成时限2026年10月10日前未申请延期或说明情况，扣1分"],
    ]);
  });

  it("完成时限当天申请延期（即使被驳回）不扣 R3，但仍计 R1", () => {
    const s = overdueItem("i1", "2026-10-10")
      .on("2026-10-10", "23:59")
      .requestExtension()
      .on("2026-10-12")
      .rejectExtension();
    const a = score("2026-10", [s]);
    expect(linesOf(a).map((l) => l.rule)).toEqual(["R1"]);
  });

  it("逾期后才申请延期，仍扣 R3", () => {
    const s = overdueItem("i1", "2026-10-10").on("2026-10-11", "00:00").requestExtension();
    expect(pointsOf(score("2026-10", [s]), { rule: "R3" })).toEqual([1]);
  });

  it("只在首次逾期的月份扣一次，之后各月只计 R1", () => {
    const s = overdueItem("i1", "2026-09-25");
    expect(pointsOf(score("2026-09", [s]), { rule: "R3" })).toEqual([1]);
    const october = score("2026-10", [s]);
    expect(linesOf(october).map((l) => [l.rule, l.points])).toEqual([["R1", 3]]); // 36 天
    // 延期后再次逾期也不是“首次逾期”。
    const again = overdueItem("j", "2026-09-25")
      .on("2026-10-05")
      .requestExtension()
      .approveExtension("2026-11-10");
    const november = score("2026-11", [again]);
    expect(linesOf(november).map((l) => [l.rule, l.points])).toEqual([["R1", 2]]); // 20 天
  });

  it("补登的通知单（下发日期早于登记当日）已过完成时限：登记当日即为首次逾期日", () => {
    const s = story("late")
      .on("2026-10-01")
      .create({ deadline: "2026-10-10" })
      .approve()
      .on("2026-10-15")
      .issue({ issueDate: "2026-10-08" });
    const a = score("2026-10", [s]);
    expect(linesOf(a, { rule: "R3" })[0]!.reason).toBe(
      "2026年10月15日起逾期，完成时限2026年10月10日前未申请延期或说明情况，扣1分",
    );
  });

  it("完成时限前已报告的事项不会逾期", () => {
    const s = overdueItem("i1", "2026-10-10").on("2026-10-10").report();
    expect(score("2026-10", [s]).lines).toEqual([]);
  });
});

describe("R4 迟报：当月报送的办结报告晚于完成时限", () => {
  it("10 月 15 日报送，晚于完成时限 10 月 10 日，扣 0.5 分", () => {
    const s = overdueItem("i1", "2026-10-10").on("2026-10-15").report();
    const a = score("2026-10", [s]);
    expect(linesOf(a, { rule: "R4" }).map((l) => [l.points, l.reason])).toEqual([
      [0.5, "2026年10月15日报送办结报告，晚于完成时限2026年10月10日，扣0.5分"],
    ]);
    expect(pointsOf(a, { rule: "R3" })).toEqual([1]);
    expect(dept(a, "aq").rawPoints).toBe(1.5);
  });

  it("完成时限当天（北京时间深夜）报送，不算迟报", () => {
    const s = overdueItem("i1", "2026-10-10").at("2026-10-10T15:59:00Z").report();
    expect(score("2026-10", [s]).lines).toEqual([]);
  });

  it("上月的迟报不计入本月", () => {
    const s = overdueItem("i1", "2026-09-10").on("2026-09-20").report();
    expect(pointsOf(score("2026-09", [s]), { rule: "R4" })).toEqual([0.5]);
    expect(score("2026-10", [s]).lines).toEqual([]);
  });

  it("退回后再次迟报，按整改时限再扣一次", () => {
    const s = overdueItem("i1", "2026-10-10")
      .on("2026-10-12")
      .report()
      .on("2026-10-13")
      .return("2026-10-20")
      .on("2026-10-25")
      .report();
    const a = score("2026-10", [s]);
    expect(linesOf(a, { rule: "R4" }).map((l) => l.reason)).toEqual([
      "2026年10月12日报送办结报告，晚于完成时限2026年10月10日，扣0.5分",
      "2026年10月25日报送办结报告，晚于整改完成时限2026年10月20日，扣0.5分",
    ]);
  });
});

describe("延期：批准后的时限生效", () => {
  it("完成时限前批准延期，当月不计 R1、R3", () => {
    const s = overdueItem("i1", "2026-10-10")
      .on("2026-10-05")
      .requestExtension("2026-11-15")
      .on("2026-10-08")
      .approveExtension("2026-11-15");
    expect(score("2026-10", [s]).lines).toEqual([]);
    expect(dept(score("2026-10", [s]), "aq").overdue).toBe(0);
  });

  it("逾期后批准延期：新时限生效后 R1 停止；生效前的月份仍计", () => {
    const s = overdueItem("i1", "2026-10-10")
      .on("2026-10-12")
      .requestExtension("2026-11-10")
      .on("2026-11-05")
      .approveExtension("2026-11-10");
    const october = score("2026-10", [s]);
    expect(linesOf(october).map((l) => [l.rule, l.points])).toEqual([
      ["R1", 2],
      ["R3", 1],
    ]);
    expect(linesOf(october, { rule: "R1" })[0]!.reason).toContain("完成时限2026年10月10日");
    const november = score("2026-11", [s]);
    expect(linesOf(november).map((l) => [l.rule, l.points])).toEqual([["R1", 2]]); // 2026-11-10 → 11-30：20 天
    const approvedEarlier = overdueItem("j", "2026-10-10")
      .on("2026-10-12")
      .requestExtension()
      .on("2026-10-20")
      .approveExtension("2026-11-10");
    expect(linesOf(score("2026-10", [approvedEarlier])).map((l) => l.rule)).toEqual(["R3"]);
  });
});

describe("协办部门分担", () => {
  const joint = () => overdueItem("i1", "2026-10-10", "urgent", "aq", ["js", "zh"]);

  it("分担比例为 0：牵头部门承担全部，协办部门无扣分", () => {
    const a = score("2026-10", [joint()]);
    expect(linesOf(a).map((l) => l.deptId)).toEqual(["aq", "aq"]);
    expect(dept(a, "js").rawPoints).toBe(0);
  });

  it("分担比例为 0.5：牵头部门全额，每个协办部门各有一行一半", () => {
    const a = score("2026-10", [joint()], { assistShare: 0.5 });
    expect(linesOf(a).map((l) => [l.deptId, l.rule, l.points, l.share ?? false])).toEqual([
      ["aq", "R1", 3, false],
      ["aq", "R3", 1, false],
      ["js", "R1", 1.5, true],
      ["js", "R3", 0.5, true],
      ["zh", "R1", 1.5, true],
      ["zh", "R3", 0.5, true],
    ]);
    expect(linesOf(a, { deptId: "js", rule: "R1" })[0]!.reason).toBe(
      "协办部门按0.5分担：完成时限2026年10月10日，截至2026年10月31日逾期21天仍未办结（逾期16至30天计2分），特急事项×1.5，牵头部门扣3分，本部门分担1.5分",
    );
    expect(a.departments.map((d) => [d.deptId, d.rawPoints, d.overdue])).toEqual([
      ["aq", 4, 1],
      ["js", 2, 0],
      ["zh", 2, 0],
    ]);
  });

  it("分担额四舍五入到分：0.5 分的 1/3 记 0.17 分", () => {
    const s = overdueItem("i1", "2026-10-10", "normal", "aq", ["js"]).on("2026-10-15").report();
    const a = score("2026-10", [s], { assistShare: 0.33, r3Points: 0 });
    expect(pointsOf(a, { deptId: "js" })).toEqual([0.17]); // 0.5 × 0.33 = 0.165 → 0.17
  });
});

describe("月度扣分上限", () => {
  it("扣分行全部列出，部门合计封顶 10 分", () => {
    const items = ["a", "b", "c", "d"].map((id, i) =>
      story(id).running({ deadline: "2026-09-20", urgency: "critical" }, "2026-09-01", 10 - i),
    );
    const a = score("2026-10", items);
    expect(a.lines).toHaveLength(4);
    expect(a.lines.every((l) => l.points === 6)).toBe(true); // 41 天，3 分 × 2
    expect(dept(a, "aq")).toMatchObject({ rawPoints: 24, deduction: 10, capped: true });
  });

  it("合计不带浮点误差，最多两位小数", () => {
    const items = ["a", "b", "c"].map((id) => overdueItem(id, "2026-10-10").on("2026-10-15").report());
    const a = score("2026-10", items, { r4Points: 0.1, r3Points: 0.2, monthlyCap: 0.85 });
    expect(dept(a, "aq")).toMatchObject({ rawPoints: 0.9, deduction: 0.85, capped: true });
    const b = score("2026-10", items, { r4Points: 0.1, r3Points: 0.2 });
    expect(dept(b, "aq")).toMatchObject({ rawPoints: 0.9, deduction: 0.9, capped: false });
  });

  it("分值 × 系数四舍五入到两位小数", () => {
    const rules: Partial<Rules> = {
      r1Tiers: [
        { maxDays: 15, points: 1.25 },
        { maxDays: null, points: 2 },
      ],
      urgencyFactors: { normal: 1, urgent: 1.5, critical: 2 },
    };
    const a = score("2026-10", [overdueItem("i1", "2026-10-20", "urgent")], rules);
    expect(linesOf(a, { rule: "R1" }).map((l) => [l.points, l.reason])).toEqual([
      [
        1.88,
        "完成时限2026年10月20日，截至2026年10月31日逾期11天仍未办结（逾期1至15天计1.25分），特急事项×1.5，扣1.88分",
      ],
    ]);
  });
});

describe("部门统计：承办、按期办结、逾期", () => {
  it("按月统计各部门的承办、按期办结和逾期事项", () => {
    const items = [
      overdueItem("open-since-sept", "2026-12-31"), // 月初已在办：承办
      story("issued-in-oct").on("2026-10-20").create({ deadline: "2026-12-31" }).approve().issue(), // 月内下发：承办
      overdueItem("closed-in-sept", "2026-09-20").on("2026-09-10").report().close(), // 上月已办结：不计
      story("registered").on("2026-10-02").create({ deadline: "2026-12-31" }).approve(), // 未下发：不计
      overdueItem("on-time", "2026-10-10").on("2026-10-10").report().on("2026-10-16").close(), // 按期办结
      overdueItem("late", "2026-10-10").on("2026-10-12").report().on("2026-10-16").close(), // 迟报后办结
      overdueItem("cancel-sept", "2026-12-31").on("2026-09-15").cancel(), // 上月撤销：不计
      overdueItem("cancel-oct", "2026-12-31").on("2026-10-05").cancel(), // 月内撤销：月初在办，计承办
      overdueItem("overdue", "2026-10-10"), // 逾期
      overdueItem("js-item", "2026-10-10", "normal", "js"), // 技术质量部的事项
      overdueItem("next-month", "2026-12-31").on("2026-11-01").report(), // 月后的变化不影响
    ];
    const a = score("2026-10", items);
    expect(dept(a, "aq")).toMatchObject({ handled: 7, closedOnTime: 1, overdue: 1 });
    expect(dept(a, "js")).toMatchObject({ handled: 1, closedOnTime: 0, overdue: 1 });
    expect(dept(a, "zh")).toMatchObject({
      handled: 0,
      closedOnTime: 0,
      overdue: 0,
      deduction: 0,
      awardEligible: true,
    });
  });

  it("9 月报告、10 月办结：报告在时限内即算按期办结", () => {
    const s = overdueItem("i1", "2026-09-30").on("2026-09-28").report().on("2026-10-08").close();
    expect(dept(score("2026-10", [s]), "aq")).toMatchObject({ handled: 1, closedOnTime: 1 });
    expect(dept(score("2026-09", [s]), "aq")).toMatchObject({ handled: 1, closedOnTime: 0 });
  });
});

describe("上报内容严重失实：取消当年评优评先资格", () => {
  const flagged = () =>
    overdueItem("i1", "2026-10-10")
      .on("2026-10-08")
      .report()
      .on("2026-10-09")
      .close()
      .on("2026-10-20")
      .flagFalseReport("隐瞒事故");

  it("认定当月及当年以后各月均无评优资格，并列明事项", () => {
    for (const month of ["2026-10", "2026-11", "2026-12"]) {
      const d = dept(score(month, [flagged()]), "aq");
      expect(d.awardEligible).toBe(false);
      expect(d.falseReports).toEqual([{ itemId: "i1", reason: "隐瞒事故", at: "2026-10-20T02:00:00.000Z" }]);
    }
  });

  it("认定之前的月份和次年恢复", () => {
    expect(dept(score("2026-09", [flagged()]), "aq").awardEligible).toBe(true);
    expect(dept(score("2027-01", [flagged()]), "aq")).toMatchObject({
      awardEligible: true,
      falseReports: [],
    });
  });

  it("协办部门不受影响", () => {
    const s = overdueItem("i1", "2026-10-10", "normal", "aq", ["js"])
      .on("2026-10-08")
      .report()
      .flagFalseReport();
    const a = score("2026-10", [s], { assistShare: 0.5 });
    expect(dept(a, "js").awardEligible).toBe(true);
    expect(dept(a, "aq").awardEligible).toBe(false);
  });

  it("2027 年 1 月 1 日凌晨（北京时间）认定 2026 年所报工作严重失实：取消的是 2026 年，2027 年各月不受影响", () => {
    const s = overdueItem("i1", "2026-12-31")
      .at("2026-12-31T15:30:00Z") // 2026-12-31 23:30 CST
      .report()
      .at("2026-12-31T16:30:00Z") // 2027-01-01 00:30 CST
      .flagFalseReport();
    // A past month never changes: December was scored before the flag.
    expect(dept(score("2026-12", [s]), "aq").awardEligible).toBe(true);
    expect(dept(score("2027-01", [s]), "aq").awardEligible).toBe(true);
    const year = (y: number) =>
      awardEligibility({
        year: y,
        histories: [s.events()],
        departments: DEPARTMENTS,
        accountability: [],
      }).find((d) => d.deptId === "aq")!;
    expect(year(2026)).toMatchObject({ eligible: false, reasons: [expect.stringContaining("严重失实")] });
    expect(year(2027).eligible).toBe(true);
  });

  it("2027 年 1 月 1 日凌晨报送、当晚认定严重失实：2027 年全年取消，2028 年恢复", () => {
    const s = overdueItem("i1", "2027-01-31")
      .at("2026-12-31T16:10:00Z") // 2027-01-01 00:10 CST
      .report()
      .at("2026-12-31T16:30:00Z")
      .flagFalseReport();
    expect(dept(score("2026-12", [s]), "aq").awardEligible).toBe(true);
    expect(dept(score("2027-01", [s]), "aq").awardEligible).toBe(false);
    expect(dept(score("2027-12", [s]), "aq").awardEligible).toBe(false);
    expect(dept(score("2028-01", [s]), "aq").awardEligible).toBe(true);
  });

  it("认定失实但未造成较大后果：各月与全年都不取消评优评先", () => {
    const s = overdueItem("i1", "2026-10-10")
      .on("2026-10-08")
      .report()
      .flagFalseReport("个别数据有误", false);
    expect(dept(score("2026-10", [s]), "aq").awardEligible).toBe(true);
    expect(
      awardEligibility({
        year: 2026,
        histories: [s.events()],
        departments: DEPARTMENTS,
        accountability: [],
      })[0]!.eligible,
    ).toBe(true);
  });
});

describe("月份边界一律按北京时间", () => {
  it("2026-10-31T16:30Z 的报告属于 11 月：10 月仍计逾期，11 月计迟报", () => {
    const s = overdueItem("i1", "2026-10-10").at("2026-10-31T16:30:00Z").report();
    const october = score("2026-10", [s]);
    expect(linesOf(october).map((l) => l.rule)).toEqual(["R1", "R3"]);
    const november = score("2026-11", [s]);
    expect(linesOf(november).map((l) => [l.rule, l.reason])).toEqual([
      ["R4", "2026年11月1日报送办结报告，晚于完成时限2026年10月10日，扣0.5分"],
    ]);
  });

  it("月末最后一毫秒的事件属于本月", () => {
    const s = overdueItem("i1", "2026-10-10").at("2026-10-31T15:59:59.999Z").report();
    expect(linesOf(score("2026-10", [s])).map((l) => l.rule)).toEqual(["R3", "R4"]);
  });

  it("12 月补算 10 月，与 10 月 31 日 23:59 计算的结果相同", () => {
    const s = overdueItem("i1", "2026-10-10", "urgent", "aq", ["js"])
      .on("2026-10-31", "23:59")
      .progress()
      .on("2026-11-02")
      .requestExtension()
      .on("2026-11-03")
      .approveExtension("2026-12-31")
      .on("2026-11-04")
      .edit({ assistDepts: ["zh"] })
      .on("2026-12-01")
      .report()
      .close();
    const all = s.events();
    const cut = all.filter((e) => e.at <= "2026-10-31T15:59:59.999Z");
    expect(cut.length).toBeLessThan(all.length);
    expect(score("2026-10", [all], { assistShare: 0.5 })).toEqual(
      score("2026-10", [cut], { assistShare: 0.5 }),
    );
  });
});

describe("结果的结构", () => {
  it("列出全部已配置部门（按配置顺序）以及事项上出现的未配置部门", () => {
    const a = score("2026-10", [
      overdueItem("i1", "2026-10-10", "normal", "ghost", ["aq"]),
      overdueItem("i2", "2026-12-31", "normal", "zh"),
    ]);
    expect(a.departments.map((d) => [d.deptId, d.name])).toEqual([
      ["aq", "安全评价部"],
      ["js", "技术质量部"],
      ["zh", "综合办公室"],
      ["ghost", "ghost"],
    ]);
    expect(a).toMatchObject({
      month: "2026-10",
      finalized: false,
      finalizedAt: null,
      finalizedBy: null,
      rulesVersion: 1,
    });
    expect(dept(a, "js")).toEqual({
      deptId: "js",
      name: "技术质量部",
      handled: 0,
      closedOnTime: 0,
      overdue: 0,
      rawPoints: 0,
      deduction: 0,
      capped: false,
      awardEligible: true,
      falseReports: [],
      awardLosses: [],
    });
  });

  it("扣分行按部门顺序、通知单号、规则排列", () => {
    const items = [
      overdueItem("z", "2026-10-10", "normal", "js"),
      story("y").running({ deadline: "2026-10-10" }, "2026-09-01", 10),
      story("x").running({ deadline: "2026-10-10" }, "2026-09-01", 2),
      story("w").running({ deadline: "2026-10-10" }, "2026-09-01", 2),
    ];
    const a = score("2026-10", items, {}, [DEPARTMENTS[1]!, DEPARTMENTS[0]!]);
    expect(a.lines.map((l) => `${l.deptId} ${l.noticeNumber} ${l.itemId} ${l.rule}`)).toEqual([
      "js 陕秦安督字〔2026〕1号 z R1",
      "js 陕秦安督字〔2026〕1号 z R3",
      "aq 陕秦安督字〔2026〕2号 w R1",
      "aq 陕秦安督字〔2026〕2号 w R3",
      "aq 陕秦安督字〔2026〕2号 x R1",
      "aq 陕秦安督字〔2026〕2号 x R3",
      "aq 陕秦安督字〔2026〕10号 y R1",
      "aq 陕秦安督字〔2026〕10号 y R3",
    ]);
  });

  it("月后才登记的事项不出现", () => {
    const a = score("2026-10", [story("later").on("2026-11-02").create({ leadDept: "new-dept" })]);
    expect(a.departments.map((d) => d.deptId)).toEqual(["aq", "js", "zh"]);
  });

  it("记录所用规则版本", () => {
    const a = scoreMonth({
      month: "2026-10",
      histories: [],
      rules: rulesVersion({}, 7),
      departments: DEPARTMENTS,
    });
    expect(a.rulesVersion).toBe(7);
  });

  it("无效月份被拒绝", () => {
    expect(() => score("2026-13", [])).toThrow(RangeError);
  });
});

/**
 * Report sheets (督办通报, 催办清单, 月度考核, 考核规则, the year view) rendered from the real API's answers for a
 * seeded set: the figures in the sheet are the API's, markers and lines say what the sheet is (预览 / 已定稿,
 * rules version), each sheet has its one chart, re-rendering replaces content and chart, and sheet names are
 * legal Excel names.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ApiItem } from "../../addin/src/api/client";
import {
  assessmentSpec,
  bulletinSpec,
  renderReport,
  type ReportSpec,
  rulesSpec,
  urgeListSpec,
  yearSpec,
} from "../../addin/src/excel/reportSheets";
import type { Bulletin } from "../../functions/src/domain/bulletin";
import { STATUS_LABELS, STATUSES, type Principal } from "../../functions/src/domain/types";
import { dept, invoke, office, TestClock } from "../support/api";
import type { ExcelFake } from "../support/excel-fake";
import {
  act,
  DEPARTMENTS,
  newWorkbook,
  NOW,
  on,
  realStack,
  seedItem,
  serial,
  type Stack,
  TODAY,
} from "../support/excel-helpers";

const COMPANY = "陕西秦安煤矿安全评价事务有限公司";
const clock = new TestClock("2026-09-01T02:00:00Z");
let stack: Stack;
let fake: ExcelFake;

/** 拟办 → 审定 → 下发 → 签收 on 2026-09-01. */
async function running(fields: Record<string, unknown>, by: Principal): Promise<ApiItem> {
  clock.set("2026-09-01T02:00:00Z");
  const item = await seedItem(stack.env, fields);
  const issued = await invoke(stack.env.deps, "issueNotice", { as: office, body: { itemIds: [item.id] } });
  expect(issued.status).toBe(201);
  return act(stack.env, issued.body.items[0] as ApiItem, "acknowledge", by);
}

async function reportAndClose(item: ApiItem, by: Principal, reportDay: string, closeDay: string) {
  clock.set(`${reportDay}T02:00:00Z`);
  const reported = await act(stack.env, item, "report", by, {
    completedFrom: "2026-09-01",
    completedTo: reportDay,
    summary: "已完成",
    leadOpinion: "同意报结",
  });
  clock.set(`${closeDay}T02:00:00Z`);
  return act(
    stack.env,
    reported,
    "close",
    { id: "u-l", name: "李组长", roles: ["leader"] },
    { opinion: "同意办结" },
  );
}

beforeAll(async () => {
  stack = await realStack(DEPARTMENTS, clock);
  const tech = dept("tech");
  const safety = dept("safety");
  await running({ content: "甲：修订作业指导书", leadDept: "tech", deadline: "2026-10-10" }, tech);
  await running(
    { content: "乙：重点客户评价报告", leadDept: "tech", deadline: "2026-10-21", urgency: "urgent" },
    tech,
  );
  const c = await running(
    { content: "丙：整改检查问题", leadDept: "safety", supervisedDept: "安全部", deadline: "2026-10-05" },
    safety,
  );
  await reportAndClose(c, safety, "2026-10-08", "2026-10-09");
  const d = await running(
    {
      content: "丁：重大隐患治理",
      leadDept: "safety",
      supervisedDept: "安全部",
      deadline: "2026-10-20",
      urgency: "critical",
    },
    safety,
  );
  await reportAndClose(d, safety, "2026-10-18", "2026-10-19");
  await running({ content: "戊：年度培训计划", leadDept: "tech", deadline: "2026-11-04" }, tech);
  await seedItem(stack.env, { content: "己：拟办事项", leadDept: "general" }, "draft");
  clock.set(NOW);
}, 60_000);
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  fake = newWorkbook();
});

const render = (spec: ReportSpec) => renderReport(spec, on(fake));

/** The rows of a section, found by its title in column A: header row and data rows (until a blank row). */
function section(sheet: string, title: string): { header: unknown[]; rows: unknown[][]; firstRow: number } {
  const s = fake.workbook.sheet(sheet);
  const values = s.values("A1:H200");
  const at = values.findIndex((r) => r[0] === title);
  expect(at, `section ${title}`).toBeGreaterThanOrEqual(0);
  // The header runs to the first blank cell (the chart's data block sits further right).
  const line = values[at + 1]!;
  const blank = line.indexOf("");
  const header = blank < 0 ? line : line.slice(0, blank);
  const rows: unknown[][] = [];
  for (let r = at + 2; r < values.length && values[r]!.some((v) => v !== ""); r++)
    rows.push(values[r]!.slice(0, header.length));
  return { header, rows, firstRow: at + 3 };
}

function texts(sheet: string): string[] {
  return fake.workbook
    .sheet(sheet)
    .texts("A1:H200")
    .flat()
    .filter((t) => t !== "");
}

function legal(name: string) {
  expect([...name].length).toBeLessThanOrEqual(31);
  expect(name).not.toMatch(/[:\\/?*[\]]/);
  expect(name).not.toMatch(/^'|'$/);
}

function oneChart(sheet: string, title: string) {
  const charts = fake.workbook.sheet(sheet).charts();
  expect(charts).toHaveLength(1);
  expect(charts[0]!.title).toMatchObject({ text: title });
  return charts[0]!;
}

describe("督办通报", () => {
  let bulletin: Bulletin;
  beforeAll(async () => {
    bulletin = await stack.api.getBulletin({ from: "2026-09-01", to: "2026-10-31" });
  });

  it("shows the API's totals and per-department figures for the period", async () => {
    const sheet = await render(bulletinSpec(bulletin, COMPANY, TODAY, null));
    legal(sheet);
    expect(fake.workbook.sheetNames()).toContain(sheet);
    const all = texts(sheet);
    expect(all[0]).toBe(`${COMPANY}督办通报`);
    expect(all).toContain("（2026年9月1日至2026年10月31日）");

    const totals = section(sheet, "一、督办事项总体情况");
    expect(totals.header).toEqual(["状态", "事项数"]);
    expect(totals.rows).toEqual([
      ...STATUSES.map((s) => [STATUS_LABELS[s], bulletin.totals[s]]),
      ["合计", bulletin.totals.total],
    ]);
    expect(bulletin.totals.total).toBeGreaterThanOrEqual(5);

    const depts = section(sheet, "二、各部门承办情况");
    expect(depts.header).toEqual(["部门", "承办数", "按期办结", "逾期办结", "逾期未办结", "按期率"]);
    expect(depts.rows).toEqual(
      bulletin.departments.map((d) => [
        d.name,
        d.handled,
        d.closedOnTime,
        d.closedLate,
        d.overdue,
        d.onTimeRate ?? "",
      ]),
    );
    const tech = bulletin.departments.find((d) => d.deptId === "tech")!;
    expect(tech).toMatchObject({ handled: 3, overdue: 2 }); // 甲 乙 戊 open; 甲 乙 overdue on 31 October
    const safety = bulletin.departments.find((d) => d.deptId === "safety")!;
    expect(safety).toMatchObject({ closedOnTime: 1, closedLate: 1 });
    const rateRow = depts.firstRow + bulletin.departments.findIndex((d) => d.deptId === "safety");
    expect(fake.workbook.sheet(sheet).cell(`F${rateRow}`).text).toBe("50.0%");

    const criticized = section(sheet, "三、通报批评（逾期未办结、未按要求整改）");
    expect(criticized.rows.map((r) => r[1])).toEqual(bulletin.criticized.map((i) => i.content));
    expect(criticized.rows.map((r) => r[0])).toEqual(bulletin.criticized.map((i) => i.noticeNumber));
    const urgent = section(sheet, "四、专项、特急、特别重大事项办理情况");
    expect(urgent.rows.map((r) => r[1]).sort()).toEqual(["丁：重大隐患治理", "乙：重点客户评价报告"]);

    oneChart(sheet, "各部门办结与逾期情况");
    const page = fake.workbook.sheet(sheet).pageLayout() as Record<string, unknown>;
    expect(page).toMatchObject({ paperSize: "A4" });
    expect(fake.workbook.sheet(sheet).printArea()).toMatch(/^A1:[A-Z]+\d+$/);
  });

  it("writes deadlines as date serials with a date format, not as text", async () => {
    const sheet = await render(bulletinSpec(bulletin, COMPANY, TODAY, null));
    const criticized = section(sheet, "三、通报批评（逾期未办结、未按要求整改）");
    expect(criticized.rows.length).toBeGreaterThan(0);
    bulletin.criticized.forEach((item, i) => {
      const cell = fake.workbook.sheet(sheet).cell(`D${criticized.firstRow + i}`);
      expect(cell.value).toBe(serial(item.effectiveDeadline!));
      expect(cell.numberFormat).toMatch(/y.*m.*d/);
    });
  });

  it("re-rendering replaces the content and the chart (one chart, no stale rows)", async () => {
    const spec = bulletinSpec(bulletin, COMPANY, TODAY, null);
    const sheet = await render(spec);
    const sheets = fake.workbook.sheetNames();
    const shorter: Bulletin = {
      ...bulletin,
      departments: bulletin.departments.slice(0, 1),
      criticized: [],
      urgentItems: [],
    };
    expect(await render(bulletinSpec(shorter, COMPANY, TODAY, null))).toBe(sheet);
    expect(fake.workbook.sheetNames()).toEqual(sheets);
    oneChart(sheet, "各部门办结与逾期情况");
    expect(section(sheet, "二、各部门承办情况").rows).toHaveLength(1);
    expect(section(sheet, "三、通报批评（逾期未办结、未按要求整改）").rows).toEqual([
      ["本期无逾期未办结事项。", "", "", "", "", "", ""],
    ]);
    const all = texts(sheet);
    for (const gone of bulletin.departments.slice(1)) expect(all).not.toContain(gone.name);
    expect(all.some((t) => t.includes("甲：修订作业指导书"))).toBe(false);
    expect(new Set(fake.workbook.sheet(sheet).merges()).size).toBe(
      fake.workbook.sheet(sheet).merges().length,
    );
  });

  it("the year-end summary has its own sheet with 严重失实 and each department's 评优评先 eligibility", async () => {
    const year = await stack.api.getBulletin({ year: 2026 });
    const sheet = await render(bulletinSpec(year, COMPANY, TODAY, 2026));
    legal(sheet);
    expect(sheet).toContain("2026");
    expect(texts(sheet)[0]).toBe(`${COMPANY}2026年度跟进督办工作总结通报`);
    expect(section(sheet, "一、督办事项总体情况").rows.at(-1)).toEqual(["合计", year.totals.total]);
    section(sheet, "七、上报内容严重失实");
    const award = section(sheet, "八、年度评优评先资格");
    expect(award.header).toEqual(["部门", "评优评先资格", "取消原因"]);
    expect(award.rows.map((r) => r[0])).toEqual((year.awardEligibility ?? []).map((e) => e.name));
    oneChart(sheet, "各部门办结与逾期情况");
  });
});

describe("催办清单", () => {
  it("lists the red and yellow items by lead department, and nothing else", async () => {
    const items = await stack.api.listAllItems();
    const red = items.filter((i) => i.light === "red");
    const yellow = items.filter((i) => i.light === "yellow");
    expect(red.length).toBeGreaterThan(0);
    expect(yellow.length).toBeGreaterThan(0);
    const sheet = await render(urgeListSpec(items, DEPARTMENTS, TODAY));
    legal(sheet);
    const all = texts(sheet);
    expect(all).toContain(`截至 2026年11月2日：超期 ${red.length} 项，临期 ${yellow.length} 项`);
    const tech = section(
      sheet,
      `技术部（${[...red, ...yellow].filter((i) => i.leadDept === "tech").length} 项）`,
    );
    expect(tech.rows.map((r) => r[1]).sort()).toEqual(
      [...red, ...yellow]
        .filter((i) => i.leadDept === "tech")
        .map((i) => i.content)
        .sort(),
    );
    for (const i of items.filter((i) => i.light === "green" || i.light === "grey"))
      expect(
        all.some((t) => t.includes(i.content)),
        i.content,
      ).toBe(false);
    const first = red.find((i) => i.leadDept === "tech")!;
    const row = tech.rows.find((r) => r[1] === first.content)!;
    expect(row[4]).toBe(first.overdueDays);
    expect(row[2]).toBe(serial(first.effectiveDeadline!));
    expect(fake.workbook.sheet(sheet).charts()).toEqual([]);
  });
});

describe("月度考核", () => {
  it("preview is marked 预览, the finalized month 已定稿; figures, lines, rules version and a chart", async () => {
    const preview = await stack.api.getAssessment("2026-10");
    expect(preview.finalized).toBe(false);
    const sheet = await render(assessmentSpec(preview, DEPARTMENTS));
    legal(sheet);
    let all = texts(sheet);
    expect(all.some((t) => t.includes("预览"))).toBe(true);
    expect(all.some((t) => t.includes("已定稿"))).toBe(false);
    expect(all).toContain(`考核规则版本：第 ${preview.rulesVersion} 版`);
    oneChart(sheet, "各部门扣分");

    const finalized = await stack.api.finalizeAssessment("2026-10");
    const frozen = await stack.api.getAssessment("2026-10");
    expect(frozen.finalized).toBe(true);
    expect(await render(assessmentSpec(frozen, DEPARTMENTS))).toBe(sheet);
    all = texts(sheet);
    expect(all.some((t) => t.startsWith("已定稿"))).toBe(true);
    expect(all.some((t) => t.includes("预览"))).toBe(false);
    expect(all.some((t) => t.includes(finalized.finalizedBy ?? "综合部 王文员"))).toBe(true);
    expect(all).toContain(`考核规则版本：第 ${frozen.rulesVersion} 版`);

    const summary = section(sheet, "一、部门汇总");
    expect(summary.rows.map((r) => r.slice(0, 5))).toEqual(
      frozen.departments.map((d) => [d.name, d.handled, d.closedOnTime, d.overdue, d.deduction]),
    );
    const tech = frozen.departments.find((d) => d.deptId === "tech")!;
    expect(tech.deduction).toBeGreaterThan(0);
    const lines = section(sheet, "二、扣分明细");
    expect(lines.rows).toHaveLength(frozen.lines.length);
    expect(lines.rows.map((r) => [r[3], r[4], r[5]])).toEqual(
      frozen.lines.map((l) => [l.rule, l.points, l.reason]),
    );
    expect(lines.rows.every((r) => r[0] !== "" && String(r[5]).length > 4)).toBe(true);
    // Re-rendered: still one chart.
    oneChart(sheet, "各部门扣分");
  });
});

describe("考核规则与年度汇总", () => {
  it("考核规则 shows the version in force and its values", async () => {
    const rules = (await stack.api.getRules()).value;
    const sheet = await render(rulesSpec(rules));
    legal(sheet);
    expect(sheet).toBe("考核规则");
    expect(texts(sheet).some((t) => t.startsWith(`第 ${rules.version} 版`))).toBe(true);
    const body = section(sheet, "扣分规则");
    expect(body.header).toEqual(["规则", "分值", "说明"]);
    expect(body.rows.slice(0, rules.r1Tiers.length).map((r) => r[1])).toEqual(
      rules.r1Tiers.map((t) => t.points),
    );
    expect(body.rows.find((r) => r[0] === "月度扣分上限")![1]).toBe(rules.monthlyCap);
    expect(body.rows.find((r) => r[0] === "R4 迟报")![1]).toBe(rules.r4Points);
  });

  it("the year view: one column per month, totals, eligibility and a chart; re-rendered without duplicates", async () => {
    const months = await Promise.all(["2026-09", "2026-10"].map((m) => stack.api.getAssessment(m)));
    const spec = yearSpec(2026, months);
    const sheet = await render(spec);
    legal(sheet);
    const body = section(sheet, "各月扣分");
    expect(body.header).toEqual(["部门", "9月", "10月", "全年合计", "评优资格"]);
    for (const row of body.rows) {
      const name = row[0];
      const values = months.map((m) => m.departments.find((d) => d.name === name)?.deduction ?? 0);
      expect(row.slice(1, 3)).toEqual(values);
      expect(row[3]).toBeCloseTo(values[0]! + values[1]!, 2);
    }
    expect(texts(sheet).some((t) => t.includes("10月（已定稿）") || t.includes("10月（预览）"))).toBe(true);
    oneChart(sheet, "2026年各部门扣分合计");
    await render(spec);
    oneChart(sheet, "2026年各部门扣分合计");
    expect(fake.workbook.sheetNames().filter((n) => n === sheet)).toHaveLength(1);
  });

  it("sheet names from any spec are legal and at most 31 characters", async () => {
    const spec: ReportSpec = {
      sheetName: "督办通报: 2026/10 [技术部]*?'部门超长名称超长名称超长名称超长名称超长名称'",
      title: "测试",
      lines: ["=SUM(A1)"],
      sections: [{ title: "一、测试", headers: ["说明"], rows: [["-1"], ["001"]] }],
    };
    const sheet = await render(spec);
    legal(sheet);
    expect(fake.workbook.sheetNames()).toContain(sheet);
    const s = fake.workbook.sheet(sheet);
    // Text stays text (never a formula or a number).
    expect(s.cell("A2")).toMatchObject({ value: "=SUM(A1)", formula: null });
    expect(section(sheet, "一、测试").rows).toEqual([["-1"], ["001"]]);
  });

  it("titles, section titles, headers, the empty note and the chart's data are text too, never formulas", async () => {
    const spec: ReportSpec = {
      sheetName: "文本保护",
      title: "=督办通报",
      lines: [],
      sections: [
        { title: "+一、部门", headers: ["-部门", "@扣分"], rows: [["=综合部", 2]] },
        { title: "二、空", headers: ["说明"], rows: [], empty: "-无" },
      ],
      chart: { section: 0, series: [1], title: "扣分", type: "ColumnClustered" },
    };
    const sheet = await render(spec);
    const s = fake.workbook.sheet(sheet);
    const formulas = [..."ABCDEFGH"].flatMap((c) =>
      Array.from({ length: 12 }, (_, r) => s.cell(`${c}${r + 1}`).formula).filter((f) => f !== null),
    );
    expect(formulas).toEqual([]);
    const texts = s.texts("A1:H12").flat();
    for (const t of ["=督办通报", "+一、部门", "-部门", "@扣分", "=综合部", "-无"])
      expect(texts).toContain(t);
  });
});

/**
 * Tabular report sheets with Excel's own charts: 督办通报 (period or year-end), 催办清单, 月度考核, 考核规则 and the
 * year view. A sheet spec is plain data (built by the pure functions below, tested without Excel); renderReport
 * writes it, replacing the sheet's previous content.
 */
import { cstDate, dateToExcelSerial, formatChineseDate } from "../../../functions/src/domain/dates";
import type { Bulletin, BulletinItem } from "../../../functions/src/domain/bulletin";
import type { RulesVersion } from "../../../functions/src/domain/rules";
import type { Assessment } from "../../../functions/src/domain/scoring";
import {
  type AccountabilityRecord,
  type Department,
  MEASURE_LABELS,
  STATUS_LABELS,
  STATUSES,
  URGENCY_LABELS,
} from "../../../functions/src/domain/types";
import type { ApiItem } from "../api/client";
import { safeSheetName } from "./formLayout";
import { asTextCell, type Cell, DepartmentNames } from "./listModel";
import type { ListOptions } from "./listTable";
import { runExcel } from "./run";
import { freshSheet } from "./sheets";

export interface Section {
  title: string;
  headers: string[];
  rows: Cell[][];
  /** Number format per column (null: General). */
  formats?: (string | null)[];
  /** Shown instead of an empty table. */
  empty?: string;
}

export interface ChartSpec {
  /** Index of the section whose first column is the category and `series` columns are the values. */
  section: number;
  series: number[];
  title: string;
  type: "ColumnClustered" | "BarClustered" | "Line";
}

export interface ReportSpec {
  sheetName: string;
  title: string;
  lines: string[];
  sections: Section[];
  chart?: ChartSpec;
  widths?: number[];
}

const PERCENT = "0.0%";
const DATE = "yyyy-mm-dd";
/** Dates are Excel serials with a date format, never text (DESIGN §1 Time). */
const dateCell = (d: string | null | undefined): Cell => (d ? dateToExcelSerial(d) : "");

// ---------------------------------------------------------------- specs (pure)

const itemLabel = (i: Pick<BulletinItem, "noticeNumber" | "content">) => i.noticeNumber ?? "（未下发）";

/** What the bulletin's answer does not carry about an item, read from the item itself (督办组, 督办要求…). */
export type BulletinItemDetails = ReadonlyMap<
  string,
  Pick<ApiItem, "supervisionGroup" | "requirements" | "mode" | "status" | "latestProgress" | "noticeNumber"> &
    Pick<ApiItem, "content" | "leadDept" | "effectiveDeadline" | "deadline">
>;

const NO_DETAILS: BulletinItemDetails = new Map();

/**
 * 督办通报 for a period, the year-end 总结通报 when `year` is given, or the 随时通报 (六、(三)) on the items of
 * `chosen` (their ids, in the clerk's order).
 */
export function bulletinSpec(
  b: Bulletin,
  companyName: string,
  issuedOn: string,
  year: number | null,
  details: BulletinItemDetails = NO_DETAILS,
  chosen: readonly string[] | null = null,
): ReportSpec {
  const names = new DepartmentNames(b.departments.map((d) => ({ id: d.deptId, name: d.name, head: "" })));
  const group = (id: string) => (details.get(id)?.supervisionGroup ?? []).join("、");
  const title = year
    ? `${companyName}${year}年度跟进督办工作总结通报`
    : chosen
      ? `${companyName}督办通报（随时通报）`
      : `${companyName}督办通报`;
  const sheetName = year
    ? `${year}年度督办总结通报`
    : chosen
      ? `随时通报 ${issuedOn.replace(/-/g, "")}`
      : `督办通报 ${b.from.replace(/-/g, "")}-${b.to.replace(/-/g, "")}`;
  const sections: Section[] = [
    {
      title: "一、督办事项总体情况",
      headers: ["状态", "事项数"],
      rows: [...STATUSES.map((s) => [STATUS_LABELS[s], b.totals[s]] as Cell[]), ["合计", b.totals.total]],
    },
    {
      title: "二、各部门承办情况",
      headers: ["部门", "承办数", "按期办结", "逾期办结", "逾期未办结", "按期率"],
      rows: b.departments.map((d) => [
        d.name,
        d.handled,
        d.closedOnTime,
        d.closedLate,
        d.overdue,
        d.onTimeRate ?? "",
      ]),
      formats: [null, null, null, null, null, PERCENT],
    },
    {
      title: "三、通报批评（逾期未办结、未按要求整改）",
      headers: ["督办文号", "督办事项内容", "牵头部门", "完成时限", "超期天数", "说明", "督办组"],
      rows: b.criticized.map((i) => [
        itemLabel(i),
        i.content,
        names.name(i.leadDept),
        dateCell(i.effectiveDeadline),
        i.overdueDays,
        i.rectification ? "退回整改后仍未按要求整改" : "逾期未办结",
        group(i.itemId),
      ]),
      formats: [null, null, null, DATE, null, null, null],
      empty: "本期无逾期未办结事项。",
    },
    {
      title: "四、专项、特急、特别重大事项办理情况",
      headers: ["督办文号", "督办事项内容", "紧急程度", "牵头部门", "状态", "最新进展", "督办组"],
      rows: b.urgentItems.map((i) => [
        itemLabel(i),
        i.content,
        URGENCY_LABELS[i.urgency],
        names.name(i.leadDept),
        STATUS_LABELS[i.status],
        i.latestProgress ?? "",
        group(i.itemId),
      ]),
      empty: "本期无专项、特急、特别重大事项。",
    },
    {
      title: "五、现场督办",
      headers: ["督办文号", "督办事项内容", "日期", "地点", "参加人员", "现场督办情况", "后续要求"],
      rows: (b.siteVisits ?? []).map((v) => [
        v.noticeNumber ?? "（未下发）",
        v.content,
        dateCell(v.date),
        v.place,
        v.participants,
        v.findings,
        v.followUp ?? "",
      ]),
      formats: [null, null, DATE, null, null, null, null],
      empty: "本期无现场督办。",
    },
    {
      title: "六、问责情况",
      headers: ["部门", "问责对象", "问责方式", "事由", "记录日期", "状态", "督办事项"],
      rows: (b.accountability ?? []).map((r) => [
        names.name(r.deptId),
        r.person,
        r.measureLabel,
        r.reason,
        dateCell(cstDate(r.createdAt)),
        r.revoked ? `已撤销${r.revokeReason ? `（${r.revokeReason}）` : ""}` : "有效",
        r.itemIds.map((id) => details.get(id)?.noticeNumber ?? details.get(id)?.content ?? id).join("、"),
      ]),
      formats: [null, null, null, null, DATE, null, null],
      empty: "本期无问责。",
    },
  ];
  if (chosen)
    sections.unshift({
      title: "随时通报事项",
      headers: ["督办文号", "督办事项内容", "督办要求", "牵头部门", "状态", "最新进展", "督办组"],
      rows: chosen.flatMap((id) => {
        const i = details.get(id);
        return i
          ? [
              [
                i.noticeNumber ?? "（未下发）",
                i.content,
                i.requirements ?? "",
                names.name(i.leadDept),
                STATUS_LABELS[i.status],
                i.latestProgress ?? "",
                (i.supervisionGroup ?? []).join("、"),
              ] as Cell[],
            ]
          : [];
      }),
    });
  if (year) {
    sections.push({
      title: "七、上报内容严重失实",
      headers: ["部门", "督办事项内容", "认定理由", "认定日期", "造成较大后果"],
      rows: b.falseReports.map((f) => [
        names.name(f.deptId),
        f.content,
        f.reason,
        dateCell(cstDate(f.at)),
        f.seriousConsequence === false ? "否（不影响评优评先）" : "是",
      ]),
      formats: [null, null, null, DATE, null],
      empty: "本年度无。",
    });
    sections.push({
      title: "八、年度评优评先资格",
      headers: ["部门", "评优评先资格", "取消原因"],
      rows: (b.awardEligibility ?? []).map((e) => [e.name, e.eligible ? "有" : "取消", e.reasons.join("；")]),
      empty: "无部门。",
    });
  }
  return {
    sheetName,
    title,
    lines: [
      year ? `（${year}年度）` : `（${formatChineseDate(b.from)}至${formatChineseDate(b.to)}）`,
      `跟进督办工作办公室\u3000${formatChineseDate(issuedOn)}`,
      `统计期间：${formatChineseDate(b.from)}至${formatChineseDate(b.to)}；按期率 = 按期办结 ÷（期内办结 + 期末逾期未办结）；全公司按期率 ${b.onTimeRate === null ? "—" : `${(b.onTimeRate * 100).toFixed(1)}%`}`,
    ],
    sections,
    chart: {
      section: chosen ? 2 : 1,
      series: [2, 3, 4],
      title: "各部门办结与逾期情况",
      type: "ColumnClustered",
    },
    widths: [130, 260, 80, 80, 90, 160, 120],
  };
}

/** 催办清单: due-soon and overdue items grouped by lead department. */
export function urgeListSpec(
  items: readonly ApiItem[],
  departments: readonly Department[],
  today: string,
): ReportSpec {
  const names = new DepartmentNames(departments);
  const relevant = items.filter((i) => i.light === "red" || i.light === "yellow");
  const byDept = new Map<string, ApiItem[]>();
  for (const i of relevant) byDept.set(i.leadDept, [...(byDept.get(i.leadDept) ?? []), i]);
  const sections: Section[] = [...byDept.entries()]
    .sort((a, b) => names.name(a[0]).localeCompare(names.name(b[0]), "zh-CN"))
    .map(([dept, list]) => ({
      title: `${names.name(dept)}（${list.length} 项）`,
      headers: ["督办文号", "督办事项内容", "完成时限", "亮灯", "超期天数", "责任人", "最新进展"],
      rows: list
        .sort(
          (a, b) =>
            b.overdueDays - a.overdueDays ||
            (a.effectiveDeadline ?? "").localeCompare(b.effectiveDeadline ?? ""),
        )
        .map((i) => [
          i.noticeNumber ?? "",
          i.content,
          dateCell(i.effectiveDeadline ?? i.deadline),
          i.light === "red" ? "红灯（超期）" : "黄灯（临期）",
          i.overdueDays || "",
          i.owner,
          i.latestProgress ?? "",
        ]),
      formats: [null, null, DATE, null, null, null, null],
    }));
  return {
    sheetName: `催办清单 ${today.replace(/-/g, "")}`,
    title: "跟进督办事项催办清单",
    lines: [
      `截至 ${formatChineseDate(today)}：超期 ${relevant.filter((i) => i.light === "red").length} 项，临期 ${relevant.filter((i) => i.light === "yellow").length} 项`,
    ],
    sections: sections.length
      ? sections
      : [{ title: "无超期或临期事项", headers: ["说明"], rows: [], empty: "当前没有需要催办的事项。" }],
    widths: [130, 260, 80, 90, 70, 70, 200],
  };
}

/** Why a department lost 评优评先 this year, one phrase each (严重失实且造成较大后果, 问责 取消评优评先). */
function awardLossReasons(d: Assessment["departments"][number]): string[] {
  return [
    ...d.falseReports.map((f) => `上报内容严重失实：${f.reason}`),
    ...(d.awardLosses ?? []).map((l) => `问责取消评优评先：${l.reason}`),
  ];
}

/** 问责台账 (七、(一)): the year's register, revoked records kept and marked. */
export function accountabilitySpec(
  year: number,
  records: readonly AccountabilityRecord[],
  departments: readonly Department[],
  itemLabel: (id: string) => string = (id) => id,
): ReportSpec {
  const names = new DepartmentNames(departments);
  const sorted = [...records].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  const live = sorted.filter((r) => !r.revoked);
  return {
    sheetName: `${year}年 问责台账`,
    title: `${year}年 跟进督办问责台账`,
    lines: [`共 ${sorted.length} 条，其中有效 ${live.length} 条、已撤销 ${sorted.length - live.length} 条`],
    sections: [
      {
        title: "问责记录",
        headers: [
          "记录日期",
          "考核月份",
          "部门",
          "问责对象",
          "问责方式",
          "事由",
          "督办事项",
          "记录人",
          "状态",
          "撤销理由",
        ],
        rows: sorted.map((r) => [
          dateCell(cstDate(r.createdAt)),
          r.month,
          names.name(r.deptId),
          r.person,
          MEASURE_LABELS[r.measure],
          r.reason,
          r.itemIds.map(itemLabel).join("、"),
          r.createdBy,
          r.revoked ? "已撤销" : "有效",
          r.revoked ? `${r.revokedBy ?? ""}：${r.revokeReason ?? ""}` : "",
        ]),
        formats: [DATE, null, null, null, null, null, null, null, null, null],
        empty: "本年度无问责记录。",
      },
    ],
    widths: [80, 60, 90, 70, 90, 220, 160, 70, 60, 160],
  };
}

const monthTitle = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;

/** 「2026年11月 督办考核」: department summary, the deduction lines, the rules version, a chart. */
export function assessmentSpec(
  a: Assessment & { complete?: boolean },
  departments: readonly Department[],
): ReportSpec {
  const names = new DepartmentNames(
    departments.length ? departments : a.departments.map((d) => ({ id: d.deptId, name: d.name, head: "" })),
  );
  const status = a.finalized
    ? `已定稿：${a.finalizedAt ? new Date(a.finalizedAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : ""}\u3000定稿人：${a.finalizedBy ?? ""}`
    : a.complete === false
      ? "预览（本月尚未结束，结果会随办理情况变化，未定稿）"
      : "预览（未定稿）";
  return {
    sheetName: `${monthTitle(a.month)} 督办考核`,
    title: `${monthTitle(a.month)} 跟进督办月度考核`,
    lines: [status, `考核规则版本：第 ${a.rulesVersion} 版`],
    sections: [
      {
        title: "一、部门汇总",
        headers: ["部门", "承办数", "按期办结", "逾期", "扣分", "评优资格"],
        rows: a.departments.map((d) => [
          d.name,
          d.handled,
          d.closedOnTime,
          d.overdue,
          d.deduction,
          d.awardEligible ? "有" : `取消（${awardLossReasons(d).join("；")}）`,
        ]),
        formats: [null, null, null, null, "0.00", null],
      },
      {
        title: "二、扣分明细",
        headers: ["部门", "督办文号", "督办事项内容", "规则", "扣分", "理由", "责任人", "分管领导"],
        rows: a.lines.map((l) => [
          names.name(l.deptId),
          l.noticeNumber ?? "",
          l.content,
          l.rule,
          l.points,
          l.reason,
          l.owner ?? "",
          l.leader ?? "",
        ]),
        formats: [null, null, null, null, "0.00", null, null, null],
        empty: "本月无扣分。",
      },
      {
        title: "三、本月问责",
        headers: ["部门", "问责对象", "问责方式", "事由", "记录日期", "状态"],
        rows: (a.accountability ?? []).map((r) => [
          names.name(r.deptId),
          r.person,
          MEASURE_LABELS[r.measure],
          r.reason,
          dateCell(cstDate(r.createdAt)),
          r.revoked ? "已撤销" : "有效",
        ]),
        formats: [null, null, null, null, DATE, null],
        empty: "本月无问责。",
      },
    ],
    chart: { section: 0, series: [4], title: "各部门扣分", type: "ColumnClustered" },
    widths: [90, 130, 220, 50, 60, 300, 60, 60],
  };
}

/** 考核规则 in force (or of a version). */
export function rulesSpec(r: RulesVersion): ReportSpec {
  const tiers = r.r1Tiers.map((t, i, all) => {
    const from = i === 0 ? 1 : (all[i - 1]!.maxDays ?? 0) + 1;
    return [
      `R1 逾期 ${from}${t.maxDays === null ? " 天以上" : `–${t.maxDays} 天`}`,
      t.points,
      "分 × 紧急程度系数",
    ] as Cell[];
  });
  return {
    sheetName: "考核规则",
    title: "跟进督办月度考核规则",
    lines: [
      `第 ${r.version} 版\u3000${r.version === 0 ? "系统默认" : `${r.createdBy} 于 ${formatChineseDate(cstDate(r.createdAt))} 保存`}`,
    ],
    sections: [
      {
        title: "扣分规则",
        headers: ["规则", "分值", "说明"],
        rows: [
          ...tiers,
          ["紧急程度系数：普通", r.urgencyFactors.normal, "倍"],
          ["紧急程度系数：特急", r.urgencyFactors.urgent, "倍"],
          ["紧急程度系数：特别重大", r.urgencyFactors.critical, "倍"],
          ["R2 未按要求整改", r.r2Points, "分（在 R1 之外另扣）"],
          ["R3 逾期未说明", r.r3Points, "分"],
          ["R4 迟报", r.r4Points, "分"],
          ["协办部门分担比例", r.assistShare, "（0 表示由牵头部门承担）"],
          ["月度扣分上限", r.monthlyCap, "分/部门"],
        ],
      },
    ],
    widths: [200, 70, 220],
  };
}

/** The year view: each department's monthly deductions and its award eligibility. */
export function yearSpec(year: number, months: readonly Assessment[]): ReportSpec {
  const depts = new Map<string, string>();
  for (const m of months) for (const d of m.departments) depts.set(d.deptId, d.name);
  const headers = ["部门", ...months.map((m) => `${Number(m.month.slice(5, 7))}月`), "全年合计", "评优资格"];
  const rows = [...depts.entries()].map(([id, name]) => {
    const values = months.map((m) => m.departments.find((d) => d.deptId === id)?.deduction ?? 0);
    const total = Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;
    const last = months[months.length - 1]?.departments.find((d) => d.deptId === id);
    return [name, ...values, total, last && !last.awardEligible ? "取消" : "有"] as Cell[];
  });
  return {
    sheetName: `${year}年 督办考核汇总`,
    title: `${year}年 各部门督办月度扣分汇总`,
    lines: [
      `月份：${months.map((m) => `${Number(m.month.slice(5, 7))}月${m.finalized ? "（已定稿）" : "（预览）"}`).join("、")}`,
    ],
    sections: [
      {
        title: "各月扣分",
        headers,
        rows,
        formats: headers.map((_, i) => (i === 0 || i === headers.length - 1 ? null : "0.00")),
      },
    ],
    chart: {
      section: 0,
      series: [headers.length - 2],
      title: `${year}年各部门扣分合计`,
      type: "BarClustered",
    },
  };
}

// ---------------------------------------------------------------- rendering

const colLetter = (i: number) => {
  let s = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** Where each section landed, 0-based rows (header row, first and last data rows). */
export interface RenderedSection {
  headerRow: number;
  firstRow: number;
  lastRow: number;
}

/** The rows a spec occupies (pure, so tests can find cells without Excel). */
export function placeSections(spec: ReportSpec): RenderedSection[] {
  let row = 1 + spec.lines.length + 1; // title, lines, blank
  return spec.sections.map((s) => {
    const headerRow = row + 1; // section title, then header
    const count = s.rows.length || (s.empty ? 1 : 0);
    const placed = { headerRow, firstRow: headerRow + 1, lastRow: headerRow + count };
    row = placed.lastRow + 2;
    return placed;
  });
}

const cellValue = (v: Cell): Cell => (typeof v === "string" ? asTextCell(v) : v);

/** Write a report sheet (replacing its previous content and chart). Returns the sheet name. */
export async function renderReport(spec: ReportSpec, options: ListOptions = {}): Promise<string> {
  const name = safeSheetName(spec.sheetName);
  const width = Math.max(2, ...spec.sections.map((s) => s.headers.length));
  const placed = placeSections(spec);
  return runExcel(async (context) => {
    const sheet = await freshSheet(context, name);
    const title = sheet.getRangeByIndexes(0, 0, 1, width);
    title.merge(false);
    title.getCell(0, 0).values = [[cellValue(spec.title)]];
    title.format.font.name = "宋体";
    title.format.font.size = 16;
    title.format.font.bold = true;
    title.format.horizontalAlignment = "Center" as Excel.HorizontalAlignment;
    title.format.rowHeight = 28;
    spec.lines.forEach((line, i) => {
      const r = sheet.getRangeByIndexes(1 + i, 0, 1, width);
      r.merge(false);
      r.getCell(0, 0).values = [[asTextCell(line)]];
      r.format.font.name = "仿宋";
      r.format.font.size = 11;
      r.format.horizontalAlignment = (i === 0 ? "Center" : "Left") as Excel.HorizontalAlignment;
    });
    spec.sections.forEach((s, i) => {
      const p = placed[i]!;
      const head = sheet.getRangeByIndexes(p.headerRow - 1, 0, 1, 1);
      head.values = [[cellValue(s.title)]];
      head.format.font.bold = true;
      head.format.font.size = 12;
      const header = sheet.getRangeByIndexes(p.headerRow, 0, 1, s.headers.length);
      header.values = [s.headers.map(cellValue)];
      header.format.font.bold = true;
      header.format.fill.color = "#DDEBF7";
      const rows = s.rows.length
        ? s.rows.map((r) => r.map(cellValue))
        : s.empty
          ? [[cellValue(s.empty), ...s.headers.slice(1).map(() => "")]]
          : [];
      if (rows.length) {
        const body = sheet.getRangeByIndexes(p.firstRow, 0, rows.length, s.headers.length);
        body.values = rows;
        body.format.wrapText = true;
        body.format.verticalAlignment = "Top" as Excel.VerticalAlignment;
        s.formats?.forEach((f, c) => {
          if (f && s.rows.length)
            sheet.getRangeByIndexes(p.firstRow, c, s.rows.length, 1).numberFormat =
              f as unknown as string[][];
        });
      }
      const table = sheet.getRangeByIndexes(p.headerRow, 0, rows.length + 1, s.headers.length);
      for (const edge of [
        "EdgeTop",
        "EdgeBottom",
        "EdgeLeft",
        "EdgeRight",
        "InsideHorizontal",
        "InsideVertical",
      ]) {
        const b = table.format.borders.getItem(edge as Excel.BorderIndex);
        b.style = "Continuous" as Excel.BorderLineStyle;
        b.color = "#8EA9DB";
      }
    });
    (spec.widths ?? []).forEach((w, i) => (sheet.getRangeByIndexes(0, i, 1, 1).format.columnWidth = w));
    if (spec.chart) {
      const s = spec.sections[spec.chart.section]!;
      if (s.rows.length > 0) {
        // The chart reads a contiguous block beside the report: the category and the chosen series.
        const dataCol = width + 1;
        const block = [
          [s.headers[0]!, ...spec.chart.series.map((c) => s.headers[c]!)].map(cellValue),
          ...s.rows.map((r) => [
            cellValue(r[0]!),
            ...spec.chart!.series.map((c) => (typeof r[c] === "number" ? r[c]! : 0)),
          ]),
        ];
        const label = sheet.getRangeByIndexes(placed[0]!.headerRow - 1, dataCol, 1, 1);
        label.values = [["图表数据"]];
        label.format.font.color = "#7F7F7F";
        const source = sheet.getRangeByIndexes(placed[0]!.headerRow, dataCol, block.length, block[0]!.length);
        source.values = block;
        source.format.font.color = "#7F7F7F";
        const chart = sheet.charts.add(
          spec.chart.type as Excel.ChartType,
          source,
          "Columns" as Excel.ChartSeriesBy,
        );
        chart.title.text = spec.chart.title;
        chart.name = "督办图表";
        const lastRow = placed[placed.length - 1]!.lastRow;
        chart.setPosition(`A${lastRow + 3}`, `${colLetter(Math.min(width, 6) - 1)}${lastRow + 20}`);
      }
    }
    const page = sheet.pageLayout;
    page.orientation = "Landscape" as Excel.PageOrientation;
    page.paperSize = "A4" as Excel.PaperType;
    page.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 as unknown as number };
    page.setPrintArea(`A1:${colLetter(width - 1)}${placed[placed.length - 1]!.lastRow + 1}`);
    sheet.activate();
    await context.sync();
    return name;
  }, options);
}

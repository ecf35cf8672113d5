/**
 * The policy's attachments as cell layouts: 附件1 跟进督办事项通知单 (存根 + 正联 on one A4 page with a cut
 * line) and 附件2 跟进督办事项报告单. Pure: a layout is a list of blocks (merged areas with text, font, borders),
 * rendered into a sheet by printForms.ts. Tests read the generated sheet back cell by cell against these.
 */
import { formatChineseDate } from "../../../functions/src/domain/dates";
import type { Item, Notice, ReportForm } from "../../../functions/src/domain/types";

export const FORM_COLUMNS = 4;
/** Column widths in points: label, value, label, value — about 500 pt, the printable width of A4 portrait. */
export const FORM_WIDTHS = [78, 168, 78, 176];
export const FONT_TITLE = "宋体";
export const FONT_BODY = "仿宋";

export interface Block {
  /** 1-based row, 0-based first column, column span, row span. */
  row: number;
  col: number;
  cols: number;
  rows?: number;
  text: string;
  font?: string;
  size?: number;
  bold?: boolean;
  color?: string;
  align?: "Left" | "Center" | "Right";
  valign?: "Top" | "Center" | "Bottom";
  border?: boolean;
  wrap?: boolean;
}

export interface FormLayout {
  /** Rows used, 1-based inclusive. */
  lastRow: number;
  blocks: Block[];
  /** Row heights in points, by 1-based row. */
  heights: Record<number, number>;
  /** Rows after which a dashed cut line is drawn (the bottom edge of that row). */
  cutAfter: number[];
}

const LINE = 18; // points per line of 12 pt 仿宋
const CHARS_PER_LINE = 26; // in the merged value area (B:D)

export const linesFor = (text: string, perLine = CHARS_PER_LINE) =>
  text.split("\n").reduce((n, part) => n + Math.max(1, Math.ceil([...part].length / perLine)), 0);

const signatureBlank = "          ";

/** A bordered label cell of the form (left column, bold, centred). */
const labelCell = (row: number, text: string, rows = 1): Block => ({
  row,
  col: 0,
  cols: 1,
  rows,
  text,
  font: FONT_BODY,
  size: 12,
  bold: true,
  align: "Center",
  valign: "Center",
  border: true,
  wrap: true,
});

/** A bordered value cell of the form (by default spanning the three value columns). */
const valueCell = (
  row: number,
  text: string,
  col: number,
  cols: number,
  extra: Partial<Block> = {},
): Block => ({
  row,
  col,
  cols,
  text,
  font: FONT_BODY,
  size: 12,
  align: "Left",
  valign: "Center",
  border: true,
  wrap: true,
  ...extra,
});

export interface NoticeData {
  companyName: string;
  notice: Pick<Notice, "number" | "issueDate" | "voided">;
  items: readonly Pick<Item, "content" | "supervisedDept" | "deadline" | "effectiveDeadline">[];
  leadDeptName: string;
  assistDeptNames: string[];
  supervisedDeptName: string;
}

/** 督办事项内容: the item itself, or numbered items for 一单多事. */
export function noticeContent(items: NoticeData["items"]): string {
  if (items.length === 1) return items[0]!.content;
  return items.map((it, i) => `${i + 1}. ${it.content}`).join("\n");
}

/** 完成时限: “限 2026年12月31日前完成工作”, per item when the deadlines differ. */
export function noticeDeadline(items: NoticeData["items"]): string {
  const dates = items.map((it) => it.effectiveDeadline ?? it.deadline ?? "");
  const distinct = [...new Set(dates)];
  if (distinct.length === 1)
    return `限 ${distinct[0] ? formatChineseDate(distinct[0]) : "    年  月  日"}前完成工作`;
  return dates
    .map((d, i) => `${i + 1}. 限 ${d ? formatChineseDate(d) : "    年  月  日"}前完成工作`)
    .join("\n");
}

/** One part of the notice (存根 or 正联) starting at `top`; returns the next free row. */
function noticePart(
  data: NoticeData,
  top: number,
  stub: boolean,
  blocks: Block[],
  heights: Record<number, number>,
): number {
  let r = top;
  const full = (text: string, opts: Partial<Block> = {}) =>
    blocks.push({ row: r, col: 0, cols: FORM_COLUMNS, text, align: "Center", ...opts });
  full(data.companyName, { font: FONT_TITLE, size: 14, bold: true });
  heights[r++] = 24;
  full("跟进督办事项通知单", { font: FONT_TITLE, size: 18, bold: true });
  heights[r++] = 30;
  if (stub) {
    full("（存根）", { font: FONT_BODY, size: 12 });
    heights[r++] = 18;
  }
  full(data.notice.voided ? `${data.notice.number}（已作废）` : data.notice.number, {
    font: FONT_BODY,
    size: 12,
    ...(data.notice.voided ? { color: "#C00000", bold: true } : {}),
  });
  heights[r++] = 20;
  const label = (text: string, rows = 1) => blocks.push(labelCell(r, text, rows));
  const value = (text: string, col = 1, cols = 3, extra: Partial<Block> = {}) =>
    blocks.push(valueCell(r, text, col, cols, { valign: "Center", ...extra }));

  label("被督办部门");
  value(data.supervisedDeptName);
  heights[r++] = 24;

  const content = noticeContent(data.items);
  label("督办事项内容");
  value(content, 1, 3, { valign: "Top" });
  heights[r++] = Math.max(48, linesFor(content) * LINE + 8);

  label("承办部门", 2);
  value(`牵头部门：${data.leadDeptName}`, 1, 1);
  value(`负责人签字：`, 2, 2);
  heights[r++] = 24;
  value(`协办部门：${data.assistDeptNames.join("、")}`, 1, 1);
  value(`负责人签字：`, 2, 2);
  heights[r++] = 24;

  const deadline = noticeDeadline(data.items);
  label("完成时限");
  value(deadline);
  heights[r++] = Math.max(24, linesFor(deadline) * LINE + 6);

  label("督办部门");
  value(`跟进督办工作办公室（签章）\n${formatChineseDate(data.notice.issueDate)}`, 1, 3, { align: "Right" });
  heights[r++] = 44;

  blocks.push({
    row: r,
    col: 0,
    cols: FORM_COLUMNS,
    text: `收件人签字：${signatureBlank}${signatureBlank}年   月   日`,
    font: FONT_BODY,
    size: 12,
    align: "Left",
  });
  heights[r++] = 24;
  return r;
}

/** 附件1: 存根, a cut line, then the 正联, all on one A4 portrait page. */
export function noticeLayout(data: NoticeData): FormLayout {
  const blocks: Block[] = [];
  const heights: Record<number, number> = {};
  const afterStub = noticePart(data, 1, true, blocks, heights);
  const cut = afterStub;
  blocks.push({
    row: cut,
    col: 0,
    cols: FORM_COLUMNS,
    text: "✂ ……………………………… 沿此线裁开 ……………………………… ✂",
    font: FONT_BODY,
    size: 9,
    align: "Center",
    color: "#7F7F7F",
  });
  heights[cut] = 20;
  const end = noticePart(data, cut + 1, false, blocks, heights);
  return { lastRow: end - 1, blocks, heights, cutAfter: [cut] };
}

export interface ReportData {
  companyName: string;
  receivedDate: string | null; // 收到时间: the report's CST date
  archiveNumber: string; // 存档编号
  content: string;
  noticeNumber: string;
  report: ReportForm | null;
  closeOpinion: string | null;
  closedDate: string | null;
}

const blankDate = "    年   月   日";

/** 附件2: 跟进督办事项报告单, filled from the item's report and close events. */
export function reportLayout(data: ReportData): FormLayout {
  const blocks: Block[] = [];
  const heights: Record<number, number> = {};
  let r = 1;
  const full = (text: string, opts: Partial<Block> = {}) =>
    blocks.push({ row: r, col: 0, cols: FORM_COLUMNS, text, align: "Center", ...opts });
  full(data.companyName, { font: FONT_TITLE, size: 14, bold: true });
  heights[r++] = 26;
  full("跟进督办事项报告单", { font: FONT_TITLE, size: 18, bold: true });
  heights[r++] = 34;
  blocks.push({
    row: r,
    col: 0,
    cols: 2,
    text: `收到时间：${data.receivedDate ? formatChineseDate(data.receivedDate) : ""}`,
    font: FONT_BODY,
    size: 12,
    align: "Left",
  });
  blocks.push({
    row: r,
    col: 2,
    cols: 2,
    text: `存档编号：${data.archiveNumber}`,
    font: FONT_BODY,
    size: 12,
    align: "Left",
  });
  heights[r++] = 24;
  const label = (text: string, rows = 1) => blocks.push(labelCell(r, text, rows));
  const value = (text: string, col = 1, cols = 3, extra: Partial<Block> = {}) =>
    blocks.push(valueCell(r, text, col, cols, { valign: "Top", ...extra }));

  label("督办事项内容");
  value(data.content);
  heights[r++] = Math.max(48, linesFor(data.content) * LINE + 8);

  label("督办文号");
  value(data.noticeNumber, 1, 1, { valign: "Center" });
  blocks.push({
    row: r,
    col: 2,
    cols: 1,
    text: "完成时间",
    font: FONT_BODY,
    size: 12,
    bold: true,
    align: "Center",
    valign: "Center",
    border: true,
  });
  const period = data.report
    ? `${formatChineseDate(data.report.completedFrom)}至${formatChineseDate(data.report.completedTo)}`
    : `${blankDate}至${blankDate}`;
  value(period, 3, 1, { valign: "Center" });
  heights[r++] = 36;

  const summary = data.report?.summary ?? "";
  label("完成情况");
  value(summary);
  heights[r++] = Math.max(72, linesFor(summary) * LINE + 8);

  const lead = `牵头部门意见：${data.report?.leadOpinion ?? ""}\n负责人签字：${signatureBlank}${signatureBlank}年   月   日`;
  label("承办部门\n意见", 2);
  value(lead);
  heights[r++] = Math.max(60, linesFor(lead) * LINE + 8);
  const assist = `承办（协办）部门意见：${data.report?.assistOpinion ?? ""}\n负责人签字：${signatureBlank}${signatureBlank}年   月   日`;
  value(assist);
  heights[r++] = Math.max(60, linesFor(assist) * LINE + 8);

  const leaderDate = data.closedDate ? formatChineseDate(data.closedDate) : blankDate;
  const leader = `${data.closeOpinion ?? ""}\n负责人签字：\n${signatureBlank}${signatureBlank}${leaderDate}`;
  label("督办领导\n小组意见");
  value(leader);
  heights[r++] = Math.max(72, linesFor(leader) * LINE + 8);
  return { lastRow: r - 1, blocks, heights, cutAfter: [] };
}

/** Excel sheet names: ≤ 31 characters, none of : \ / ? * [ ], not starting or ending with an apostrophe. */
export function safeSheetName(name: string): string {
  let s = name.replace(/[:\\/?*[\]]/g, "_").replace(/^'+|'+$/g, "");
  if ([...s].length > 31) s = [...s].slice(0, 31).join("");
  return s || "Sheet";
}

/**
 * The policy's attachments as cell layouts: 附件1 跟进督办事项通知单 (存根 + 正联 on one A4 page with a cut
 * line) and 附件2 跟进督办事项报告单. Pure: a layout is a list of blocks (merged areas with text, font, borders),
 * rendered into a sheet by printForms.ts. Tests read the generated sheet back cell by cell against these.
 */
import { formatChineseDate } from "../../../functions/src/domain/dates";
import { parseNoticeNumber } from "../../../functions/src/domain/numbering";
import type { Item, Notice, ReportForm, SiteVisit } from "../../../functions/src/domain/types";

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
  /** Row heights in points, by 1-based row (each at most MAX_ROW_HEIGHT). */
  heights: Record<number, number>;
  /** Rows after which a dashed cut line is drawn (the bottom edge of that row). */
  cutAfter: number[];
  /**
   * Rows that start a new printed page; empty when the form fits on one A4 page (then it is fitted to it).
   * A longer form prints at PRINT_SCALE with these manual breaks, each page A4.
   */
  pageBreaks: number[];
}

const LINE = 18; // points per line of 12 pt 仿宋
const CHARS_PER_LINE = 26; // in the merged value area (B:D); about 35 fit, so heights err on the tall side
/** Excel refuses a row higher than 409 points. */
export const MAX_ROW_HEIGHT = 409;
/** Lines of text in one row at most: 20 × 18 + 8 = 368 points, under MAX_ROW_HEIGHT. */
const ROW_LINES = 20;
/** A form longer than one page prints at this scale, so the 500 pt of columns fit A4's printable width. */
export const PRINT_SCALE = 95;
/** Points of rows per printed A4 page at PRINT_SCALE: (842 − 2 × 42 margin) / 0.95, less a safety margin. */
export const PAGE_HEIGHT = 760;

export const linesFor = (text: string, perLine = CHARS_PER_LINE) =>
  text.split("\n").reduce((n, part) => n + Math.max(1, Math.ceil([...part].length / perLine)), 0);

/**
 * Long text cut into pieces of at most `maxLines` lines of `perLine` characters, at line boundaries (between
 * paragraphs when a paragraph ends there): one piece per row, so no row grows past 409 points and no cell nears
 * Excel's 32,767 characters. Reading the pieces in order gives the text back.
 */
export function splitText(text: string, perLine = CHARS_PER_LINE, maxLines = ROW_LINES): string[] {
  const pieces: string[] = [];
  let current = "";
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    const chars = [...paragraph];
    const count = Math.max(1, Math.ceil(chars.length / perLine));
    for (let i = 0; i < count; i++) {
      if (lines === maxLines) {
        pieces.push(current);
        current = "";
        lines = 0;
      }
      const line = chars.slice(i * perLine, (i + 1) * perLine).join("");
      // A paragraph's first line starts a new line, unless it starts the piece (the row break is the newline).
      current += i === 0 && lines > 0 ? `\n${line}` : line;
      lines++;
    }
  }
  pieces.push(current);
  return pieces;
}

/** The row height of a piece of splitText: its lines, never under `min`, never over MAX_ROW_HEIGHT. */
const pieceHeight = (piece: string, min: number, perLine = CHARS_PER_LINE, pad = 8) =>
  Math.min(MAX_ROW_HEIGHT, Math.max(min, linesFor(piece, perLine) * LINE + pad));

/**
 * Where pages break: nowhere when every row fits on one page; otherwise before each row in `pageStarts` (a part
 * of the form that begins on its own page) and before any row that would run past the page.
 */
export function paginate(
  heights: Record<number, number>,
  lastRow: number,
  pageStarts: number[] = [],
): number[] {
  const height = (r: number) => heights[r] ?? 15;
  let total = 0;
  for (let r = 1; r <= lastRow; r++) total += height(r);
  if (total <= PAGE_HEIGHT) return [];
  const breaks: number[] = [];
  let used = 0;
  for (let r = 1; r <= lastRow; r++) {
    if (r > 1 && (pageStarts.includes(r) || used + height(r) > PAGE_HEIGHT)) {
      breaks.push(r);
      used = 0;
    }
    used += height(r);
  }
  return breaks;
}

const signatureBlank = "          ";
/** Characters a line in the single value column B (168 pt of 12 pt 仿宋, conservatively). */
const ASSIST_PER_LINE = 13;

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
  items: readonly (Pick<Item, "content" | "supervisedDept" | "deadline" | "effectiveDeadline"> &
    Partial<Pick<Item, "requirements">>)[];
  leadDeptName: string;
  assistDeptNames: string[];
  supervisedDeptName: string;
  /** 督办组 of a 联合督办 (四、(二)): printed on its own row when there is one. */
  supervisionGroup?: string[];
  /** A reprint after the leader approved an adjustment (三、(三)): the number says 调整后. */
  adjusted?: boolean;
}

/** 督办事项内容 with each item's 督办要求 (三、(二)) under it: the item itself, or numbered items for 一单多事. */
export function noticeContent(items: NoticeData["items"]): string {
  const withRequirements = (it: NoticeData["items"][number]) =>
    it.requirements?.trim() ? `${it.content}\n督办要求：${it.requirements.trim()}` : it.content;
  if (items.length === 1) return withRequirements(items[0]!);
  return items.map((it, i) => `${i + 1}. ${withRequirements(it)}`).join("\n");
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
  const marks = `${data.adjusted ? "（调整后）" : ""}${data.notice.voided ? "（已作废）" : ""}`;
  full(`${data.notice.number}${marks}`, {
    font: FONT_BODY,
    size: 12,
    ...(data.notice.voided ? { color: "#C00000", bold: true } : {}),
  });
  heights[r++] = 20;
  const label = (text: string, rows = 1) => blocks.push(labelCell(r, text, rows));
  const value = (text: string, col = 1, cols = 3, extra: Partial<Block> = {}) =>
    blocks.push(valueCell(r, text, col, cols, { valign: "Center", ...extra }));

  /** A labelled value over as many rows as its text needs; later rows are labelled 「…（续）」. */
  const long = (name: string, text: string, min: number, extra: Partial<Block> = {}, pad = 8) =>
    splitText(text).forEach((piece, i) => {
      label(i === 0 ? name : `${name}（续）`);
      value(piece, 1, 3, extra);
      heights[r++] = pieceHeight(piece, i === 0 ? min : 24, CHARS_PER_LINE, pad);
    });

  long("被督办部门", data.supervisedDeptName, 24);
  long("督办事项内容", noticeContent(data.items), 48, { valign: "Top" });

  // 协办部门 sits in one column (about 13 characters a line): many departments continue on further rows.
  const assist = splitText(`协办部门：${data.assistDeptNames.join("、")}`, ASSIST_PER_LINE);
  label("承办部门", 2);
  value(`牵头部门：${data.leadDeptName}`, 1, 1);
  value(`负责人签字：`, 2, 2);
  heights[r++] = 24;
  assist.forEach((piece, i) => {
    if (i > 0) label("承办部门（续）");
    value(piece, 1, 1);
    value(i === 0 ? `负责人签字：` : "", 2, 2);
    heights[r++] = pieceHeight(piece, 24, ASSIST_PER_LINE, 6);
  });

  if (data.supervisionGroup?.length) long("督办组", data.supervisionGroup.join("、"), 24, {}, 6);

  long("完成时限", noticeDeadline(data.items), 24, {}, 6);

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
  // Too long for one page: the 正联 starts its own page, so each part is printed whole and cut apart cleanly.
  return {
    lastRow: end - 1,
    blocks,
    heights,
    cutAfter: [cut],
    pageBreaks: paginate(heights, end - 1, [cut + 1]),
  };
}

export interface ReportData {
  companyName: string;
  receivedDate: string | null; // 收到时间: the report's CST date
  /** 存档编号: allocated by the server when the item is closed; null until then (printed blank). */
  archiveNumber: string | null;
  content: string;
  noticeNumber: string;
  report: ReportForm | null;
  /** 承办（协办）部门意见 (附件2), each assisting department's own, with its name. */
  assistOpinions?: { deptName: string; opinion: string }[];
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
    text: `存档编号：${data.archiveNumber ?? `${signatureBlank}（待办结后编号）`}`,
    font: FONT_BODY,
    size: 12,
    align: "Left",
  });
  heights[r++] = 24;
  const label = (text: string, rows = 1) => blocks.push(labelCell(r, text, rows));
  const value = (text: string, col = 1, cols = 3, extra: Partial<Block> = {}) =>
    blocks.push(valueCell(r, text, col, cols, { valign: "Top", ...extra }));

  /** A labelled value over as many rows as its text needs; later rows are labelled 「…（续）」. */
  const long = (name: string, text: string, min: number) =>
    splitText(text).forEach((piece, i) => {
      label(i === 0 ? name : `${name.replace("\n", "")}（续）`);
      value(piece);
      heights[r++] = pieceHeight(piece, i === 0 ? min : 24);
    });

  long("督办事项内容", data.content, 48);

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

  long("完成情况", data.report?.summary ?? "", 72);

  const lead = splitText(
    `牵头部门意见：${data.report?.leadOpinion ?? ""}\n负责人签字：${signatureBlank}${signatureBlank}年   月   日`,
  );
  const signature = `负责人签字：${signatureBlank}${signatureBlank}年   月   日`;
  // Each assisting department signs its own opinion; none yet (or an older report): the form's blank line.
  const opinions = data.assistOpinions?.length
    ? data.assistOpinions.map((o) => `承办（协办）部门意见（${o.deptName}）：${o.opinion}`)
    : [`承办（协办）部门意见：${data.report?.assistOpinion ?? ""}`];
  const assists = opinions.map((text) => splitText(`${text}\n${signature}`));
  const parts = [lead, ...assists];
  if (parts.every((p) => p.length === 1)) {
    // The form's own shape: one label over every opinion.
    label("承办部门\n意见", parts.length);
    for (const [piece] of parts) {
      value(piece!);
      heights[r++] = pieceHeight(piece!, 60);
    }
  } else {
    let first = true;
    for (const part of parts)
      part.forEach((piece, i) => {
        label(first ? "承办部门\n意见" : "承办部门意见（续）");
        first = false;
        value(piece);
        heights[r++] = pieceHeight(piece, i === 0 ? 60 : 24);
      });
  }

  const leaderDate = data.closedDate ? formatChineseDate(data.closedDate) : blankDate;
  long(
    "督办领导\n小组意见",
    `${data.closeOpinion ?? ""}\n负责人签字：\n${signatureBlank}${signatureBlank}${leaderDate}`,
    72,
  );
  return { lastRow: r - 1, blocks, heights, cutAfter: [], pageBreaks: paginate(heights, r - 1) };
}

const SHEET_NAME_MAX = 31;

/**
 * Excel sheet names: ≤ 31 characters, none of : \ / ? * [ ], not starting or ending with an apostrophe. A name
 * too long loses characters from its head; `tail` (what tells two documents apart, e.g. 〔2026〕12号) is kept
 * whole, so cutting never makes two names equal.
 */
export function safeSheetName(head: string, tail = ""): string {
  const clean = (t: string) => [...t.replace(/[:\\/?*[\]]/g, "_")];
  const kept = clean(tail).slice(-SHEET_NAME_MAX);
  const cut = clean(head).slice(0, SHEET_NAME_MAX - kept.length);
  const s = [...cut, ...kept].join("").replace(/^'+|'+$/g, "");
  return s || "Sheet";
}

/** The 通知单's sheet: its number, the prefix cut when needed, never the 〔year〕seq号 that makes it unique. */
export function noticeSheetName(number: string): string {
  try {
    const n = parseNoticeNumber(number);
    return safeSheetName(n.prefix, `〔${n.year}〕${n.seq}号`);
  } catch {
    return safeSheetName("", number);
  }
}

/**
 * One 报告单 sheet per item: 报告单-{number}, and for the k-th of several items of a 一单多事 notice 报告单-{number}之k
 * (the prefix cut when needed; the number's year and sequence and k never).
 */
export function reportSheetName(
  item: { id: string; noticeNumber: string | null },
  index: number,
  count: number,
): string {
  const part = count > 1 ? `之${index}` : "";
  if (!item.noticeNumber) return safeSheetName("报告单-", item.id);
  try {
    const n = parseNoticeNumber(item.noticeNumber);
    return safeSheetName(`报告单-${n.prefix}`, `〔${n.year}〕${n.seq}号${part}`);
  } catch {
    return safeSheetName("报告单-", `${item.noticeNumber}${part}`);
  }
}

export interface SiteVisitData {
  companyName: string;
  noticeNumber: string | null;
  content: string;
  leadDeptName: string;
  supervisionGroup: string[];
  visits: readonly Pick<SiteVisit, "date" | "place" | "participants" | "findings" | "followUp" | "by">[];
}

/** 现场督办记录 (四、(三)): the item, then each visit (日期, 地点, 参加人员, 情况, 后续要求, 记录人). */
export function siteVisitLayout(data: SiteVisitData): FormLayout {
  const blocks: Block[] = [];
  const heights: Record<number, number> = {};
  let r = 1;
  const full = (text: string, opts: Partial<Block> = {}) =>
    blocks.push({ row: r, col: 0, cols: FORM_COLUMNS, text, align: "Center", ...opts });
  full(data.companyName, { font: FONT_TITLE, size: 14, bold: true });
  heights[r++] = 26;
  full("现场督办记录", { font: FONT_TITLE, size: 18, bold: true });
  heights[r++] = 34;
  const long = (name: string, text: string, min: number) =>
    splitText(text).forEach((piece, i) => {
      blocks.push(labelCell(r, i === 0 ? name : `${name}（续）`));
      blocks.push(valueCell(r, piece, 1, 3, { valign: "Top" }));
      heights[r++] = pieceHeight(piece, i === 0 ? min : 24);
    });
  long("督办文号", data.noticeNumber ?? "（尚未下发）", 24);
  long("督办事项内容", data.content, 36);
  long("牵头部门", data.leadDeptName, 24);
  if (data.supervisionGroup.length) long("督办组", data.supervisionGroup.join("、"), 24);
  data.visits.forEach((v, i) => {
    full(`第 ${i + 1} 次现场督办`, { font: FONT_BODY, size: 12, bold: true, align: "Left" });
    heights[r++] = 24;
    long("日期", formatChineseDate(v.date), 24);
    long("地点", v.place, 24);
    long("参加人员", v.participants, 24);
    long("现场督办情况", v.findings, 60);
    long("后续要求", v.followUp ?? "", 36);
    long("记录人", v.by, 24);
  });
  return { lastRow: r - 1, blocks, heights, cutAfter: [], pageBreaks: paginate(heights, r - 1) };
}

/** 现场督办记录-{number} (or the item's id before a notice). */
export function siteVisitSheetName(item: { id: string; noticeNumber: string | null }): string {
  if (!item.noticeNumber) return safeSheetName("现场督办记录-", item.id);
  try {
    const n = parseNoticeNumber(item.noticeNumber);
    return safeSheetName(`现场督办记录-${n.prefix}`, `〔${n.year}〕${n.seq}号`);
  } catch {
    return safeSheetName("现场督办记录-", item.noticeNumber);
  }
}

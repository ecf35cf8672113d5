/**
 * Print-ready sheets from the server's data: 通知单 (附件1) per notice and 报告单 (附件2) per item, laid out by
 * formLayout.ts. Re-generating a document rewrites its sheet instead of adding a copy.
 */
import { cstDate } from "../../../functions/src/domain/dates";
import { parseNoticeNumber } from "../../../functions/src/domain/numbering";
import type { Department, Notice, Settings } from "../../../functions/src/domain/types";
import { type ApiClient, type ApiItem, ApiError, type NoticeResult } from "../api/client";
import {
  type Block,
  FORM_COLUMNS,
  FORM_WIDTHS,
  type FormLayout,
  noticeLayout,
  noticeSheetName,
  PRINT_SCALE,
  reportLayout,
  reportSheetName,
  safeSheetName,
  siteVisitLayout,
  siteVisitSheetName,
} from "./formLayout";
import { asTextCell, classifyRow, col, DepartmentNames } from "./listModel";
import { STATUS_LABELS } from "../../../functions/src/domain/types";
import { updateRows } from "./listRows";
import { readSelectedRows } from "./listSelection";
import type { ListOptions } from "./listTable";
import { ExcelError, runExcel } from "./run";
import { freshSheet } from "./sheets";

const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"] as const;

function applyBlock(sheet: Excel.Worksheet, b: Block): void {
  const range = sheet.getRangeByIndexes(b.row - 1, b.col, b.rows ?? 1, b.cols);
  if (b.cols > 1 || (b.rows ?? 1) > 1) range.merge(false);
  range.getCell(0, 0).values = [[asTextCell(b.text)]];
  const f = range.format;
  if (b.font) f.font.name = b.font;
  if (b.size) f.font.size = b.size;
  f.font.bold = !!b.bold;
  if (b.color) f.font.color = b.color;
  f.horizontalAlignment = (b.align ?? "Left") as Excel.HorizontalAlignment;
  f.verticalAlignment = (b.valign ?? "Center") as Excel.VerticalAlignment;
  f.wrapText = b.wrap ?? true;
  if (b.border)
    for (const edge of EDGES) {
      const border = f.borders.getItem(edge as Excel.BorderIndex);
      border.style = "Continuous" as Excel.BorderLineStyle;
      border.weight = "Thin" as Excel.BorderWeight;
      border.color = "#000000";
    }
}

/** Write a form into the named sheet (created, or cleared and rewritten), with A4 portrait page setup. */
export async function renderForm(
  sheetName: string,
  layout: FormLayout,
  options: ListOptions = {},
): Promise<string> {
  const name = safeSheetName(sheetName);
  return runExcel(async (context) => {
    const sheet = await freshSheet(context, name);
    sheet.showGridlines = false;
    FORM_WIDTHS.forEach((w, i) => (sheet.getRangeByIndexes(0, i, 1, 1).format.columnWidth = w));
    for (const b of layout.blocks) applyBlock(sheet, b);
    for (const [row, h] of Object.entries(layout.heights))
      sheet.getRangeByIndexes(Number(row) - 1, 0, 1, 1).format.rowHeight = h;
    for (const row of layout.cutAfter) {
      const edge = sheet
        .getRangeByIndexes(row - 1, 0, 1, FORM_COLUMNS)
        .format.borders.getItem("EdgeBottom" as Excel.BorderIndex);
      edge.style = "Dash" as Excel.BorderLineStyle;
      edge.color = "#7F7F7F";
    }
    const page = sheet.pageLayout;
    page.orientation = "Portrait" as Excel.PageOrientation;
    page.paperSize = "A4" as Excel.PaperType;
    page.centerHorizontally = true;
    page.printGridlines = false;
    // One page: fitted to it. Longer: a fixed scale and the layout's own breaks (Excel ignores manual breaks
    // when fitting to pages), so every page is A4 and no part is shrunk to fit.
    page.zoom =
      layout.pageBreaks.length === 0
        ? { horizontalFitToPages: 1, verticalFitToPages: 1 }
        : { scale: PRINT_SCALE };
    sheet.horizontalPageBreaks.removePageBreaks();
    for (const row of layout.pageBreaks) sheet.horizontalPageBreaks.add(`A${row}`);
    // Margins in points: 1.5 cm top/bottom, 1.8 cm left/right — room for both parts on one A4 page.
    page.setPrintMargins("Points", { top: 42, bottom: 42, left: 51, right: 51, header: 20, footer: 20 });
    page.setPrintArea(`A1:D${layout.lastRow}`);
    sheet.activate();
    await context.sync();
    return name;
  }, options);
}

// ---------------------------------------------------------------- 通知单

export type NoticeMode = "single" | "multi";

export interface GeneratedNotice {
  notice: NoticeResult;
  sheetName: string;
}

async function digest(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const hash = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The Idempotency-Key of a notice request: the same items at the same versions give the same key, so a retried
 * click (after a lost answer) gets the same number instead of a second one.
 */
export async function noticeKey(items: readonly { id: string; version: number | string }[]): Promise<string> {
  const parts = [...items].map((i) => `${i.id}@${i.version}`).sort();
  return `notice-${await digest(parts.join(","))}`;
}

function noticeData(
  settings: Settings,
  notice: Pick<Notice, "number" | "issueDate" | "voided">,
  items: readonly ApiItem[],
  depts: DepartmentNames,
) {
  const first = items[0]!;
  const assist = [...new Set(items.flatMap((i) => i.assistDepts))];
  const group = [...new Set(items.flatMap((i) => i.supervisionGroup ?? []))];
  return {
    companyName: settings.companyName,
    notice,
    items,
    supervisionGroup: group,
    // A reprint after an approved 调整 says so; the voided notice keeps what it printed.
    adjusted:
      !notice.voided && items.some((i) => !!i.adjustedAt && cstDate(i.adjustedAt) >= notice.issueDate),
    leadDeptName: depts.name(first.leadDept),
    assistDeptNames: assist.map((d) => depts.name(d)),
    supervisedDeptName: [...new Set(items.map((i) => i.supervisedDept || depts.name(i.leadDept)))].join("、"),
  };
}

/** Read the selected list rows: their ids, with the rows' 序号 for messages; refuses rows with unsent edits. */
async function selectedListItems(
  options: ListOptions,
): Promise<{ id: string; seq: number; etag: string; status: string }[]> {
  return runExcel(async (context) => {
    // Only the selected rows are read, through the column map; Ctrl-click areas count too (一单多事).
    const selected = await readSelectedRows(context);
    if (!selected.hasTable)
      throw new ExcelError("ItemNotFound", "尚未初始化督办清单，请先点击「初始化清单」");
    // A selection on another sheet says nothing about the list's rows.
    if (!selected.onList)
      throw new ExcelError("InvalidOperation", "请先在督办清单中选中要下发的事项所在的行");
    const out: { id: string; seq: number; etag: string; status: string }[] = [];
    const pending: number[] = [];
    for (const { index, row } of selected.rows) {
      const seq = Number(row[col("seq")]) || index + 1;
      const change = classifyRow(row);
      if (change.kind === "new" || change.kind === "edited") pending.push(seq);
      else if (change.kind === "unchanged")
        out.push({
          id: String(row[col("id")]),
          seq,
          etag: String(row[col("etag")]),
          status: String(row[col("status")]),
        });
    }
    if (pending.length)
      throw new ExcelError("InvalidOperation", `第 ${pending.join("、")} 行有未提交的修改，请先「提交更改」`);
    if (out.length === 0)
      throw new ExcelError("InvalidOperation", "请先在督办清单中选中要下发的事项所在的行");
    return out;
  }, options);
}

/**
 * 生成通知单: 一单一事 (one notice per selected row) or 一单多事 (one notice for all selected rows, which must share
 * the lead department). Numbers come from the server; each notice gets its sheet; the rows show 督办文号 and 状态.
 */
export async function generateNotices(
  api: ApiClient,
  mode: NoticeMode,
  options: ListOptions = {},
): Promise<GeneratedNotice[]> {
  const selected = await selectedListItems(options);
  const [settings, departments] = await Promise.all([
    api.getSettings(options.signal),
    api.getDepartments(options.signal),
  ]);
  const depts = new DepartmentNames(departments.value);
  const items = await Promise.all(selected.map((s) => api.getItem(s.id, options.signal)));
  const problems: string[] = [];
  items.forEach((item, i) => {
    const seq = selected[i]!.seq;
    // The row still says 已立项 but the server already has it issued: a retry after a lost answer. Send the
    // same request again (same key): the server answers with the notice it issued, never a second number.
    const lostAnswer = item.status === "notified" && selected[i]!.status === STATUS_LABELS.registered;
    if (item.status !== "registered" && !lostAnswer)
      problems.push(`第 ${seq} 行尚未立项或已下发（${item.noticeNumber ?? "状态不符"}）`);
    else if (!item.deadline) problems.push(`第 ${seq} 行没有完成时限`);
  });
  if (mode === "multi") {
    const leads = new Set(items.map((i) => i.leadDept));
    if (leads.size > 1)
      problems.push(
        `一单多事须为同一牵头部门：${selected.map((s, i) => `第 ${s.seq} 行为「${depts.name(items[i]!.leadDept)}」`).join("，")}`,
      );
  }
  if (problems.length) throw new ExcelError("InvalidOperation", problems.join("；"));

  const groups = mode === "multi" ? [items] : items.map((i) => [i]);
  const out: GeneratedNotice[] = [];
  for (const [n, group] of groups.entries()) {
    options.onProgress?.(`正在生成第 ${n + 1} / ${groups.length} 份通知单…`, n / groups.length);
    try {
      if (options.signal?.aborted) throw new ExcelError("Cancelled", "操作已取消");
      // Keyed by the versions the rows were pulled at, so a retry after a lost answer repeats the same key.
      const etagOf = new Map(selected.map((s) => [s.id, s.etag]));
      const key = await noticeKey(
        group.map((i) => ({ id: i.id, version: etagOf.get(i.id) ?? String(i.version) })),
      );
      const notice = await api.issueNotice(
        group.map((i) => i.id),
        key,
        undefined,
        options.signal,
      );
      // Once a number is issued, its sheet and rows are written even if the clerk cancels now.
      const finishing: ListOptions = options.host ? { host: options.host } : {};
      const sheetName = await writeNoticeSheet(
        notice,
        notice.items,
        settings.value,
        departments.value,
        finishing,
      );
      await updateRows(notice.items, departments.value, finishing);
      out.push({ notice, sheetName });
    } catch (e) {
      if (out.length === 0) throw e;
      throw new NoticeBatchError(e, out);
    }
  }
  options.onProgress?.("通知单已生成", 1);
  return out;
}

/** A batch of 一单一事 notices stopped part way: `done` lists the notices already issued, with their sheets. */
export class NoticeBatchError extends ExcelError {
  constructor(
    readonly failure: unknown,
    readonly done: GeneratedNotice[],
  ) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    super(
      "PartiallyDone",
      `已生成 ${done.length} 份通知单（${done.map((d) => d.notice.number).join("、")}），其余未生成：${reason}`,
    );
  }
}

async function writeNoticeSheet(
  notice: Pick<Notice, "number" | "issueDate" | "voided" | "itemIds">,
  items: readonly ApiItem[],
  settings: Settings,
  departments: readonly Department[],
  options: ListOptions,
): Promise<string> {
  const byId = new Map(items.map((i) => [i.id, i]));
  const ordered = notice.itemIds.map((id) => byId.get(id)).filter((i): i is ApiItem => !!i);
  const layout = noticeLayout(noticeData(settings, notice, ordered, new DepartmentNames(departments)));
  return renderForm(noticeSheetName(notice.number), layout, options);
}

/** Write (again) the sheet of an issued notice, e.g. when the pane was closed before the sheet was written. */
export async function rewriteNoticeSheet(
  api: ApiClient,
  number: string,
  options: ListOptions = {},
): Promise<string> {
  const parsed = parseNoticeNumber(number);
  const [notice, settings, departments] = await Promise.all([
    api.getNotice(parsed.year, parsed.seq, options.signal),
    api.getSettings(options.signal),
    api.getDepartments(options.signal),
  ]);
  const items = await Promise.all(notice.itemIds.map((id) => api.getItem(id, options.signal)));
  return writeNoticeSheet(notice, items, settings.value, departments.value, options);
}

/** 作废: the number stays used; the sheet is marked 已作废 and the rows return to 已立项. */
export async function voidNotice(
  api: ApiClient,
  number: string,
  reason: string,
  options: ListOptions = {},
): Promise<NoticeResult> {
  const parsed = parseNoticeNumber(number);
  const before = await api.getNotice(parsed.year, parsed.seq, options.signal);
  const [settings, departments] = await Promise.all([
    api.getSettings(options.signal),
    api.getDepartments(options.signal),
  ]);
  const originals = await Promise.all(
    before.itemIds.map((id) => api.getItem(id, options.signal).catch(() => null)),
  );
  const result = await api.voidNotice(parsed.year, parsed.seq, reason, options.signal);
  const depts = new DepartmentNames(departments.value);
  // The sheet keeps the voided notice as printed: its items with their content and deadlines then.
  const printed = originals
    .filter((i): i is ApiItem => !!i)
    .map((i) => ({ ...i, effectiveDeadline: i.effectiveDeadline ?? i.deadline }));
  if (printed.length > 0)
    await renderForm(
      noticeSheetName(result.number),
      noticeLayout(noticeData(settings.value, result, printed, depts)),
      options,
    );
  await updateRows(result.items, departments.value, options);
  return result;
}

// ---------------------------------------------------------------- 报告单

/** 报告单 (附件2) for a reported or closed item, filled from its report and close events. */
export async function generateReport(
  api: ApiClient,
  itemId: string,
  options: ListOptions = {},
): Promise<string> {
  const [item, events, settings, departments] = await Promise.all([
    api.getItem(itemId, options.signal),
    api.itemEvents(itemId, options.signal),
    api.getSettings(options.signal),
    api.getDepartments(options.signal),
  ]);
  const depts = new DepartmentNames(departments.value);
  if (item.status !== "reported" && item.status !== "closed")
    throw new ApiError({
      status: 409,
      code: "conflict",
      title: "不能生成报告单",
      detail: "只有已报告或已办结的事项才能生成报告单",
    });
  const lastReport = [...events].reverse().find((e) => e.kind === "report");
  const close = [...events].reverse().find((e) => e.kind === "close");
  const report = item.report ?? (lastReport?.payload as unknown as ApiItem["report"] | undefined) ?? null;
  // 一单多事: each item has its own 报告单 and sheet, named by its place in the notice.
  const notice =
    item.noticeYear && item.noticeSeq
      ? await api.getNotice(item.noticeYear, item.noticeSeq, options.signal).catch(() => null)
      : null;
  const place = notice ? notice.itemIds.indexOf(item.id) + 1 : 1;
  const layout = reportLayout({
    companyName: settings.value.companyName,
    receivedDate: lastReport ? cstDate(lastReport.at) : null,
    archiveNumber: item.archiveNumber?.trim() ? item.archiveNumber : null,
    content: item.content,
    noticeNumber: item.noticeNumber ?? "",
    report,
    assistOpinions: (item.assistOpinions ?? []).map((o) => ({
      deptName: depts.name(o.deptId),
      opinion: o.opinion,
    })),
    closeOpinion: item.closeOpinion ?? (close?.payload as { opinion?: string } | undefined)?.opinion ?? null,
    closedDate: item.closedDate,
  });
  return renderForm(reportSheetName(item, Math.max(1, place), notice?.itemIds.length ?? 1), layout, options);
}

// ---------------------------------------------------------------- 现场督办记录

/** 现场督办记录 (四、(三)) of an item: every visit recorded, printable on A4. */
export async function generateSiteVisitRecord(
  api: ApiClient,
  itemId: string,
  options: ListOptions = {},
): Promise<string> {
  const [item, settings, departments] = await Promise.all([
    api.getItem(itemId, options.signal),
    api.getSettings(options.signal),
    api.getDepartments(options.signal),
  ]);
  if (!item.siteVisits?.length)
    throw new ApiError({
      status: 409,
      code: "conflict",
      title: "不能生成现场督办记录",
      detail: "该事项尚无现场督办记录，请先在「操作」中记录现场督办",
    });
  const depts = new DepartmentNames(departments.value);
  const layout = siteVisitLayout({
    companyName: settings.value.companyName,
    noticeNumber: item.noticeNumber,
    content: item.content,
    leadDeptName: depts.name(item.leadDept),
    supervisionGroup: item.supervisionGroup ?? [],
    visits: item.siteVisits,
  });
  return renderForm(siteVisitSheetName(item), layout, options);
}

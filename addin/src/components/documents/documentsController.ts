// The 文书 tab's work: 通知单 from the selected rows, 作废, 报告单 and 督办通报. Each function runs through the
// workbook facade and the API; no React here, so tests drive them with fakes.
import { isValidDate } from "../../../../functions/src/domain/dates";
import { STATUS_LABELS, type Notice } from "../../../../functions/src/domain/types";
import { validate, voidNoticeSchema } from "../../../../functions/src/domain/validation";
import { ApiError, type ApiItem, type BulletinQuery, type NoticeResult } from "../../api/client";
import { bulletinSpec } from "../../excel/reportSheets";
import type { PaneDeps } from "../common/deps";
import type { Summary } from "../list/listState";
import type { OnProgress } from "../common/taskState";
import type { GeneratedNotice, NoticeMode } from "../common/workbook";

export const NOTICE_MODE_LABELS: Record<NoticeMode, string> = {
  single: "一单一事（每行一份通知单）",
  multi: "一单多事（所选各行合为一份，须同一牵头部门）",
};

/** 生成通知单 from the rows selected in 督办清单; the Excel layer names the rows it refuses (未立项, 牵头部门不同). */
export function generateNotices(
  deps: PaneDeps,
  mode: NoticeMode,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<GeneratedNotice[]> {
  onProgress("正在读取所选行…", null);
  return deps.excel.generateNotices(deps.api, mode, { signal, onProgress });
}

/** One line per notice: its number, the sheet it was written to and how many items it covers. */
export function noticesSummary(generated: readonly GeneratedNotice[]): Summary {
  return {
    intent: "success",
    title: `已生成 ${generated.length} 份通知单`,
    lines: generated.map(
      ({ notice, sheetName }) => `${notice.number}：工作表「${sheetName}」，共 ${notice.itemIds.length} 项`,
    ),
  };
}

/** The notices of a year that can still be voided, newest first. */
export async function voidableNotices(deps: PaneDeps, year: number, signal?: AbortSignal): Promise<Notice[]> {
  const all = await deps.api.listNotices(year, signal);
  return all.filter((n) => !n.voided).sort((a, b) => b.seq - a.seq);
}

export type VoidCheck = { ok: true; reason: string } | { ok: false; errors: Record<string, string> };

/** 作废 needs a notice and a reason (the domain's schema, so the message is the server's). */
export function checkVoid(number: string, reason: string): VoidCheck {
  const errors: Record<string, string> = {};
  if (!number) errors.number = "请选择要作废的通知单";
  const checked = validate(voidNoticeSchema, reason.trim() ? { reason: reason.trim() } : {});
  if (!checked.ok) errors.reason = checked.errors[0]?.message ?? "理由为必填项";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, reason: reason.trim() };
}

export function voidNotice(
  deps: PaneDeps,
  number: string,
  reason: string,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<NoticeResult> {
  onProgress(`正在作废 ${number}…`, null);
  return deps.excel.voidNotice(deps.api, number, reason, { signal, onProgress });
}

export function voidSummary(result: NoticeResult): Summary {
  return {
    intent: "success",
    title: `已作废 ${result.number}`,
    lines: [
      `文号保留不再使用，工作表已标注「作废」。`,
      `${result.items.length} 项事项退回「${STATUS_LABELS.registered}」，可重新下发。`,
    ],
  };
}

/** Whether an item has a 报告单 to print: it has been reported (or closed after a report). */
export const hasReport = (item: Pick<ApiItem, "status">) =>
  item.status === "reported" || item.status === "closed";

export function generateReport(
  deps: PaneDeps,
  item: ApiItem,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<string> {
  onProgress("正在生成报告单…", null);
  return deps.excel.generateReport(deps.api, item.id, { signal, onProgress });
}

/** 重印通知单 of the selected item: its notice's sheet written again from the items as they now stand. */
export function reprintNotice(
  deps: PaneDeps,
  item: ApiItem,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<string> {
  onProgress("正在重印通知单…", null);
  return deps.excel.reprintNotice(deps.api, item.noticeNumber ?? "", { signal, onProgress });
}

/** 现场督办记录 for the selected item (四、(三)). */
export function generateSiteVisitRecord(
  deps: PaneDeps,
  item: ApiItem,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<string> {
  onProgress("正在生成现场督办记录…", null);
  return deps.excel.generateSiteVisitRecord(deps.api, item.id, { signal, onProgress });
}

// ---------------------------------------------------------------- 督办通报

export interface BulletinRequest {
  /** items: 随时通报 on the rows selected in 督办清单 (六、(三)). */
  kind: "period" | "year" | "items";
  from: string;
  to: string;
  year: number;
}

export type BulletinCheck =
  { ok: true; query: BulletinQuery } | { ok: false; errors: Record<string, string> };

/** The period must be two real dates, the first not after the second; the year-end summary needs a year. */
export function checkBulletin(request: BulletinRequest, today: string): BulletinCheck {
  // The rows are read when the bulletin is made.
  if (request.kind === "items") return { ok: true, query: { itemIds: [] } };
  if (request.kind === "year") {
    if (!Number.isInteger(request.year) || request.year < 2000 || request.year > Number(today.slice(0, 4)))
      return { ok: false, errors: { year: "请选择年度" } };
    return { ok: true, query: { year: request.year } };
  }
  const errors: Record<string, string> = {};
  if (!isValidDate(request.from)) errors.from = "开始日期应为有效日期";
  if (!isValidDate(request.to)) errors.to = "结束日期应为有效日期";
  if (!errors.from && !errors.to && request.from > request.to) errors.to = "结束日期不能早于开始日期";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, query: { from: request.from, to: request.to } };
}

export interface BulletinResult {
  sheetName: string;
  lines: string[];
}

/** Items read one by one, a few at a time (the bulletin names them; their 督办组 and 督办要求 are on the item). */
async function itemDetails(
  deps: PaneDeps,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, ApiItem>> {
  const out = new Map<string, ApiItem>();
  const unique = [...new Set(ids)].slice(0, MAX_DETAILS);
  for (let i = 0; i < unique.length; i += 6) {
    const batch = await Promise.all(
      unique.slice(i, i + 6).map((id) => deps.api.getItem(id, signal).catch(() => null)),
    );
    for (const item of batch) if (item) out.set(item.id, item);
  }
  return out;
}
/** Beyond this many items the bulletin leaves 督办组 out rather than make hundreds of requests. */
const MAX_DETAILS = 200;

/**
 * 督办通报: the period's figures from the server, written as a sheet headed with the company's name; for
 * `kind: items` (随时通报) on the rows selected in 督办清单.
 */
export async function writeBulletin(
  deps: PaneDeps,
  requested: BulletinQuery,
  today: string,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<BulletinResult> {
  let query = requested;
  if ("itemIds" in query && query.itemIds.length === 0) {
    onProgress("正在读取所选行…", null);
    const { ids } = await deps.excel.selectedRows({ signal });
    if (ids.length === 0)
      throw new ApiError({
        status: 400,
        code: "invalid_request",
        title: "没有选中事项",
        detail: "请先在「督办清单」中选中要随时通报的事项所在的行（已提交到服务器的）。",
      });
    query = { itemIds: [...new Set(ids)] };
  }
  onProgress("正在统计督办情况…", 0.1);
  const [settings, bulletin] = await Promise.all([
    deps.api.getSettings(signal),
    deps.api.getBulletin(query, signal),
  ]);
  onProgress("正在读取督办组…", 0.4);
  const chosen = "itemIds" in query ? query.itemIds : null;
  const named = [
    ...(chosen ?? []),
    ...bulletin.criticized.map((i) => i.itemId),
    ...bulletin.urgentItems.map((i) => i.itemId),
    ...(bulletin.accountability ?? []).flatMap((r) => r.itemIds),
  ];
  const details = await itemDetails(deps, named, signal);
  onProgress("正在写入工作表…", 0.7);
  const year = "year" in query ? query.year : null;
  const spec = bulletinSpec(bulletin, settings.value.companyName, today, year, details, chosen);
  const sheetName = await deps.excel.renderReport(spec, { signal });
  const rate = bulletin.onTimeRate === null ? "—" : `${(bulletin.onTimeRate * 100).toFixed(1)}%`;
  const lost = (bulletin.awardEligibility ?? []).filter((e) => !e.eligible);
  return {
    sheetName,
    lines: [
      ...(chosen ? [`随时通报所选 ${chosen.length} 项事项。`] : []),
      `统计期间 ${bulletin.from} 至 ${bulletin.to}，事项 ${bulletin.totals.total} 项，按期率 ${rate}。`,
      `通报批评 ${bulletin.criticized.length} 项，专项、特急、特别重大事项 ${bulletin.urgentItems.length} 项，现场督办 ${bulletin.siteVisits?.length ?? 0} 次，问责 ${bulletin.accountability?.length ?? 0} 条。`,
      ...(year
        ? [
            lost.length
              ? `取消评优评先资格：${lost.map((e) => e.name).join("、")}。`
              : "各部门均保有评优评先资格。",
          ]
        : []),
    ],
  };
}

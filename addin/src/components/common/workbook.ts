// What the pane asks of the workbook: the 督办清单 operations of excel/listSheet.ts, the print forms of
// excel/printForms.ts and the report sheets of excel/reportSheets.ts, as an interface the components receive as a
// prop, so they never reach Excel themselves and tests can pass a fake.
import type { ApiClient, ApiItem, ItemQuery, NoticeResult } from "../../api/client";
import type { Department } from "../../../../functions/src/domain/types";
import type { InitResult, PendingRow, PullResult, PushResult } from "../../excel/listSheet";
import type { GeneratedNotice, NoticeMode } from "../../excel/printForms";
import type { ReportSpec } from "../../excel/reportSheets";
import type { LedgerCheck, LedgerData, LedgerImport, LedgerSource } from "../../excel/importLedger";
import type { LedgerMapping } from "../../excel/ledgerMapping";

export type { InitResult, PendingRow, PullResult, PushResult, RowOutcome } from "../../excel/listSheet";
export type { GeneratedNotice, NoticeMode } from "../../excel/printForms";
export type { ReportSpec } from "../../excel/reportSheets";
export type { LedgerCheck, LedgerData, LedgerImport, LedgerSource } from "../../excel/importLedger";

/** Every long workbook operation can be cancelled and reports its progress (message, 0…1). */
export interface WorkbookOptions {
  signal?: AbortSignal;
  onProgress?: (message: string, fraction: number) => void;
}

/** The 督办清单 sheet as the pane sees it (DESIGN §2 "The Excel side"). */
export interface ListWorkbook {
  /** 初始化清单: create or adopt the sheet and its table; safe to run again. */
  initialiseList(departments: readonly Department[], options?: WorkbookOptions): Promise<InitResult>;
  /** 刷新: the server's items into the table; rows with unsent edits are kept and marked pending. */
  pullList(
    api: ApiClient,
    query?: Omit<ItemQuery, "continuationToken">,
    options?: WorkbookOptions,
  ): Promise<PullResult>;
  /** 提交更改: send new and edited rows; each row is marked sent, rejected, in conflict or unsent. */
  pushList(api: ApiClient, options?: WorkbookOptions): Promise<PushResult>;
  /** The item ids (and table row indexes) of the selected rows of the table. */
  selectedRows(options?: WorkbookOptions): Promise<{ ids: string[]; rows: number[] }>;
  /** Settle a conflicting row: take the server's version, or keep the clerk's values on top of it. */
  resolveConflict(
    server: ApiItem,
    choice: ConflictChoice,
    departments: readonly Department[],
    options?: WorkbookOptions,
  ): Promise<void>;
  /** Write items changed in the pane into their rows (found by id); answers how many rows were written. */
  updateRows(
    items: readonly ApiItem[],
    departments: readonly Department[],
    options?: WorkbookOptions,
  ): Promise<number>;
  /** Rows still waiting for the server, as the workbook itself marks them (new, edited, 冲突, 已拒绝, 未发送). */
  pendingRows(options?: WorkbookOptions): Promise<PendingRow[]>;
  /**
   * Call `handler` whenever the selection moves on the 督办清单 sheet; answers the function that unsubscribes
   * (a no-op when the sheet does not exist yet).
   */
  onListSelectionChanged(handler: () => void, options?: WorkbookOptions): Promise<() => Promise<void>>;
}

/** The print-ready documents (附件1 通知单, 附件2 报告单) generated from the server's data. */
export interface DocumentWorkbook {
  /** 生成通知单 from the selected rows: one per row (一单一事) or one for all (一单多事, same lead department). */
  generateNotices(api: ApiClient, mode: NoticeMode, options?: WorkbookOptions): Promise<GeneratedNotice[]>;
  /** 作废: the number stays used; its sheet is marked 已作废 and its rows return to 已立项. */
  voidNotice(
    api: ApiClient,
    number: string,
    reason: string,
    options?: WorkbookOptions,
  ): Promise<NoticeResult>;
  /** 报告单 for a reported or closed item; answers the sheet's name. */
  generateReport(api: ApiClient, itemId: string, options?: WorkbookOptions): Promise<string>;
  /** 重印 an issued 通知单 as the items now stand (调整后 after an approved adjustment); answers the sheet's name. */
  reprintNotice(api: ApiClient, number: string, options?: WorkbookOptions): Promise<string>;
  /** 现场督办记录 (四、(三)) of an item with site visits; answers the sheet's name. */
  generateSiteVisitRecord(api: ApiClient, itemId: string, options?: WorkbookOptions): Promise<string>;
  /** Write a report sheet (督办通报, 催办清单, 月度考核, 考核规则, 年度汇总, 问责台账); answers the sheet's name. */
  renderReport(spec: ReportSpec, options?: WorkbookOptions): Promise<string>;
}

/** 导入现有台账: a clerk's own ledger (a sheet or a table) brought in as items (excel/importLedger.ts). */
export interface LedgerWorkbook {
  listLedgerSources(options?: WorkbookOptions): Promise<LedgerSource[]>;
  readLedger(source: LedgerSource, options?: WorkbookOptions): Promise<LedgerData>;
  /** 检查: marks every row 可导入 / 不能导入：why in the ledger's 导入结果 column; creates nothing. */
  checkLedger(
    source: LedgerSource,
    mapping: LedgerMapping,
    departments: readonly Department[],
    options?: WorkbookOptions,
  ): Promise<LedgerCheck>;
  /** 导入: creates the rows' items (one key per row, never twice) and marks them 已导入. */
  importLedger(
    api: ApiClient,
    source: LedgerSource,
    mapping: LedgerMapping,
    departments: readonly Department[],
    options?: WorkbookOptions,
  ): Promise<LedgerImport>;
}

/** Everything the pane does in the workbook; `ledger` where the import is offered (the real workbook). */
export type PaneWorkbook = ListWorkbook & DocumentWorkbook & { ledger?: LedgerWorkbook };

/** 「采用服务器版本」 or 「保留我的修改」. */
export type ConflictChoice = "server" | "mine";

// What the pane asks of the workbook: the 督办清单 operations of excel/listSheet.ts, as an interface the
// components receive as a prop, so they never reach Excel themselves and tests can pass a fake.
import type { ApiClient, ApiItem, ItemQuery } from "../api/client";
import type { Department } from "../../../functions/src/domain/types";
import type { InitResult, PullResult, PushResult } from "../excel/listSheet";

export type { InitResult, PullResult, PushResult, RowOutcome } from "../excel/listSheet";

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
}

/** 「采用服务器版本」 or 「保留我的修改」. */
export type ConflictChoice = "server" | "mine";

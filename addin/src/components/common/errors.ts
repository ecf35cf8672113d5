// One shape for every failure the pane shows: server (ApiError), Excel (ExcelError) or a cancellation.
import { ApiError, type FieldError } from "../../api/client";

export interface PaneError {
  title: string;
  /** The Chinese explanation: ApiError.detail or ExcelError.message. */
  detail: string;
  /** Invalid fields named by the server (400). */
  fields: FieldError[];
  /** 412: someone else changed the item since it was read. */
  stale: boolean;
  /** No answer from the server (or 503): local changes stay in the sheet until it is back. */
  offline: boolean;
  /** HTTP status when the server answered; 0 otherwise. */
  status: number;
}

/** The user (or the pane closing) stopped the work: not a failure to report. */
export function isCancellation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === "AbortError" || (name === "ExcelError" && code === "Cancelled");
}

/** ExcelError (excel/run.ts) is recognised by shape, so components need not import the Excel layer. */
function isExcelError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof Error &&
    error.name === "ExcelError" &&
    typeof (error as { code?: unknown }).code === "string"
  );
}

export const STALE_MESSAGE = "数据已被他人修改，请刷新";

export function describeError(error: unknown, title?: string): PaneError {
  if (error instanceof ApiError) {
    return {
      title: title ?? error.title,
      detail: error.status === 412 ? `${STALE_MESSAGE}。` : error.detail,
      fields: error.errors,
      stale: error.status === 412,
      offline: error.isNetworkError || error.status === 503,
      status: error.status,
    };
  }
  if (isExcelError(error)) {
    return {
      title: title ?? "Excel 操作失败",
      detail: error.message,
      fields: [],
      stale: false,
      offline: false,
      status: 0,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    title: title ?? "发生意外错误",
    detail: `发生意外错误：${message}`,
    fields: [],
    stale: false,
    offline: false,
    status: 0,
  };
}

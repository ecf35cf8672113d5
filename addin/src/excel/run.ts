/**
 * The one way into Excel: Excel.run with retries while the user is editing a cell, and Office.js errors
 * (branched on `error.code`, never on the localized message) turned into Chinese messages.
 */

export type ExcelHost = Pick<typeof Excel, "run">;

/** The Excel the pane runs in; tests and the end-to-end page install a fake. */
export function excelHost(): ExcelHost {
  const host = (globalThis as { Excel?: ExcelHost }).Excel;
  if (!host) throw new ExcelError("NotInExcel", "当前页面未在 Excel 中打开");
  return host;
}

const MESSAGES: Record<string, string> = {
  InvalidOperationInCellEditMode: "Excel 正处于单元格编辑状态，请先按 Enter 或 Esc 结束编辑",
  ItemNotFound: "找不到所需的工作表或表格，请先「初始化清单」",
  ItemAlreadyExists: "同名的工作表或表格已存在",
  InvalidArgument: "写入 Excel 的数据格式不正确",
  InvalidOperation: "Excel 不允许此操作（工作表可能受保护或正在被其他操作占用）",
  RequestPayloadSizeLimitExceeded: "一次写入的数据过多，超出 Excel 网页版 5 MB 的限制",
  ResponsePayloadSizeLimitExceeded: "一次读取的数据过多，超出 Excel 网页版 5 MB 的限制",
  AccessDenied: "没有权限修改此工作簿（可能为只读）",
  ApiNotFound: "当前 Excel 版本不支持此功能，请升级 Excel",
  GeneralException: "Excel 内部错误，请稍后重试",
  Conflict: "工作簿正被其他人修改，请稍后重试",
  NotInExcel: "当前页面未在 Excel 中打开",
  Cancelled: "操作已取消",
};

/** A failure inside Excel, with a stable code and a Chinese message for the pane. */
export class ExcelError extends Error {
  override readonly name = "ExcelError";
  constructor(
    readonly code: string,
    message: string,
    readonly debugInfo?: unknown,
  ) {
    super(message);
  }
}

export function toExcelError(e: unknown): ExcelError {
  if (e instanceof ExcelError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string") {
    return new ExcelError(
      code,
      MESSAGES[code] ?? `Excel 操作失败（${code}）`,
      (e as { debugInfo?: unknown }).debugInfo,
    );
  }
  return new ExcelError("Unknown", `Excel 操作失败：${e instanceof Error ? e.message : String(e)}`);
}

export interface RunOptions {
  /** How many times to retry while the user is editing a cell. */
  retries?: number;
  delayMs?: number;
  signal?: AbortSignal;
  host?: ExcelHost;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runExcel<T>(
  batch: (context: Excel.RequestContext) => Promise<T>,
  options: RunOptions = {},
): Promise<T> {
  const retries = options.retries ?? 20;
  const host = options.host ?? excelHost();
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new ExcelError("Cancelled", MESSAGES.Cancelled!);
    try {
      return await host.run(batch);
    } catch (e) {
      const err = toExcelError(e);
      if (err.code === "InvalidOperationInCellEditMode" && attempt < retries) {
        await sleep(options.delayMs ?? 500);
        continue;
      }
      throw err;
    }
  }
}

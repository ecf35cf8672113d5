/**
 * The last-resort sign-in: an Office dialog (Office.context.ui.displayDialogAsync) showing the add-in's own page
 * auth-dialog.html, which runs MSAL's redirect flow and sends the token or the error back with
 * Office.context.ui.messageParent. This side opens the dialog and reads its one message.
 */

/** What the dialog page sends with messageParent (JSON). */
export type DialogMessage =
  | { status: "ok"; token: string; expiresOn: number | null }
  | { status: "error"; code: string; message: string };

/** What came back from the dialog: its message, or the dialog's own error (12002, 12006 …). */
export type DialogOutcome = { kind: "message"; message: string } | { kind: "error"; code: number };

/** Opens the page at `url` in an Office dialog and answers its first message or its failure. */
export type DialogOpener = (url: string) => Promise<DialogOutcome>;

/** The page, built beside taskpane.html (addin/vite.config.ts `pages`). */
export const DIALOG_PAGE = "auth-dialog.html";

/** Chinese explanations of the dialog API's errors (displayDialogAsync and DialogEventReceived). */
export const DIALOG_ERRORS: Record<number, string> = {
  12002: "找不到登录页面（auth-dialog.html）：请管理员确认加载项文件已完整发布",
  12003: "登录页面须通过 https 打开：请管理员检查加载项的发布地址",
  12004: "登录页面不在加载项的域中：请管理员用 npm run manifest 重新生成清单",
  12005: "登录页面须通过 https 打开：请管理员检查加载项的发布地址",
  12006: "登录窗口已关闭：需要时再点「登录」",
  12007: "已有一个对话框打开：请先关闭它再点「登录」",
  12009: "您选择了不显示登录窗口：需要时再点「登录」，并在提示中选择「允许」",
  12011: "浏览器阻止了登录窗口：请允许本网站弹出窗口后再点「登录」",
};

/** Chinese explanations of MSAL's errors as the dialog page reports them (and as NAA raises them). */
export const MSAL_ERRORS: Record<string, string> = {
  user_cancelled: "已取消登录：需要时再点「登录」",
  popup_window_error: "浏览器阻止了登录窗口：请允许弹出窗口后再点「登录」",
  empty_window_error: "登录窗口未能打开：请允许弹出窗口后再点「登录」",
  interaction_in_progress: "另一个登录窗口尚未完成：请先完成或关闭它，再点「登录」",
  consent_required: "尚未授权本加载项访问督办服务：请点「登录」并同意授权，或请管理员为单位统一授权",
  interaction_required: "需要重新登录（如多重身份验证或条件访问）：请点「登录」",
  login_required: "尚未登录：请点「登录」",
  no_account_error: "尚未登录：请点「登录」",
  no_tokens_found: "尚未登录：请点「登录」",
  refresh_token_expired: "登录已过期：请点「登录」重新登录",
  bad_token: "登录已失效：请点「登录」重新登录",
  no_network_connectivity: "无法连接 Microsoft 登录服务：请检查网络后再点「登录」",
  timed_out: "登录超时：请检查网络后再点「登录」",
  invalid_client: "应用注册有误（客户端 ID 或重定向 URI）：请管理员按 README 检查应用注册",
  redirect_uri_mismatch: "应用注册缺少本加载项的重定向 URI：请管理员按 README 添加单页应用重定向 URI",
  bad_message: "登录窗口返回的内容无法识别：请再点「登录」，仍失败请联系管理员",
};

/** MSAL error codes after which only the user can help (the 登录 button), not a retry. */
export const INTERACTION_REQUIRED: ReadonlySet<string> = new Set([
  "interaction_required",
  "consent_required",
  "login_required",
  "no_account_error",
  "no_tokens_found",
  "refresh_token_expired",
  "bad_token",
  "interrupted_user",
  "native_account_unavailable",
]);

/** The Chinese explanation of an MSAL error (its errorCode, or an AADSTS code in its message). */
export function msalReason(code: string, message = ""): string {
  const known = MSAL_ERRORS[code];
  if (known) return known;
  if (/AADSTS50011/.test(message)) return MSAL_ERRORS.redirect_uri_mismatch!;
  if (/AADSTS700016|AADSTS50194/.test(message))
    return "应用注册或租户配置有误：请管理员按 README 检查应用注册和 --tenant-id";
  if (/AADSTS65001/.test(message)) return MSAL_ERRORS.consent_required!;
  return `登录失败（${code || "未知错误"}）：请再点「登录」，仍失败请联系管理员`;
}

/** The dialog page's message, or null when it is not one. */
export function parseDialogMessage(text: string): DialogMessage | null {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value.status === "ok" && typeof value.token === "string" && value.token)
      return {
        status: "ok",
        token: value.token,
        expiresOn: typeof value.expiresOn === "number" ? value.expiresOn : null,
      };
    if (value.status === "error")
      return {
        status: "error",
        code: typeof value.code === "string" ? value.code : "",
        message: typeof value.message === "string" ? value.message : "",
      };
  } catch {
    // not JSON
  }
  return null;
}

interface OfficeDialog {
  addEventHandler(type: unknown, handler: (arg: { message?: string; error?: number }) => void): void;
  close(): void;
}

interface OfficeUi {
  displayDialogAsync(
    url: string,
    options: { height: number; width: number; promptBeforeOpen?: boolean },
    callback: (result: { status: string; value: OfficeDialog; error?: { code: number } }) => void,
  ): void;
}

/** The Office dialog API of this page, or null outside Office (then the dialog path is not offered). */
export function officeDialogOpener(): DialogOpener | null {
  const office = (
    globalThis as unknown as {
      Office?: {
        context?: { ui?: Partial<OfficeUi> };
        EventType?: { DialogMessageReceived?: unknown; DialogEventReceived?: unknown };
      };
    }
  ).Office;
  const ui = office?.context?.ui;
  if (!ui?.displayDialogAsync) return null;
  const open = ui.displayDialogAsync.bind(ui);
  return (url) =>
    new Promise<DialogOutcome>((resolve) => {
      open(url, { height: 60, width: 30 }, (result) => {
        if (result.status !== "succeeded") {
          resolve({ kind: "error", code: result.error?.code ?? 12002 });
          return;
        }
        const dialog = result.value;
        dialog.addEventHandler(office?.EventType?.DialogMessageReceived ?? "dialogMessageReceived", (arg) => {
          dialog.close();
          resolve({ kind: "message", message: arg.message ?? "" });
        });
        dialog.addEventHandler(office?.EventType?.DialogEventReceived ?? "dialogEventReceived", (arg) => {
          resolve({ kind: "error", code: arg.error ?? 12006 });
        });
      });
    });
}

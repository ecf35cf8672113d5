/**
 * Office single sign-on (OfficeRuntime.auth.getAccessToken, IdentityAPI 1.3): the second sign-in path, used where
 * the host lacks nested app authentication. Office asks Entra ID for a token for the manifest's
 * WebApplicationInfo resource; it fails with an error code 13000–13013, each explained here in Chinese with what
 * to do. This module only knows how to ask Office; the choice of path, the cache and the fallback to the dialog
 * are in ./index.ts.
 */

export interface OfficeRuntimeAuth {
  getAccessToken(options?: {
    allowSignInPrompt?: boolean;
    allowConsentPrompt?: boolean;
    forMSGraphAccess?: boolean;
  }): Promise<string>;
}

/** Which way the pane obtains its token (DESIGN §2 Identity): the first the host supports, in this order. */
export type AuthPath = "naa" | "sso" | "dialog";

/** The outcome of a sign-in attempt, for the client (its token) and for 设置 (what happened, what to do). */
export type SsoState =
  | { kind: "unavailable"; reason: string; path?: AuthPath | null }
  | { kind: "token"; token: string; path?: AuthPath }
  | {
      kind: "failed";
      reason: string;
      /** Office's 13xxx code, MSAL's error code (e.g. "user_cancelled"), the dialog's 12xxx code, or null. */
      code: number | string | null;
      path?: AuthPath;
      /** The 登录 button can help (interaction required, consent, a dialog to open). */
      canSignIn?: boolean;
    };

/**
 * What decides whether SSO can work here. `OfficeRuntime.auth` exists on every host, even where SSO cannot
 * work, so it is not enough: the host must support IdentityAPI 1.3 and the deployment must have configured an
 * Entra app registration (the manifest's WebApplicationInfo; its client id reaches the pane as `?sso=`).
 */
export interface SsoEnvironment {
  auth: OfficeRuntimeAuth | null;
  identityApi13: boolean;
  clientId: string | null;
}

/** Where to turn when no sign-in path can be used: the development identity, or the administrator. */
export const FALLBACK =
  "本地开发请在「设置」中填写开发身份；正式使用请联系管理员按 README 配置登录（应用注册与 --client-id）。";

/** Chinese explanations of getAccessToken's error codes 13000–13013: what happened and what to do. */
export const SSO_ERRORS: Record<number, string> = {
  13000:
    "此 Office 版本或加载项清单不支持单点登录：请点「登录」在弹出窗口中登录，或更新到 Microsoft 365 版 Office",
  13001: "尚未登录 Office：请点「登录」，或在 Excel 右上角（文件 > 账户）登录工作或学校账户",
  13002: "已取消登录或授权：需要时再点「登录」，并在弹出的窗口中登录、同意授权",
  13003: "当前账户类型不支持单点登录（如个人 Microsoft 账户）：请点「登录」改用工作或学校账户",
  13004: "清单中的单点登录配置有误（WebApplicationInfo 的 Resource 与加载项域名不符）：请管理员重新生成清单",
  13005: "尚未授权本加载项访问督办服务：请点「登录」并同意授权，或请管理员为单位统一授权",
  13006: "Office 客户端出错（网页版也可能是登录已过期）：请保存工作簿、退出并重新打开 Excel 后重试",
  13007: "Office 无法取得访问令牌（应用注册可能未配置或未授权）：请点「登录」重试，仍失败请联系管理员",
  13008: "上一次登录尚未完成：请稍候几秒再点「登录」",
  13009: "此 Office 不支持强制授权：请点「登录」在弹出窗口中授权，或请管理员为单位统一授权",
  13010:
    "浏览器的安全区域设置阻止了登录：请把 Office 网站和本加载项的网址加入同一安全区域，或改用 Excel 桌面版",
  13011: "浏览器阻止了登录（如禁用了第三方 Cookie 或弹出窗口）：请允许后刷新页面重试，或改用 Excel 桌面版",
  13012: "当前平台不支持 Office 单点登录（如网页版中旁加载的清单）：请点「登录」在弹出窗口中登录",
  13013: "短时间内请求登录次数过多：请稍等一分钟再试",
};

/**
 * Codes after which the dialog sign-in can still succeed (Microsoft's guidance: fall back to MSAL in a dialog for
 * everything but a cancel, a busy or broken Office, a browser zone problem or throttling).
 */
export const SSO_DIALOG_FALLBACK: ReadonlySet<number> = new Set([
  13000, 13003, 13004, 13005, 13007, 13009, 13011, 13012,
]);

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client id of the API's Entra app registration the deployment put in the pane's URL (`?sso=<guid>`). */
export function deployedSsoClientId(search: string = globalThis.location?.search ?? ""): string | null {
  const id = new URLSearchParams(search).get("sso")?.trim() ?? "";
  return GUID_RE.test(id) ? id : null;
}

/** The tenant the deployment put in the pane's URL (`&tenant=<guid>`), for the dialog's authority. */
export function deployedTenantId(search: string = globalThis.location?.search ?? ""): string | null {
  const id = new URLSearchParams(search).get("tenant")?.trim() ?? "";
  return GUID_RE.test(id) ? id : null;
}

/** OfficeRuntime.auth of the page, when Office put it there. */
export function runtimeAuth(): OfficeRuntimeAuth | null {
  const runtime = (globalThis as { OfficeRuntime?: { auth?: OfficeRuntimeAuth } }).OfficeRuntime;
  return runtime?.auth ?? null;
}

/** Office.context.requirements.isSetSupported, false outside Office or when it throws. */
export function hostSupports(name: string, version: string): boolean {
  const office = (
    globalThis as {
      Office?: { context?: { requirements?: { isSetSupported(name: string, v?: string): boolean } } };
    }
  ).Office;
  try {
    return office?.context?.requirements?.isSetSupported(name, version) ?? false;
  } catch {
    return false;
  }
}

export function ssoEnvironment(): SsoEnvironment {
  return {
    auth: runtimeAuth(),
    identityApi13: hostSupports("IdentityAPI", "1.3"),
    clientId: deployedSsoClientId(),
  };
}

/** Why SSO cannot be tried here, or null when it can. */
export function ssoUnavailableReason(env: SsoEnvironment): string | null {
  if (!env.clientId) return `此部署未配置登录（清单未用 --client-id 生成）。${FALLBACK}`;
  if (!env.auth || !env.identityApi13)
    return `当前 Office 版本不支持单点登录（需要 IdentityAPI 1.3）。${FALLBACK}`;
  return null;
}

/**
 * One getAccessToken call. Silent (the default) lets Office show nothing; interactive lets it ask the user to
 * sign in to Office and to consent.
 */
export async function officeSsoAttempt(
  auth: OfficeRuntimeAuth,
  interactive = false,
): Promise<SsoState & { kind: "token" | "failed" }> {
  try {
    const token = await auth.getAccessToken({
      allowSignInPrompt: interactive,
      allowConsentPrompt: interactive,
    });
    return { kind: "token", token, path: "sso" };
  } catch (e) {
    const code = typeof (e as { code?: unknown }).code === "number" ? (e as { code: number }).code : null;
    return {
      kind: "failed",
      code,
      path: "sso",
      reason: (code !== null && SSO_ERRORS[code]) || "单点登录失败：请点「登录」重试，仍失败请联系管理员",
      canSignIn: code !== 13013 && code !== 13008,
    };
  }
}

/** Seconds since the epoch at which a JWT expires, or null when it cannot be read. */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(
      payload
        .replace(/-/g, "+")
        .replace(/_/g, "/")
        .padEnd(Math.ceil(payload.length / 4) * 4, "="),
    );
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp : null;
  } catch {
    return null;
  }
}

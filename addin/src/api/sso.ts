/**
 * Office single sign-on: in production the pane asks Office for an Entra ID access token for the API
 * (OfficeRuntime.auth.getAccessToken, with the manifest's WebApplicationInfo) and sends it as a bearer token;
 * App Service Authentication validates it and hands the functions the x-ms-client-principal header. It is tried
 * only where it can work (IdentityAPI 1.3 and a configured client id); otherwise the pane explains the
 * development identity instead of letting the server answer a bare 401.
 */

export type SsoState =
  | { kind: "unavailable"; reason: string }
  | { kind: "token"; token: string }
  | { kind: "failed"; reason: string; code: number | null };

export interface OfficeRuntimeAuth {
  getAccessToken(options?: {
    allowSignInPrompt?: boolean;
    allowConsentPrompt?: boolean;
    forMSGraphAccess?: boolean;
  }): Promise<string>;
}

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

/** Where to turn when SSO cannot be used: the development identity, or the administrator. */
const FALLBACK = "本地开发请在「设置」中填写开发身份；正式使用请联系管理员按 README 配置单点登录。";

/** Chinese explanations of getAccessToken's error codes 13000–13013: what happened and what to do. */
export const SSO_ERRORS: Record<number, string> = {
  13000:
    "此 Office 版本或加载项清单不支持单点登录：请更新到 Microsoft 365 版 Office，或请管理员用 --client-id 重新生成清单",
  13001: "尚未登录 Office：请在 Excel 右上角（文件 > 账户）登录工作或学校账户后点「重新检查」",
  13002: "已取消登录或授权：需要时点「重新检查」，并在弹出的窗口中登录、同意授权",
  13003: "当前账户类型不支持单点登录：请改用工作或学校账户（Microsoft 365）登录 Office",
  13004: "清单中的单点登录配置有误（WebApplicationInfo 的 Resource 与加载项域名不符）：请管理员重新生成清单",
  13005: "尚未授权本加载项读取您的基本资料：请点「重新检查」并同意授权，或请管理员为单位统一授权",
  13006: "Office 客户端出错（网页版也可能是登录已过期）：请保存工作簿、重新打开 Excel 后重试",
  13007: "Office 无法取得访问令牌（应用注册可能未配置或未授权）：请稍后重试，仍失败请联系管理员",
  13008: "上一次登录尚未完成：请稍候几秒再试",
  13009: "此 Office 不支持强制授权：请联系管理员为单位统一授权",
  13010:
    "浏览器的安全区域设置阻止了登录：请把 Office 网站和本加载项的网址加入同一安全区域，或改用 Excel 桌面版",
  13011: "浏览器阻止了登录（如禁用了第三方 Cookie 或弹出窗口）：请允许后刷新页面重试，或改用 Excel 桌面版",
  13012: "当前平台不支持 Office 单点登录（如在网页版中旁加载的开发清单）",
  13013: "短时间内请求登录次数过多：请稍等一分钟再试",
};

function runtimeAuth(): OfficeRuntimeAuth | null {
  const runtime = (globalThis as { OfficeRuntime?: { auth?: OfficeRuntimeAuth } }).OfficeRuntime;
  return runtime?.auth ?? null;
}

function hostSupportsIdentityApi13(): boolean {
  const office = (
    globalThis as {
      Office?: { context?: { requirements?: { isSetSupported(name: string, v?: string): boolean } } };
    }
  ).Office;
  try {
    return office?.context?.requirements?.isSetSupported("IdentityAPI", "1.3") ?? false;
  } catch {
    return false;
  }
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The client id of the API's Entra app registration the deployment put in the pane's URL (`?sso=<guid>`). */
export function deployedSsoClientId(search: string = globalThis.location?.search ?? ""): string | null {
  const id = new URLSearchParams(search).get("sso")?.trim() ?? "";
  return GUID_RE.test(id) ? id : null;
}

export function ssoEnvironment(): SsoEnvironment {
  return { auth: runtimeAuth(), identityApi13: hostSupportsIdentityApi13(), clientId: deployedSsoClientId() };
}

/** Why SSO cannot be tried here, or null when it can. */
export function ssoUnavailableReason(env: SsoEnvironment): string | null {
  if (!env.clientId) return `此部署未配置 Office 单点登录。${FALLBACK}`;
  if (!env.auth || !env.identityApi13)
    return `当前 Office 版本不支持单点登录（需要 IdentityAPI 1.3）。${FALLBACK}`;
  return null;
}

export async function officeSsoToken(env: SsoEnvironment = ssoEnvironment()): Promise<SsoState> {
  const unavailable = ssoUnavailableReason(env);
  if (unavailable !== null || !env.auth) return { kind: "unavailable", reason: unavailable ?? FALLBACK };
  try {
    return {
      kind: "token",
      token: await env.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true }),
    };
  } catch (e) {
    const code = typeof (e as { code?: unknown }).code === "number" ? (e as { code: number }).code : null;
    return {
      kind: "failed",
      code,
      reason: (code !== null && SSO_ERRORS[code]) || "单点登录失败，请稍后重试",
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

export interface SsoTokenProvider {
  (): Promise<string | null>;
  /** The outcome of the last attempt, for the settings page. */
  readonly last: SsoState | null;
}

/**
 * Why a request went without a token, for the message that replaces a bare 401: SSO is not available here,
 * or the last attempt failed (with the reason for its error code).
 */
export function ssoMissingReason(
  provider: { last?: SsoState | null } | null,
  env: SsoEnvironment,
): string | null {
  const last = provider?.last;
  if (last && last.kind !== "token") return last.reason;
  return ssoUnavailableReason(env);
}

/**
 * A token source for the API client: null when SSO is not available (then no Authorization header is sent).
 * The token is reused until five minutes before it expires, and a failed attempt is not repeated for 30 s, so a
 * burst of requests asks Office once.
 */
export function ssoTokenProvider(
  env: SsoEnvironment = ssoEnvironment(),
  now: () => number = () => Date.now(),
): SsoTokenProvider | null {
  if (ssoUnavailableReason(env) !== null) return null;
  let cached: { token: string; until: number } | null = null;
  let failedUntil = 0;
  let inFlight: Promise<SsoState> | null = null;
  let last: SsoState | null = null;
  const provider = (async () => {
    if (cached && cached.until > now()) return cached.token;
    if (failedUntil > now()) return null;
    inFlight ??= officeSsoToken(env).finally(() => (inFlight = null));
    const state = await inFlight;
    last = state;
    if (state.kind === "token") {
      const exp = tokenExpiry(state.token);
      cached = { token: state.token, until: exp ? exp * 1000 - 5 * 60_000 : now() + 5 * 60_000 };
      return state.token;
    }
    failedUntil = now() + 30_000;
    return null;
  }) as SsoTokenProvider;
  Object.defineProperty(provider, "last", { get: () => last });
  return provider;
}

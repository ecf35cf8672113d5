/**
 * Office single sign-on: in production the pane asks Office for an Entra ID access token for the API
 * (OfficeRuntime.auth.getAccessToken, with the manifest's WebApplicationInfo) and sends it as a bearer token;
 * App Service Authentication validates it and hands the functions the x-ms-client-principal header.
 */

export type SsoState =
  | { kind: "unavailable"; reason: string }
  | { kind: "token"; token: string }
  | { kind: "failed"; reason: string; code: number | null };

interface OfficeRuntimeAuth {
  getAccessToken(options?: {
    allowSignInPrompt?: boolean;
    allowConsentPrompt?: boolean;
    forMSGraphAccess?: boolean;
  }): Promise<string>;
}

/** Chinese explanations of the documented getAccessToken error codes. */
const SSO_ERRORS: Record<number, string> = {
  13001: "尚未登录 Office，请先登录",
  13002: "已取消登录或授权",
  13003: "当前账户类型不支持单点登录",
  13006: "Office 客户端出错，请重启 Excel",
  13007: "Office 无法获取访问令牌，请稍后重试",
  13008: "上一次登录尚未完成，请稍候",
  13010: "请在 Excel 网页版中允许弹出窗口",
  13012: "当前 Office 版本不支持单点登录",
  13013: "请求过于频繁，请稍后再试",
};

function runtimeAuth(): OfficeRuntimeAuth | null {
  const runtime = (globalThis as { OfficeRuntime?: { auth?: OfficeRuntimeAuth } }).OfficeRuntime;
  return runtime?.auth ?? null;
}

export async function officeSsoToken(auth: OfficeRuntimeAuth | null = runtimeAuth()): Promise<SsoState> {
  if (!auth)
    return { kind: "unavailable", reason: "当前环境不支持 Office 单点登录（开发环境请使用开发身份）" };
  try {
    return {
      kind: "token",
      token: await auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true }),
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
 * A token source for the API client: null when SSO is not available (then no Authorization header is sent).
 * The token is reused until five minutes before it expires, and a failed attempt is not repeated for 30 s, so a
 * burst of requests asks Office once.
 */
export function ssoTokenProvider(
  auth: OfficeRuntimeAuth | null = runtimeAuth(),
  now: () => number = () => Date.now(),
): SsoTokenProvider | null {
  if (!auth) return null;
  let cached: { token: string; until: number } | null = null;
  let failedUntil = 0;
  let inFlight: Promise<SsoState> | null = null;
  let last: SsoState | null = null;
  const provider = (async () => {
    if (cached && cached.until > now()) return cached.token;
    if (failedUntil > now()) return null;
    inFlight ??= officeSsoToken(auth).finally(() => (inFlight = null));
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

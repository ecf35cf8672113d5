// The 设置 tab as data: the form's draft, its checks, saving to localStorage and the connection test. Pure but
// for the injected storage and client.
import { asApiError, createApiClient, type ApiClient } from "../../api/client";
import type { DevIdentity } from "../../api/principal";
import { resolveBaseUrl, saveSettings, type PaneSettings } from "../../api/settings";
import { authHost, choosePath, sharedAuth, type AuthHost } from "../../api/auth";
import type { SsoState } from "../../api/sso";
import type { Role } from "../../../../functions/src/domain/types";
import { connectionFromHealth, type ConnectionState } from "../common/paneStatus";
import type { Store } from "../list/pendingStore";

export interface SettingsDraft {
  serverUrl: string;
  /** 使用开发身份 (local development only; production uses Office SSO). */
  useDevIdentity: boolean;
  id: string;
  name: string;
  office: boolean;
  leader: boolean;
  viewer: boolean;
  /** Department ids of dept:<id> roles, separated by commas or spaces. */
  depts: string;
}

export type DraftErrors = Partial<Record<keyof SettingsDraft, string>>;

export function draftFromSettings(settings: PaneSettings): SettingsDraft {
  const roles = settings.devIdentity?.roles ?? [];
  return {
    serverUrl: settings.serverUrl,
    useDevIdentity: settings.devIdentity !== null,
    id: settings.devIdentity?.id ?? "",
    name: settings.devIdentity?.name ?? "",
    office: roles.includes("office"),
    leader: roles.includes("leader"),
    viewer: roles.includes("viewer"),
    depts: roles.flatMap((r) => (r.startsWith("dept:") ? [r.slice(5)] : [])).join(", "),
  };
}

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i;

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** The settings a draft stands for, or the message to show under each wrong field. */
export function settingsFromDraft(
  draft: SettingsDraft,
): { ok: true; settings: PaneSettings } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const serverUrl = draft.serverUrl.trim();
  if (serverUrl && !serverUrl.startsWith("/")) {
    const url = parseUrl(serverUrl);
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
      errors.serverUrl = "服务器地址应以 https:// 开头，或留空使用同源 /api";
    else if (url.protocol === "http:" && !LOOPBACK.test(serverUrl))
      errors.serverUrl = "任务窗格只能通过 https 访问服务器（本机 localhost 除外）";
  }
  let devIdentity: DevIdentity | null = null;
  if (draft.useDevIdentity) {
    const deptIds = draft.depts.split(/[\s,，、]+/).filter(Boolean);
    const badDept = deptIds.find((d) => !/^[A-Za-z0-9_-]{1,64}$/.test(d));
    if (!draft.id.trim()) errors.id = "用户编号为必填项";
    if (!draft.name.trim()) errors.name = "姓名为必填项";
    if (badDept) errors.depts = `部门编号「${badDept}」无效：只能包含字母、数字、- 或 _`;
    const roles: Role[] = [
      ...(draft.office ? (["office"] as const) : []),
      ...(draft.leader ? (["leader"] as const) : []),
      ...(draft.viewer ? (["viewer"] as const) : []),
      ...[...new Set(deptIds)].map((d) => `dept:${d}` as const),
    ];
    if (roles.length === 0 && !badDept) errors.depts = "请至少选择一个角色或填写部门编号";
    devIdentity = { id: draft.id.trim(), name: draft.name.trim(), roles };
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: { serverUrl, devIdentity } };
}

/** 保存: check the draft, then store it in localStorage; answers the saved settings or the field errors. */
export function saveDraft(
  draft: SettingsDraft,
  storage?: Store | null,
): { ok: true; settings: PaneSettings } | { ok: false; errors: DraftErrors } {
  const result = settingsFromDraft(draft);
  if (result.ok) saveSettings(result.settings, storage);
  return result;
}

type TokenSource = (() => Promise<string | null>) & {
  readonly last?: SsoState | null;
  /** The API refused this token (401): the session forgets it and gets a new one next time. */
  readonly refused?: (token: string) => void;
};

/** The pane's sign-in session as the client's token source, or null where no path can work. */
export function sessionTokenSource(host: AuthHost): TokenSource | null {
  if (choosePath(host).path === null) return null;
  const session = sharedAuth(() => host);
  const source = (() => session.getToken()) as TokenSource;
  Object.defineProperty(source, "last", { get: () => session.last });
  Object.defineProperty(source, "refused", { value: (token: string) => session.refused(token) });
  return source;
}

/** Why a request went without a token: no path here, or the last attempt failed (its Chinese reason). */
export function missingTokenReason(token: TokenSource | null, host: AuthHost): string | null {
  const choice = choosePath(host);
  if (choice.path === null) return choice.reason;
  const last = token?.last;
  return last && last.kind !== "token" ? last.reason : null;
}

/**
 * The client the pane uses for some settings. With a development identity it sends that identity (local
 * development); without one it is production: every request carries a token from the sign-in session (NAA, Office
 * SSO or the dialog, silently) where the deployment configured a client id, and a 401 without it says why
 * (sign in with 登录, or the development identity).
 */
export function clientForSettings(
  settings: PaneSettings,
  tokenProvider: (host: AuthHost) => TokenSource | null = sessionTokenSource,
  environment: () => AuthHost = authHost,
): ApiClient {
  if (settings.devIdentity)
    return createApiClient({ baseUrl: resolveBaseUrl(settings.serverUrl), identity: settings.devIdentity });
  const host = environment();
  const token = tokenProvider(host);
  return createApiClient({
    baseUrl: resolveBaseUrl(settings.serverUrl),
    identity: null,
    token,
    ...(token?.refused ? { tokenRefused: token.refused } : {}),
    signedOutReason: () => missingTokenReason(token, host),
  });
}

/** 测试连接 with the settings as typed (not yet saved). */
export async function testConnection(client: ApiClient, signal?: AbortSignal): Promise<ConnectionState> {
  try {
    return connectionFromHealth(await client.health(signal));
  } catch (error) {
    const apiError = asApiError(error);
    return apiError.isNetworkError
      ? { kind: "unreachable", error: apiError }
      : { kind: "failed", error: apiError };
  }
}

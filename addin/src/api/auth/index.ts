/**
 * Sign-in, current Microsoft guidance first (DESIGN §2 Identity, README "Sign-in"):
 *
 * 1. nested app authentication with MSAL.js (createNestablePublicClientApplication) where the host supports
 *    NestedAppAuth 1.1;
 * 2. Office single sign-on (OfficeRuntime.auth.getAccessToken) where it supports IdentityAPI 1.3;
 * 3. an Office dialog running MSAL's redirect flow (auth-dialog.html) as the last resort, and when SSO fails
 *    with a code after which the dialog can still work.
 *
 * All only where the deployment configured an app registration (`?sso=<client id>` in the pane's URL, written by
 * `npm run manifest -- --client-id`); without it the pane uses the development identity. `getToken()` never shows
 * anything (silent), and answers a cached token until five minutes before it expires; `signIn()` (the 登录
 * button) is the only thing that opens a window. MSAL is imported only when the NAA path runs, so the pane's
 * first script does not carry it.
 */
import {
  DIALOG_ERRORS,
  DIALOG_PAGE,
  INTERACTION_REQUIRED,
  msalReason,
  officeDialogOpener,
  parseDialogMessage,
  type DialogOpener,
} from "./dialog";
import {
  deployedSsoClientId,
  deployedTenantId,
  FALLBACK,
  hostSupports,
  officeSsoAttempt,
  runtimeAuth,
  SSO_DIALOG_FALLBACK,
  tokenExpiry,
  type AuthPath,
  type OfficeRuntimeAuth,
  type SsoState,
} from "./officeSso";
import { onDemand } from "../../onDemand";

/** MSAL, only where nested app authentication is used; loaded again on the next sign-in if that failed. */
const msalBrowser = onDemand(() => import("@azure/msal-browser"));

export type { AuthPath, SsoState } from "./officeSso";

/** What the pane needs of MSAL's nestable client (IPublicClientApplication), so tests can script it. */
export interface NestableClient {
  acquireTokenSilent(request: {
    scopes: string[];
    account?: unknown;
    /** Ask Entra for a new token instead of MSAL's cached one (after the API refused it). */
    forceRefresh?: boolean;
  }): Promise<{ accessToken: string; expiresOn: Date | null }>;
  acquireTokenPopup(request: { scopes: string[] }): Promise<{ accessToken: string; expiresOn: Date | null }>;
  getActiveAccount(): unknown;
  getAllAccounts(): unknown[];
}

/** createNestablePublicClientApplication, or a test's stand-in. */
export type NestableFactory = (config: {
  auth: { clientId: string; authority: string; redirectUri: string };
}) => Promise<NestableClient>;

/** Everything the session asks of its surroundings; `authHost()` reads them from the page. */
export interface AuthHost {
  /** The API app registration's client id (`?sso=`); null: no sign-in configured (development identity). */
  clientId: string | null;
  /** The tenant for the dialog's authority (`&tenant=`); null: organizations. */
  tenantId: string | null;
  /** The add-in's origin (https://host[:port]), the API's Application ID URI host and the NAA redirect host. */
  origin: string;
  isSetSupported(name: string, version: string): boolean;
  officeAuth: OfficeRuntimeAuth | null;
  dialog: DialogOpener | null;
  /** Loads MSAL's factory (a dynamic import, so MSAL is not in the pane's first script). */
  loadNestable: () => Promise<NestableFactory>;
  now?: () => number;
}

/** The page's host: Office's requirement sets, OfficeRuntime.auth, the dialog API, the pane URL's parameters. */
export function authHost(): AuthHost {
  return {
    clientId: deployedSsoClientId(),
    tenantId: deployedTenantId(),
    origin: globalThis.location?.origin ?? "",
    isSetSupported: hostSupports,
    officeAuth: runtimeAuth(),
    dialog: officeDialogOpener(),
    loadNestable: async () => {
      const msal = await msalBrowser();
      return (config) => msal.createNestablePublicClientApplication(config) as Promise<NestableClient>;
    },
  };
}

/** The API's delegated scope: api://<add-in host>/<client id>/access_as_user (the manifest's Resource + scope). */
export function apiScope(origin: string, clientId: string): string {
  return `api://${hostOf(origin)}/${clientId}/access_as_user`;
}

/** host[:port] of an origin ("" when it is not one). */
function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return "";
  }
}

/** The path this host takes, or null when none can work (then the reason). */
export function choosePath(host: AuthHost): { path: AuthPath } | { path: null; reason: string } {
  if (!host.clientId)
    return { path: null, reason: `此部署未配置登录（清单未用 --client-id 生成）。${FALLBACK}` };
  if (host.isSetSupported("NestedAppAuth", "1.1")) return { path: "naa" };
  if (host.officeAuth && host.isSetSupported("IdentityAPI", "1.3")) return { path: "sso" };
  if (host.dialog) return { path: "dialog" };
  return {
    path: null,
    reason: `当前 Office 不支持加载项登录（需要 NestedAppAuth 1.1、IdentityAPI 1.3 或对话框 API）。${FALLBACK}`,
  };
}

/** Chinese names of the paths, for 设置. */
export const PATH_LABELS: Record<AuthPath, string> = {
  naa: "嵌套应用认证（MSAL）",
  sso: "Office 单点登录",
  dialog: "对话框登录",
};

/** A token is reused until this long before it expires. */
export const EXPIRY_MARGIN_MS = 5 * 60_000;
/** A failed silent attempt is not repeated for this long, so a burst of requests asks once. */
export const FAILURE_BACKOFF_MS = 30_000;

export interface AuthSession {
  /** The path in use, or null (no sign-in here: the development identity). */
  readonly path: AuthPath | null;
  /** A token for the API without showing anything, or null (then `last` says why). */
  getToken(): Promise<string | null>;
  /** The 登录 button: may open a window; answers what happened. */
  signIn(): Promise<SsoState>;
  /** The silent state for 设置 (a cached token counts). */
  check(): Promise<SsoState>;
  /** The outcome of the last attempt. */
  readonly last: SsoState | null;
  /** Why a request went without a token, or null when it had one. */
  missingReason(): string | null;
  /**
   * The API answered 401 to `token`: it is forgotten and never used again, and the next silent attempt asks for a
   * new one (MSAL: forceRefresh) instead of answering from a cache.
   */
  refused(token: string): void;
}

/** What 设置 says when the server refused every token this sign-in could get. */
export const TOKEN_REFUSED =
  "服务器不接受此登录令牌：请点「登录」重新登录；仍然如此时，请管理员核对应用注册（API 范围、租户）与服务器的身份验证设置";

function msalFailure(error: unknown, path: AuthPath): SsoState {
  const e = error as { errorCode?: unknown; name?: unknown; message?: unknown };
  const code = typeof e?.errorCode === "string" ? e.errorCode : "";
  const message = typeof e?.message === "string" ? e.message : "";
  const interaction = INTERACTION_REQUIRED.has(code) || e?.name === "InteractionRequiredAuthError";
  // Not MSAL's error: its code could not be loaded (offline, or the add-in was updated meanwhile).
  if (
    !code &&
    !interaction &&
    /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(message)
  )
    return { kind: "failed", code: null, path, reason: LOAD_FAILED, canSignIn: true };
  return {
    kind: "failed",
    code: code || null,
    path,
    reason: interaction && !code ? MSAL_INTERACTION : msalReason(code, message),
    canSignIn: true,
  };
}

const MSAL_INTERACTION = "需要登录或授权：请点「登录」";
const LOAD_FAILED =
  "无法加载登录组件（网络中断，或加载项刚更新）：请检查网络，关闭并重新打开任务窗格后再点「登录」";

/** A sign-in session for one host: one per pane (`sharedAuth()`), or one per test. */
export function createAuth(host: AuthHost): AuthSession {
  const now = host.now ?? (() => Date.now());
  const choice = choosePath(host);
  const path = choice.path;
  const clientId = host.clientId ?? "";
  const scopes = path ? [apiScope(host.origin, clientId)] : [];
  let cached: { token: string; until: number } | null = null;
  let failedUntil = 0;
  let last: SsoState | null = null;
  let inFlight: Promise<SsoState> | null = null;
  let nestable: Promise<NestableClient> | null = null;
  /** Tokens the API refused (401): a cache that answers one of them again has nothing better. */
  const refusedTokens = new Set<string>();
  let forceRefresh = false;

  const unavailable = (): SsoState => ({
    kind: "unavailable",
    reason: choice.path === null ? choice.reason : FALLBACK,
    path: null,
  });

  const client = () => {
    nestable ??= host
      .loadNestable()
      .then((create) =>
        create({
          auth: {
            clientId,
            authority: `https://login.microsoftonline.com/${host.tenantId ?? "common"}`,
            redirectUri: `brk-multihub://${hostOf(host.origin)}`,
          },
        }),
      )
      .catch((error: unknown) => {
        nestable = null;
        throw error;
      });
    return nestable;
  };

  /** Keeps a token until EXPIRY_MARGIN_MS before it expires (its exp claim, else what MSAL said, else 5 min). */
  const remember = (token: string, expiresOn: number | null, via: AuthPath): SsoState => {
    if (refusedTokens.has(token))
      return { kind: "failed", code: null, path: via, reason: TOKEN_REFUSED, canSignIn: true };
    const exp = tokenExpiry(token);
    const until = exp !== null ? exp * 1000 : (expiresOn ?? now() + 2 * EXPIRY_MARGIN_MS);
    cached = { token, until: until - EXPIRY_MARGIN_MS };
    failedUntil = 0;
    return { kind: "token", token, path: via };
  };

  async function silent(): Promise<SsoState> {
    switch (path) {
      case "naa":
        try {
          const pca = await client();
          const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
          const refresh = forceRefresh;
          forceRefresh = false;
          const result = await pca.acquireTokenSilent({
            scopes,
            ...(account ? { account } : {}),
            ...(refresh ? { forceRefresh: true } : {}),
          });
          return remember(result.accessToken, result.expiresOn?.getTime() ?? null, "naa");
        } catch (error) {
          return msalFailure(error, "naa");
        }
      case "sso": {
        const state = await officeSsoAttempt(host.officeAuth!, false);
        return state.kind === "token" ? remember(state.token, null, "sso") : state;
      }
      case "dialog":
        // The dialog is a window: never opened without the user asking.
        return {
          kind: "failed",
          code: null,
          path,
          reason: "请点「登录」，在弹出的窗口中登录",
          canSignIn: true,
        };
      default:
        return unavailable();
    }
  }

  async function viaDialog(): Promise<SsoState> {
    if (!host.dialog)
      return {
        kind: "failed",
        code: null,
        path: "dialog",
        reason: "此 Office 不支持登录窗口",
        canSignIn: false,
      };
    const query = new URLSearchParams({ sso: clientId, ...(host.tenantId ? { tenant: host.tenantId } : {}) });
    const outcome = await host.dialog(`${host.origin}/${DIALOG_PAGE}?${query.toString()}`);
    if (outcome.kind === "error")
      return {
        kind: "failed",
        code: outcome.code,
        path: "dialog",
        reason: DIALOG_ERRORS[outcome.code] ?? `登录窗口出错（${outcome.code}）：请再点「登录」`,
        canSignIn: true,
      };
    const message = parseDialogMessage(outcome.message);
    if (!message) return msalFailure({ errorCode: "bad_message" }, "dialog");
    if (message.status === "error")
      return msalFailure({ errorCode: message.code, message: message.message }, "dialog");
    return remember(message.token, message.expiresOn, "dialog");
  }

  async function interactive(): Promise<SsoState> {
    switch (path) {
      case "naa":
        try {
          const pca = await client();
          const result = await pca.acquireTokenPopup({ scopes });
          return remember(result.accessToken, result.expiresOn?.getTime() ?? null, "naa");
        } catch (error) {
          return msalFailure(error, "naa");
        }
      case "sso": {
        const state = await officeSsoAttempt(host.officeAuth!, true);
        if (state.kind === "token") return remember(state.token, null, "sso");
        // Microsoft's guidance: after most SSO failures, sign in with MSAL in a dialog instead.
        if (host.dialog && typeof state.code === "number" && SSO_DIALOG_FALLBACK.has(state.code)) {
          const viaDialogState = await viaDialog();
          // Say why SSO was left when the dialog failed too.
          return viaDialogState.kind === "token"
            ? viaDialogState
            : { ...viaDialogState, reason: `${viaDialogState.reason}（单点登录：${state.reason}）` };
        }
        return state;
      }
      case "dialog":
        return viaDialog();
      default:
        return unavailable();
    }
  }

  const settle = (state: SsoState): SsoState => {
    last = state;
    if (state.kind !== "token") failedUntil = now() + FAILURE_BACKOFF_MS;
    return state;
  };

  const fresh = () => (cached && cached.until > now() ? cached.token : null);

  async function check(): Promise<SsoState> {
    if (path === null) return (last = unavailable());
    const token = fresh();
    if (token) return { kind: "token", token, path };
    if (failedUntil > now() && last) return last;
    inFlight ??= silent()
      .then(settle)
      .finally(() => (inFlight = null));
    return inFlight;
  }

  return {
    path,
    get last() {
      return last;
    },
    check,
    async getToken() {
      const state = await check();
      return state.kind === "token" ? state.token : null;
    },
    async signIn() {
      if (path === null) return (last = unavailable());
      return settle(await interactive());
    },
    missingReason() {
      if (path === null) return choice.path === null ? choice.reason : FALLBACK;
      if (last && last.kind !== "token") return last.reason;
      return null;
    },
    refused(token) {
      refusedTokens.add(token);
      if (cached?.token === token) cached = null;
      if (last?.kind === "token" && last.token === token)
        last = { kind: "failed", code: null, path: last.path, reason: TOKEN_REFUSED, canSignIn: true };
      forceRefresh = true;
    },
  };
}

let shared: { key: string; session: AuthSession } | null = null;

/**
 * The pane's one session (the client's tokens and 设置's 登录 button share its cache), made from the page's host
 * the first time and again when the configured client id changes.
 */
export function sharedAuth(host: () => AuthHost = authHost): AuthSession {
  const h = host();
  const key = `${h.clientId ?? ""}|${h.tenantId ?? ""}|${h.origin}`;
  if (shared?.key !== key) shared = { key, session: createAuth(h) };
  return shared.session;
}

/** Forgets the shared session (tests; nothing else needs to). */
export function resetSharedAuth(): void {
  shared = null;
}

/** A token for the API from the pane's session: the one entry point for the API client. */
export function getToken(): Promise<string | null> {
  return sharedAuth().getToken();
}

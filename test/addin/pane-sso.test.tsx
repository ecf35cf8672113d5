// Sign-in, current Microsoft guidance first: nested app authentication (MSAL) where the host supports
// NestedAppAuth 1.1, Office SSO (IdentityAPI 1.3) where it does not, an Office dialog running MSAL as the last
// resort. Each path is driven by a scripted host: Office's requirement sets, OfficeRuntime.auth, the dialog and a
// fake MSAL nestable client (its factory injected, so nothing touches the network). Silent first; a window opens
// only on 登录; tokens are kept until five minutes before they expire; every failure is explained in Chinese.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  apiScope,
  choosePath,
  createAuth,
  EXPIRY_MARGIN_MS,
  resetSharedAuth,
  TOKEN_REFUSED,
  type AuthHost,
  type NestableClient,
  type NestableFactory,
} from "../../addin/src/api/auth";
import {
  DIALOG_ERRORS,
  MSAL_ERRORS,
  officeDialogOpener,
  type DialogOpener,
  type DialogOutcome,
} from "../../addin/src/api/auth/dialog";
import { runDialogPage, type StandardClient } from "../../addin/src/api/auth/dialogPage";
import { SSO_DIALOG_FALLBACK } from "../../addin/src/api/auth/officeSso";
import {
  deployedSsoClientId,
  officeSsoToken,
  SSO_ERRORS,
  ssoEnvironment,
  type OfficeRuntimeAuth,
  type SsoEnvironment,
  type SsoState,
} from "../../addin/src/api/sso";
import { SsoStatusView } from "../../addin/src/components/settings/IdentityCard";
import { clientForSettings } from "../../addin/src/components/settings/settingsModel";
import { createExcelFake, installExcelFake } from "../support/excel-fake";
import { noop, text } from "../support/pane-fixtures";

const CLIENT_ID = "3f2b6a1e-9c4d-4e8f-a1b2-c3d4e5f60718";
const ORIGIN = "https://addin.contoso.com";
const SCOPE = `api://addin.contoso.com/${CLIENT_ID}/access_as_user`;
const CHINESE = /[\u4e00-\u9fff]/;

/** A JWT whose exp is `expSeconds` (the session reads only exp). */
function jwt(name: string, expSeconds: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none" })}.${part({ exp: expSeconds, name })}.sig`;
}

/** A clock the test moves. */
function clock(start = Date.UTC(2026, 11, 2, 6, 0)) {
  const c = { t: start, now: () => c.t, advance: (ms: number) => (c.t += ms) };
  return c;
}

type MsalAnswer = { token: string } | { error: { errorCode: string; name?: string; message?: string } };

/** MSAL's nestable client as a script: each acquireTokenSilent / acquireTokenPopup takes the next answer. */
function fakeNestable(script: { silent?: MsalAnswer[]; popup?: MsalAnswer[] }) {
  const calls = { factory: 0, silent: 0, popup: 0, config: null as unknown, requests: [] as unknown[] };
  const answer = async (list: MsalAnswer[] | undefined, request: unknown) => {
    calls.requests.push(request);
    const next = list?.shift();
    if (!next) throw Object.assign(new Error("no script"), { errorCode: "no_tokens_found" });
    if ("error" in next)
      throw Object.assign(new Error(next.error.message ?? next.error.errorCode), next.error);
    return { accessToken: next.token, expiresOn: null };
  };
  const client: NestableClient = {
    acquireTokenSilent: (request) => (calls.silent++, answer(script.silent, request)),
    acquireTokenPopup: (request) => (calls.popup++, answer(script.popup, request)),
    getActiveAccount: () => null,
    getAllAccounts: () => [],
  };
  const factory: NestableFactory = async (config) => {
    calls.factory++;
    calls.config = config;
    return client;
  };
  return { calls, load: vi.fn(async () => factory) };
}

/** OfficeRuntime.auth as a host scripts it: each call takes the next answer (a token, or an Office error code). */
function scriptedAuth(...answers: (string | number)[]): OfficeRuntimeAuth & { calls: unknown[] } {
  const auth = {
    calls: [] as unknown[],
    async getAccessToken(options?: unknown) {
      auth.calls.push(options);
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      if (typeof answer === "string") return answer;
      throw Object.assign(new Error(`SSO error ${answer}`), { code: answer, name: "Error" });
    },
  };
  return auth;
}

/** The Office dialog as a script: records the URLs it was asked to open and answers each in turn. */
function scriptedDialog(...outcomes: DialogOutcome[]): DialogOpener & { urls: string[] } {
  const urls: string[] = [];
  const open = (async (url: string) => {
    urls.push(url);
    return outcomes.shift() ?? { kind: "error", code: 12006 };
  }) as DialogOpener & { urls: string[] };
  open.urls = urls;
  return open;
}

const okMessage = (token: string, expiresOn: number | null = null): DialogOutcome => ({
  kind: "message",
  message: JSON.stringify({ status: "ok", token, expiresOn }),
});

/** A host supporting the given requirement sets ("NestedAppAuth 1.1", "IdentityAPI 1.3"). */
function host(options: {
  sets?: string[];
  clientId?: string | null;
  auth?: OfficeRuntimeAuth | null;
  dialog?: DialogOpener | null;
  nestable?: ReturnType<typeof fakeNestable>;
  now?: () => number;
}): AuthHost {
  const sets = new Set(options.sets ?? []);
  return {
    clientId: options.clientId === undefined ? CLIENT_ID : options.clientId,
    tenantId: null,
    origin: ORIGIN,
    isSetSupported: (name, version) => sets.has(`${name} ${version}`),
    officeAuth: options.auth ?? null,
    dialog: options.dialog ?? null,
    loadNestable: options.nestable?.load ?? (async () => Promise.reject(new Error("MSAL must not load"))),
    ...(options.now ? { now: options.now } : {}),
  };
}

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
  vi.unstubAllGlobals();
  resetSharedAuth();
});

describe("路径选择：NAA 优先，其次 Office 单点登录，最后对话框", () => {
  it("按主机能力选择路径；未配置客户端 ID 时不登录（开发身份）", () => {
    const dialog = scriptedDialog();
    const auth = scriptedAuth("t");
    expect(choosePath(host({ sets: ["NestedAppAuth 1.1", "IdentityAPI 1.3"], auth, dialog }))).toEqual({
      path: "naa",
    });
    expect(choosePath(host({ sets: ["IdentityAPI 1.3"], auth, dialog }))).toEqual({ path: "sso" });
    // IdentityAPI 1.3 without OfficeRuntime.auth, or OfficeRuntime.auth without 1.3: not SSO.
    expect(choosePath(host({ sets: ["IdentityAPI 1.3"], dialog }))).toEqual({ path: "dialog" });
    expect(choosePath(host({ auth, dialog }))).toEqual({ path: "dialog" });
    const none = choosePath(host({ auth }));
    expect(none.path).toBeNull();
    expect("reason" in none && none.reason).toContain("NestedAppAuth 1.1");
    const unconfigured = choosePath(host({ clientId: null, sets: ["NestedAppAuth 1.1"], auth, dialog }));
    expect(unconfigured.path).toBeNull();
    expect("reason" in unconfigured && unconfigured.reason).toContain("开发身份");
    expect(apiScope(ORIGIN, CLIENT_ID)).toBe(SCOPE);
  });
});

describe("嵌套应用认证（MSAL）", () => {
  it("静默成功：MSAL 只在需要时加载，用 brk-multihub 重定向 URI 和 API 范围", async () => {
    const c = clock();
    const nestable = fakeNestable({ silent: [{ token: jwt("a", c.now() / 1000 + 3600) }] });
    const session = createAuth(
      host({ sets: ["NestedAppAuth 1.1", "IdentityAPI 1.3"], nestable, now: c.now }),
    );
    expect(nestable.load).not.toHaveBeenCalled();
    const token = await session.getToken();
    expect(token).toBe(jwt("a", c.now() / 1000 + 3600));
    expect(session.last).toMatchObject({ kind: "token", path: "naa" });
    expect(nestable.calls.config).toEqual({
      auth: {
        clientId: CLIENT_ID,
        authority: "https://login.microsoftonline.com/common",
        redirectUri: "brk-multihub://addin.contoso.com",
      },
    });
    expect(nestable.calls.requests[0]).toEqual({ scopes: [SCOPE] });
    expect(nestable.calls.popup).toBe(0);
  });

  it("缓存的令牌被重用，直到过期前五分钟；临近过期时静默刷新", async () => {
    const c = clock();
    const exp = c.now() / 1000 + 3600;
    const nestable = fakeNestable({
      silent: [{ token: jwt("first", exp) }, { token: jwt("second", exp + 3600) }],
    });
    const session = createAuth(host({ sets: ["NestedAppAuth 1.1"], nestable, now: c.now }));
    const [a, b] = await Promise.all([session.getToken(), session.getToken()]);
    expect(a).toBe(jwt("first", exp));
    expect(b).toBe(a);
    c.advance(3600_000 - EXPIRY_MARGIN_MS - 1000);
    expect(await session.getToken()).toBe(jwt("first", exp));
    expect(nestable.calls.silent).toBe(1);
    c.advance(2000); // now within five minutes of exp
    expect(await session.getToken()).toBe(jwt("second", exp + 3600));
    expect(nestable.calls.silent).toBe(2);
    expect(nestable.calls.factory).toBe(1);
  });

  it("服务器拒绝了令牌：下次静默向 Entra 取新令牌（forceRefresh），不用 MSAL 缓存里的旧令牌", async () => {
    const c = clock();
    const old = jwt("old", c.now() / 1000 + 3600);
    const renewed = jwt("new", c.now() / 1000 + 3600);
    const nestable = fakeNestable({ silent: [{ token: old }, { token: renewed }, { token: renewed }] });
    const session = createAuth(host({ sets: ["NestedAppAuth 1.1"], nestable, now: c.now }));
    expect(await session.getToken()).toBe(old);
    session.refused(old);
    expect(session.last).toMatchObject({ kind: "failed", reason: TOKEN_REFUSED });
    expect(await session.getToken()).toBe(renewed);
    expect(nestable.calls.requests[1]).toMatchObject({ forceRefresh: true });
    // Refused once, refreshed once: the new token is cached as usual.
    expect(await session.getToken()).toBe(renewed);
    expect(nestable.calls.silent).toBe(2);
  });

  it("缓存又给出被拒绝的令牌：不使用，说明原因", async () => {
    const c = clock();
    const same = jwt("same", c.now() / 1000 + 3600);
    const nestable = fakeNestable({ silent: [{ token: same }, { token: same }] });
    const session = createAuth(host({ sets: ["NestedAppAuth 1.1"], nestable, now: c.now }));
    expect(await session.getToken()).toBe(same);
    session.refused(same);
    expect(await session.getToken()).toBeNull();
    expect(session.last).toMatchObject({ kind: "failed", reason: TOKEN_REFUSED, canSignIn: true });
    expect(session.missingReason()).toBe(TOKEN_REFUSED);
  });

  it("需要交互：静默不弹窗，说明点「登录」；点了才弹出 MSAL 窗口，之后请求带上令牌", async () => {
    const c = clock();
    const nestable = fakeNestable({
      silent: [{ error: { errorCode: "interaction_required", name: "InteractionRequiredAuthError" } }],
      popup: [{ token: jwt("popup", c.now() / 1000 + 3600) }],
    });
    const session = createAuth(host({ sets: ["NestedAppAuth 1.1"], nestable, now: c.now }));
    expect(await session.getToken()).toBeNull();
    expect(await session.getToken()).toBeNull(); // not asked again within 30 s
    expect(nestable.calls.silent).toBe(1);
    expect(nestable.calls.popup).toBe(0);
    expect(session.last).toMatchObject({ kind: "failed", path: "naa", canSignIn: true });
    expect(session.missingReason()).toBe(MSAL_ERRORS.interaction_required);
    expect(session.missingReason()).toContain("登录");

    const state = await session.signIn();
    expect(nestable.calls.popup).toBe(1);
    expect(state).toMatchObject({ kind: "token", path: "naa" });
    expect(await session.getToken()).toBe(jwt("popup", c.now() / 1000 + 3600));
    expect(nestable.calls.silent).toBe(1);
  });

  it("用户关闭登录窗口、弹窗被阻止：中文说明怎么做", async () => {
    const nestable = fakeNestable({
      popup: [{ error: { errorCode: "user_cancelled" } }, { error: { errorCode: "popup_window_error" } }],
    });
    const session = createAuth(host({ sets: ["NestedAppAuth 1.1"], nestable }));
    expect(await session.signIn()).toMatchObject({ kind: "failed", reason: MSAL_ERRORS.user_cancelled });
    expect(await session.signIn()).toMatchObject({ kind: "failed", reason: MSAL_ERRORS.popup_window_error });
  });

  it("AADSTS 错误（重定向 URI 未注册）说明给管理员该做什么", async () => {
    const nestable = fakeNestable({
      popup: [
        { error: { errorCode: "server_error", message: "AADSTS50011: The redirect URI ... does not match" } },
      ],
    });
    const state = await createAuth(host({ sets: ["NestedAppAuth 1.1"], nestable })).signIn();
    expect(state).toMatchObject({ kind: "failed", reason: MSAL_ERRORS.redirect_uri_mismatch });
  });
});

describe("MSAL 加载失败", () => {
  it("登录组件加载不了（离线或加载项刚更新）：中文说明，之后可再试", async () => {
    const nestable = fakeNestable({ silent: [{ token: "later" }] });
    let fail = true;
    const load = async () => {
      if (fail) throw new TypeError("Failed to fetch dynamically imported module: https://x/assets/dist.js");
      return nestable.load();
    };
    const c = clock();
    const session = createAuth({ ...host({ sets: ["NestedAppAuth 1.1"], now: c.now }), loadNestable: load });
    expect(await session.getToken()).toBeNull();
    expect(session.missingReason()).toContain("无法加载登录组件");
    fail = false;
    c.advance(31_000);
    expect(await session.getToken()).toBe("later");
  });
});

describe("不支持 NAA：Office 单点登录", () => {
  it("静默取得令牌（不让 Office 弹出提示），不加载 MSAL", async () => {
    const token = jwt("sso", Date.now() / 1000 + 3600);
    const auth = scriptedAuth(token);
    const nestable = fakeNestable({});
    const session = createAuth(host({ sets: ["IdentityAPI 1.3"], auth, nestable, dialog: scriptedDialog() }));
    expect(session.path).toBe("sso");
    expect(await session.getToken()).toBe(token);
    expect(auth.calls).toEqual([{ allowSignInPrompt: false, allowConsentPrompt: false }]);
    expect(nestable.load).not.toHaveBeenCalled();
  });

  it("13001 未登录 Office：静默失败说明原因；点「登录」时让 Office 提示登录", async () => {
    const auth = scriptedAuth(13001, "after-prompt");
    const dialog = scriptedDialog();
    const session = createAuth(host({ sets: ["IdentityAPI 1.3"], auth, dialog }));
    expect(await session.getToken()).toBeNull();
    expect(session.last).toEqual({
      kind: "failed",
      code: 13001,
      path: "sso",
      reason: SSO_ERRORS[13001],
      canSignIn: true,
    });
    expect(await session.signIn()).toMatchObject({ kind: "token", token: "after-prompt", path: "sso" });
    expect(auth.calls[1]).toEqual({ allowSignInPrompt: true, allowConsentPrompt: true });
    expect(dialog.urls).toEqual([]);
  });

  it("13003 等错误：点「登录」后改用对话框登录（MSAL），取得令牌", async () => {
    const auth = scriptedAuth(13003);
    const dialog = scriptedDialog(okMessage("dialog-token"));
    const session = createAuth(host({ sets: ["IdentityAPI 1.3"], auth, dialog }));
    expect(await session.getToken()).toBeNull();
    expect(dialog.urls).toEqual([]); // silent never opens the dialog
    const state = await session.signIn();
    expect(state).toMatchObject({ kind: "token", token: "dialog-token", path: "dialog" });
    expect(dialog.urls).toEqual([`${ORIGIN}/auth-dialog.html?sso=${CLIENT_ID}`]);
    expect(await session.getToken()).toBe("dialog-token");
  });

  it.each([13002, 13006, 13008, 13010, 13013])("%i：不改用对话框，只给出中文说明", async (code) => {
    const dialog = scriptedDialog(okMessage("unused"));
    const session = createAuth(host({ sets: ["IdentityAPI 1.3"], auth: scriptedAuth(code), dialog }));
    const state = await session.signIn();
    expect(state).toMatchObject({ kind: "failed", code, reason: SSO_ERRORS[code] });
    expect(dialog.urls).toEqual([]);
  });

  it("应改用对话框但此 Office 没有对话框 API：给出该错误码的中文说明", async () => {
    const session = createAuth(host({ sets: ["IdentityAPI 1.3"], auth: scriptedAuth(13012) }));
    expect(await session.signIn()).toMatchObject({ kind: "failed", code: 13012, reason: SSO_ERRORS[13012] });
  });

  it("对话框也失败：两者的原因都说明", async () => {
    const dialog = scriptedDialog({ kind: "error", code: 12006 });
    const session = createAuth(host({ sets: ["IdentityAPI 1.3"], auth: scriptedAuth(13007), dialog }));
    const state = await session.signIn();
    expect(state).toMatchObject({ kind: "failed", code: 12006, path: "dialog" });
    expect(state.kind === "failed" && state.reason).toContain(DIALOG_ERRORS[12006]);
    expect(state.kind === "failed" && state.reason).toContain(SSO_ERRORS[13007]);
  });

  it.each(Array.from({ length: 14 }, (_, i) => 13000 + i))(
    "错误码 %i 有中文说明（该怎么做）",
    async (code) => {
      const env: SsoEnvironment = { auth: scriptedAuth(code), identityApi13: true, clientId: CLIENT_ID };
      const state = await officeSsoToken(env);
      expect(state).toMatchObject({ kind: "failed", code, reason: SSO_ERRORS[code] });
      expect(SSO_ERRORS[code]).toMatch(CHINESE);
    },
  );

  it("十四个错误码的说明各不相同；改用对话框的错误码都有说明", () => {
    const reasons = Array.from({ length: 14 }, (_, i) => SSO_ERRORS[13000 + i]);
    expect(new Set(reasons).size).toBe(14);
    for (const code of SSO_DIALOG_FALLBACK) expect(SSO_ERRORS[code]).toMatch(CHINESE);
  });
});

describe("对话框登录（最后的办法）", () => {
  it("静默时不打开对话框；点「登录」打开 auth-dialog.html，令牌缓存到临近过期", async () => {
    const c = clock();
    const exp = c.now() + 3600_000;
    const dialog = scriptedDialog(okMessage("d1", exp), okMessage("d2", exp + 3600_000));
    const session = createAuth(host({ dialog, now: c.now }));
    expect(session.path).toBe("dialog");
    expect(await session.getToken()).toBeNull();
    expect(session.missingReason()).toContain("登录");
    expect(dialog.urls).toEqual([]);
    expect(await session.signIn()).toMatchObject({ kind: "token", token: "d1", path: "dialog" });
    c.advance(30 * 60_000);
    expect(await session.getToken()).toBe("d1");
    c.advance(30 * 60_000 - EXPIRY_MARGIN_MS + 1);
    // Expired for the pane: the dialog is not reopened by itself.
    expect(await session.getToken()).toBeNull();
    expect(dialog.urls).toHaveLength(1);
  });

  it("对话框的错误与页面报告的 MSAL 错误都有中文说明", async () => {
    const dialog = scriptedDialog(
      { kind: "error", code: 12011 },
      { kind: "message", message: JSON.stringify({ status: "error", code: "user_cancelled", message: "x" }) },
      { kind: "message", message: "not json" },
    );
    const session = createAuth(host({ dialog }));
    expect(await session.signIn()).toMatchObject({
      kind: "failed",
      code: 12011,
      reason: DIALOG_ERRORS[12011],
    });
    expect(await session.signIn()).toMatchObject({ kind: "failed", reason: MSAL_ERRORS.user_cancelled });
    expect(await session.signIn()).toMatchObject({ kind: "failed", reason: MSAL_ERRORS.bad_message });
    for (const reason of [...Object.values(DIALOG_ERRORS), ...Object.values(MSAL_ERRORS)])
      expect(reason).toMatch(CHINESE);
  });

  it("Office 的 displayDialogAsync：读取 messageParent 的消息后关闭对话框；用户关闭时报告 12006", async () => {
    const handlers = new Map<string, (arg: { message?: string; error?: number }) => void>();
    const dialog = { close: vi.fn(), addEventHandler: (type: string, h: never) => handlers.set(type, h) };
    const opened: { url: string; options: unknown }[] = [];
    vi.stubGlobal("Office", {
      EventType: {
        DialogMessageReceived: "dialogMessageReceived",
        DialogEventReceived: "dialogEventReceived",
      },
      context: {
        ui: {
          displayDialogAsync(url: string, options: unknown, callback: (r: unknown) => void) {
            opened.push({ url, options });
            callback({ status: "succeeded", value: dialog });
          },
        },
      },
    });
    const open = officeDialogOpener()!;
    const first = open(`${ORIGIN}/auth-dialog.html`);
    handlers.get("dialogMessageReceived")!({ message: '{"status":"ok","token":"t"}' });
    expect(await first).toEqual({ kind: "message", message: '{"status":"ok","token":"t"}' });
    expect(dialog.close).toHaveBeenCalledTimes(1);
    const second = open(`${ORIGIN}/auth-dialog.html`);
    handlers.get("dialogEventReceived")!({ error: 12006 });
    expect(await second).toEqual({ kind: "error", code: 12006 });
    expect(opened[0]!.url).toBe(`${ORIGIN}/auth-dialog.html`);

    vi.stubGlobal("Office", {
      context: {
        ui: {
          displayDialogAsync: (_u: string, _o: unknown, cb: (r: unknown) => void) =>
            cb({ status: "failed", error: { code: 12007 } }),
        },
      },
    });
    expect(await officeDialogOpener()!("x")).toEqual({ kind: "error", code: 12007 });
    vi.stubGlobal("Office", { context: {} });
    expect(officeDialogOpener()).toBeNull();
  });
});

/** auth-dialog.html with a scripted MSAL standard client: what it sends to the pane, what it asked MSAL. */
function dialogPage(options: {
  url: string;
  redirectResult?: { accessToken: string; expiresOn: Date | null } | null;
  account?: unknown;
  silent?: { accessToken: string; expiresOn: Date | null } | Error;
  createError?: Error;
}) {
  const url = new URL(options.url);
  const sent: unknown[] = [];
  const calls = {
    config: null as unknown,
    redirect: [] as unknown[],
    silent: 0,
    broadcast: 0,
    active: [] as unknown[],
  };
  const client: StandardClient = {
    handleRedirectPromise: async () =>
      options.redirectResult ? { ...options.redirectResult, account: { username: "a" } } : null,
    setActiveAccount: (account) => void calls.active.push(account),
    getActiveAccount: () => options.account ?? null,
    getAllAccounts: () => [],
    acquireTokenSilent: async () => {
      calls.silent++;
      if (!options.silent || options.silent instanceof Error) throw options.silent ?? new Error("none");
      return { ...options.silent, account: options.account };
    },
    acquireTokenRedirect: async (request) => void calls.redirect.push(request),
  };
  const run = () =>
    runDialogPage({
      location: { search: url.search, hash: url.hash, origin: url.origin, href: url.href },
      messageParent: (message) => void sent.push(JSON.parse(message)),
      show: noop,
      createClient: async (config) => {
        calls.config = config;
        if (options.createError) throw options.createError;
        return client;
      },
      broadcastResponse: async () => void calls.broadcast++,
    });
  return { run, sent, calls };
}

describe("登录对话框页面（auth-dialog.html）", () => {
  it("首次打开：用 MSAL 重定向到 Microsoft 登录，范围与重定向 URI 正确，回到本页", async () => {
    const page = dialogPage({ url: `${ORIGIN}/auth-dialog.html?sso=${CLIENT_ID}` });
    await page.run();
    expect(page.calls.config).toEqual({
      auth: {
        clientId: CLIENT_ID,
        authority: "https://login.microsoftonline.com/organizations",
        redirectUri: `${ORIGIN}/auth-dialog.html`,
      },
      cache: { cacheLocation: "localStorage" },
    });
    expect(page.calls.redirect).toEqual([
      {
        scopes: [SCOPE],
        redirectUri: `${ORIGIN}/auth-dialog.html`,
        redirectStartPage: `${ORIGIN}/auth-dialog.html?sso=${CLIENT_ID}`,
      },
    ]);
    expect(page.sent).toEqual([]);
  });

  it("从登录页回来：重定向桥把结果交回起始页；起始页读到令牌后 messageParent 给窗格", async () => {
    const back = dialogPage({ url: `${ORIGIN}/auth-dialog.html#code=abc&state=xyz` });
    await back.run();
    expect(back.calls.broadcast).toBe(1);
    expect(back.calls.config).toBeNull();
    const expires = new Date(Date.UTC(2026, 11, 2, 7));
    const start = dialogPage({
      url: `${ORIGIN}/auth-dialog.html?sso=${CLIENT_ID}&tenant=11111111-2222-4333-8444-555555555555`,
      redirectResult: { accessToken: "dialog-token", expiresOn: expires },
    });
    await start.run();
    expect(start.sent).toEqual([{ status: "ok", token: "dialog-token", expiresOn: expires.getTime() }]);
    expect(start.calls.redirect).toEqual([]);
    expect((start.calls.config as { auth: { authority: string } }).auth.authority).toBe(
      "https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555",
    );
  });

  it("已登录过的账户：静默取得令牌，不再跳转；静默失败才跳转", async () => {
    const silent = dialogPage({
      url: `${ORIGIN}/auth-dialog.html?sso=${CLIENT_ID}`,
      account: { username: "u" },
      silent: { accessToken: "cached", expiresOn: null },
    });
    await silent.run();
    expect(silent.sent).toEqual([{ status: "ok", token: "cached", expiresOn: null }]);
    expect(silent.calls.redirect).toEqual([]);
    const expired = dialogPage({
      url: `${ORIGIN}/auth-dialog.html?sso=${CLIENT_ID}`,
      account: { username: "u" },
      silent: Object.assign(new Error("x"), { errorCode: "interaction_required" }),
    });
    await expired.run();
    expect(expired.calls.redirect).toHaveLength(1);
  });

  it("出错：把 MSAL 的错误码交给窗格（窗格给出中文说明）；缺少客户端 ID 时说明应用注册有误", async () => {
    const failing = dialogPage({
      url: `${ORIGIN}/auth-dialog.html?sso=${CLIENT_ID}`,
      createError: Object.assign(new Error("AADSTS50011: redirect"), { errorCode: "server_error" }),
    });
    await failing.run();
    expect(failing.sent).toEqual([
      { status: "error", code: "server_error", message: "AADSTS50011: redirect" },
    ]);
    const missing = dialogPage({ url: `${ORIGIN}/auth-dialog.html` });
    await missing.run();
    expect(missing.sent).toMatchObject([{ status: "error", code: "invalid_client" }]);
    // Round trip: the pane explains what the page sent.
    const session = createAuth(
      host({ dialog: scriptedDialog({ kind: "message", message: JSON.stringify(failing.sent[0]) }) }),
    );
    expect(await session.signIn()).toMatchObject({
      kind: "failed",
      reason: MSAL_ERRORS.redirect_uri_mismatch,
    });
  });
});

/** A scripted Excel host (the workbook fake's Office) with the given requirement sets and OfficeRuntime.auth. */
function installHost(options: { sets?: Record<string, string>; auth: OfficeRuntimeAuth; search?: string }) {
  const fake = createExcelFake({ requirementSets: options.sets ?? {} });
  const restoreFake = installExcelFake(fake);
  vi.stubGlobal("OfficeRuntime", { auth: options.auth });
  vi.stubGlobal("location", { search: options.search ?? "", origin: ORIGIN });
  return restoreFake;
}

/** A server that accepts only the bearer tokens in `accepted` (GET /me answers a user), and records the headers. */
function tokenServer(seen: Record<string, string>[], accepted: readonly string[]) {
  vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
    const headers = { ...(init.headers as Record<string, string>) };
    seen.push(headers);
    if (accepted.some((t) => headers.Authorization === `Bearer ${t}`))
      return Response.json({ id: "u1", name: "王文员", roles: ["office"], departments: [], devMode: false });
    return new Response(
      JSON.stringify({ code: "unauthenticated", title: "未登录", detail: "令牌的受众不是本服务" }),
      { status: 401, headers: { "Content-Type": "application/problem+json" } },
    );
  });
}

/** A server that answers 401 to anything sent without identity, and records the headers. */
function unauthorizedServer(seen: Record<string, string>[]) {
  vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
    seen.push({ ...(init.headers as Record<string, string>) });
    return new Response(JSON.stringify({ code: "unauthenticated", title: "未登录" }), {
      status: 401,
      headers: { "Content-Type": "application/problem+json" },
    });
  });
}

describe("窗格里的登录（页面上的 Office 与地址参数）", () => {
  it("主机不支持 IdentityAPI 1.3 也无 NAA：不调用 getAccessToken", async () => {
    const auth = scriptedAuth("token");
    restore = installHost({ auth, search: `?sso=${CLIENT_ID}` });
    const env = ssoEnvironment();
    expect(env).toMatchObject({ identityApi13: false, clientId: CLIENT_ID });
    const state = await officeSsoToken(env);
    expect(state).toMatchObject({ kind: "unavailable" });
    expect(state.kind === "unavailable" && state.reason).toContain("IdentityAPI 1.3");
    expect(auth.calls).toHaveLength(0);
  });

  it("部署未配置客户端 ID（清单无 WebApplicationInfo）：不登录，说明开发身份", async () => {
    const auth = scriptedAuth("token");
    restore = installHost({ sets: { IdentityAPI: "1.3" }, auth });
    const state = await officeSsoToken();
    expect(state).toMatchObject({ kind: "unavailable" });
    expect(state.kind === "unavailable" && state.reason).toContain("未配置登录");
    expect(state.kind === "unavailable" && state.reason).toContain("开发身份");
    expect(auth.calls).toHaveLength(0);
    expect(deployedSsoClientId("?sso=not-a-guid")).toBeNull();
  });

  it("IdentityAPI 1.3 且已配置：设置页与请求共用一个会话，令牌只取一次", async () => {
    const auth = scriptedAuth("sso-token");
    restore = installHost({
      sets: { IdentityAPI: "1.3" },
      auth,
      search: `?api=https://x.example/api&sso=${CLIENT_ID}`,
    });
    expect(await officeSsoToken()).toEqual({ kind: "token", token: "sso-token", path: "sso" });
    const seen: Record<string, string>[] = [];
    tokenServer(seen, ["sso-token"]);
    await clientForSettings({ serverUrl: "", devIdentity: null }).me();
    expect(seen[0]!.Authorization).toBe("Bearer sso-token");
    expect(auth.calls).toHaveLength(1);
  });

  it("服务器拒绝令牌（401）：忘掉它，取新令牌再发一次；之后的请求用新令牌", async () => {
    const auth = scriptedAuth("revoked-token", "new-token");
    restore = installHost({ sets: { IdentityAPI: "1.3" }, auth, search: `?sso=${CLIENT_ID}` });
    const seen: Record<string, string>[] = [];
    tokenServer(seen, ["new-token"]);
    const client = clientForSettings({ serverUrl: "", devIdentity: null });
    expect(await client.me()).toMatchObject({ name: "王文员" });
    expect(await client.me()).toMatchObject({ name: "王文员" });
    expect(seen.map((h) => h.Authorization)).toEqual([
      "Bearer revoked-token",
      "Bearer new-token",
      "Bearer new-token",
    ]);
    expect(auth.calls).toHaveLength(2);
  });

  it("新令牌也被拒绝（应用注册与服务器不符）：说明请管理员核对应用注册，不再发送被拒的令牌", async () => {
    // Office answers from its own cache: the same token again.
    const auth = scriptedAuth("wrong-audience");
    restore = installHost({ sets: { IdentityAPI: "1.3" }, auth, search: `?sso=${CLIENT_ID}` });
    const seen: Record<string, string>[] = [];
    tokenServer(seen, []);
    const client = clientForSettings({ serverUrl: "", devIdentity: null });
    const error = await client.me().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: "token_refused", title: "服务器不接受当前的登录" });
    const detail = (error as Error & { detail: string }).detail;
    expect(detail).toContain("令牌的受众不是本服务");
    expect(detail).toContain("应用注册");
    expect(detail).toContain("「登录」");
    // The same token is not sent a second time, then or later; 设置 says why the requests go without one.
    const again = await client.me().catch((e: unknown) => e);
    expect(seen.map((h) => h.Authorization)).toEqual(["Bearer wrong-audience", undefined]);
    expect(again).toMatchObject({ status: 401, code: "sso_unavailable", detail: TOKEN_REFUSED });
  });

  it("单点登录不可用：服务器的 401 变成改用开发身份的说明，不带令牌", async () => {
    const auth = scriptedAuth("token");
    restore = installHost({ auth });
    const seen: Record<string, string>[] = [];
    unauthorizedServer(seen);
    const error = await clientForSettings({ serverUrl: "", devIdentity: null })
      .me()
      .catch((e: unknown) => e);
    expect(seen[0]!.Authorization).toBeUndefined();
    expect(error).toMatchObject({ status: 401, code: "sso_unavailable" });
    expect((error as Error & { detail: string }).detail).toContain("开发身份");
    expect(auth.calls).toHaveLength(0);
  });

  it("单点登录失败（13003）：401 说明该错误码的原因（点「登录」）", async () => {
    restore = installHost({
      sets: { IdentityAPI: "1.3" },
      auth: scriptedAuth(13003),
      search: `?sso=${CLIENT_ID}`,
    });
    const seen: Record<string, string>[] = [];
    unauthorizedServer(seen);
    const error = await clientForSettings({ serverUrl: "", devIdentity: null })
      .me()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: "sso_unavailable", detail: SSO_ERRORS[13003] });
  });

  it("开发身份：照常发送身份头，不尝试登录，服务器的 401 原样报告", async () => {
    const auth = scriptedAuth("token");
    restore = installHost({ sets: { IdentityAPI: "1.3" }, auth, search: `?sso=${CLIENT_ID}` });
    const seen: Record<string, string>[] = [];
    unauthorizedServer(seen);
    const error = await clientForSettings({
      serverUrl: "",
      devIdentity: { id: "u", name: "王文员", roles: ["office"] },
    })
      .me()
      .catch((e: unknown) => e);
    expect(seen[0]!["x-ms-client-principal"]).toBeDefined();
    expect(seen[0]!.Authorization).toBeUndefined();
    expect(error).toMatchObject({ status: 401, code: "unauthenticated" });
    expect(auth.calls).toHaveLength(0);
  });
});

describe("设置页的登录卡片", () => {
  const failed: SsoState = {
    kind: "failed",
    code: "interaction_required",
    path: "naa",
    reason: MSAL_ERRORS.interaction_required!,
    canSignIn: true,
  };

  it("显示登录方式；需要时显示「登录」按钮", () => {
    const shown = text(<SsoStatusView state={failed} onCheck={noop} onSignIn={noop} />);
    expect(shown).toContain("登录方式：嵌套应用认证（MSAL）");
    expect(shown).toContain(MSAL_ERRORS.interaction_required);
    expect(shown).toContain("登录");
    expect(text(<SsoStatusView state={failed} onCheck={noop} onSignIn={noop} signingIn />)).toContain(
      "正在登录…",
    );
    const ok = text(
      <SsoStatusView state={{ kind: "token", token: "t", path: "dialog" }} onCheck={noop} onSignIn={noop} />,
    );
    expect(ok).toContain("登录方式：对话框登录");
    expect(ok).toContain("已登录");
    expect(ok).not.toContain("正在登录");
  });
});

// Office SSO is tried only where it can work: OfficeRuntime.auth exists on every host, so the pane also needs
// IdentityAPI 1.3 (asked of Office.context.requirements) and a configured client id (?sso= in the pane's URL).
// Otherwise, or when Office refuses, a 401 explains the development identity instead of "not signed in".
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  deployedSsoClientId,
  officeSsoToken,
  SSO_ERRORS,
  ssoEnvironment,
  ssoTokenProvider,
  type OfficeRuntimeAuth,
  type SsoEnvironment,
} from "../../addin/src/api/sso";
import { clientForSettings } from "../../addin/src/components/settingsModel";
import { createExcelFake, installExcelFake } from "../support/excel-fake";

const CLIENT_ID = "3f2b6a1e-9c4d-4e8f-a1b2-c3d4e5f60718";

/** OfficeRuntime.auth as a host scripts it: a token, or an Office error with its code. */
function scriptedAuth(answer: string | number): OfficeRuntimeAuth & { calls: number } {
  const auth = {
    calls: 0,
    async getAccessToken() {
      auth.calls++;
      if (typeof answer === "string") return answer;
      throw Object.assign(new Error(`SSO error ${answer}`), { code: answer, name: "Error" });
    },
  };
  return auth;
}

/** A scripted Excel host (the workbook fake's Office) with or without IdentityAPI 1.3, and OfficeRuntime.auth. */
function installHost(options: { identityApi?: string; auth: OfficeRuntimeAuth; search?: string }) {
  const fake = createExcelFake({
    requirementSets: options.identityApi ? { IdentityAPI: options.identityApi } : {},
  });
  const restore = installExcelFake(fake);
  vi.stubGlobal("OfficeRuntime", { auth: options.auth });
  vi.stubGlobal("location", { search: options.search ?? "" });
  return restore;
}

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
  vi.unstubAllGlobals();
});

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

describe("Office 单点登录只在能用时尝试", () => {
  it("主机不支持 IdentityAPI 1.3：不调用 getAccessToken，说明改用开发身份", async () => {
    const auth = scriptedAuth("token");
    restore = installHost({ auth, search: `?sso=${CLIENT_ID}` });
    const env = ssoEnvironment();
    expect(env).toMatchObject({ identityApi13: false, clientId: CLIENT_ID });
    const state = await officeSsoToken(env);
    expect(state).toMatchObject({ kind: "unavailable" });
    expect(state.kind === "unavailable" && state.reason).toContain("IdentityAPI 1.3");
    expect(state.kind === "unavailable" && state.reason).toContain("开发身份");
    expect(ssoTokenProvider(env)).toBeNull();
    expect(auth.calls).toBe(0);
  });

  it("部署未配置客户端 ID（清单无 WebApplicationInfo）：不调用 getAccessToken", async () => {
    const auth = scriptedAuth("token");
    restore = installHost({ identityApi: "1.3", auth });
    const state = await officeSsoToken(ssoEnvironment());
    expect(state).toMatchObject({ kind: "unavailable" });
    expect(state.kind === "unavailable" && state.reason).toContain("未配置 Office 单点登录");
    expect(auth.calls).toBe(0);
    expect(deployedSsoClientId("?sso=not-a-guid")).toBeNull();
  });

  it("IdentityAPI 1.3 且已配置：取得令牌并随请求发送", async () => {
    const auth = scriptedAuth("sso-token");
    restore = installHost({
      identityApi: "1.3",
      auth,
      search: `?api=https://x.example/api&sso=${CLIENT_ID}`,
    });
    expect(await officeSsoToken()).toEqual({ kind: "token", token: "sso-token" });
    const seen: Record<string, string>[] = [];
    unauthorizedServer(seen);
    await clientForSettings({ serverUrl: "", devIdentity: null })
      .me()
      .catch(() => undefined);
    expect(seen[0]!.Authorization).toBe("Bearer sso-token");
  });

  it.each(Array.from({ length: 14 }, (_, i) => 13000 + i))(
    "错误码 %i 有中文说明（该怎么做）",
    async (code) => {
      const env: SsoEnvironment = { auth: scriptedAuth(code), identityApi13: true, clientId: CLIENT_ID };
      const state = await officeSsoToken(env);
      expect(state).toEqual({ kind: "failed", code, reason: SSO_ERRORS[code] });
      expect(SSO_ERRORS[code]).toMatch(/[\u4e00-\u9fff]/);
    },
  );

  it("十四个错误码的说明各不相同", () => {
    const reasons = Array.from({ length: 14 }, (_, i) => SSO_ERRORS[13000 + i]);
    expect(new Set(reasons).size).toBe(14);
  });
});

describe("没有身份时的 401 说明原因，而不是“未登录”", () => {
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
    expect(auth.calls).toBe(0);
  });

  it("单点登录失败（13003）：401 说明该错误码的原因", async () => {
    restore = installHost({ identityApi: "1.3", auth: scriptedAuth(13003), search: `?sso=${CLIENT_ID}` });
    const seen: Record<string, string>[] = [];
    unauthorizedServer(seen);
    const error = await clientForSettings({ serverUrl: "", devIdentity: null })
      .me()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: "sso_unavailable", detail: SSO_ERRORS[13003] });
  });

  it("开发身份：照常发送身份头，服务器的 401 原样报告", async () => {
    restore = installHost({ auth: scriptedAuth("token") });
    const seen: Record<string, string>[] = [];
    unauthorizedServer(seen);
    const error = await clientForSettings({
      serverUrl: "",
      devIdentity: { id: "u", name: "王文员", roles: ["office"] },
    })
      .me()
      .catch((e: unknown) => e);
    expect(seen[0]!["x-ms-client-principal"]).toBeDefined();
    expect(error).toMatchObject({ status: 401, code: "unauthenticated" });
  });
});

/**
 * Sign-in end to end: the production build in headless Chromium, deployed with a client id (`?sso=`), on a host
 * with Office SSO (IdentityAPI 1.3, no NestedAppAuth 1.1) where nobody is signed in to Office yet. The pane asks
 * silently (no prompt), 设置 shows the way in use and why it is not signed in, and only the 登录 click lets Office
 * prompt; after it, the pane reconnects and its requests carry the token. The API is answered by the browser
 * context (no functions host needed: what is proven is what the pane sends).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import {
  buildPane,
  launchChromium,
  openPane,
  type PaneServer,
  type PaneSession,
  resultsPath,
  servePane,
} from "./support/pane-harness.js";

const CLIENT_ID = "3f2b6a1e-9c4d-4e8f-a1b2-c3d4e5f60718";
const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const TOKEN = `${part({ alg: "none" })}.${part({ exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;

let browser: Browser;
let server: PaneServer;
let pane: PaneSession;

beforeAll(async () => {
  const [outDir, launched] = await Promise.all([
    buildPane(resultsPath("addin-dist-signin")),
    launchChromium(),
  ]);
  browser = launched;
  // The API is answered by the browser context below; the proxy target is never reached.
  server = await servePane(outDir, 9);
}, 90_000);

afterAll(async () => {
  pane?.saveLog("signin");
  await pane?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe("登录（生产构建，Office 单点登录主机）", () => {
  it("静默不弹提示；设置页说明原因；点「登录」后 Office 才提示，之后请求带上令牌", async () => {
    pane = await openPane(browser, server.url, { fake: { requirementSets: { IdentityAPI: "1.3" } } });
    const { context, page } = pane;
    onTestFailed(() => pane.saveDiagnostics("failure-signin"));
    await context.addInitScript((token) => {
      const calls: unknown[] = [];
      (window as unknown as { __ssoCalls: unknown[] }).__ssoCalls = calls;
      (window as unknown as { OfficeRuntime: unknown }).OfficeRuntime = {
        auth: {
          async getAccessToken(options?: { allowSignInPrompt?: boolean }) {
            calls.push(options ?? null);
            // Nobody signed in to Office: only a prompt (allowSignInPrompt) gets a token.
            if (!options?.allowSignInPrompt) throw { code: 13001, name: "Error", message: "not signed in" };
            return token;
          },
        },
      };
    }, TOKEN);
    const authorization: (string | null)[] = [];
    await context.route("**/api/**", async (route) => {
      const request = route.request();
      authorization.push(request.headers().authorization ?? null);
      const path = new URL(request.url()).pathname;
      const signedIn = request.headers().authorization === `Bearer ${TOKEN}`;
      if (!signedIn && path !== "/api/health")
        return route.fulfill({
          status: 401,
          contentType: "application/problem+json",
          body: JSON.stringify({ status: 401, code: "unauthenticated", title: "未登录", detail: "未登录" }),
        });
      const body =
        path === "/api/health"
          ? { status: "ok", storage: { reachable: true }, time: new Date().toISOString(), version: "e2e" }
          : path === "/api/me"
            ? { id: "oid-1", name: "周文员", roles: ["office"], departments: [], devMode: false }
            : path === "/api/departments"
              ? []
              : { items: [], continuationToken: null };
      return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
    });
    await page.goto(`${server.url}/taskpane.html?sso=${CLIENT_ID}`);
    await page.getByRole("tab", { name: "设置", exact: true }).click();
    const card = page.locator('[aria-label="登录"]');
    await expect.poll(() => card.textContent(), { timeout: 15_000 }).toContain("登录方式：Office 单点登录");
    await expect.poll(() => card.textContent()).toContain("尚未登录 Office");
    expect(await page.evaluate(() => (window as unknown as { __ssoCalls: unknown[] }).__ssoCalls)).toEqual([
      { allowSignInPrompt: false, allowConsentPrompt: false },
    ]);
    expect(authorization.filter((a) => a !== null)).toEqual([]);
    await page.screenshot({ path: resultsPath("signin-before.png") });

    await card.getByRole("button", { name: "登录", exact: true }).click();
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain("已登录");
    const calls = await page.evaluate(() => (window as unknown as { __ssoCalls: unknown[] }).__ssoCalls);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual({ allowSignInPrompt: true, allowConsentPrompt: true });
    // The pane reconnected with the token: the server now knows the user.
    await expect
      .poll(() => authorization.filter((a) => a === `Bearer ${TOKEN}`).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByText("周文员").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: resultsPath("signin-after.png") });
  }, 60_000);
});

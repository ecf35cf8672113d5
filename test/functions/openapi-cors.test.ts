/**
 * 接口说明与跨域（设计 §2）：/api/openapi.json 匿名可读并列出每个接口和每个生命周期操作；
 * Excel 加载项（https://localhost:3000）跨域调用时预检通过、能读到 ETag；其他来源得不到跨域许可；
 * 不存在的路径 → 404、方法不对 → 405，都是中文的 problem+json。
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS } from "../../functions/src/domain/types.js";
import type { LocalHost } from "../../functions/src/local/host.js";
import { ROUTES } from "../../functions/src/routes.js";
import { HttpClient, invoke, newItem, office, startHost, type TestEnv, testEnv } from "../support/api.js";

const ADDIN = "https://localhost:3000";
const EVIL = "https://evil.example";

let env: TestEnv;
let host: LocalHost;
let client: HttpClient;

beforeAll(async () => {
  env = testEnv({ config: { devMode: false, authEnabled: true, corsOrigins: [ADDIN] } });
  host = await startHost(env);
  client = new HttpClient(host.url, office);
});
afterAll(async () => {
  await host?.close();
});

/** A raw request (fetch may refuse to send some headers such as Origin on OPTIONS). */
function raw(method: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
  }>((resolve, reject) => {
    const url = new URL(host.url + path);
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const headerList = (value: string | string[] | undefined | null) =>
  String(value ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);

describe("OpenAPI 文档", () => {
  it("匿名可读，列出每个接口的路径和方法", async () => {
    const doc = await client.withIdentity(null).get("/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    for (const route of ROUTES) {
      if (route.name === "itemAction") continue;
      const path = `/api/${route.route}`;
      expect(paths, `缺少 ${route.name} 的路径 ${path}`).toHaveProperty([path]);
      for (const method of route.methods)
        expect(paths[path], `${route.name} 缺少 ${method}`).toHaveProperty([method.toLowerCase()]);
    }
  });

  it("每个生命周期操作有自己的路径、中文说明和请求体结构", async () => {
    const { body } = await invoke(env.deps, "openapi", { as: null });
    const paths = body.paths as Record<
      string,
      Record<
        string,
        {
          summary: string;
          requestBody?: unknown;
          parameters: { name: string; in: string; required?: boolean }[];
        }
      >
    >;
    expect(ROUTES.some((r) => r.name === "itemAction")).toBe(true);
    for (const action of ACTIONS) {
      const op = paths[`/api/items/{id}/actions/${action}`]?.post;
      expect(op, `缺少操作 ${action}`).toBeDefined();
      expect(op!.summary).toMatch(/[\u4e00-\u9fff]/);
      expect(op!.requestBody).toBeDefined();
      expect(op!.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: "id", in: "path" }),
          expect.objectContaining({ name: "If-Match", in: "header", required: true }),
        ]),
      );
    }
    // 文档里没有不存在的操作路径
    const actionPaths = Object.keys(paths).filter((p) => p.includes("/actions/"));
    expect(actionPaths.sort()).toEqual(ACTIONS.map((a) => `/api/items/{id}/actions/${a}`).sort());
  });

  it("描述的路径都真实存在：文档中的每个 GET 路径在本地宿主上不是 404", async () => {
    const { body } = await client.get("/openapi.json");
    for (const [path, ops] of Object.entries(body.paths as Record<string, Record<string, unknown>>)) {
      if (!("get" in ops)) continue;
      const concrete = path
        .replace(/^\/api/, "")
        .replace("{id}", "nosuchitem")
        .replace("{month}", "2026-10")
        .replace("{year}", "2026")
        .replace("{seq}", "1");
      const res = await client.get(concrete);
      if (res.status === 404) expect(res.body.detail, path).not.toContain("没有这个接口");
      expect(res.status, path).not.toBe(405);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

describe("跨域（CORS）", () => {
  it("加载项来源的预检：允许来源，允许 If-Match、Idempotency-Key、x-ms-client-principal 和 PATCH", async () => {
    const res = await raw("OPTIONS", "/items/abc/actions/approve", {
      Origin: ADDIN,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "content-type, if-match, idempotency-key, x-ms-client-principal",
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers["access-control-allow-origin"]).toBe(ADDIN);
    const allowed = headerList(res.headers["access-control-allow-headers"]);
    for (const h of ["if-match", "idempotency-key", "x-ms-client-principal", "content-type"])
      expect(allowed).toContain(h);
    const methods = headerList(res.headers["access-control-allow-methods"]);
    for (const m of ["get", "post", "put", "patch"]) expect(methods).toContain(m);
    expect(headerList(res.headers.vary)).toContain("origin");
  });

  it("其他来源的预检和请求都没有跨域许可", async () => {
    const preflight = await raw("OPTIONS", "/items", {
      Origin: EVIL,
      "Access-Control-Request-Method": "POST",
    });
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    expect(preflight.headers["access-control-allow-headers"]).toBeUndefined();
    const get = await client.get("/health", { headers: { Origin: EVIL } });
    expect(get.status).toBe(200);
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("加载项来源的回答暴露 ETag，错误回答也带跨域许可（加载项才能读到中文错误）", async () => {
    const created = await client.post("/items", newItem(), { headers: { Origin: ADDIN } });
    expect(created.status).toBe(201);
    expect(created.headers.get("access-control-allow-origin")).toBe(ADDIN);
    expect(headerList(created.headers.get("access-control-expose-headers"))).toContain("etag");
    const read = await client.get(`/items/${created.body.id}`, { headers: { Origin: ADDIN } });
    expect(read.headers.get("etag")).toBe(read.body.etag);
    expect(headerList(read.headers.get("access-control-expose-headers"))).toContain("etag");

    const stale = await client.patch(
      `/items/${created.body.id}`,
      { owner: "李四" },
      { headers: { Origin: ADDIN }, ifMatch: '"stale"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get("access-control-allow-origin")).toBe(ADDIN);
    const missing = await client.get("/nowhere", { headers: { Origin: ADDIN } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("access-control-allow-origin")).toBe(ADDIN);
  });
});

describe("路由错误", () => {
  for (const path of ["/nowhere", "/items/abc/actions", "/items/abc/events/extra", "/notices/2026"]) {
    it(`不存在的路径 ${path} → 404 problem+json`, async () => {
      const res = await client.get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404 });
      expect(res.body.detail).toMatch(/[\u4e00-\u9fff]/);
    });
  }

  it("/api 之外的路径 → 404", async () => {
    const res = await raw("GET", "/../index.html");
    expect(res.status).toBe(404);
  });

  for (const [method, path, allow] of [
    ["DELETE", "/items", ["GET", "POST"]],
    ["PUT", "/items/abc", ["GET", "PATCH"]],
    ["GET", "/items/abc/actions/approve", ["POST"]],
    ["POST", "/health", ["GET"]],
  ] as const) {
    it(`${method} ${path} → 405，Allow 列出 ${allow.join("、")}`, async () => {
      const res = await client.request(method, path);
      expect(res.status).toBe(405);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 405 });
      expect(res.body.title).toMatch(/[\u4e00-\u9fff]/);
      expect(headerList(res.headers.get("allow")).sort()).toEqual(allow.map((m) => m.toLowerCase()).sort());
    });
  }
});

/**
 * 身份（设计 §2）：x-ms-client-principal 只在启用 App Service 身份验证或本地开发模式下可信；
 * 开发模式下没有该头的请求使用配置的开发身份；其余情况下没有经过验证的身份一律 401。
 * 头无法解析 → 401 而不是 500；没有任何可识别角色 → 403。DUBAN_NOW 只在开发模式下生效。
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../functions/src/config.js";
import { makeDeps } from "../../functions/src/deps.js";
import type { Principal } from "../../functions/src/domain/types.js";
import { encodePrincipal } from "../../functions/src/http/auth.js";
import {
  type Answer,
  dept,
  HttpClient,
  invoke,
  leader,
  newItem,
  office,
  startHost,
  testEnv,
  viewer,
} from "../support/api.js";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const principalHeader = (p: Principal) => ({ "x-ms-client-principal": encodePrincipal(p) });

function expectProblem(answer: Answer, status: number) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(answer.body.status).toBe(status);
  expect(answer.body.title).toMatch(/[\u4e00-\u9fff]/);
  expect(answer.body.detail).toMatch(/[\u4e00-\u9fff]/);
}

describe("未启用身份验证、非开发模式：不信任任何身份头", () => {
  const env = testEnv({ config: { devMode: false, authEnabled: false } });

  it("伪造的 x-ms-client-principal → 401，不写入任何数据", async () => {
    const forged = await invoke(env.deps, "createItem", { as: office, body: newItem() });
    expectProblem(forged, 401);
    expect(forged.body.code).toBe("unauthenticated");
    const read = await invoke(env.deps, "listItems", { as: leader });
    expectProblem(read, 401);
    // 同一存储在开发模式下看得到的内容：什么也没写进去
    const dev = testEnv({ prefix: env.prefix });
    expect((await invoke(dev.deps, "listItems", { as: office })).body.items).toEqual([]);
  });

  it("没有身份头 → 401", async () => {
    for (const route of ["listItems", "getDepartments", "getSettings", "getRules"]) {
      const answer = await invoke(env.deps, route, { as: null });
      expectProblem(answer, 401);
      expect(answer.body.detail).toContain("登录");
    }
  });

  it("健康检查和 OpenAPI 文档仍可匿名访问 → 200", async () => {
    const health = await invoke(env.deps, "health", { as: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok", devMode: false, storage: { reachable: true } });
    const withForged = await invoke(env.deps, "health", { as: office });
    expect(withForged.status).toBe(200);
    expect((await invoke(env.deps, "openapi", { as: null })).status).toBe(200);
  });

  it("经本地宿主的真实 HTTP：带伪造身份头 → 401，健康检查 200", async () => {
    const host = await startHost(env);
    try {
      const client = new HttpClient(host.url, office);
      const forged = await client.get("/items");
      expect(forged.status).toBe(401);
      expect(forged.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      const anonymous = await client.withIdentity(null).get("/items");
      expect(anonymous.status).toBe(401);
      expect((await client.withIdentity(null).get("/health")).status).toBe(200);
    } finally {
      await host.close();
    }
  });
});

describe("启用 App Service 身份验证：信任身份头", () => {
  const env = testEnv({ config: { devMode: false, authEnabled: true } });

  it("身份头中的用户和角色被采用：办公室可登记，事项记下登记人", async () => {
    const created = await invoke(env.deps, "createItem", { as: office, body: newItem() });
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe(office.name);
    const asLeader = await invoke(env.deps, "getItem", { as: leader, params: { id: created.body.id } });
    expect(asLeader.status).toBe(200);
    expect(asLeader.body.allowedActions).toEqual(["approve", "reject", "cancel"]);
    const asDept = await invoke(env.deps, "createItem", { as: dept("tech"), body: newItem() });
    expectProblem(asDept, 403);
  });

  it("没有身份头 → 401，不会退回到开发身份", async () => {
    expectProblem(await invoke(env.deps, "listItems", { as: null }), 401);
    expectProblem(await invoke(env.deps, "createItem", { as: null, body: newItem() }), 401);
  });

  it("App Service 实际发送的格式（声明类型为完整 URI）也能识别", async () => {
    const principal = {
      auth_typ: "aad",
      name_typ: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
      role_typ: "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
      claims: [
        { typ: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", val: "zhang@example.com" },
        { typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: "oid-123" },
        { typ: "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", val: "office" },
      ],
    };
    const created = await invoke(env.deps, "createItem", {
      headers: { "x-ms-client-principal": b64(JSON.stringify(principal)) },
      body: newItem(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.createdBy).toBe("zhang@example.com");
  });

  const MALFORMED: [string, string][] = [
    ["不是 base64", "%%%not-base64%%%"],
    ["base64 但不是 JSON", b64("{not json")],
    ["JSON null", b64("null")],
    ["JSON 文本", b64('"office"')],
    ["JSON 数组", b64("[1,2,3]")],
    ["claims 不是数组且没有用户名", b64('{"claims":"office"}')],
    ["用户名不是文本", b64('{"claims":[null,{"typ":"name","val":5},{"typ":"roles","val":"office"}]}')],
    ["空对象", b64("{}")],
  ];
  for (const [name, header] of MALFORMED) {
    it(`无法解析的身份头（${name}）→ 401 而不是 500`, async () => {
      const answer = await invoke(env.deps, "listItems", { headers: { "x-ms-client-principal": header } });
      expectProblem(answer, 401);
      expect(answer.body.detail).toContain("x-ms-client-principal");
    });
  }

  it("没有任何可识别角色的用户 → 读取 403，登记 403", async () => {
    const nobody = {
      id: "u-nobody",
      name: "新员工",
      roles: ["admin", "Office", "dept:技术部", "dept:"],
    } as unknown as Principal;
    const created = await invoke(env.deps, "createItem", { as: office, body: newItem() });
    for (const [route, params] of [
      ["listItems", {}],
      ["getItem", { id: created.body.id }],
      ["listItemEvents", { id: created.body.id }],
      ["getDepartments", {}],
      ["getSettings", {}],
      ["getRules", {}],
      ["listNotices", {}],
    ] as [string, Record<string, string>][]) {
      const answer = await invoke(env.deps, route, { headers: principalHeader(nobody), params });
      expectProblem(answer, 403);
      expect(answer.body.detail, route).toContain("角色");
    }
    expectProblem(
      await invoke(env.deps, "createItem", { headers: principalHeader(nobody), body: newItem() }),
      403,
    );
  });
});

describe("本地开发模式", () => {
  it("没有身份头时使用配置的开发身份", async () => {
    const env = testEnv(); // devMode, devPrincipal = office
    const created = await invoke(env.deps, "createItem", { as: null, body: newItem() });
    expect(created.status).toBe(201);
    expect(created.body.createdBy).toBe(office.name);
    const history = await invoke(env.deps, "listItemEvents", { as: null, params: { id: created.body.id } });
    expect(history.body.items[0]).toMatchObject({ actor: office.name, actorId: office.id });
  });

  it("开发身份可配置：只读的开发身份不能登记", async () => {
    const devViewer: Principal = { id: "dev-viewer", name: "开发只读", roles: ["viewer"] };
    const env = testEnv({ config: { devPrincipal: devViewer } });
    expectProblem(await invoke(env.deps, "createItem", { as: null, body: newItem() }), 403);
    expect((await invoke(env.deps, "listItems", { as: null })).status).toBe(200);
  });

  it("带身份头时采用身份头，而不是开发身份", async () => {
    const env = testEnv();
    expectProblem(await invoke(env.deps, "createItem", { as: viewer, body: newItem() }), 403);
    expectProblem(
      await invoke(env.deps, "listItems", { headers: { "x-ms-client-principal": b64("null") } }),
      401,
    );
  });
});

describe("配置：DUBAN_NOW 只在开发模式下生效", () => {
  const NOW = "2026-11-02T08:00:00+08:00";

  it("DUBAN_DEV_MODE=1 时固定业务时钟", () => {
    const config = loadConfig({ DUBAN_DEV_MODE: "1", DUBAN_NOW: NOW });
    expect(config.devMode).toBe(true);
    expect(config.fixedNow?.toISOString()).toBe("2026-11-02T00:00:00.000Z");
    expect(makeDeps(config).now().toISOString()).toBe("2026-11-02T00:00:00.000Z");
  });

  it("AZURE_FUNCTIONS_ENVIRONMENT=Development 也是开发模式", () => {
    const config = loadConfig({ AZURE_FUNCTIONS_ENVIRONMENT: "Development", DUBAN_NOW: NOW });
    expect(config.devMode).toBe(true);
    expect(config.fixedNow).not.toBeNull();
  });

  it("非开发模式下忽略 DUBAN_NOW（即使它无效），使用真实时间", () => {
    for (const env of [
      { DUBAN_NOW: NOW },
      { DUBAN_DEV_MODE: "0", DUBAN_NOW: NOW },
      { DUBAN_NOW: "not a time" },
    ]) {
      const config = loadConfig(env);
      expect(config.devMode).toBe(false);
      expect(config.fixedNow).toBeNull();
      const before = Date.now();
      const now = makeDeps(config).now().getTime();
      expect(now).toBeGreaterThanOrEqual(before);
      expect(now).toBeLessThanOrEqual(Date.now());
    }
  });

  it("开发模式下无效的 DUBAN_NOW 直接报错，而不是悄悄用真实时间", () => {
    expect(() => loadConfig({ DUBAN_DEV_MODE: "1", DUBAN_NOW: "明天" })).toThrow(/DUBAN_NOW/);
  });

  it("WEBSITE_AUTH_ENABLED 开启 App Service 身份验证；非开发模式不给开发身份的跨域来源", () => {
    expect(loadConfig({ WEBSITE_AUTH_ENABLED: "true" }).authEnabled).toBe(true);
    expect(loadConfig({}).authEnabled).toBe(false);
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ DUBAN_DEV_MODE: "1" }).corsOrigins).toEqual(["https://localhost:3000"]);
  });
});

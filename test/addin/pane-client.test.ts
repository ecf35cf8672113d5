// The add-in's HTTP client against a scripted fetch: request shape, paging, and every way a call can fail.
import { describe, expect, it } from "vitest";
import { ApiError, asApiError, createApiClient, type HealthStatus } from "../../addin/src/api/client";
import { encodePrincipal, isRole, PRINCIPAL_HEADER, type DevIdentity } from "../../addin/src/api/principal";

interface Call {
  url: string;
  headers: Record<string, string>;
}

type Responder = (url: URL, init: RequestInit) => Response | Promise<Response>;

/** A fetch that records its calls and answers with `respond`; like the real one, it refuses an aborted signal. */
function scriptedFetch(respond: Responder) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, headers: { ...(init.headers as Record<string, string>) } });
    if (init.signal?.aborted) throw new DOMException("aborted", "AbortError");
    return respond(new URL(url, "https://localhost:3000"), init);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const problem = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: "about:blank", status, ...body }), {
    status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", ...headers },
  });

const healthy: HealthStatus = {
  status: "ok",
  storage: { reachable: true, latencyMs: 4 },
  time: "2026-11-26T10:00:00.000Z",
  version: "0.1.0",
};

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const clerk: DevIdentity = { id: "u-office-1", name: "综合部 王文员", roles: ["office", "dept:zhb"] };

describe("健康检查", () => {
  it("GET {baseUrl}/health 返回服务与存储状态", async () => {
    const { fetch, calls } = scriptedFetch(() => json(healthy));
    const client = createApiClient({ baseUrl: "/api/", fetch });
    expect(await client.health()).toEqual(healthy);
    expect(calls.map((c) => c.url)).toEqual(["/api/health"]);
    expect(calls[0]?.headers.Accept).toBe("application/json");
  });

  it("存储不可用时服务器答 503 和健康报告：作为结果返回而不是错误", async () => {
    const degraded = { ...healthy, status: "degraded", storage: { reachable: false, error: "连接超时" } };
    const { fetch } = scriptedFetch(() => json(degraded, 503, { "Retry-After": "5" }));
    const client = createApiClient({ baseUrl: "/api", fetch });
    expect(await client.health()).toEqual(degraded);
  });

  it("503 的 problem+json 仍是错误，带 Retry-After 秒数", async () => {
    const { fetch } = scriptedFetch(() =>
      problem(
        503,
        { title: "存储不可用", detail: "存储暂时无法访问", code: "storage_unavailable" },
        { "Retry-After": "7" },
      ),
    );
    const error = await failure(createApiClient({ baseUrl: "/api", fetch }).health());
    expect(error).toMatchObject({
      status: 503,
      code: "storage_unavailable",
      detail: "存储暂时无法访问",
      retryAfter: 7,
    });
  });

  it("返回的不是健康报告时报告数据无法识别", async () => {
    const { fetch } = scriptedFetch(() => json({ hello: "world" }));
    const error = await failure(createApiClient({ baseUrl: "/api", fetch }).health());
    expect(error.code).toBe("bad_response");
    expect(error.message).toMatch(/无法识别/);
  });
});

describe("督办事项列表", () => {
  it("只把给出的条件放进查询串", async () => {
    const { fetch, calls } = scriptedFetch(() => json({ items: [], continuationToken: null }));
    const client = createApiClient({ baseUrl: "https://duban.example.com/api", fetch });
    await client.listItems({
      year: 2026,
      status: "notified",
      dept: "安全部",
      overdue: true,
      continuationToken: "t 1",
    });
    await client.listItems();
    await client.listItems({ overdue: false, dept: "" });
    expect(calls.map((c) => c.url)).toEqual([
      "https://duban.example.com/api/items?year=2026&status=notified&dept=%E5%AE%89%E5%85%A8%E9%83%A8&overdue=true&continuationToken=t+1",
      "https://duban.example.com/api/items",
      "https://duban.example.com/api/items?overdue=false",
    ]);
  });

  it("按 continuationToken 逐页取完全部事项，每页都带同样的条件", async () => {
    const pages: Record<string, { items: { id: string }[]; continuationToken: string | null }> = {
      "": { items: [{ id: "a" }, { id: "b" }], continuationToken: "p2" },
      p2: { items: [{ id: "c" }], continuationToken: "p3" },
      p3: { items: [], continuationToken: null },
    };
    const { fetch, calls } = scriptedFetch((url) => {
      expect(url.searchParams.get("year")).toBe("2026");
      return json(pages[url.searchParams.get("continuationToken") ?? ""]);
    });
    const items = await createApiClient({ baseUrl: "/api", fetch }).listAllItems({ year: 2026 });
    expect(items.map((item) => item.id)).toEqual(["a", "b", "c"]);
    expect(calls).toHaveLength(3);
  });

  it("服务器重复返回同一个 continuationToken 时报错而不是无限循环", async () => {
    const { fetch, calls } = scriptedFetch(() => json({ items: [{ id: "x" }], continuationToken: "same" }));
    const error = await failure(createApiClient({ baseUrl: "/api", fetch }).listAllItems());
    expect(error.code).toBe("bad_response");
    expect(calls).toHaveLength(2);
  });

  it("答复不是 {items, continuationToken} 时报告数据无法识别", async () => {
    const { fetch } = scriptedFetch(() => json([{ id: "a" }]));
    expect((await failure(createApiClient({ baseUrl: "/api", fetch }).listItems())).code).toBe(
      "bad_response",
    );
  });
});

describe("错误", () => {
  it("problem+json 变成带状态、代码、说明和字段错误的 ApiError", async () => {
    const { fetch } = scriptedFetch(() =>
      problem(400, {
        title: "请求参数有误",
        detail: "查询条件不正确",
        code: "invalid_request",
        errors: [{ path: "year", message: "年度必须是四位数字" }, { message: "无字段的错误" }, "垃圾"],
      }),
    );
    const error = await failure(createApiClient({ baseUrl: "/api", fetch }).listItems({ year: 26 }));
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: "ApiError",
      status: 400,
      code: "invalid_request",
      title: "请求参数有误",
      detail: "查询条件不正确",
      message: "查询条件不正确",
      errors: [
        { path: "year", message: "年度必须是四位数字" },
        { path: "", message: "无字段的错误" },
      ],
    });
    expect(error.isNetworkError).toBe(false);
  });

  it.each([
    [401, "unauthenticated", /未登录/],
    [403, "forbidden", /权限/],
    [404, "not_found", /未找到/],
    [412, "stale", /已被他人修改/],
    [500, "server_error", /服务器出错/],
    [418, "http_error", /HTTP 418/],
  ])("没有 problem 文档的 HTTP %i 也给出中文说明", async (status, code, message) => {
    const { fetch } = scriptedFetch(
      () => new Response("<html>oops</html>", { status, headers: { "Content-Type": "text/html" } }),
    );
    const error = await failure(createApiClient({ baseUrl: "/api", fetch }).health());
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it("没有任何服务应答的网关错误（502）视为无法连接", async () => {
    const { fetch } = scriptedFetch(() => new Response("", { status: 502 }));
    const error = await failure(createApiClient({ baseUrl: "/api", fetch }).health());
    expect(error).toMatchObject({ status: 0, code: "network", isNetworkError: true });
    expect(error.message).toMatch(/服务器无法连接/);
  });

  it("网络失败变成 code 为 network 的 ApiError，说明中带服务器地址", async () => {
    const { fetch } = scriptedFetch(() => Promise.reject(new TypeError("Failed to fetch")));
    const error = await failure(
      createApiClient({ baseUrl: "https://duban.example.com/api", fetch }).health(),
    );
    expect(error).toMatchObject({ status: 0, code: "network", title: "服务器无法连接" });
    expect(error.message).toContain("服务器无法连接");
    expect(error.message).toContain("https://duban.example.com/api");
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("超时也是网络错误，说明是响应超时", async () => {
    const { fetch } = scriptedFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) =>
          init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
        ),
    );
    const error = await failure(createApiClient({ baseUrl: "/api", fetch, timeoutMs: 20 }).health());
    expect(error.code).toBe("network");
    expect(error.message).toMatch(/超时/);
  });

  it("调用方自己取消时原样抛出 AbortError，不当作服务器故障", async () => {
    const { fetch } = scriptedFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) =>
          init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
        ),
    );
    const controller = new AbortController();
    const pending = createApiClient({ baseUrl: "/api", fetch }).health(controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("asApiError 把任何异常都变成 ApiError", () => {
    const known = new ApiError({ status: 409, code: "conflict", title: "冲突", detail: "冲突" });
    expect(asApiError(known)).toBe(known);
    expect(asApiError(new Error("boom"))).toMatchObject({
      code: "unexpected",
      message: "发生意外错误：boom",
    });
    expect(asApiError("text")).toMatchObject({ code: "unexpected" });
  });
});

describe("开发身份 x-ms-client-principal", () => {
  const decode = (value: string) => JSON.parse(Buffer.from(value, "base64").toString("utf8"));

  it("encodePrincipal 生成 App Service 认证格式的 base64 JSON，中文姓名不乱码", () => {
    expect(decode(encodePrincipal(clerk))).toEqual({
      auth_typ: "aad",
      name_typ: "name",
      role_typ: "roles",
      claims: [
        { typ: "name", val: "综合部 王文员" },
        { typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: "u-office-1" },
        { typ: "roles", val: "office" },
        { typ: "roles", val: "dept:zhb" },
      ],
    });
  });

  it("很长的名字也能编码（分块转换，不爆调用栈）", () => {
    const name = "督".repeat(100_000);
    expect(decode(encodePrincipal({ id: "x", name, roles: [] })).claims[0].val).toBe(name);
  });

  it("配置了身份时每个请求都带这个头，否则不带", async () => {
    const withIdentity = scriptedFetch(() => json(healthy));
    await createApiClient({ baseUrl: "/api", identity: clerk, fetch: withIdentity.fetch }).health();
    expect(withIdentity.calls[0]?.headers[PRINCIPAL_HEADER]).toBe(encodePrincipal(clerk));

    const anonymous = scriptedFetch(() => json(healthy));
    await createApiClient({ baseUrl: "/api", identity: null, fetch: anonymous.fetch }).health();
    expect(anonymous.calls[0]?.headers).not.toHaveProperty(PRINCIPAL_HEADER);
  });

  it("角色只接受 office、leader、viewer 和 dept:<部门 id>", () => {
    expect(["office", "leader", "viewer", "dept:a-1_B"].every(isRole)).toBe(true);
    expect(["admin", "dept:", "dept:安全部", "dept:a b", 3, null].some(isRole)).toBe(false);
  });
});

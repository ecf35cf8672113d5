// What the pane shows (连接状态, 督办事项 N 项) for each way the server can answer, without a browser.
import { describe, expect, it } from "vitest";
import { ApiError, type ApiClient, type ApiItem, type HealthStatus } from "../../addin/src/api/client";
import { loadPaneStatus, type PaneStatus } from "../../addin/src/components/common/paneStatus";
import { luminance, themeForOffice } from "../../addin/src/taskpane/theme";
import { webDarkTheme, webLightTheme } from "@fluentui/react-components";

const healthy: HealthStatus = {
  status: "ok",
  storage: { reachable: true, latencyMs: 3 },
  time: "",
  version: "1",
};

const unreachable = new ApiError({
  status: 0,
  code: "network",
  title: "服务器无法连接",
  detail: "服务器无法连接（/api）",
});
const unauthenticated = new ApiError({
  status: 401,
  code: "unauthenticated",
  title: "未登录",
  detail: "请先登录",
});

function fakeClient(behaviour: {
  health?: () => Promise<HealthStatus>;
  items?: () => Promise<ApiItem[]>;
}): ApiClient & { itemCalls: number } {
  const client = {
    baseUrl: "/api",
    itemCalls: 0,
    health: behaviour.health ?? (async () => healthy),
    listItems: async () => ({ items: [], continuationToken: null }),
    listAllItems: async () => {
      client.itemCalls++;
      return (behaviour.items ?? (async () => []))();
    },
  } as Partial<ApiClient> & { itemCalls: number } as ApiClient & { itemCalls: number };
  return client;
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `item-${i}` }) as ApiItem);

async function run(client: ApiClient, signal?: AbortSignal) {
  const seen: PaneStatus[] = [];
  const final = await loadPaneStatus(client, (status) => seen.push(status), signal);
  return { seen, final };
}

describe("任务窗格的连接状态与事项数", () => {
  it("已连接：先显示正在连接，再统计督办事项 N 项", async () => {
    const { seen, final } = await run(fakeClient({ items: async () => items(12) }));
    expect(seen.map((s) => [s.connection.kind, s.items.kind])).toEqual([
      ["checking", "idle"],
      ["connected", "loading"],
      ["connected", "loaded"],
    ]);
    expect(final).toEqual({
      connection: { kind: "connected", health: healthy },
      items: { kind: "loaded", count: 12 },
    });
  });

  it("存储不可用：显示存储不可用，不去读取事项", async () => {
    const degraded: HealthStatus = {
      ...healthy,
      status: "degraded",
      storage: { reachable: false, error: "超时" },
    };
    const client = fakeClient({ health: async () => degraded });
    const { final } = await run(client);
    expect(final).toEqual({ connection: { kind: "degraded", health: degraded }, items: { kind: "idle" } });
    expect(client.itemCalls).toBe(0);
  });

  it("健康报告说 ok 但存储不可达时也按存储不可用处理", async () => {
    const odd: HealthStatus = { ...healthy, storage: { reachable: false } };
    expect((await run(fakeClient({ health: async () => odd }))).final?.connection.kind).toBe("degraded");
  });

  it("服务器无法连接：显示无法连接服务器", async () => {
    const client = fakeClient({ health: () => Promise.reject(unreachable) });
    const { final } = await run(client);
    expect(final).toEqual({
      connection: { kind: "unreachable", error: unreachable },
      items: { kind: "idle" },
    });
    expect(client.itemCalls).toBe(0);
  });

  it("服务器拒绝（未登录）：显示服务器给出的中文说明", async () => {
    const { final } = await run(fakeClient({ health: () => Promise.reject(unauthenticated) }));
    expect(final?.connection).toEqual({ kind: "failed", error: unauthenticated });
  });

  it("读取事项失败：连接状态保留，事项区显示错误", async () => {
    const { final } = await run(fakeClient({ items: () => Promise.reject(unauthenticated) }));
    expect(final?.connection.kind).toBe("connected");
    expect(final?.items).toEqual({ kind: "failed", error: unauthenticated });
  });

  it("意外异常也以中文错误显示", async () => {
    const { final } = await run(fakeClient({ health: () => Promise.reject(new Error("boom")) }));
    expect(final?.connection).toMatchObject({
      kind: "failed",
      error: { code: "unexpected", detail: "发生意外错误：boom" },
    });
  });

  it("取消后（窗格关闭或重试）不再更新状态", async () => {
    const controller = new AbortController();
    let release: (value: HealthStatus) => void = () => undefined;
    const client = fakeClient({ health: () => new Promise<HealthStatus>((resolve) => (release = resolve)) });
    const running = run(client, controller.signal);
    controller.abort();
    release(healthy);
    const { seen, final } = await running;
    expect(final).toBeNull();
    expect(seen.map((s) => s.connection.kind)).toEqual(["checking"]);
    expect(client.itemCalls).toBe(0);
  });
});

describe("主题跟随 Office", () => {
  it("深色背景（黑色、深灰色主题）用深色主题，其余用浅色主题", () => {
    expect(themeForOffice({ bodyBackgroundColor: "#262626" })).toBe(webDarkTheme);
    expect(themeForOffice({ bodyBackgroundColor: "#000" })).toBe(webDarkTheme);
    expect(themeForOffice({ bodyBackgroundColor: "#FFFFFF" })).toBe(webLightTheme);
    expect(themeForOffice({ bodyBackgroundColor: "#E6E6E6" })).toBe(webLightTheme);
    expect(themeForOffice({ bodyBackgroundColor: "not a colour" })).toBe(webLightTheme);
    expect(themeForOffice(undefined)).toBe(webLightTheme);
  });

  it("亮度按 sRGB 计算", () => {
    expect(luminance("#ffffff")).toBeCloseTo(1);
    expect(luminance("000000")).toBeCloseTo(0);
    expect(luminance("#zzz")).toBeNull();
  });
});

// The pane's components rendered to HTML for each state: the Chinese texts a user sees, no DOM needed.
import { beforeAll, describe, expect, it } from "vitest";
import type { HealthStatus } from "../../addin/src/api/client";
import { preloadPanels } from "../../addin/src/components/App";
import { ConnectionCard } from "../../addin/src/components/settings/ConnectionCard";
import { ItemSummary } from "../../addin/src/components/common/ItemSummary";
import type { ConnectionState } from "../../addin/src/components/common/paneStatus";
import { apiError, notSignedIn, paneApp, tabLabels, unreachable } from "../support/pane-harness";
import { html, noop, text as render } from "../support/pane-fixtures";

const healthy: HealthStatus = {
  status: "ok",
  storage: { reachable: true, latencyMs: 12.4 },
  time: "",
  version: "0.1.0",
};

const connection = (state: ConnectionState) =>
  render(<ConnectionCard connection={state} serverUrl="https://duban.example.com/api" onRetry={noop} />);

describe("连接状态卡片", () => {
  it("已连接：显示服务器地址、存储响应时间和版本", () => {
    const text = connection({ kind: "connected", health: healthy });
    expect(text).toContain("已连接");
    expect(text).toContain("服务器：https://duban.example.com/api");
    expect(text).toContain("存储响应：12 毫秒");
    expect(text).toContain("服务版本：0.1.0");
  });

  it("存储不可用：警告并说明原因，可重试", () => {
    const text = connection({
      kind: "degraded",
      health: { ...healthy, status: "degraded", storage: { reachable: false, error: "连接被拒绝" } },
    });
    expect(text).toContain("存储不可用");
    expect(text).toContain("连接被拒绝");
    expect(text).toContain("重试");
  });

  it("无法连接服务器：显示错误说明和重试", () => {
    const text = connection({ kind: "unreachable", error: unreachable() });
    expect(text).toContain("无法连接服务器");
    expect(text).toContain("服务器无法连接（/api）");
    expect(text).toContain("重试");
  });

  it("未登录：徽标说明未登录，并列出服务器给出的字段错误", () => {
    const error = notSignedIn([{ path: "x-ms-client-principal", message: "身份无效" }]);
    const text = connection({ kind: "failed", error });
    expect(text).toContain("未登录");
    expect(text).toContain("请先登录");
    expect(text).toContain("x-ms-client-principal：身份无效");
  });
});

describe("督办事项卡片", () => {
  it("显示督办事项 N 项（千分位）", () => {
    expect(render(<ItemSummary items={{ kind: "loaded", count: 1234 }} onRetry={noop} />)).toContain(
      "督办事项 1,234 项",
    );
  });

  it("未连接时提示连接后显示，读取中显示进度，失败时显示错误", () => {
    expect(render(<ItemSummary items={{ kind: "idle" }} onRetry={noop} />)).toContain("连接服务器后显示");
    expect(render(<ItemSummary items={{ kind: "loading" }} onRetry={noop} />)).toContain("正在读取督办事项");
    const error = apiError(500, "服务器出错", "服务器出错了");
    const failed = render(<ItemSummary items={{ kind: "failed", error }} onRetry={noop} />);
    expect(failed).toContain("读取督办事项失败");
    expect(failed).toContain("服务器出错了");
  });
});

describe("任务窗格", () => {
  // Rendered to static markup, which cannot wait: the tabs' chunks are loaded first, as the pane does at idle time.
  beforeAll(() => preloadPanels());

  it("标题为跟进督办，首屏显示正在连接", () => {
    const text = render(paneApp());
    expect(text).toContain("跟进督办");
    expect(text).toContain("正在连接");
    expect(text).not.toContain("未在 Excel 中打开");
  });

  it("不在 Excel 中打开时给出提示", () => {
    expect(render(paneApp({ inExcel: false }))).toContain("当前页面未在 Excel 中打开");
  });

  it("六个标签页：清单、操作、详情、文书、考核、设置；默认显示清单", () => {
    expect(tabLabels(html(paneApp()))).toEqual(["清单*", "操作", "详情", "文书", "考核", "设置"]);
    const text = render(paneApp());
    for (const label of ["清单", "操作", "详情", "文书", "考核", "设置"]) expect(text).toContain(label);
    expect(text).toContain("刷新 提交更改 初始化清单");
  });

  it.each([
    ["actions", "读取所选行"],
    ["detail", "这里显示该事项的通知单"],
    ["settings", "部署后使用 Office 单点登录"],
  ] as const)("标签页 %s", (tab, expected) => {
    expect(render(paneApp({ initialTab: tab }))).toContain(expected);
  });
});

// What the pane now takes from the workbook and the server: the waiting rows as the workbook marks them (on
// opening, after push and pull), the selection followed and let go, who the user is (GET /api/me), Office SSO in
// production, and the 文书 and 考核 tabs.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Me } from "../../addin/src/api/client";
import { IdentityCard, SsoStatusView } from "../../addin/src/components/settings/IdentityCard";
import { describeMe, identityOf, loadMe, roleLabel } from "../../addin/src/components/settings/identity";
import * as controller from "../../addin/src/components/list/listController";
import {
  DEFAULT_FILTERS,
  initialListState,
  listReducer,
  pendingSummary,
  queryFromFilters,
  withPending,
  type ListEvent,
  type ListState,
} from "../../addin/src/components/list/listState";
import { followSelection } from "../../addin/src/components/common/selectionFollower";
import { preloadPanels } from "../../addin/src/components/App";
import { SettingsPanel } from "../../addin/src/components/settings/SettingsPanel";
import { clientForSettings } from "../../addin/src/components/settings/settingsModel";
import type { PaneWorkbook, PendingRow } from "../../addin/src/components/common/workbook";
import { decodePrincipal } from "../../functions/src/http/auth";
import {
  deptName,
  excelFailure,
  expectAllShown,
  listPanel,
  notSignedIn,
  paneApp,
  scriptedPane,
  selectedOptions,
  tabLabels,
  textOf,
} from "../support/pane-harness";
import { anItem, emptyPush, fakeApi, html, noop, text } from "../support/pane-fixtures";

const row = (
  kind: PendingRow["kind"],
  seq: number,
  id: string | null = `id-${seq}`,
  state = "",
): PendingRow => ({
  row: seq - 1,
  seq,
  id,
  kind,
  state,
});

describe("待处理的行：以工作簿中的标记为准", () => {
  it("打开窗格时读取：未发送的行数来自工作簿，冲突行列出以便处理", () => {
    const state = withPending(initialListState(0), [
      row("unsent", 3),
      row("unsent", 5),
      row("conflict", 7, "x7", "冲突：服务器上已被修改（状态：办理中）"),
      row("rejected", 8, "x8", "已拒绝：完成时限应为有效日期"),
      row("new", 9, null),
    ]);
    expect(state.unsent).toBe(2);
    expect(state.conflicts).toEqual([
      {
        id: "x7",
        content: "",
        reason: "冲突：服务器上已被修改（状态：办理中）",
        server: null,
        seq: 7,
        resolving: null,
        error: null,
      },
    ]);
    expect(pendingSummary(state.pending!)).toEqual([
      { kind: "unsent", label: "未发送", seqs: [3, 5] },
      { kind: "rejected", label: "已拒绝", seqs: [8] },
      { kind: "conflict", label: "冲突", seqs: [7] },
      { kind: "new", label: "新增未提交", seqs: [9] },
    ]);
  });

  it("localStorage 说有未发送、工作簿却没有待提交的行：以工作簿为准，不再重发", () => {
    expect(withPending(initialListState(4), []).unsent).toBe(0);
    // A push that failed as a whole left the rows new/edited (not marked 未发送): they are still sent again.
    expect(withPending(initialListState(1), [row("edited", 2), row("new", 3)]).unsent).toBe(1);
  });

  it("推送后的冲突保留服务器版本；工作簿中已不再冲突的行从列表移除", () => {
    const server = anItem({ id: "x7", content: "服务器上的内容" });
    let state: ListState = initialListState();
    state = listReducer(state, { type: "started", task: "push" });
    state = listReducer(state, {
      type: "pushed",
      result: {
        ...emptyPush(),
        conflicts: 2,
        outcomes: new Map([
          ["x7", { kind: "conflict", server, reason: "冲突：A" }],
          ["x9", { kind: "conflict", server: anItem({ id: "x9" }), reason: "冲突：B" }],
        ]),
      },
    });
    state = listReducer(state, { type: "pendingRead", rows: [row("conflict", 4, "x7", "冲突：A")] });
    expect(state.conflicts.map((c) => [c.id, c.seq, c.server?.content])).toEqual([
      ["x7", 4, "服务器上的内容"],
    ]);
  });

  it("readPending 调用 pendingRows；读不到（不在 Excel、没有清单）时保持原样", async () => {
    const { calls, deps } = scriptedPane({ excel: { pendingRows: async () => [row("unsent", 2)] } });
    const events: ListEvent[] = [];
    const ok = await controller.readPending(deps, (e) => events.push(e));
    expect(ok).toBe(true);
    expect(calls.map((c) => c.name)).toEqual(["pendingRows"]);
    expect(events).toEqual([{ type: "pendingRead", rows: [row("unsent", 2)] }]);
    const failed: ListEvent[] = [];
    const notInExcel = excelFailure("NotInExcel", "当前页面未在 Excel 中打开");
    const outside = scriptedPane({ excel: { pendingRows: async () => Promise.reject(notInExcel) } });
    expect(await controller.readPending(outside.deps, (e) => failed.push(e))).toBe(false);
    expect(failed).toEqual([]);
  });

  it("清单页列出待处理的行、拒绝原因，以及重新打开窗格后才知道的冲突", () => {
    const state = withPending(initialListState(), [
      row("unsent", 3),
      row("rejected", 8, "x8", "已拒绝：完成时限应为有效日期"),
      row("conflict", 7, "x7", "冲突：服务器上已被修改"),
    ]);
    expectAllShown(text(listPanel(state)), [
      "待处理的行（3）",
      "未发送：第 3 行",
      "第 8 行 已拒绝：完成时限应为有效日期",
      "冲突（1 行）",
      "第 7 行",
      "冲突：服务器上已被修改",
      "采用服务器版本",
    ]);
  });
});

describe("跟随所选行", () => {
  afterEach(() => vi.useRealTimers());

  function excelWithSelection() {
    let handler: (() => void) | null = null;
    const unsubscribe = vi.fn(async () => undefined);
    let resolve: (off: () => Promise<void>) => void = noop;
    const excel: Pick<PaneWorkbook, "onListSelectionChanged"> = {
      onListSelectionChanged: (h) => {
        handler = h;
        return new Promise((r) => (resolve = r));
      },
    };
    return {
      excel,
      unsubscribe,
      move: () => handler?.(),
      subscribed: () => resolve(unsubscribe),
    };
  }

  it("连续移动只读取一次；卸载时取消订阅", async () => {
    vi.useFakeTimers();
    const sheet = excelWithSelection();
    const settled = vi.fn();
    const stop = followSelection(sheet.excel, settled, 300);
    sheet.subscribed();
    await Promise.resolve();
    sheet.move();
    vi.advanceTimersByTime(100);
    sheet.move();
    vi.advanceTimersByTime(100);
    sheet.move();
    vi.advanceTimersByTime(299);
    expect(settled).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(settled).toHaveBeenCalledTimes(1);
    sheet.move();
    stop();
    vi.advanceTimersByTime(1000);
    expect(settled).toHaveBeenCalledTimes(1);
    expect(sheet.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("订阅尚未完成就卸载：完成后立即取消订阅", async () => {
    const sheet = excelWithSelection();
    const stop = followSelection(sheet.excel, noop);
    stop();
    sheet.subscribed();
    await new Promise((r) => setTimeout(r, 0));
    expect(sheet.unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("订阅失败（没有清单工作表）不报错", async () => {
    const stop = followSelection(
      { onListSelectionChanged: async () => Promise.reject(new Error("x")) },
      noop,
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(() => stop()).not.toThrow();
  });
});

describe("当前身份与单点登录", () => {
  const me: Me = {
    id: "u-1",
    name: "周文员",
    roles: ["office", "dept:safety"],
    departments: ["safety"],
    devMode: true,
  };

  it("角色以中文显示，部门角色显示部门名称", () => {
    expect(roleLabel("leader")).toBe("领导小组");
    expect(describeMe(me, deptName)).toBe("周文员 · 督办办公室、部门：安全部");
    const shown = text(<IdentityCard me={{ kind: "loaded", me }} deptName={deptName} />);
    expect(shown).toContain("周文员");
    expect(shown).toContain("督办办公室");
    expect(shown).toContain("部门：安全部");
    expect(shown).toContain("服务器处于本地开发模式");
  });

  it("只看本部门按服务器识别的身份（生产环境没有开发身份）", () => {
    const identity = identityOf({ kind: "loaded", me }, null);
    expect(identity).toEqual({ id: "u-1", name: "周文员", roles: ["office", "dept:safety"] });
    expect(queryFromFilters({ ...DEFAULT_FILTERS, mine: true }, identity)).toEqual({ dept: "safety" });
    const dev = { id: "d", name: "开发", roles: ["dept:ops" as const] };
    expect(identityOf({ kind: "loading" }, dev)).toBe(dev);
  });

  it("/me 失败时说明原因", async () => {
    const denied = notSignedIn();
    const state = await loadMe(fakeApi({ me: async () => Promise.reject(denied) }));
    expect(state).toMatchObject({ kind: "failed", error: { status: 401 } });
    expect(text(<IdentityCard me={state} />)).toContain("请先登录");
    expect(await loadMe(fakeApi({ me: async () => me }))).toEqual({ kind: "loaded", me });
  });

  it("设置页显示当前身份和单点登录状态（未设置开发身份时）", () => {
    const shown = text(
      <SettingsPanel
        settings={{ serverUrl: "", devIdentity: null }}
        createClient={() => fakeApi({})}
        onSaved={noop}
        me={{ kind: "loaded", me }}
        ssoCheck={async () => ({ kind: "unavailable", reason: "x" })}
      />,
    );
    expect(shown).toContain("当前身份");
    expect(shown).toContain("Office 单点登录");
    const dev = text(
      <SettingsPanel
        settings={{ serverUrl: "", devIdentity: { id: "u", name: "王文员", roles: ["office"] } }}
        createClient={() => fakeApi({})}
        onSaved={noop}
        ssoCheck={async () => ({ kind: "unavailable", reason: "x" })}
      />,
    );
    expect(dev).toContain("当前使用开发身份「王文员」，不使用单点登录");
    expect(dev).not.toContain("Office 单点登录 正在检查");
  });

  it("单点登录的三种状态", () => {
    expect(text(<SsoStatusView state={{ kind: "token", token: "t" }} onCheck={noop} />)).toContain("已登录");
    expect(
      text(
        <SsoStatusView
          state={{ kind: "failed", reason: "尚未登录 Office，请先登录", code: 13001 }}
          onCheck={noop}
        />,
      ),
    ).toContain("尚未登录 Office，请先登录（错误码 13001）");
    expect(
      text(
        <SsoStatusView
          state={{ kind: "unavailable", reason: "当前环境不支持 Office 单点登录" }}
          onCheck={noop}
        />,
      ),
    ).toContain("不可用");
  });

  it("生产（无开发身份）：每个请求带单点登录令牌；开发身份：只带身份头", async () => {
    const seen: Record<string, string>[] = [];
    vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
      seen.push({ ...(init.headers as Record<string, string>) });
      return new Response(JSON.stringify(me), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    });
    try {
      const provider = vi.fn(() => async () => "sso-token");
      await clientForSettings({ serverUrl: "", devIdentity: null }, provider).me();
      expect(seen[0]!.Authorization).toBe("Bearer sso-token");
      expect(seen[0]!["x-ms-client-principal"]).toBeUndefined();
      await clientForSettings(
        { serverUrl: "", devIdentity: { id: "u", name: "王", roles: ["office"] } },
        provider,
      ).me();
      expect(seen[1]!.Authorization).toBeUndefined();
      // The functions read the header back as exactly this identity (Chinese name intact).
      expect(decodePrincipal(seen[1]!["x-ms-client-principal"]!)).toEqual({
        id: "u",
        name: "王",
        roles: ["office"],
      });
      expect(provider).toHaveBeenCalledTimes(1);
      // Outside Office there is no SSO: no token source, no Authorization header.
      await clientForSettings({ serverUrl: "", devIdentity: null }).me();
      expect(seen[2]!.Authorization).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("文书与考核标签页", () => {
  // Rendered to static markup, which cannot wait: the tabs' chunks are loaded first, as the pane does at idle time.
  beforeAll(() => preloadPanels());

  it("文书：通知单（一单一事/一单多事、作废）、报告单、通报、催办", () => {
    const sections = tabLabels(html(paneApp({ initialTab: "documents" })));
    expect(sections).toEqual([
      "清单",
      "操作",
      "详情",
      "文书*",
      "考核",
      "设置",
      "通知单*",
      "报告单",
      "通报",
      "催办",
    ]);
    expectAllShown(text(paneApp({ initialTab: "documents" })), [
      "一单一事（每行一份通知单）",
      "一单多事（所选各行合为一份，须同一牵头部门）",
      "生成通知单",
      "作废通知单",
      "作废理由",
    ]);
  });

  it("考核：月度考核默认上一个已结束的月份；规则和年度汇总在分区中", () => {
    const markup = html(paneApp({ initialTab: "assessment", now: () => new Date("2026-11-30T16:30:00Z") }));
    expect(selectedOptions(markup)).toEqual(["2026-11"]);
    expectAllShown(textOf(markup), ["月度考核", "考核规则", "年度汇总", "考核月份", "预览"]);
  });
});

// 设置: server address and development identity, checked, saved to localStorage and read back; the SSO note.
import { describe, expect, it } from "vitest";
import type { ApiClient } from "../../addin/src/api/client";
import { loadSettings, SETTINGS_KEY } from "../../addin/src/api/settings";
import { SettingsPanel } from "../../addin/src/components/settings/SettingsPanel";
import {
  draftFromSettings,
  saveDraft,
  settingsFromDraft,
  testConnection,
  type SettingsDraft,
} from "../../addin/src/components/settings/settingsModel";
import { expectAllShown, memoryStorage, notSignedIn, unreachable } from "../support/pane-harness";
import { fakeApi, noop, text } from "../support/pane-fixtures";

const draft = (patch: Partial<SettingsDraft> = {}): SettingsDraft => ({
  serverUrl: "https://duban.example.com/api",
  useDevIdentity: true,
  id: "u-1",
  name: "安全部 赵部长",
  office: false,
  leader: false,
  viewer: false,
  depts: "safety, ops",
  ...patch,
});

describe("设置的保存与读取", () => {
  it("保存到 localStorage 后原样读回，再转回表单", () => {
    const storage = memoryStorage();
    const result = saveDraft(draft({ leader: true }), storage);
    expect(result.ok).toBe(true);
    const loaded = loadSettings(storage);
    expect(loaded).toEqual({
      serverUrl: "https://duban.example.com/api",
      devIdentity: { id: "u-1", name: "安全部 赵部长", roles: ["leader", "dept:safety", "dept:ops"] },
    });
    expect(draftFromSettings(loaded)).toEqual(draft({ leader: true }));
  });

  it("不使用开发身份时保存为空身份", () => {
    const storage = memoryStorage();
    saveDraft(draft({ useDevIdentity: false, serverUrl: "" }), storage);
    expect(loadSettings(storage)).toEqual({ serverUrl: "", devIdentity: null });
  });

  it("有错时不保存，每个字段给出中文提示", () => {
    const storage = memoryStorage();
    const result = saveDraft(
      draft({ serverUrl: "duban.example.com", id: " ", name: "", depts: "安全部" }),
      storage,
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        serverUrl: "服务器地址应以 https:// 开头，或留空使用同源 /api",
        id: "用户编号为必填项",
        name: "姓名为必填项",
        depts: "部门编号「安全部」无效：只能包含字母、数字、- 或 _",
      },
    });
    expect(storage.values.has(SETTINGS_KEY)).toBe(false);
  });

  it("http 只允许本机；没有角色时提示选择", () => {
    expect(settingsFromDraft(draft({ serverUrl: "http://duban.example.com/api" }))).toMatchObject({
      ok: false,
      errors: { serverUrl: "任务窗格只能通过 https 访问服务器（本机 localhost 除外）" },
    });
    expect(settingsFromDraft(draft({ serverUrl: "http://127.0.0.1:7071/api" })).ok).toBe(true);
    expect(settingsFromDraft(draft({ serverUrl: "/api" })).ok).toBe(true);
    expect(settingsFromDraft(draft({ depts: "" }))).toEqual({
      ok: false,
      errors: { depts: "请至少选择一个角色或填写部门编号" },
    });
  });
});

describe("测试连接", () => {
  it("健康检查通过为已连接，网络失败为无法连接，401 为失败", async () => {
    const health = { status: "ok" as const, storage: { reachable: true }, time: "", version: "1" };
    expect(await testConnection(fakeApi({ health: async () => health }))).toEqual({
      kind: "connected",
      health,
    });
    const network = unreachable("无法连接");
    expect((await testConnection(fakeApi({ health: async () => Promise.reject(network) }))).kind).toBe(
      "unreachable",
    );
    const denied = notSignedIn();
    expect((await testConnection(fakeApi({ health: async () => Promise.reject(denied) }))).kind).toBe(
      "failed",
    );
  });
});

describe("设置页", () => {
  const unused = (() => {
    throw new Error("no client in a render");
  }) as unknown as (s: unknown) => ApiClient;

  it("显示服务器地址、开发身份、角色和单点登录说明", () => {
    const shown = text(
      <SettingsPanel
        settings={{
          serverUrl: "https://duban.example.com/api",
          devIdentity: { id: "u-1", name: "王文员", roles: ["office"] },
        }}
        storage={memoryStorage()}
        createClient={unused}
        onSaved={noop}
      />,
    );
    expectAllShown(shown, [
      "服务器地址",
      "使用开发身份",
      "用户编号",
      "姓名",
      "督办办公室",
      "领导小组",
      "只读",
      "所在部门编号",
      "保存",
      "测试连接",
    ]);
    expect(shown).toContain("部署后使用 Office 单点登录");
  });

  it("未设置开发身份时说明服务器如何识别身份", () => {
    const shown = text(
      <SettingsPanel settings={{ serverUrl: "", devIdentity: null }} createClient={unused} onSaved={noop} />,
    );
    expect(shown).toContain("未设置开发身份");
    expect(shown).not.toContain("用户编号");
  });
});

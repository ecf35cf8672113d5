import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  deployedServerUrl,
  loadSettings,
  resolveBaseUrl,
  saveSettings,
  SETTINGS_KEY,
} from "../../addin/src/api/settings";

function memoryStorage(initial?: string) {
  const values = new Map<string, string>();
  if (initial !== undefined) values.set(SETTINGS_KEY, initial);
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe("任务窗格设置（localStorage 的 duban.settings）", () => {
  it("没有设置时使用同源 /api、无开发身份", () => {
    expect(loadSettings(memoryStorage())).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it("保存后能原样读回", () => {
    const storage = memoryStorage();
    const settings = {
      serverUrl: "https://duban.example.com/api",
      devIdentity: { id: "u-1", name: "领导小组 李组长", roles: ["leader" as const] },
    };
    saveSettings(settings, storage);
    expect(JSON.parse(storage.values.get(SETTINGS_KEY) ?? "")).toEqual(settings);
    expect(loadSettings(storage)).toEqual(settings);
  });

  it.each([
    ["不是 JSON", "{oops"],
    ["是数组", "[]"],
    ["是 null", "null"],
    ["字段类型不对", JSON.stringify({ serverUrl: 42, devIdentity: "me" })],
  ])("内容损坏（%s）时回到默认值", (_name, raw) => {
    expect(loadSettings(memoryStorage(raw))).toEqual(DEFAULT_SETTINGS);
  });

  it("开发身份缺少 id 或姓名时忽略，未知角色被剔除", () => {
    const noName = JSON.stringify({
      serverUrl: " https://a.example/api ",
      devIdentity: { id: "u", name: " " },
    });
    expect(loadSettings(memoryStorage(noName))).toEqual({
      serverUrl: "https://a.example/api",
      devIdentity: null,
    });
    const roles = JSON.stringify({
      devIdentity: { id: "u", name: "王文员", roles: ["office", "root", "dept:a", 1] },
    });
    expect(loadSettings(memoryStorage(roles)).devIdentity).toEqual({
      id: "u",
      name: "王文员",
      roles: ["office", "dept:a"],
    });
  });

  it("读取 localStorage 抛错时（存储被禁用）使用默认值", () => {
    const throwing = {
      getItem: () => {
        throw new DOMException("denied", "SecurityError");
      },
      setItem: () => undefined,
    };
    expect(loadSettings(throwing)).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    ["", "/api"],
    ["   ", "/api"],
    ["https://duban.example.com", "https://duban.example.com/api"],
    ["https://duban.example.com/", "https://duban.example.com/api"],
    ["https://duban.example.com/api/", "https://duban.example.com/api"],
    ["http://127.0.0.1:7071/api", "http://127.0.0.1:7071/api"],
    ["/custom/api", "/custom/api"],
  ])("服务器地址 %j 解析为 API 根 %j", (serverUrl, expected) => {
    expect(resolveBaseUrl(serverUrl)).toBe(expected);
  });
});

describe("部署时在任务窗格地址中指定的服务器（taskpane.html?api=…）", () => {
  it("用户没有设置服务器地址时使用它；用户自己的设置优先；清空后又回到它", () => {
    const deployed = deployedServerUrl("?api=https%3A%2F%2Fduban-api.azurewebsites.net%2Fapi");
    expect(deployed).toBe("https://duban-api.azurewebsites.net/api");
    expect(loadSettings(memoryStorage(), deployed).serverUrl).toBe(deployed);
    expect(resolveBaseUrl(loadSettings(null, deployed).serverUrl)).toBe(deployed);

    const storage = memoryStorage();
    saveSettings({ serverUrl: "https://other.example.com/api", devIdentity: null }, storage);
    expect(loadSettings(storage, deployed).serverUrl).toBe("https://other.example.com/api");
    saveSettings({ serverUrl: "", devIdentity: null }, storage);
    expect(loadSettings(storage, deployed).serverUrl).toBe(deployed);
  });

  it.each([
    ["没有 api 参数", "?foo=1"],
    ["http 的外部地址", "?api=http%3A%2F%2Fduban.example.com%2Fapi"],
    ["不是网址", "?api=not%20a%20url"],
    ["javascript: 地址", "?api=javascript%3Aalert(1)"],
  ])("%s → 不采用，仍是同源 /api", (_name, search) => {
    expect(deployedServerUrl(search)).toBe("");
    expect(resolveBaseUrl(loadSettings(null, deployedServerUrl(search)).serverUrl)).toBe("/api");
  });

  it("本机的 http 地址可用（本地开发）", () => {
    expect(deployedServerUrl("?api=http://localhost:7071/api")).toBe("http://localhost:7071/api");
  });
});

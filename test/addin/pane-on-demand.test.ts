// Modules loaded on first use (addin/src/onDemand.ts): a failed import is tried again on the next use, by a URL the
// browser has not yet seen when the error names the script (browsers remember a failed module for the page's life).
import { describe, expect, it, vi } from "vitest";
import { failedScriptUrl, onDemand } from "../../addin/src/onDemand";

const CHUNK = "https://localhost:3000/assets/printForms-QsBTODY-.js";

describe("按需加载的模块", () => {
  it.each([
    ["Chromium", `Failed to fetch dynamically imported module: ${CHUNK}`, CHUNK],
    ["Firefox", `error loading dynamically imported module: ${CHUNK}`, CHUNK],
    ["重试地址再次失败", `Failed to fetch dynamically imported module: ${CHUNK}?retry=2`, CHUNK],
    [
      "开发服务器",
      "Failed to fetch dynamically imported module: https://localhost:3000/src/excel/printForms.ts",
      "https://localhost:3000/src/excel/printForms.ts",
    ],
    ["Safari", "Importing a module script failed.", null],
    ["其他错误", "Cannot read properties of undefined (reading 'x')", null],
  ])("%s 的错误信息里的脚本地址", (_browser, message, url) => {
    expect(failedScriptUrl(new TypeError(message))).toBe(url);
  });

  it("成功后不再导入；失败后下次以 ?retry=N 的新地址导入，每次失败换一个", async () => {
    const load = vi.fn(() =>
      Promise.reject(new TypeError(`Failed to fetch dynamically imported module: ${CHUNK}`)),
    );
    const importUrl = vi
      .fn<(url: string) => Promise<unknown>>()
      .mockImplementationOnce((url) =>
        Promise.reject(new TypeError(`Failed to fetch dynamically imported module: ${url}`)),
      )
      .mockResolvedValue({ generateNotices: "模块" });
    const printForms = onDemand(load, importUrl);
    await expect(printForms()).rejects.toThrow("Failed to fetch");
    await expect(printForms()).rejects.toThrow(`${CHUNK}?retry=1`);
    await expect(printForms()).resolves.toEqual({ generateNotices: "模块" });
    await expect(printForms()).resolves.toEqual({ generateNotices: "模块" });
    expect(load).toHaveBeenCalledTimes(1);
    expect(importUrl.mock.calls).toEqual([[`${CHUNK}?retry=1`], [`${CHUNK}?retry=2`]]);
  });

  it("同时的调用共用一次导入", async () => {
    const load = vi.fn(() => Promise.resolve({ ok: true }));
    const module = onDemand(load);
    const [a, b] = await Promise.all([module(), module()]);
    expect(a).toBe(b);
    expect(load).toHaveBeenCalledTimes(1);
  });
});

// @vitest-environment happy-dom
// The tabs that load on demand (components/common/lazyPanel.tsx), rendered into a DOM by the pane's own runtime
// (Preact, addin/preact.ts): a spinner until the chunk is there, the panel at once when it was preloaded, and a chunk
// that failed to load explained with 重试, fetched again rather than remembered as failed.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { act } from "react-dom/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lazyPanel, PanelSlot, type LazyPanel } from "../../addin/src/components/common/lazyPanel";

const Greeting = ({ name }: { name: string }) => createElement("p", null, `你好，${name}`);
/** The panel's module, as `import()` answers it. */
type GreetingModule = { Greeting: typeof Greeting };
const greetingModule: GreetingModule = { Greeting };
const pick = (m: GreetingModule) => m.Greeting;
type Panel = LazyPanel<{ name: string }>;
/** What Chromium says when a dynamic import's script cannot be fetched. */
const CHUNK = "https://pane.example/assets/GreetingPanel-Ab12.js";
const fetchFailed = () => new TypeError(`Failed to fetch dynamically imported module: ${CHUNK}`);

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

/** The panel in its slot, mounted in a fresh DOM container; `shown()` is the text a user reads there now. */
function mount(Panel: Panel) {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  act(() => {
    root.render(
      createElement(
        FluentProvider,
        { theme: webLightTheme },
        createElement(PanelSlot, null, createElement(Panel, { name: "王" })),
      ),
    );
  });
  mounted.push(() => {
    act(() => root.unmount());
    container.remove();
  });
  return {
    shown: () => container.textContent ?? "",
    button: (label: string) => [...container.querySelectorAll("button")].find((b) => b.textContent === label),
  };
}

/** Let the pending chunk promise settle and the pane re-render. */
const settle = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 0))));

describe("按需加载的标签页", () => {
  it("加载前显示「正在加载…」，加载完即显示面板", async () => {
    let resolve!: (module: GreetingModule) => void;
    const Panel = lazyPanel(() => new Promise<GreetingModule>((r) => (resolve = r)), pick);
    const pane = mount(Panel);
    expect(pane.shown()).toContain("正在加载…");
    expect(pane.shown()).not.toContain("你好");
    resolve(greetingModule);
    await settle();
    expect(pane.shown()).toContain("你好，王");
    expect(pane.shown()).not.toContain("正在加载…");
  });

  it("预加载后立即显示，不再经过「正在加载…」", async () => {
    const load = vi.fn(() => Promise.resolve(greetingModule));
    const Panel = lazyPanel(load, pick);
    await Panel.preload();
    const pane = mount(Panel);
    expect(pane.shown()).toContain("你好，王");
    expect(pane.shown()).not.toContain("正在加载…");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("加载失败：说明原因并可重试；重试时以新的地址重新取脚本（浏览器记住了失败的地址），不自行反复重取", async () => {
    // As in Chromium: the same import() keeps failing for the page's lifetime, even once the network is back.
    const load = vi.fn<() => Promise<GreetingModule>>(() => Promise.reject(fetchFailed()));
    const importUrl = vi.fn((_url: string) => Promise.resolve<unknown>(greetingModule));
    const Panel = lazyPanel(load, pick, importUrl);
    const pane = mount(Panel);
    await settle();
    expect(pane.shown()).toContain("无法加载此页");
    expect(pane.shown()).toContain("请检查网络连接后重试");
    await settle();
    expect(load, "失败后不自行反复重取").toHaveBeenCalledTimes(1);
    expect(importUrl).not.toHaveBeenCalled();
    const retry = pane.button("重试");
    expect(retry, "重试按钮").toBeDefined();
    act(() => retry!.click());
    await settle();
    expect(importUrl.mock.calls).toEqual([[`${CHUNK}?retry=1`]]);
    expect(pane.shown()).toContain("你好，王");
    expect(pane.shown()).not.toContain("无法加载此页");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("错误不指明脚本时（Safari），重试时再次原样导入", async () => {
    const load = vi
      .fn<() => Promise<GreetingModule>>()
      .mockRejectedValueOnce(new TypeError("Importing a module script failed."))
      .mockResolvedValue(greetingModule);
    const importUrl = vi.fn((_url: string) => Promise.resolve<unknown>(greetingModule));
    const pane = mount(lazyPanel(load, pick, importUrl));
    await settle();
    expect(pane.shown()).toContain("无法加载此页");
    act(() => pane.button("重试")!.click());
    await settle();
    expect(pane.shown()).toContain("你好，王");
    expect(load).toHaveBeenCalledTimes(2);
    expect(importUrl).not.toHaveBeenCalled();
  });

  it("预加载失败不抛出，下次再取", async () => {
    const load = vi.fn<() => Promise<GreetingModule>>(() => Promise.reject(fetchFailed()));
    const importUrl = vi.fn((_url: string) => Promise.resolve<unknown>(greetingModule));
    const Panel = lazyPanel(load, pick, importUrl);
    await expect(Panel.preload()).resolves.toBeUndefined();
    await Panel.preload();
    expect(load).toHaveBeenCalledTimes(1);
    expect(importUrl.mock.calls).toEqual([[`${CHUNK}?retry=1`]]);
    expect(mount(Panel).shown()).toContain("你好，王");
  });
});

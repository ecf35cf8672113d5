// The tabs that load on demand (components/common/lazyPanel.tsx): a spinner until the chunk is there, the panel at
// once when it was preloaded, and a chunk that failed to load fetched again rather than remembered as failed.
import { createElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { lazyPanel, PanelSlot } from "../../addin/src/components/common/lazyPanel";
import { text } from "../support/pane-fixtures";

const Greeting = ({ name }: { name: string }) => createElement("p", null, `你好，${name}`);
const slot = (Panel: ReturnType<typeof lazyPanel<{ name: string }>>) =>
  createElement(PanelSlot, null, createElement(Panel, { name: "王" }));

describe("按需加载的标签页", () => {
  it("加载前显示「正在加载…」；预加载后立即显示，不再经过 Suspense", async () => {
    const load = vi.fn(() => Promise.resolve(Greeting));
    const Panel = lazyPanel(load);
    expect(text(slot(Panel))).toContain("正在加载…");
    await Panel.preload();
    const shown = text(slot(Panel));
    expect(shown).toContain("你好，王");
    expect(shown).not.toContain("正在加载…");
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("加载失败不被记住：预加载不抛出，下次再取", async () => {
    const load = vi
      .fn<() => Promise<typeof Greeting>>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch dynamically imported module"))
      .mockResolvedValue(Greeting);
    const Panel = lazyPanel(load);
    await expect(Panel.preload()).resolves.toBeUndefined();
    await Panel.preload();
    expect(load).toHaveBeenCalledTimes(2);
    expect(text(slot(Panel))).toContain("你好，王");
  });
});

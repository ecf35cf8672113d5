// A tab's panel in its own chunk (React.lazy), so the pane's first script carries only the 清单 tab. Preloaded
// when its tab is hovered or focused, and at idle time right after the pane shows, so that switching tabs
// normally finds it loaded: it then renders at once, without suspending and without the spinner.
import { Component, Suspense, createElement, lazy, type ComponentType, type ReactNode } from "react";
import { Spinner } from "@fluentui/react-components";
import { ErrorMessage } from "./ErrorMessage";

/** A chunk that could not be fetched (offline, or the site redeployed under the open pane). */
class PanelLoadError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "PanelLoadError";
  }
}

export type LazyPanel<P> = ComponentType<P> & {
  /** Fetch the chunk now; answers once it is loaded (never rejects: a failure is retried on use). */
  preload: () => Promise<void>;
};

/** `load` imports the panel's module and picks the component from it. */
export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>): LazyPanel<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const suspended = () => fetchPanel().then((component) => ({ default: component }));
  // React.lazy keeps a failure for good: a new one is made after each, so that 重试 fetches again.
  let Suspended = lazy(suspended);
  function fetchPanel(): Promise<ComponentType<P>> {
    pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = null;
        Suspended = lazy(suspended);
        throw new PanelLoadError(error);
      },
    );
    return pending;
  }

  function Panel(props: P) {
    // Already loaded (the usual case): render it directly, so the tab shows without a Suspense round.
    return createElement(loaded ?? Suspended, props);
  }
  return Object.assign(Panel, {
    preload: () =>
      fetchPanel().then(
        () => undefined,
        () => undefined,
      ),
  });
}

interface BoundaryState {
  error: unknown;
}

/** Shows a panel that could not be loaded as an error with 重试; any other error goes on as before. */
class PanelLoadBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };
  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }
  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    // Not a chunk that failed to load: the pane's own error, passed on to whoever handled it before.
    if (!(error instanceof PanelLoadError)) throw error;
    return (
      <ErrorMessage
        title="无法加载此页"
        message="请检查网络连接后重试；若刚更新过加载项，请关闭并重新打开任务窗格。"
        onRetry={() => this.setState({ error: null })}
      />
    );
  }
}

/** Where a lazy panel goes: a small spinner while its chunk loads, an explanation if it cannot. */
export function PanelSlot({ children }: { children: ReactNode }) {
  return (
    <PanelLoadBoundary>
      <Suspense fallback={<Spinner size="small" label="正在加载…" />}>{children}</Suspense>
    </PanelLoadBoundary>
  );
}

/** Run `task` when the browser is idle (soon after the first paint); answers a function that cancels it. */
export function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === "function") {
    const id = requestIdleCallback(task, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const timer = setTimeout(task, 1);
  return () => clearTimeout(timer);
}

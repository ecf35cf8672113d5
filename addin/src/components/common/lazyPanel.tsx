// A tab's panel in its own chunk, so the pane's first script carries only the 清单 tab. Preloaded when its tab is
// hovered or focused, and at idle time right after the pane shows, so that switching tabs normally finds it loaded:
// it then renders at once, without suspending and without the spinner. A chunk that could not be fetched is shown as
// such (无法加载此页 with 重试) until the clerk retries: it is neither fetched again in a loop nor remembered for good.
import { Component, Suspense, createElement, type ComponentType, type ReactNode } from "react";
import { Spinner } from "@fluentui/react-components";
import { ErrorMessage } from "./ErrorMessage";
import { onDemand, type ImportUrl } from "../../onDemand";

/** A chunk that could not be fetched (offline, or the site redeployed under the open pane). */
class PanelLoadError extends Error {
  constructor(
    cause: unknown,
    /** Forget the failure, so that the panel's next render fetches the chunk again (重试). */
    readonly retry: () => void,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "PanelLoadError";
  }
}

export type LazyPanel<P> = ComponentType<P> & {
  /** Fetch the chunk now; answers once it is loaded (never rejects: a failure is retried on use). */
  preload: () => Promise<void>;
};

const ignore = () => undefined;

/**
 * `load` imports the panel's module (a dynamic import), `pick` takes the component from it. After a failure the
 * module is imported again by a fresh URL (addin/src/onDemand.ts); `importUrl` is how, for tests.
 */
export function lazyPanel<M, P extends object>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType<P>,
  importUrl?: ImportUrl,
): LazyPanel<P> {
  const loadModule = onDemand(load, importUrl);
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  let failure: PanelLoadError | null = null;
  function fetchPanel(): Promise<ComponentType<P>> {
    pending ??= loadModule()
      .then(pick)
      .then(
        (component) => {
          failure = null;
          return (loaded = component);
        },
        (error: unknown) => {
          pending = null;
          failure = new PanelLoadError(error, () => (failure = null));
          throw failure;
        },
      );
    return pending;
  }

  function Panel(props: P) {
    // Already loaded (the usual case): render it directly, so the tab shows without a Suspense round.
    if (loaded) return createElement(loaded, props);
    // Failed: PanelSlot's boundary explains it until 重试 forgets the failure.
    if (failure) throw failure;
    // Suspense shows the spinner and renders the panel again once the fetch has settled, either way.
    throw fetchPanel().then(ignore, ignore);
  }
  return Object.assign(Panel, { preload: () => fetchPanel().then(ignore, ignore) });
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
        onRetry={() => {
          error.retry();
          this.setState({ error: null });
        }}
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

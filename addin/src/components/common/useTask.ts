// React bindings of the task runner: one AbortController per long task, aborted by 取消 or when the pane closes.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { describeError, isCancellation, type PaneError } from "./errors";
import { initialTask, runTask, taskReducer, type OnProgress } from "./taskState";

/** Hands out one AbortController at a time; a second task is refused while one still runs. */
export function useTaskSignal() {
  const current = useRef<AbortController | null>(null);
  const running = useRef(false);
  useEffect(() => () => current.current?.abort(), []);
  return useMemo(
    () => ({
      async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
        if (running.current) return undefined;
        running.current = true;
        const controller = new AbortController();
        current.current = controller;
        try {
          return await work(controller.signal);
        } finally {
          running.current = false;
        }
      },
      cancel: () => current.current?.abort(),
      get busy() {
        return running.current;
      },
    }),
    [],
  );
}

/** One section's long task: its state, `run` (ignored while a run is in progress), 取消 and 关闭. */
export function useTask<R>() {
  const [state, dispatch] = useReducer(taskReducer<R>, undefined, initialTask<R>);
  const task = useTaskSignal();
  const run = useCallback(
    (
      message: string,
      failureTitle: string,
      work: (signal: AbortSignal, onProgress: OnProgress) => Promise<R>,
    ): Promise<R | null | undefined> =>
      task.run((signal) => runTask(dispatch, signal, message, failureTitle, work)),
    [task],
  );
  const cancel = useCallback(() => {
    dispatch({ type: "progress", message: "正在取消…", fraction: null });
    task.cancel();
  }, [task]);
  const dismiss = useCallback(() => dispatch({ type: "dismissed" }), []);
  return { state, run, cancel, dismiss };
}

export type Loaded<T> =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "loaded"; value: T }
  | { kind: "failed"; error: PaneError };

/**
 * Data a section reads when it is shown and whenever `load` changes (memoise it with useCallback); `reload` reads
 * it again. A read still running when the section goes away or `load` changes is aborted. Null `load`: idle.
 */
export function useLoader<T>(load: ((signal: AbortSignal) => Promise<T>) | null, failureTitle: string) {
  const [state, setState] = useState<Loaded<T>>(() => (load ? { kind: "loading" } : { kind: "idle" }));
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!load) {
      setState({ kind: "idle" });
      return;
    }
    const controller = new AbortController();
    setState({ kind: "loading" });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ kind: "loaded", value });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isCancellation(error)) return;
        setState({ kind: "failed", error: describeError(error, failureTitle) });
      },
    );
    return () => controller.abort();
  }, [load, attempt, failureTitle]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  /** Replace the value without reading (after an action changed it). */
  const set = useCallback((value: T) => setState({ kind: "loaded", value }), []);
  return { state, reload, set };
}

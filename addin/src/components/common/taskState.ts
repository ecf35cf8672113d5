// One long piece of work of a pane section (generate, write a sheet, preview…) as plain data: its progress, its
// result or its failure. The reducer and the runner are pure; useTask binds them to React.
import { describeError, isCancellation, type PaneError } from "./errors";

export interface TaskProgress {
  message: string;
  /** 0…1, or null while the amount of work is unknown. */
  fraction: number | null;
}

export interface TaskState<R> {
  running: TaskProgress | null;
  result: R | null;
  error: PaneError | null;
  /** The last run was stopped by 取消. */
  cancelled: boolean;
}

export const initialTask = <R>(): TaskState<R> => ({
  running: null,
  result: null,
  error: null,
  cancelled: false,
});

export type TaskEvent<R> =
  | { type: "started"; message: string }
  | { type: "progress"; message: string; fraction: number | null }
  | { type: "done"; result: R }
  | { type: "failed"; error: PaneError }
  | { type: "cancelled" }
  | { type: "dismissed" };

export function taskReducer<R>(state: TaskState<R>, event: TaskEvent<R>): TaskState<R> {
  switch (event.type) {
    case "started":
      return {
        running: { message: event.message, fraction: null },
        result: null,
        error: null,
        cancelled: false,
      };
    case "progress":
      return state.running
        ? { ...state, running: { message: event.message, fraction: event.fraction } }
        : state;
    case "done":
      return { running: null, result: event.result, error: null, cancelled: false };
    case "failed":
      return { running: null, result: null, error: event.error, cancelled: false };
    case "cancelled":
      return { ...state, running: null, cancelled: true };
    case "dismissed":
      return { ...state, result: null, error: null, cancelled: false };
  }
}

export type OnProgress = (message: string, fraction: number | null) => void;

/**
 * Run `work`, reporting through `dispatch`: progress while it runs (ignored once cancelled), then its result, its
 * failure in Chinese under `failureTitle`, or the cancellation. Answers the result, or null.
 */
export async function runTask<R>(
  dispatch: (event: TaskEvent<R>) => void,
  signal: AbortSignal,
  message: string,
  failureTitle: string,
  work: (signal: AbortSignal, onProgress: OnProgress) => Promise<R>,
): Promise<R | null> {
  dispatch({ type: "started", message });
  try {
    const result = await work(signal, (m, fraction) => {
      if (!signal.aborted) dispatch({ type: "progress", message: m, fraction });
    });
    // Work that finished despite a late 取消 did happen (a number was issued, a sheet written): show it.
    dispatch({ type: "done", result });
    return result;
  } catch (error) {
    if (signal.aborted || isCancellation(error)) dispatch({ type: "cancelled" });
    else dispatch({ type: "failed", error: describeError(error, failureTitle) });
    return null;
  }
}

// The 清单 tab's work: each function runs one task through the workbook and the API and reports what happened
// as ListEvents. No React here, so tests drive them with fakes.
import type { DevIdentity } from "../../api/principal";
import type { PaneDeps } from "../common/deps";
import { describeError, isCancellation } from "../common/errors";
import {
  queryFromFilters,
  TASK_LABELS,
  type ConflictEntry,
  type ListEvent,
  type ListFilters,
  type ListTask,
} from "./listState";
import type { ConflictChoice } from "../common/workbook";

export type ListDeps = PaneDeps;

type Dispatch = (event: ListEvent) => void;

async function run<T>(
  task: ListTask,
  dispatch: Dispatch,
  signal: AbortSignal,
  work: (onProgress: (message: string, fraction: number) => void) => Promise<T>,
  done: (result: T) => ListEvent,
): Promise<T | null> {
  dispatch({ type: "started", task });
  try {
    const result = await work((message, fraction) => {
      if (!signal.aborted) dispatch({ type: "progress", message, fraction });
    });
    dispatch(done(result));
    return result;
  } catch (error) {
    if (signal.aborted || isCancellation(error)) dispatch({ type: "cancelled" });
    else dispatch({ type: "failed", error: describeError(error, `${TASK_LABELS[task]}失败`) });
    return null;
  }
}

/** 初始化清单 */
export function initialiseList(deps: ListDeps, dispatch: Dispatch, signal: AbortSignal) {
  return run(
    "init",
    dispatch,
    signal,
    async (onProgress) => deps.excel.initialiseList(await deps.departments(signal), { signal, onProgress }),
    (result) => ({ type: "initialised", result }),
  );
}

/** 刷新 with the tab's filters. */
export function pullList(
  deps: ListDeps,
  filters: ListFilters,
  identity: DevIdentity | null | undefined,
  dispatch: Dispatch,
  signal: AbortSignal,
) {
  return run(
    "pull",
    dispatch,
    signal,
    (onProgress) =>
      deps.excel.pullList(deps.api, queryFromFilters(filters, identity), { signal, onProgress }),
    (result) => ({ type: "pulled", result }),
  );
}

/** 提交更改 */
export function pushList(deps: ListDeps, dispatch: Dispatch, signal: AbortSignal) {
  return run(
    "push",
    dispatch,
    signal,
    (onProgress) => deps.excel.pushList(deps.api, { signal, onProgress }),
    (result) => ({ type: "pushed", result }),
  );
}

/**
 * 「采用服务器版本」/「保留我的修改」: the server's item is read again (it may have changed since the push), then
 * the row is settled with it.
 */
export async function resolveConflict(
  deps: ListDeps,
  entry: Pick<ConflictEntry, "id">,
  choice: ConflictChoice,
  dispatch: Dispatch,
  signal?: AbortSignal,
): Promise<boolean> {
  dispatch({ type: "resolving", id: entry.id, choice });
  try {
    const [server, departments] = await Promise.all([
      deps.api.getItem(entry.id, signal),
      deps.departments(signal),
    ]);
    await deps.excel.resolveConflict(server, choice, departments, { signal });
    dispatch({ type: "resolved", id: entry.id, choice });
    return true;
  } catch (error) {
    dispatch({ type: "resolveFailed", id: entry.id, error: describeError(error, "处理冲突失败") });
    return false;
  }
}

/**
 * Read the rows the workbook marks as waiting. Quietly nothing when the workbook cannot be read (outside Excel, no
 * list yet): the pane then keeps what it knew.
 */
export async function readPending(
  deps: ListDeps,
  dispatch: Dispatch,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    const rows = await deps.excel.pendingRows({ signal });
    if (signal?.aborted) return false;
    dispatch({ type: "pendingRead", rows });
    return true;
  } catch {
    return false;
  }
}

/** Whether the pane should send the rows a push left unsent: the server is back and nothing else runs. */
export function shouldResend(unsent: number, connected: boolean, busy: boolean): boolean {
  return unsent > 0 && connected && !busy;
}

// The hooks that bind the pure reducers and the controllers to React: one AbortController per long task,
// aborted by 取消 or when the pane closes.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ApiItem } from "../../api/client";
import type { DevIdentity } from "../../api/principal";
import type { Action } from "../../../../functions/src/domain/types";
import { initialValues } from "../actions/actionFields";
import { bulkSummary, readSelection, runBulkAction, submitAction } from "../actions/actionsController";
import { actionDoneTitle, actionsReducer, INITIAL_ACTIONS_STATE } from "../actions/actionsState";
import type { PaneDeps } from "./deps";
import { describeError, isCancellation } from "./errors";
import * as list from "../list/listController";
import { initialListState, listReducer, type ListFilters } from "../list/listState";
import { loadUnsent, saveUnsent, type Store } from "../list/pendingStore";
import { useTaskSignal } from "./useTask";
import type { ConflictChoice, PushResult } from "./workbook";

export function useListTasks(deps: PaneDeps, identity: DevIdentity | null, storage?: Store | null) {
  const [state, dispatch] = useReducer(listReducer, undefined, () => initialListState(loadUnsent(storage)));
  // Bumped whenever 初始化清单 succeeds: the sheet may be new, so subscriptions to it are made again.
  const [sheetGeneration, setSheetGeneration] = useState(0);
  const task = useTaskSignal();
  const filters = useRef<ListFilters>(state.filters);
  filters.current = state.filters;

  // localStorage keeps the count for a pane opened outside Excel; in Excel the workbook's marks are the truth.
  useEffect(() => saveUnsent(state.unsent, storage), [state.unsent, storage]);

  const cancel = useCallback(() => {
    dispatch({ type: "progress", message: "正在取消…", fraction: null });
    task.cancel();
  }, [task]);

  /** Read the rows the workbook marks as waiting (on opening the pane; after every push, pull and resolve). */
  const refreshPending = useCallback(
    (signal?: AbortSignal) => list.readPending(deps, dispatch, signal),
    [deps],
  );

  return {
    state,
    sheetGeneration,
    busy: () => task.busy,
    refreshPending,
    setFilters: useCallback((patch: Partial<ListFilters>) => dispatch({ type: "filters", patch }), []),
    init: useCallback(
      () =>
        void task.run(async (signal) => {
          const result = await list.initialiseList(deps, dispatch, signal);
          if (result) setSheetGeneration((n) => n + 1);
          await list.readPending(deps, dispatch);
        }),
      [deps, task],
    ),
    pull: useCallback(
      () =>
        void task.run(async (signal) => {
          await list.pullList(deps, filters.current, identity, dispatch, signal);
          await list.readPending(deps, dispatch);
        }),
      [deps, identity, task],
    ),
    push: useCallback(
      (): Promise<PushResult | null | undefined> =>
        task.run(async (signal) => {
          const result = await list.pushList(deps, dispatch, signal);
          await list.readPending(deps, dispatch);
          return result;
        }),
      [deps, task],
    ),
    cancel,
    resolve: useCallback(
      (id: string, choice: ConflictChoice) =>
        void list
          .resolveConflict(deps, { id }, choice, dispatch)
          .then(() => list.readPending(deps, dispatch)),
      [deps],
    ),
    dismiss: useCallback(() => dispatch({ type: "dismissed" }), []),
  };
}

export function useActionTasks(deps: PaneDeps) {
  const [state, dispatch] = useReducer(actionsReducer, INITIAL_ACTIONS_STATE);
  const task = useTaskSignal();
  const latest = useRef(state);
  latest.current = state;

  const busy = useCallback(
    (message: string, fraction: number | null) => dispatch({ type: "busy", message, fraction }),
    [],
  );

  const read = useCallback(
    () =>
      void task.run(async (signal) => {
        try {
          dispatch({ type: "selected", selection: await readSelection(deps, busy, signal) });
        } catch (error) {
          if (signal.aborted || isCancellation(error)) dispatch({ type: "cancelled" });
          else dispatch({ type: "failed", error: describeError(error, "读取所选行失败") });
        }
      }),
    [deps, task, busy],
  );

  const open = useCallback((action: Action) => {
    const selection = latest.current.selection;
    if (selection.kind !== "one") return;
    dispatch({ type: "opened", action, values: initialValues(action, selection.item) });
  }, []);

  const submit = useCallback(
    () =>
      void task.run(async (signal) => {
        const { selection, form } = latest.current;
        if (selection.kind !== "one" || !form) return;
        dispatch({ type: "submitting" });
        const outcome = await submitAction(deps, selection.item, form.action, form.values, signal);
        if (outcome.kind === "invalid") dispatch({ type: "invalid", errors: outcome.errors });
        else if (outcome.kind === "refused")
          dispatch({ type: "refused", error: outcome.error, errors: outcome.errors });
        else if (outcome.kind === "cancelled") dispatch({ type: "closed" });
        else
          dispatch({
            type: "itemChanged",
            item: outcome.item,
            outcome: outcome.sheetError
              ? {
                  intent: "warning",
                  title: actionDoneTitle(form.action),
                  lines: [`${outcome.sheetError.title}：${outcome.sheetError.detail}`],
                }
              : { intent: "success", title: actionDoneTitle(form.action), lines: ["表格中该行已更新。"] },
          });
      }),
    [deps, task],
  );

  const bulk = useCallback(
    (action: Action) =>
      void task.run(async (signal) => {
        const selection = latest.current.selection;
        if (selection.kind !== "many") return;
        busy("正在执行…", 0);
        const result = await runBulkAction(deps, selection.items, action, busy, signal);
        dispatch({ type: "bulkDone", items: result.done, outcome: bulkSummary(action, result) });
      }),
    [deps, task, busy],
  );

  /** 刷新 after a 412: read the item(s) again from the server and show them in the sheet as well. */
  const refresh = useCallback(
    () =>
      void task.run(async (signal) => {
        const selection = latest.current.selection;
        const items =
          selection.kind === "one" ? [selection.item] : selection.kind === "many" ? selection.items : [];
        try {
          busy("正在读取最新版本…", null);
          const fresh: ApiItem[] = [];
          for (const item of items) fresh.push(await deps.api.getItem(item.id, signal));
          dispatch({ type: "refreshed", items: fresh });
          if (fresh.length > 0)
            await deps.excel.updateRows(fresh, await deps.departments(signal), { signal });
        } catch (error) {
          if (signal.aborted || isCancellation(error)) dispatch({ type: "cancelled" });
          else dispatch({ type: "failed", error: describeError(error, "刷新失败") });
        }
      }),
    [deps, task, busy],
  );

  return {
    state,
    read,
    open,
    edit: useCallback((name: string, value: string) => dispatch({ type: "edited", name, value }), []),
    /** Take an item chosen outside the sheet (待我审定) as the one selected. */
    choose: useCallback(
      (item: ApiItem) => dispatch({ type: "selected", selection: { kind: "one", item } }),
      [],
    ),
    close: useCallback(() => dispatch({ type: "closed" }), []),
    submit,
    bulk,
    refresh,
    cancel: task.cancel,
  };
}

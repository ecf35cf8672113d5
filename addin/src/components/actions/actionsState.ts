// The 操作 tab as plain data: the selected items, the open action form, a bulk run, the last outcome.
import type { ApiItem } from "../../api/client";
import { ACTION_LABELS, type Action } from "../../../../functions/src/domain/types";
import type { FormErrors, FormValues } from "./actionForms";
import type { PaneError } from "../common/errors";
import type { Summary } from "../list/listState";

export type Selection =
  /** Not read yet. */
  | { kind: "none" }
  /** No table row with an item is selected. */
  | { kind: "empty" }
  | { kind: "one"; item: ApiItem }
  | { kind: "many"; items: ApiItem[]; truncated: boolean };

export interface ActionForm {
  action: Action;
  values: FormValues;
  errors: FormErrors;
  submitting: boolean;
}

/** What the last action did, as the message bar shows it. */
export type Outcome = Summary;

export interface ActionsState {
  selection: Selection;
  /** Reading the selection or running a bulk action: what is happening, 0…1 when known. */
  busy: { message: string; fraction: number | null } | null;
  form: ActionForm | null;
  outcome: Outcome | null;
  error: PaneError | null;
}

export const INITIAL_ACTIONS_STATE: ActionsState = {
  selection: { kind: "none" },
  busy: null,
  form: null,
  outcome: null,
  error: null,
};

export type ActionsEvent =
  | { type: "busy"; message: string; fraction: number | null }
  | { type: "selected"; selection: Selection }
  | { type: "failed"; error: PaneError }
  | { type: "cancelled" }
  | { type: "opened"; action: Action; values: FormValues }
  | { type: "edited"; name: string; value: string }
  | { type: "closed" }
  | { type: "submitting" }
  | { type: "invalid"; errors: FormErrors }
  /** The server refused: the form stays open with the errors under its fields. */
  | { type: "refused"; error: PaneError; errors: FormErrors }
  /** One item changed on the server (action done, or read again after 刷新). */
  | { type: "itemChanged"; item: ApiItem; outcome: Outcome | null }
  | { type: "bulkDone"; items: ApiItem[]; outcome: Outcome }
  /** Read again after a 412: the form stays (with what was typed) if its action is still open. */
  | { type: "refreshed"; items: ApiItem[] };

/** Put changed items in place of their old versions, keeping the selection's order. */
function replaceItems(selection: Selection, changed: readonly ApiItem[]): Selection {
  const byId = new Map(changed.map((i) => [i.id, i]));
  if (selection.kind === "one") return { kind: "one", item: byId.get(selection.item.id) ?? selection.item };
  if (selection.kind === "many")
    return { ...selection, items: selection.items.map((i) => byId.get(i.id) ?? i) };
  return selection;
}

export function actionsReducer(state: ActionsState, event: ActionsEvent): ActionsState {
  switch (event.type) {
    case "busy":
      return { ...state, busy: { message: event.message, fraction: event.fraction }, error: null };
    case "selected":
      return { ...state, busy: null, selection: event.selection, form: null, outcome: null, error: null };
    case "failed":
      return {
        ...state,
        busy: null,
        error: event.error,
        form: state.form && { ...state.form, submitting: false },
      };
    case "cancelled":
      return { ...state, busy: null };
    case "opened":
      return {
        ...state,
        form: { action: event.action, values: event.values, errors: {}, submitting: false },
        outcome: null,
        error: null,
      };
    case "edited": {
      if (!state.form) return state;
      const { [event.name]: _fixed, ...errors } = state.form.errors;
      return {
        ...state,
        form: { ...state.form, values: { ...state.form.values, [event.name]: event.value }, errors },
      };
    }
    case "closed":
      return { ...state, form: null, error: null };
    case "submitting":
      return state.form ? { ...state, form: { ...state.form, submitting: true }, error: null } : state;
    case "invalid":
      return state.form
        ? { ...state, form: { ...state.form, errors: event.errors, submitting: false } }
        : state;
    case "refused":
      return {
        ...state,
        error: event.error,
        form: state.form && { ...state.form, errors: event.errors, submitting: false },
      };
    case "itemChanged":
      return {
        ...state,
        selection: replaceItems(state.selection, [event.item]),
        form: null,
        outcome: event.outcome,
        error: null,
      };
    case "refreshed": {
      const selection = replaceItems(state.selection, event.items);
      const still =
        state.form && selection.kind === "one" && selection.item.allowedActions.includes(state.form.action);
      return {
        ...state,
        busy: null,
        selection,
        form: still && state.form ? { ...state.form, submitting: false } : null,
        error: null,
        outcome: still ? null : { intent: "info", title: "已读取最新版本", lines: [] },
      };
    }
    case "bulkDone":
      return {
        ...state,
        busy: null,
        selection: replaceItems(state.selection, event.items),
        outcome: event.outcome,
      };
  }
}

export const actionDoneTitle = (action: Action) => `已${ACTION_LABELS[action]}`;

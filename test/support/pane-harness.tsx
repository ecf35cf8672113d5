// Shared setup of the pane tests: a pane whose server and workbook answer only what a test scripts, the App's
// first screen, the 清单 panel with inert handlers, the errors the server and the Excel layer raise, and small
// readers of rendered markup. The item/event factories and the scripted fakes themselves are in pane-fixtures.
import type { ReactElement } from "react";
import { expect } from "vitest";
import { ApiError, type ApiClient, type FieldError } from "../../addin/src/api/client";
import { App, type AppProps } from "../../addin/src/components/App";
import { ListPanel, type ListPanelProps } from "../../addin/src/components/list/ListPanel";
import type { ListState } from "../../addin/src/components/list/listState";
import type { PaneWorkbook } from "../../addin/src/components/common/workbook";
import { DEPARTMENTS, fakeApi, fakeWorkbook, noop, paneDeps, type Call } from "./pane-fixtures";

export interface PaneScripts {
  api?: Partial<ApiClient>;
  excel?: Partial<PaneWorkbook>;
}

/**
 * The pane's dependencies with a scripted server and workbook: any call not scripted fails the test. Both record
 * into the one `calls`, in the order the pane made them.
 */
export function scriptedPane(scripts: PaneScripts = {}) {
  const calls: Call[] = [];
  const api = fakeApi(scripts.api ?? {}, calls);
  const excel = fakeWorkbook(scripts.excel ?? {}, calls);
  return { calls, api, excel, deps: paneDeps(api, excel) };
}

/** A signal nobody aborts, for work that runs to its end. */
export const liveSignal = (): AbortSignal => new AbortController().signal;

// Only what the first screen calls, and it never answers; every other call would be a test failure.
const firstScreenClient = {
  baseUrl: "/api",
  health: () => new Promise(noop),
  listItems: () => new Promise(noop),
  listAllItems: () => new Promise(noop),
} as Partial<ApiClient> as ApiClient;
// Rendering touches no workbook: every call would be a test failure.
const untouchedWorkbook = {} as PaneWorkbook;
const emptyStorage = { getItem: () => null, setItem: noop };

/** The whole pane as it first renders, with nothing stored; `props` picks the tab, the clock, outside Excel… */
export function paneApp(props: Partial<AppProps> = {}): ReactElement {
  return <App client={firstScreenClient} excel={untouchedWorkbook} storage={emptyStorage} {...props} />;
}

/** 清单 for `state`, online, in Excel, with the two departments and no identity; every handler does nothing. */
export function listPanel(state: ListState, props: Partial<ListPanelProps> = {}): ReactElement {
  return (
    <ListPanel
      state={state}
      departments={DEPARTMENTS}
      identity={null}
      disabled={false}
      offline={false}
      onFilters={noop}
      onInit={noop}
      onPull={noop}
      onPush={noop}
      onCancel={noop}
      onResolve={noop}
      onDismiss={noop}
      {...props}
    />
  );
}

/** A department's name from DEPARTMENTS, or its id when unknown. */
export const deptName = (id: string): string => DEPARTMENTS.find((d) => d.id === id)?.name ?? id;

/** localStorage in memory; `values` is what was stored. */
export function memoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

const PROBLEM_CODES: Record<number, string> = {
  0: "network",
  400: "invalid_request",
  401: "unauthenticated",
  412: "stale",
  500: "server_error",
};

/** The server's answer for `status` (0: no answer), with the problem code the functions send for it. */
export function apiError(status: number, title: string, detail: string, errors?: FieldError[]): ApiError {
  return new ApiError({ status, code: PROBLEM_CODES[status] ?? "error", title, detail, errors });
}

/** 401 from a server that does not know the user. */
export const notSignedIn = (errors?: FieldError[]): ApiError => apiError(401, "未登录", "请先登录", errors);

/** No answer from the server at /api. */
export const unreachable = (detail = "服务器无法连接（/api）"): ApiError =>
  apiError(0, "服务器无法连接", detail);

/** An error as the Excel layer throws it (name ExcelError, a code to branch on, the Chinese message). */
export const excelFailure = (code: string, message: string): Error =>
  Object.assign(new Error(message), { name: "ExcelError", code });

/** Rendered markup as the words a user reads. */
export const textOf = (markup: string): string => markup.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

/** The pane's tabs in `markup`, in order, the selected one marked with `*`. */
export const tabLabels = (markup: string): string[] =>
  [...markup.matchAll(/role="tab"[^>]*aria-selected="(true|false)"[^>]*><span[^>]*>([^<]+)</g)].map(
    (m) => `${m[2]}${m[1] === "true" ? "*" : ""}`,
  );

/** An attribute present in a tag's attribute text, whichever way the renderer writes it (`disabled` or `disabled=""`). */
const hasAttribute = (attributes: string, name: string): boolean =>
  new RegExp(`(?:^|\\s)${name}(?:=""|(?=[\\s/>])|$)`).test(attributes);

/** Whether the button reading exactly `label` is disabled; a button that is not there fails the test. */
export function buttonDisabled(markup: string, label: string): boolean {
  const button = [...markup.matchAll(/<button\b([^>]*)>([^<]*)</g)].find((m) => m[2] === label);
  expect(button, `按钮「${label}」`).toBeDefined();
  return hasAttribute(button![1]!, "disabled");
}

/** The values of the selected options in `markup`, in order. */
export const selectedOptions = (markup: string): string[] =>
  [...markup.matchAll(/<option\b([^>]*)>/g)]
    .filter((m) => hasAttribute(m[1]!, "selected"))
    .map((m) => /\bvalue="([^"]*)"/.exec(m[1]!)?.[1] ?? "");

/** Where each needle stands in `markup`; a needle that is not there fails the test. */
export function positionsIn(markup: string): (needle: string) => number {
  return (needle) => {
    const index = markup.indexOf(needle);
    expect(index, needle).toBeGreaterThanOrEqual(0);
    return index;
  };
}

/** Every label stands in `shown`, each its own expectation. */
export function expectAllShown(shown: string, labels: readonly string[]): void {
  for (const label of labels) expect(shown).toContain(label);
}

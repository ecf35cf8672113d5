import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
// Small factories for the pane tests: items, events, a recording API client and a recording workbook.
import type { ApiClient, ApiItem } from "../../addin/src/api/client";
import type { PaneDeps } from "../../addin/src/components/common/deps";
import type { PaneWorkbook, PushResult } from "../../addin/src/components/common/workbook";
import { type Action, ACTIONS, type Department, type ItemEvent } from "../../functions/src/domain/types";

export function anItem(overrides: Partial<ApiItem> = {}): ApiItem {
  return {
    id: "item-1",
    source: "decision",
    content: "完成安全评价报告模板修订",
    requirements: "",
    supervisedDept: "",
    leadDept: "safety",
    assistDepts: [],
    owner: "张三",
    leader: "李总",
    mode: "tracking",
    urgency: "normal",
    deadline: "2026-10-10",
    effectiveDeadline: "2026-10-10",
    deadlineKind: "original",
    status: "in_progress",
    noticeNumber: "陕秦安督字〔2026〕12号",
    noticeYear: 2026,
    noticeSeq: 12,
    issueDate: "2026-09-01",
    latestProgress: null,
    report: null,
    closeOpinion: null,
    registeredDate: "2026-08-20",
    closedDate: null,
    falseReport: null,
    createdAt: "2026-08-19T02:00:00.000Z",
    createdBy: "王文员",
    updatedAt: "2026-09-01T02:00:00.000Z",
    version: 4,
    light: "green",
    overdueDays: 0,
    overdue: false,
    allowedActions: ["progress", "request_extension", "report"],
    editableFields: [],
    etag: 'W/"etag-1"',
    ...overrides,
  };
}

export function anEvent(overrides: Partial<ItemEvent> = {}): ItemEvent {
  return {
    itemId: "item-1",
    seq: 1,
    kind: "create",
    at: "2026-08-19T02:00:00.000Z",
    actor: "王文员",
    actorId: "u-office",
    payload: {},
    changes: {},
    ...overrides,
  };
}

export const DEPARTMENTS: Department[] = [
  { id: "safety", name: "安全部", head: "赵部长" },
  { id: "ops", name: "运营部", head: "钱部长" },
];

export interface Call {
  name: string;
  args: unknown[];
}

/** An ApiClient whose listed methods are scripted; any other call fails the test. */
export function fakeApi(methods: Partial<ApiClient>, calls: Call[] = []): ApiClient & { calls: Call[] } {
  const record = <K extends keyof ApiClient>(name: K) =>
    ((...args: unknown[]) => {
      calls.push({ name, args });
      const method = methods[name] as ((...a: unknown[]) => unknown) | undefined;
      if (!method) throw new Error(`unexpected call: api.${name}`);
      return method(...args);
    }) as ApiClient[K];
  return new Proxy({ baseUrl: "/api", calls } as ApiClient & { calls: Call[] }, {
    get(target, prop) {
      if (prop === "baseUrl" || prop === "calls") return target[prop];
      return record(prop as keyof ApiClient);
    },
  });
}

export const emptyPush = (): PushResult => ({
  created: 0,
  updated: 0,
  rejected: 0,
  conflicts: 0,
  unsent: 0,
  outcomes: new Map(),
});

/** A workbook facade whose listed methods are scripted; any other call fails the test. */
export function fakeWorkbook(
  methods: Partial<PaneWorkbook>,
  calls: Call[] = [],
): PaneWorkbook & { calls: Call[] } {
  return new Proxy({ calls } as PaneWorkbook & { calls: Call[] }, {
    get(target, prop) {
      if (prop === "calls") return target.calls;
      return (...args: unknown[]) => {
        calls.push({ name: String(prop), args });
        const method = methods[prop as keyof PaneWorkbook] as ((...a: unknown[]) => unknown) | undefined;
        if (!method) throw new Error(`unexpected call: excel.${String(prop)}`);
        return method(...args);
      };
    },
  });
}

export function paneDeps(api: ApiClient, excel: PaneWorkbook): PaneDeps {
  return { api, excel, departments: async () => DEPARTMENTS };
}

export const ALL_ACTIONS: Action[] = [...ACTIONS];

/** Render a component as the pane would (inside Fluent's provider) to static HTML, and as plain text. */
export const html = (element: ReactElement) =>
  renderToStaticMarkup(createElement(FluentProvider, { theme: webLightTheme }, element));
export const text = (element: ReactElement) =>
  html(element)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
export const noop = () => undefined;

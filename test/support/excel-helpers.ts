/**
 * Helpers for the Excel-layer suites (test/addin/excel-*.test.ts): a fake workbook with a fixed clock, the
 * 督办清单 table read back as records keyed by the Chinese headers, the clerk typing rows (the fake does not
 * auto-expand a table the way Excel does when typing below it), a scripted ApiClient for exact control, and
 * the real local API host on the suite's Azurite with helpers that seed items through the handlers.
 */
import { expect } from "vitest";
import { type ApiClient, type ApiItem, createApiClient } from "../../addin/src/api/client";
import type { DevIdentity } from "../../addin/src/api/principal";
import { col, COLUMNS, HEADERS, LIST_SHEET, LIST_TABLE } from "../../addin/src/excel/listModel";
import type { ListOptions } from "../../addin/src/excel/listSheet";
import type { Department, Principal, Settings } from "../../functions/src/domain/types";
import { DEFAULT_SETTINGS } from "../../functions/src/domain/types";
import type { LocalHost } from "../../functions/src/local/host";
import { invoke, leader, newItem, office, startHost, type TestEnv, testEnv, TestClock } from "./api";
import { createExcelFake, type ExcelFake, type ExcelFakeOptions } from "./excel-fake";

/** 2026-11-02 10:00 CST: the business "now" of every Excel suite (safe in any process time zone). */
export const NOW = "2026-11-02T02:00:00.000Z";
export const TODAY = "2026-11-02";

/** Excel serial of a CST date (days since 1899-12-30), computed independently of the code under test. */
export const serial = (date: string) =>
  Math.round((Date.parse(`${date}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 864e5);

export function newWorkbook(options: ExcelFakeOptions = {}): ExcelFake {
  return createExcelFake({ sheets: ["Sheet1"], now: () => new Date(NOW), ...options });
}

/** The options every Excel-layer call takes in these suites: the fake as the host, quick retries. */
export const on = (fake: ExcelFake, extra: ListOptions = {}): ListOptions => ({
  host: fake.Excel,
  ...extra,
});

export function letters(index0: number): string {
  let s = "";
  for (let n = index0 + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Column letter of a 督办清单 column given by its header (序号, 提交状态, …) or key. */
export function colOf(headerOrKey: string): string {
  const byHeader = HEADERS.indexOf(headerOrKey);
  return letters(byHeader >= 0 ? byHeader : col(headerOrKey));
}

/** A1 address of a cell of the 督办清单 table: column by header, zero-based data row. */
export const at = (header: string, row: number) => `${colOf(header)}${row + 2}`;

export type Row = Record<string, unknown>;

/** The 督办清单 table as records keyed by header. */
export function tableRows(fake: ExcelFake): Row[] {
  const t = fake.workbook.table(LIST_TABLE);
  return t.rows.map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]])));
}

/** The visible columns a clerk can change: compared to prove "untouched". */
export const CLERK_HEADERS = COLUMNS.filter((c) => c.field || c.key === "status").map((c) => c.header);

export function rowWith(fake: ExcelFake, content: string): { row: Row; index: number } {
  const rows = tableRows(fake);
  const index = rows.findIndex((r) => r["督办事项内容"] === content);
  if (index < 0)
    throw new Error(
      `no row 「${content}」 in ${LIST_TABLE}: ${rows.map((r) => String(r["督办事项内容"])).join(" | ")}`,
    );
  return { row: rows[index]!, index };
}

/**
 * The clerk types new rows at the bottom of the list, cell by cell (raising change events like typing; `paste`
 * skips dropdown checks as pasting does): into the table's empty placeholder row if that is all it has, else
 * into the row just below it, which Excel (and the fake) then makes part of the table. Returns the zero-based
 * row indexes.
 */
export async function typeNewRows(
  fake: ExcelFake,
  rows: Row[],
  options: { paste?: boolean } = {},
): Promise<number[]> {
  const info = fake.workbook.table(LIST_TABLE);
  const onlyEmpty = info.rows.length === 1 && info.rows[0]!.every((v) => v === "" || v === null);
  const start = onlyEmpty ? 0 : info.rows.length;
  const indexes: number[] = [];
  for (const [n, row] of rows.entries()) {
    const index = start + n;
    for (const [header, value] of Object.entries(row))
      await fake.workbook.userEdit(LIST_SHEET, at(header, index), [[value]], options);
    indexes.push(index);
  }
  const grown = fake.workbook.table(LIST_TABLE).rows.length;
  if (grown !== start + rows.length)
    throw new Error(`typed ${rows.length} rows below ${LIST_TABLE} but it has ${grown} rows`);
  return indexes;
}

/** The clerk types over cells of an existing row. */
export async function typeInto(
  fake: ExcelFake,
  index: number,
  values: Row,
  options: { paste?: boolean } = { paste: true },
): Promise<void> {
  for (const [header, value] of Object.entries(values))
    await fake.workbook.userEdit(LIST_SHEET, at(header, index), [[value]], options);
}

// ---------------------------------------------------------------- a scripted API

export const DEPARTMENTS: Department[] = [
  { id: "tech", name: "技术部", head: "张三" },
  { id: "safety", name: "安全部", head: "李四" },
  { id: "general", name: "综合部", head: "王五" },
];

let generated = 0;

/** A complete ItemView as GET /api/items answers it. */
export function apiItem(overrides: Partial<ApiItem> = {}): ApiItem {
  generated += 1;
  const id = overrides.id ?? `item-${String(generated).padStart(6, "0")}`;
  return {
    id,
    source: "decision",
    content: `督办事项 ${id}`,
    requirements: "",
    supervisedDept: "技术部",
    leadDept: "tech",
    assistDepts: [],
    owner: "张三",
    leader: "王副总",
    mode: "tracking",
    urgency: "normal",
    deadline: "2026-12-31",
    effectiveDeadline: "2026-12-31",
    deadlineKind: "original",
    status: "registered",
    noticeNumber: null,
    noticeYear: null,
    noticeSeq: null,
    issueDate: null,
    latestProgress: null,
    report: null,
    closeOpinion: null,
    registeredDate: "2026-10-08",
    closedDate: null,
    falseReport: null,
    createdAt: "2026-10-08T01:00:00.000Z",
    createdBy: "综合部 王文员",
    updatedAt: "2026-10-08T02:00:00.000Z",
    version: 2,
    light: "green",
    overdueDays: 0,
    overdue: false,
    allowedActions: [],
    editableFields: [],
    etag: `W/"${id}-v2"`,
    ...overrides,
  };
}

export interface StubApi extends ApiClient {
  items: ApiItem[];
  departments: Department[];
  calls: string[];
}

/** An ApiClient serving `items` (mutable: tests change the server's side through it); other calls fail. */
export function stubApi(items: ApiItem[], departments: Department[] = DEPARTMENTS): StubApi {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const calls: string[] = [];
  const scripted: Partial<ApiClient> = {
    listAllItems: async () => stub.items.map((i) => structuredClone(i)),
    getDepartments: async () => ({ value: structuredClone(stub.departments), etag: '"d"' }),
    getSettings: async () => ({ value: { ...settings }, etag: '"s"' }),
  };
  const stub = new Proxy({ baseUrl: "stub", items, departments, calls } as StubApi, {
    get(target, prop, receiver) {
      if (typeof prop !== "string" || prop in target) return Reflect.get(target, prop, receiver);
      const method = scripted[prop as keyof ApiClient];
      return (...args: unknown[]) => {
        calls.push(prop);
        if (!method) throw new Error(`stub ApiClient: ${prop} is not scripted`);
        return (method as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  return stub;
}

type Override<F> = F extends (...args: infer A) => infer R ? (real: ApiClient, ...args: A) => R : never;

/** Wraps a client, replacing some of its methods (each override receives the real client first). */
export function wrapApi(
  api: ApiClient,
  overrides: { [K in keyof ApiClient]?: Override<ApiClient[K]> },
): ApiClient {
  return new Proxy(api, {
    get(target, prop, receiver) {
      const override = overrides[prop as keyof ApiClient] as ((...a: unknown[]) => unknown) | undefined;
      if (override) return (...args: unknown[]) => override(target, ...args);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

// ---------------------------------------------------------------- the real API

/** The clerk of the 督办工作办公室, who (in these suites) is also on the 领导小组, so 拟办 → 已立项 can be typed. */
export const CLERK: DevIdentity = { id: "u-clerk", name: "综合部 王文员", roles: ["office", "leader"] };
/** Someone else changing items at the same time. */
export const COLLEAGUE: Principal = { id: "u-colleague", name: "综合部 赵文员", roles: ["office"] };

export interface Stack {
  env: TestEnv;
  host: LocalHost;
  /** The add-in's own client, as the clerk. */
  api: ApiClient;
  close(): Promise<void>;
}

/** The functions on the suite's Azurite behind a real local HTTP host, with the company's departments. */
export async function realStack(
  departments: Department[] = DEPARTMENTS,
  clock = new TestClock(NOW),
): Promise<Stack> {
  const env = testEnv({ clock });
  const put = await invoke(env.deps, "putDepartments", { as: office, body: departments });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const host = await startHost(env);
  const api = createApiClient({ baseUrl: host.url, identity: CLERK, timeoutMs: 10_000 });
  return { env, host, api, close: () => host.close() };
}

/** An item created (拟办) through the handlers, optionally approved (已立项) by the leading group. */
export async function seedItem(
  env: TestEnv,
  fields: Record<string, unknown> = {},
  status: "draft" | "registered" = "registered",
): Promise<ApiItem> {
  const created = await invoke(env.deps, "createItem", { as: office, body: newItem(fields) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  if (status === "draft") return created.body as ApiItem;
  const approved = await invoke(env.deps, "itemAction", {
    as: leader,
    params: { id: created.body.id, action: "approve" },
    ifMatch: created.body.etag,
    body: { comment: "同意立项" },
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body as ApiItem;
}

/** One lifecycle action through the handlers (fails the test when refused). */
export async function act(
  env: TestEnv,
  item: Pick<ApiItem, "id" | "etag">,
  action: string,
  as: Principal,
  body: Record<string, unknown> = {},
): Promise<ApiItem> {
  const res = await invoke(env.deps, "itemAction", {
    as,
    params: { id: item.id, action },
    ifMatch: item.etag,
    body,
  });
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body as ApiItem;
}

export async function serverItem(env: TestEnv, id: string): Promise<ApiItem> {
  const res = await invoke(env.deps, "getItem", { as: office, params: { id } });
  expect(res.status).toBe(200);
  return res.body as ApiItem;
}

export async function serverItems(env: TestEnv): Promise<ApiItem[]> {
  const all: ApiItem[] = [];
  let token: string | null = null;
  do {
    const res = await invoke(env.deps, "listItems", {
      as: office,
      query: token ? { continuationToken: token } : {},
    });
    expect(res.status).toBe(200);
    all.push(...(res.body.items as ApiItem[]));
    token = res.body.continuationToken as string | null;
  } while (token);
  return all;
}

export async function eventCount(env: TestEnv, id: string): Promise<number> {
  const res = await invoke(env.deps, "listItemEvents", { as: office, params: { id } });
  expect(res.status).toBe(200);
  return (res.body.items as unknown[]).length;
}

// ---------------------------------------------------------------- reading a form sheet back

/** Every non-empty cell of a sheet's A1:D<lastRow>, by address, as displayed. */
export function sheetTexts(fake: ExcelFake, sheet: string, lastRow: number): Map<string, string> {
  const out = new Map<string, string>();
  const texts = fake.workbook.sheet(sheet).texts(`A1:D${lastRow}`);
  texts.forEach((line, r) =>
    line.forEach((t, c) => {
      if (t !== "") out.set(`${letters(c)}${r + 1}`, t);
    }),
  );
  return out;
}

/** The address of the one cell whose text satisfies `test` (fails when none or several). */
export function findCell(texts: Map<string, string>, test: (text: string) => boolean, what: string): string {
  const hits = [...texts].filter(([, t]) => test(t)).map(([a]) => a);
  expect(hits, `${what}: ${JSON.stringify(Object.fromEntries(texts))}`).toHaveLength(1);
  return hits[0]!;
}

export const rowOf = (address: string) => Number(/\d+$/.exec(address)![0]);

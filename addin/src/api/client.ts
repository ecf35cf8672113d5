// The only code in the add-in that talks to the functions over HTTP.
import type { Assessment } from "../../../functions/src/domain/scoring";
import type { Bulletin } from "../../../functions/src/domain/bulletin";
import type { RulesVersion, Rules } from "../../../functions/src/domain/rules";
import type {
  AccountabilityMeasure,
  AccountabilityRecord,
  Action,
  Department,
  ItemEvent,
  Notice,
  Settings,
  Status,
} from "../../../functions/src/domain/types";
import type { ItemView } from "../../../functions/src/domain/view";
import { encodePrincipal, PRINCIPAL_HEADER, type DevIdentity } from "./principal";

export interface HealthStatus {
  status: "ok" | "degraded";
  storage: { reachable: boolean; latencyMs?: number; error?: string };
  time: string;
  version: string;
}

/** An item as the API returns it: the stored fields plus what is derived for the caller. */
export type ApiItem = ItemView;

export type ItemInput = {
  source: string;
  content: string;
  requirements?: string;
  supervisedDept?: string;
  leadDept: string;
  assistDepts?: string[];
  owner?: string;
  leader?: string;
  mode?: string;
  urgency?: string;
  deadline?: string | null;
  /** 拟办意见 of the office (三、(一)). */
  proposal?: string;
  /** The 分管领导's principal id (routes 待我审定). */
  leaderId?: string | null;
  /** 督办组 of a 联合督办 item. */
  supervisionGroup?: string[];
};

export interface NoticeResult extends Notice {
  items: ApiItem[];
}

export interface AssessmentResult extends Assessment {
  complete: boolean;
}

/** A value with the ETag it was read with. */
export interface Tagged<T> {
  value: T;
  etag: string | null;
}

export interface ItemQuery {
  year?: number;
  status?: Status;
  dept?: string;
  overdue?: boolean;
  /** 待我审定 (leaders): what waits for the caller's decision. */
  awaiting?: "me";
  continuationToken?: string | null;
}

/** POST /api/accountability (七、(一) 问责, leaders). */
export interface AccountabilityInput {
  itemIds: string[];
  deptId: string;
  person: string;
  measure: AccountabilityMeasure;
  reason: string;
  month?: string;
}

/** The bulletin queries: a period, the year-end summary, or 随时通报 on chosen items. */
export type BulletinQuery = { from: string; to: string } | { year: number } | { itemIds: string[] };

export interface Page<T> {
  items: T[];
  continuationToken: string | null;
}

export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details as the functions send them (messages in Chinese). */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

/** Every failure of an API call: an HTTP error answer, or `code: "network"` when no answer came. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** Machine-readable code from the problem document (branch on this, not on the message). */
  readonly code: string;
  readonly title: string;
  /** Chinese explanation for the user; also the error's message. */
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds from a Retry-After header (503), when given. */
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail: string;
    errors?: FieldError[];
    retryAfter?: number | null;
    cause?: unknown;
  }) {
    super(init.detail, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter ?? null;
  }

  get isNetworkError(): boolean {
    return this.code === "network";
  }
}

export interface ApiClientOptions {
  /** API root, e.g. "/api" or "https://duban.azurewebsites.net/api". */
  baseUrl: string;
  /** Development identity sent as x-ms-client-principal; omit in production. */
  identity?: DevIdentity | null;
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Per request; a request that takes longer fails as a network error. */
  timeoutMs?: number;
  /** Office SSO in production: a bearer token for App Service Authentication (null: send none). */
  token?: (() => Promise<string | null>) | null;
  /**
   * The server answered 401 to a request that carried `token`: the sign-in session forgets it, so that the next
   * token is a new one. The request is then sent once more with that new token.
   */
  tokenRefused?: (token: string) => void;
  /**
   * Why a request went without any identity (SSO unavailable or failed): a 401 then says this, with the way to
   * the development identity, instead of a bare "not signed in".
   */
  signedOutReason?: () => string | null;
}

export interface Me {
  id: string;
  name: string;
  roles: string[];
  departments: string[];
  devMode: boolean;
}

/** One reminder of the 催办 outbox (GET /api/reminders, DESIGN §4). */
export interface ReminderView {
  date: string;
  deptId: string;
  deptName: string;
  kind: "due_soon" | "overdue";
  itemIds: string[];
  itemCount: number;
  to: string[];
  cc: string[];
  state: "pending" | "sent" | "failed" | "not_configured";
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A day's outbox, with the transport in use and whether the holiday calendar covers the day. */
export interface ReminderOutbox {
  date: string;
  transport: string | null;
  calendar: {
    source: "chinese-days" | "office" | "weekdays";
    lastYear: number;
    covered: boolean;
    note: string;
  };
  items: ReminderView[];
}

/**
 * A year's 法定节假日 and 调休上班日 as the 催办 reminders use them (GET/PUT /api/calendar/{year}): built into
 * chinese-days, entered by the 督办工作办公室 for a later year, or nothing known yet (Monday to Friday).
 */
export interface CalendarYear {
  year: number;
  source: "chinese-days" | "office" | "weekdays";
  /** false for a year chinese-days covers. */
  editable: boolean;
  holidays: { date: string; name: string }[];
  /** 调休: weekend days that are working days. */
  workdays: string[];
  updatedAt?: string;
  updatedBy?: string;
}

export interface ApiClient {
  readonly baseUrl: string;
  health(signal?: AbortSignal): Promise<HealthStatus>;
  /** One page of GET /items. */
  listItems(query?: ItemQuery, signal?: AbortSignal): Promise<Page<ApiItem>>;
  /** Every item matching the query, following continuation tokens. */
  listAllItems(query?: Omit<ItemQuery, "continuationToken">, signal?: AbortSignal): Promise<ApiItem[]>;
  /** Who the server thinks the caller is. */
  me(signal?: AbortSignal): Promise<Me>;
  getItem(id: string, signal?: AbortSignal): Promise<ApiItem>;
  /** 拟办; the key makes a retried create return the same item. */
  createItem(input: ItemInput, idempotencyKey: string, signal?: AbortSignal): Promise<ApiItem>;
  editItem(id: string, changes: Partial<ItemInput>, etag: string, signal?: AbortSignal): Promise<ApiItem>;
  runAction(
    id: string,
    action: Action,
    payload: Record<string, unknown>,
    etag: string,
    signal?: AbortSignal,
  ): Promise<ApiItem>;
  itemEvents(id: string, signal?: AbortSignal): Promise<ItemEvent[]>;
  getDepartments(signal?: AbortSignal): Promise<Tagged<Department[]>>;
  putDepartments(
    list: Department[],
    etag: string | null,
    signal?: AbortSignal,
  ): Promise<Tagged<Department[]>>;
  getSettings(signal?: AbortSignal): Promise<Tagged<Settings>>;
  putSettings(settings: Settings, etag: string | null, signal?: AbortSignal): Promise<Tagged<Settings>>;
  /** A year's holidays and 调休上班日; the ETag only when the office entered them. */
  getCalendar(year: number, signal?: AbortSignal): Promise<Tagged<CalendarYear>>;
  /** 节假日安排 of a year chinese-days does not cover (office, leader); no ETag for the first save. */
  putCalendar(
    year: number,
    body: Pick<CalendarYear, "holidays" | "workdays">,
    etag: string | null,
    signal?: AbortSignal,
  ): Promise<Tagged<CalendarYear>>;
  issueNotice(
    itemIds: string[],
    idempotencyKey: string,
    issueDate?: string,
    signal?: AbortSignal,
  ): Promise<NoticeResult>;
  voidNotice(year: number, seq: number, reason: string, signal?: AbortSignal): Promise<NoticeResult>;
  getNotice(year: number, seq: number, signal?: AbortSignal): Promise<Notice>;
  listNotices(year: number, signal?: AbortSignal): Promise<Notice[]>;
  getAssessment(month: string, signal?: AbortSignal): Promise<AssessmentResult>;
  finalizeAssessment(month: string, signal?: AbortSignal): Promise<Assessment>;
  getBulletin(query: BulletinQuery, signal?: AbortSignal): Promise<Bulletin>;
  /** 问责: record one (leaders); the key makes a retried request return the same record. */
  recordAccountability(
    input: AccountabilityInput,
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<AccountabilityRecord>;
  /** 撤销 a 问责 record (it stays in the register, marked revoked). */
  revokeAccountability(id: string, reason: string, signal?: AbortSignal): Promise<AccountabilityRecord>;
  /** The 问责 register of a year (every page), optionally one department's. */
  listAccountability(year: number, deptId?: string, signal?: AbortSignal): Promise<AccountabilityRecord[]>;
  getRules(version?: number, signal?: AbortSignal): Promise<Tagged<RulesVersion>>;
  putRules(rules: Rules, etag: string, signal?: AbortSignal): Promise<Tagged<RulesVersion>>;
  /** The 催办 outbox of a day (default: today, CST). */
  listReminders(date?: string, signal?: AbortSignal): Promise<ReminderOutbox>;
  /** 重新发送 a reminder that was not delivered (office). */
  resendReminder(
    date: string,
    deptId: string,
    kind: ReminderView["kind"],
    signal?: AbortSignal,
  ): Promise<ReminderView>;
}

const DEFAULT_TIMEOUT_MS = 20_000;
/** Guards against a server that keeps answering with a token (100 000 items at 1 000 per page). */
const MAX_PAGES = 100;

const STATUS_TEXT: Record<number, { code: string; title: string }> = {
  400: { code: "invalid_request", title: "请求内容有误" },
  401: { code: "unauthenticated", title: "未登录或登录已过期，请重新登录" },
  403: { code: "forbidden", title: "没有执行此操作的权限" },
  404: { code: "not_found", title: "未找到请求的内容" },
  409: { code: "conflict", title: "当前状态不允许此操作" },
  412: { code: "stale", title: "数据已被他人修改，请刷新后重试" },
  429: { code: "too_many_requests", title: "请求过于频繁，请稍后重试" },
  503: { code: "unavailable", title: "服务暂时不可用，请稍后重试" },
};

function statusText(status: number): { code: string; title: string } {
  return (
    STATUS_TEXT[status] ??
    (status >= 500
      ? { code: "server_error", title: `服务器出错（HTTP ${status}），请稍后重试` }
      : { code: "http_error", title: `请求失败（HTTP ${status}）` })
  );
}

function networkError(baseUrl: string, cause: unknown, timedOut: boolean): ApiError {
  return new ApiError({
    status: 0,
    code: "network",
    title: timedOut ? "服务器响应超时" : "服务器无法连接",
    detail: timedOut
      ? `服务器响应超时（${baseUrl}），请稍后重试。`
      : `服务器无法连接（${baseUrl}），请检查网络或服务器地址后重试。`,
    cause,
  });
}

function isProblem(value: unknown): value is ProblemDetails {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { path, message } = entry as Record<string, unknown>;
    return typeof message === "string" ? [{ path: typeof path === "string" ? path : "", message }] : [];
  });
}

function retryAfterSeconds(response: Response): number | null {
  const header = response.headers.get("retry-after");
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - Date.now()) / 1000));
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorFromResponse(response: Response, body: unknown, baseUrl: string): ApiError {
  const problem: ProblemDetails = isProblem(body) ? body : {};
  // A gateway error without a problem document means no API answered: the server is unreachable.
  if (!problem.code && (response.status === 502 || response.status === 504)) {
    return networkError(baseUrl, new Error(`HTTP ${response.status}`), false);
  }
  const fallback = statusText(response.status);
  const title = typeof problem.title === "string" && problem.title ? problem.title : fallback.title;
  return new ApiError({
    status: response.status,
    code: typeof problem.code === "string" && problem.code ? problem.code : fallback.code,
    title,
    detail: typeof problem.detail === "string" && problem.detail ? problem.detail : title,
    errors: fieldErrors(problem.errors),
    retryAfter: retryAfterSeconds(response),
  });
}

function queryString(query: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

function isHealth(value: unknown): value is HealthStatus {
  if (typeof value !== "object" || value === null) return false;
  const { status, storage } = value as Record<string, unknown>;
  return (status === "ok" || status === "degraded") && typeof storage === "object" && storage !== null;
}

function isPage(value: unknown): value is Page<ApiItem> {
  if (typeof value !== "object" || value === null) return false;
  const { items, continuationToken } = value as Record<string, unknown>;
  return Array.isArray(items) && (continuationToken === null || typeof continuationToken === "string");
}

/** A 401 to a request that carried a token, a new one too: the deployment does not accept this sign-in. */
function tokenRefusedError(problem: ApiError): ApiError {
  const server = problem.detail && problem.detail !== problem.title ? `（服务器：${problem.detail}）` : "";
  return new ApiError({
    status: 401,
    code: "token_refused",
    title: "服务器不接受当前的登录",
    detail:
      `服务器拒绝了登录令牌${server}。请在「设置」中点「登录」重新登录；仍然如此时，请管理员核对应用注册` +
      "（API 范围 access_as_user、租户）与服务器的身份验证设置是否一致（见 README「部署」）。",
    errors: problem.errors,
  });
}

/** A 401 to a request sent without identity, explained by why Office SSO gave none. */
function signedOutError(reason: string): ApiError {
  return new ApiError({
    status: 401,
    code: "sso_unavailable",
    title: "未登录：无法使用 Office 单点登录",
    detail: reason,
  });
}

function badResponse(what: string): ApiError {
  return new ApiError({
    status: 200,
    code: "bad_response",
    title: "服务器返回的数据无法识别",
    detail: `服务器返回的${what}数据无法识别，请确认服务器地址指向督办服务。`,
  });
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const principal = options.identity ? encodePrincipal(options.identity) : null;

  const bearerToken = options.token ?? null;
  const clientOptions = options;

  interface SendOptions {
    anonymous?: boolean;
    method?: string;
    body?: unknown;
    ifMatch?: string | null;
    idempotencyKey?: string;
    signal?: AbortSignal | undefined;
    acceptError?: (status: number, body: unknown) => boolean;
  }

  /** One JSON request; answers the body and the ETag header. */
  async function send(
    path: string,
    options: SendOptions = {},
  ): Promise<{ body: unknown; etag: string | null }> {
    // Only an SSO client waits for a token; otherwise the request starts at once (an abort must reach fetch).
    const token = !options.anonymous && bearerToken ? await bearerToken() : null;
    const first = await attempt(path, options, token);
    if (first.kind === "answer") return first.answer;
    if (first.status !== 401 || !token) throw first.error;
    // The server refused the token (expired early, revoked, or signed for another audience): forget it and try once
    // more with a new one. Authentication is checked before anything is done, so sending again changes nothing.
    clientOptions.tokenRefused?.(token);
    const renewed = await bearerToken!();
    if (!renewed || renewed === token) throw tokenRefusedError(first.error);
    const second = await attempt(path, options, renewed);
    if (second.kind === "answer") return second.answer;
    if (second.status === 401) {
      clientOptions.tokenRefused?.(renewed);
      throw tokenRefusedError(second.error);
    }
    throw second.error;
  }

  type Attempt =
    | { kind: "answer"; answer: { body: unknown; etag: string | null } }
    | { kind: "error"; status: number; error: ApiError };

  /** The request sent once with `token`: the answer, or the error it came back with (a network error throws). */
  async function attempt(path: string, options: SendOptions, token: string | null): Promise<Attempt> {
    const { signal, acceptError } = options;
    const headers: Record<string, string> = { Accept: "application/json" };
    if (principal) headers[PRINCIPAL_HEADER] = principal;
    if (token) headers.Authorization = `Bearer ${token}`;
    if (signal?.aborted) throw new DOMException("aborted", "AbortError");
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (options.ifMatch) headers["If-Match"] = options.ifMatch;
    if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
    // Built by hand rather than with AbortSignal.any/timeout, which older Safari web views (Office on Mac) lack.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const forwardAbort = () => controller.abort();
    if (signal?.aborted) controller.abort();
    signal?.addEventListener("abort", forwardAbort);
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method: options.method ?? "GET",
        headers,
        signal: controller.signal,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      text = await response.text();
    } catch (error) {
      // The caller's own cancellation is not a failure to report: pass it through unchanged.
      if (signal?.aborted) throw error;
      throw networkError(baseUrl, error, timedOut);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", forwardAbort);
    }
    const isJson = (response.headers.get("content-type") ?? "").includes("json");
    const body = parseJson(text);
    const etag = response.headers.get("etag");
    if (response.ok) {
      if (body === undefined) throw badResponse("");
      return { kind: "answer", answer: { body, etag } };
    }
    if (acceptError && isJson && acceptError(response.status, body))
      return { kind: "answer", answer: { body, etag } };
    const reason = response.status === 401 && !principal && !token ? clientOptions.signedOutReason?.() : null;
    if (reason) throw signedOutError(reason);
    return {
      kind: "error",
      status: response.status,
      error: errorFromResponse(response, isJson ? body : undefined, baseUrl),
    };
  }

  const getJson = async (path: string, signal?: AbortSignal, acceptError?: SendOptions["acceptError"]) =>
    (await send(path, { signal, ...(acceptError ? { acceptError } : {}) })).body;

  const item = (body: unknown): ApiItem => {
    if (typeof body !== "object" || body === null || typeof (body as { id?: unknown }).id !== "string")
      throw badResponse("督办事项");
    return body as ApiItem;
  };
  const enc = encodeURIComponent;

  async function health(signal?: AbortSignal): Promise<HealthStatus> {
    const body = await getJson("/health", signal, (status, value) => status === 503 && isHealth(value));
    if (!isHealth(body)) throw badResponse("健康检查");
    return body;
  }

  async function listItems(query: ItemQuery = {}, signal?: AbortSignal): Promise<Page<ApiItem>> {
    const body = await getJson(
      `/items${queryString({
        year: query.year,
        status: query.status,
        dept: query.dept,
        overdue: query.overdue,
        awaiting: query.awaiting,
        continuationToken: query.continuationToken,
      })}`,
      signal,
    );
    if (!isPage(body)) throw badResponse("督办事项");
    return body;
  }

  async function listAllItems(
    query: Omit<ItemQuery, "continuationToken"> = {},
    signal?: AbortSignal,
  ): Promise<ApiItem[]> {
    const all: ApiItem[] = [];
    let token: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result: Page<ApiItem> = await listItems({ ...query, continuationToken: token }, signal);
      all.push(...result.items);
      if (!result.continuationToken) return all;
      // The same token again would repeat the same page forever.
      if (result.continuationToken === token) throw badResponse("分页");
      token = result.continuationToken;
    }
    throw new ApiError({
      status: 200,
      code: "too_many_pages",
      title: "督办事项过多",
      detail: `督办事项超过 ${MAX_PAGES} 页，请按年度或部门筛选后再试。`,
    });
  }

  return {
    baseUrl,
    health,
    listItems,
    listAllItems,
    me: async (signal) => (await getJson("/me", signal)) as Me,
    getItem: async (id, signal) => item(await getJson(`/items/${enc(id)}`, signal)),
    createItem: async (input, idempotencyKey, signal) =>
      item((await send("/items", { method: "POST", body: input, idempotencyKey, signal })).body),
    editItem: async (id, changes, etag, signal) =>
      item((await send(`/items/${enc(id)}`, { method: "PATCH", body: changes, ifMatch: etag, signal })).body),
    runAction: async (id, action, payload, etag, signal) =>
      item(
        (
          await send(`/items/${enc(id)}/actions/${enc(action)}`, {
            method: "POST",
            body: payload,
            ifMatch: etag,
            signal,
          })
        ).body,
      ),
    async itemEvents(id, signal) {
      const all: ItemEvent[] = [];
      let token: string | null = null;
      do {
        const page = (await getJson(
          `/items/${enc(id)}/events${queryString({ continuationToken: token })}`,
          signal,
        )) as Page<ItemEvent>;
        all.push(...page.items);
        token = page.continuationToken;
      } while (token);
      return all;
    },
    async getDepartments(signal) {
      const r = await send("/departments", { signal });
      return { value: r.body as Department[], etag: r.etag };
    },
    async putDepartments(list, etag, signal) {
      const r = await send("/departments", { method: "PUT", body: list, ifMatch: etag, signal });
      return { value: r.body as Department[], etag: r.etag };
    },
    async getSettings(signal) {
      const r = await send("/settings", { signal });
      return { value: r.body as Settings, etag: r.etag };
    },
    async putSettings(settings, etag, signal) {
      const r = await send("/settings", { method: "PUT", body: settings, ifMatch: etag, signal });
      return { value: r.body as Settings, etag: r.etag };
    },
    async getCalendar(year, signal) {
      const r = await send(`/calendar/${year}`, { signal });
      return { value: r.body as CalendarYear, etag: r.etag };
    },
    async putCalendar(year, body, etag, signal) {
      const r = await send(`/calendar/${year}`, { method: "PUT", body, ifMatch: etag, signal });
      return { value: r.body as CalendarYear, etag: r.etag };
    },
    issueNotice: async (itemIds, idempotencyKey, issueDate, signal) =>
      (
        await send("/notices", {
          method: "POST",
          body: { itemIds, ...(issueDate ? { issueDate } : {}) },
          idempotencyKey,
          signal,
        })
      ).body as NoticeResult,
    voidNotice: async (year, seq, reason, signal) =>
      (await send(`/notices/${year}/${seq}/void`, { method: "POST", body: { reason }, signal }))
        .body as NoticeResult,
    getNotice: async (year, seq, signal) => (await getJson(`/notices/${year}/${seq}`, signal)) as Notice,
    async listNotices(year, signal) {
      const all: Notice[] = [];
      let token: string | null = null;
      do {
        const page = (await getJson(
          `/notices${queryString({ year, continuationToken: token })}`,
          signal,
        )) as Page<Notice>;
        all.push(...page.items);
        token = page.continuationToken;
      } while (token);
      return all;
    },
    getAssessment: async (month, signal) =>
      (await getJson(`/assessments/${enc(month)}`, signal)) as AssessmentResult,
    finalizeAssessment: async (month, signal) =>
      (await send(`/assessments/${enc(month)}/finalize`, { method: "POST", signal })).body as Assessment,
    getBulletin: async (query, signal) =>
      (await getJson(
        `/bulletins${queryString("itemIds" in query ? { itemIds: query.itemIds.join(",") } : query)}`,
        signal,
      )) as Bulletin,
    recordAccountability: async (input, idempotencyKey, signal) =>
      (await send("/accountability", { method: "POST", body: input, idempotencyKey, signal }))
        .body as AccountabilityRecord,
    revokeAccountability: async (id, reason, signal) =>
      (await send(`/accountability/${enc(id)}/revoke`, { method: "POST", body: { reason }, signal }))
        .body as AccountabilityRecord,
    async listAccountability(year, deptId, signal) {
      const all: AccountabilityRecord[] = [];
      let token: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const body = await getJson(
          `/accountability${queryString({ year, deptId, continuationToken: token })}`,
          signal,
        );
        if (!isPage(body)) throw badResponse("问责记录");
        all.push(...(body.items as unknown as AccountabilityRecord[]));
        if (!body.continuationToken || body.continuationToken === token) return all;
        token = body.continuationToken;
      }
      return all;
    },
    async getRules(version, signal) {
      const r = await send(`/rules${queryString({ version })}`, { signal });
      return { value: r.body as RulesVersion, etag: r.etag };
    },
    async putRules(rules, etag, signal) {
      const r = await send("/rules", { method: "PUT", body: rules, ifMatch: etag, signal });
      return { value: r.body as RulesVersion, etag: r.etag };
    },
    async listReminders(date, signal) {
      const body = await getJson(`/reminders${queryString({ date })}`, signal);
      if (!isPage(body)) throw badResponse("催办提醒");
      return body as unknown as ReminderOutbox;
    },
    resendReminder: async (date, deptId, kind, signal) =>
      (
        await send(`/reminders/${enc(date)}/${enc(deptId)}/${enc(kind)}/resend`, {
          method: "POST",
          signal,
        })
      ).body as ReminderView,
  };
}

/** Any thrown value as an ApiError, so the pane has one shape of error to show. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({
    status: 0,
    code: "unexpected",
    title: "发生意外错误",
    detail: `发生意外错误：${message}`,
    cause: error,
  });
}

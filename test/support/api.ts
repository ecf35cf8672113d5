/**
 * Calling the API in tests: handlers directly (new HttpRequest / new InvocationContext, as the Functions host
 * would) or over real HTTP through the local host — both on the shared route table, against real Azurite.
 */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import type { Config } from "../../functions/src/config.js";
import { type Deps, makeDeps } from "../../functions/src/deps.js";
import type { Principal } from "../../functions/src/domain/types.js";
import { encodePrincipal } from "../../functions/src/http/auth.js";
import { makeHttpHandler } from "../../functions/src/http/endpoint.js";
import { HttpRequest, InvocationContext } from "../../functions/src/local/azure-classes.js";
import { type LocalHost, startLocalHost } from "../../functions/src/local/host.js";
import { ROUTES } from "../../functions/src/routes.js";

export const office: Principal = { id: "u-office", name: "综合部 王文员", roles: ["office"] };
export const leader: Principal = { id: "u-leader", name: "领导小组 李组长", roles: ["leader"] };
export const viewer: Principal = { id: "u-viewer", name: "只读 赵查看", roles: ["viewer"] };
export const dept = (id: string): Principal => ({
  id: `u-dept-${id}`,
  name: `${id}部门负责人`,
  roles: [`dept:${id}`],
});

/** A settable business clock. */
export class TestClock {
  private t: number;
  constructor(iso = "2026-11-02T02:00:00Z") {
    this.t = Date.parse(iso);
  }
  set(iso: string) {
    this.t = Date.parse(iso);
  }
  advance(ms: number) {
    this.t += ms;
  }
  now = () => new Date(this.t);
}

/** A Table Storage ETag as the service (and Azurite) issues it: weak, the entity's timestamp. */
export const TABLE_ETAG = /^W\/"datetime'[^']+'"$/;

export const uniquePrefix = () => `T${randomBytes(6).toString("hex")}`;

export interface TestEnv {
  deps: Deps;
  clock: TestClock;
  prefix: string;
  connectionString: string;
}

/** Dependencies on the suite's Azurite, in local development mode, with fresh tables of their own. */
export function testEnv(
  options: { prefix?: string; config?: Partial<Config>; clock?: TestClock } = {},
): TestEnv {
  const connectionString = inject("storageConnectionString");
  const prefix = options.prefix ?? uniquePrefix();
  const clock = options.clock ?? new TestClock();
  const config: Config = {
    connectionString,
    devMode: true,
    authEnabled: false,
    devPrincipal: office,
    fixedNow: null,
    corsOrigins: ["https://localhost:3000"],
    version: "test",
    tablePrefix: prefix,
    ...options.config,
  };
  const deps = makeDeps(config, {
    now: clock.now,
    sender: { transport: "test", send: async () => undefined },
  });
  return { deps, clock, prefix, connectionString };
}

// Test answers are read field by field in assertions; a loose type keeps the tests readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Raw body text (sent as is). */
  raw?: string;
  headers?: Record<string, string>;
  as?: Principal | null;
  ifMatch?: string;
  idempotencyKey?: string;
}

/** Call a route's handler the way the Functions host does. */
export async function invoke(deps: Deps, routeName: string, options: CallOptions = {}): Promise<Answer> {
  const def = ROUTES.find((r) => r.name === routeName);
  if (!def) throw new Error(`no route ${routeName}`);
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.as) headers["x-ms-client-principal"] = encodePrincipal(options.as);
  if (options.ifMatch) headers["if-match"] = options.ifMatch;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  let path = `/api/${def.route}`;
  for (const [k, v] of Object.entries(options.params ?? {}))
    path = path.replace(`{${k}}`, encodeURIComponent(v));
  const url = new URL(`http://localhost${path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const text = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const request = new HttpRequest({
    method: def.methods[0],
    url: url.toString(),
    headers,
    params: options.params ?? {},
    ...(text !== undefined ? { body: { string: text } } : {}),
  });
  const res = await makeHttpHandler(def, deps)(
    request,
    new InvocationContext({ functionName: def.name, logHandler: () => undefined }),
  );
  const h = new Headers((res.headers ?? {}) as Record<string, string>);
  const bodyText = typeof res.body === "string" ? res.body : "";
  return { status: res.status ?? 200, headers: h, body: bodyText ? JSON.parse(bodyText) : undefined };
}

/** A small HTTP client for the local host (or any API base URL). */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly as: Principal | null = office,
  ) {}

  withIdentity(p: Principal | null) {
    return new HttpClient(this.baseUrl, p);
  }

  async request(
    method: string,
    path: string,
    options: Omit<CallOptions, "params" | "as"> = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined || options.raw !== undefined)
      headers["content-type"] ??= "application/json";
    if (this.as) headers["x-ms-client-principal"] = encodePrincipal(this.as);
    if (options.ifMatch) headers["if-match"] = options.ifMatch;
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
    const res = await fetch(url, {
      method,
      headers,
      ...(options.raw !== undefined
        ? { body: options.raw }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: res.status, headers: res.headers, body };
  }
  get = (path: string, o?: Omit<CallOptions, "params" | "as">) => this.request("GET", path, o);
  post = (path: string, body?: unknown, o?: Omit<CallOptions, "params" | "as" | "body">) =>
    this.request("POST", path, { ...o, body });
  patch = (path: string, body?: unknown, o?: Omit<CallOptions, "params" | "as" | "body">) =>
    this.request("PATCH", path, { ...o, body });
  put = (path: string, body?: unknown, o?: Omit<CallOptions, "params" | "as" | "body">) =>
    this.request("PUT", path, { ...o, body });
}

export async function startHost(env: TestEnv): Promise<LocalHost> {
  return startLocalHost({ deps: env.deps, port: 0, log: () => undefined });
}

/** A valid new item body. */
export function newItem(overrides: Record<string, unknown> = {}) {
  return {
    source: "decision",
    content: "完成年度安全评价报告编制",
    requirements: "按公司质量要求完成",
    supervisedDept: "技术部",
    leadDept: "tech",
    owner: "张三",
    leader: "王副总",
    deadline: "2026-12-31",
    ...overrides,
  };
}

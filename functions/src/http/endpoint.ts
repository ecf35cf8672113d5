/**
 * One wrapper for every HTTP endpoint: identity, body parsing with limits, CORS, problem+json errors.
 * The same RouteDef runs on Azure (app.http), in the local host and in tests (makeHttpHandler).
 */
import { createRequire } from "node:module";
import type { HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import type { Deps } from "../deps.js";
import { defaultDeps } from "../deps.js";
import type { Principal } from "../domain/types.js";
import { type FieldError, validate } from "../domain/validation.js";
import { cutCodePoints } from "../domain/text.js";
import { resolvePrincipal } from "./auth.js";
import { ApiError, badRequest } from "./problem.js";
import { isTableNotFound, storageError } from "../storage/tables.js";
import type { z } from "zod";
import { ATTR, failSpan, telemetryEnabled, traced } from "../telemetry.js";
import type { Span } from "@opentelemetry/api";

export const MAX_BODY_BYTES = 256 * 1024;
const MAX_JSON_DEPTH = 20;

export interface Call {
  method: string;
  url: URL;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: Headers;
  principal: Principal;
  now: Date;
  deps: Deps;
  context: InvocationContext;
  /** The JSON body, parsed with size and depth limits; `undefined` for an empty body. */
  body(): Promise<unknown>;
  /** Parse and validate the body against a schema: 400 naming every bad field. */
  parse<S extends z.ZodType>(schema: S): Promise<z.output<S>>;
  /** The If-Match ETag, required (428 when missing). */
  ifMatch(): string;
  /** The If-Match ETag when present. */
  ifMatchOptional(): string | null;
  idempotencyKey(): string | null;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** The body already serialized as JSON (instead of `body`). */
  json?: string;
  headers?: Record<string, string>;
}

export interface RouteDef {
  name: string;
  methods: HttpMethod[];
  /** Azure route template under /api, e.g. "items/{id}/actions/{action}". */
  route: string;
  /** Reachable without an identity (health, OpenAPI). */
  anonymous?: boolean;
  handler: (call: Call) => Promise<Reply>;
}

/** Depth of nested arrays/objects in raw JSON text, counted outside strings, so hostile nesting is refused before parsing. */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash escape
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/**
 * What a handler reads of a request: the Functions host passes its HttpRequest; the local host passes a plain
 * object with the same members (building the host's undici Request for every call costs more than the handler).
 */
export type RequestLike = Pick<
  HttpRequest,
  "method" | "url" | "headers" | "query" | "params" | "arrayBuffer"
>;

const tooLarge = () => new ApiError(413, "payload_too_large", `请求内容不能超过 ${MAX_BODY_BYTES / 1024} KB`);
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The JSON body. Only `application/json` (or `+json`) is read: a browser sends another page's `text/plain` or
 * form body without asking first (a "simple" request), so accepting it would let any web page write here.
 * The bytes must be UTF-8: invalid sequences are refused, never stored as U+FFFD.
 */
async function readBody(request: RequestLike): Promise<unknown> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
  if (bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) return undefined;
  const type = request.headers.get("content-type");
  if (!type || !/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type))
    throw new ApiError(415, "unsupported_media_type", "请求内容须为 JSON（Content-Type: application/json）");
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw badRequest([{ path: "", message: "请求内容不是有效的 UTF-8 文本" }]);
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH)
    throw badRequest([{ path: "", message: `请求内容嵌套层级过深（至多 ${MAX_JSON_DEPTH} 层）` }]);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest([{ path: "", message: "请求内容不是有效的 JSON" }]);
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A write from a browser page of another origin: refused, whatever it carries. Browsers always send Origin on
 * cross-origin writes; clients that are not browsers (curl, scripts) send none and are judged by identity alone.
 */
function refuseForeignWrite(method: string, origin: string | null, allowedCors: Record<string, string>) {
  if (origin === null || SAFE_METHODS.has(method.toUpperCase())) return;
  if (allowedCors["Access-Control-Allow-Origin"]) return;
  throw new ApiError(
    403,
    "origin_not_allowed",
    `跨站请求被拒绝：来源 ${cutCodePoints(origin, 100)} 不在允许的来源中（DUBAN_CORS_ORIGINS）`,
  );
}

export function corsHeaders(origin: string | null, deps: Deps): Record<string, string> {
  if (!origin) return {};
  const allowed = deps.config.corsOrigins;
  if (!allowed.includes("*") && !allowed.includes(origin)) return {};
  return {
    "Access-Control-Allow-Origin": origin,
    Vary: "Origin",
    "Access-Control-Expose-Headers": "ETag, Location, Retry-After",
  };
}

export const CORS_PREFLIGHT_HEADERS = {
  "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, OPTIONS",
  "Access-Control-Allow-Headers":
    "Content-Type, If-Match, Idempotency-Key, x-ms-client-principal, Authorization",
  "Access-Control-Max-Age": "600",
};

export function problemResponse(error: ApiError, instance?: string): HttpResponseInit {
  const headers: Record<string, string> = { "Content-Type": "application/problem+json; charset=utf-8" };
  if (error.extras.retryAfter !== undefined) headers["Retry-After"] = String(error.extras.retryAfter);
  return { status: error.status, headers, body: JSON.stringify(error.toProblem(instance)) };
}

const ETAG_RE = /^(W\/)?"[^"]{1,200}"$/;

/** Turn a RouteDef into an Azure Functions handler bound to its dependencies. */
export function makeHttpHandler(def: RouteDef, deps: Deps | (() => Deps)) {
  const respond = answer(def, deps);
  return async function handler(request: RequestLike, context: InvocationContext): Promise<HttpResponseInit> {
    if (!telemetryEnabled()) return respond(request, context, null);
    return traced(
      "server",
      `${request.method} /api/${def.route}`,
      requestAttributes(def, request),
      async (span) => {
        const res = await respond(request, context, span);
        span?.setAttribute("http.response.status_code", res.status ?? 200);
        return res;
      },
      context.traceContext,
    );
  };
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What a request span says: the route, the item and the action — never the caller, the query or the body. */
function requestAttributes(def: RouteDef, request: RequestLike): Record<string, string> {
  const url = new URL(request.url);
  const attributes: Record<string, string> = {
    "http.request.method": request.method,
    "http.route": `/api/${def.route}`,
    "url.scheme": url.protocol.replace(":", ""),
    "url.path": url.pathname,
    [ATTR.operation]: def.name,
  };
  const id = request.params.id;
  if (id && SAFE_ID.test(id)) attributes[ATTR.itemId] = id;
  const action = request.params.action;
  if (action && SAFE_ID.test(action)) attributes[ATTR.action] = action;
  return attributes;
}

function answer(def: RouteDef, deps: Deps | (() => Deps)) {
  return async function respond(
    request: RequestLike,
    context: InvocationContext,
    span: Span | null,
  ): Promise<HttpResponseInit> {
    const d = typeof deps === "function" ? deps() : deps;
    const origin = request.headers.get("origin");
    const cors = corsHeaders(origin, d);
    try {
      refuseForeignWrite(request.method, origin, cors);
      if (!def.anonymous) await d.tables.ensureTables();
      const principal = def.anonymous
        ? { id: "anonymous", name: "匿名", roles: [] }
        : resolvePrincipal(request.headers.get("x-ms-client-principal"), d.config);
      let bodyPromise: Promise<unknown> | null = null;
      const call: Call = {
        method: request.method,
        url: new URL(request.url),
        params: request.params,
        query: request.query,
        headers: request.headers,
        principal,
        now: d.now(),
        deps: d,
        context,
        body: () => (bodyPromise ??= readBody(request)),
        async parse(schema) {
          const v = validate(schema, await call.body());
          if (!v.ok) throw badRequest(v.errors);
          return v.value;
        },
        ifMatch() {
          const value = call.ifMatchOptional();
          if (!value)
            throw new ApiError(428, "precondition_required", "修改须在 If-Match 中带上读取时得到的 ETag");
          return value;
        },
        ifMatchOptional() {
          const value = request.headers.get("if-match")?.trim();
          if (!value) return null;
          if (value === "*" || !ETAG_RE.test(value))
            throw badRequest([{ path: "If-Match", message: "If-Match 须为读取时得到的 ETag" }]);
          return value;
        },
        idempotencyKey() {
          const key = request.headers.get("idempotency-key")?.trim();
          if (!key) return null;
          if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key))
            throw badRequest([
              { path: "Idempotency-Key", message: "Idempotency-Key 须为 1–200 个可见 ASCII 字符" },
            ]);
          return key;
        },
      };
      const reply = await def.handler(call);
      const text = reply.json ?? (reply.body === undefined ? undefined : JSON.stringify(reply.body));
      const hasBody = text !== undefined;
      return {
        status: reply.status ?? 200,
        headers: {
          ...(hasBody ? { "Content-Type": "application/json; charset=utf-8" } : {}),
          "Cache-Control": "no-store",
          ...cors,
          ...reply.headers,
        },
        ...(hasBody ? { body: text } : {}),
      };
    } catch (e) {
      if (isTableNotFound(e) || (e instanceof Error && isTableNotFound(e.cause))) d.tables.forget();
      const mapped = storageError(e);
      if (mapped instanceof ApiError) {
        if (mapped.status >= 500) {
          context.warn(`${def.name}: ${mapped.detail}`);
          failSpan(span, e instanceof Error ? e : mapped);
        }
        const res = problemResponse(mapped, context.invocationId);
        return { ...res, headers: { ...(res.headers as Record<string, string>), ...cors } };
      }
      context.error(`${def.name} failed`, e);
      failSpan(span, e);
      const res = problemResponse(
        new ApiError(500, "internal", "服务器内部错误，请稍后重试或联系管理员"),
        context.invocationId,
      );
      return { ...res, headers: { ...(res.headers as Record<string, string>), ...cors } };
    }
  };
}

/**
 * Inside the Functions host the worker provides @azure/functions-core (the same check the library makes before
 * falling back to its test mode); elsewhere, registering would only print warnings.
 */
export const IN_FUNCTIONS_HOST = (() => {
  try {
    createRequire(import.meta.url)("@azure/functions-core");
    return true;
  } catch {
    return false;
  }
})();

/**
 * The library's registration API, only inside the host. In the deployed bundle a dynamic import of this CommonJS
 * package arrives as its `default` export (esbuild's chunks), from source with named exports too: both are taken.
 */
export const functionsApi = IN_FUNCTIONS_HOST
  ? await import("@azure/functions").then((m) =>
      "app" in m && m.app ? m : (m as unknown as { default: typeof m }).default,
    )
  : null;
const azure = functionsApi;

/** Register a route with the Functions host (only there) and return it for the shared route table. */
export function register(def: RouteDef): RouteDef {
  azure?.app.http(def.name, {
    methods: def.methods,
    route: def.route,
    authLevel: "anonymous",
    handler: makeHttpHandler(def, defaultDeps),
  });
  return def;
}

/** Validate query parameters with a schema (400 naming each parameter). */
export function parseQuery<S extends z.ZodType>(call: Call, schema: S): z.output<S> {
  const v = validate(schema, Object.fromEntries(call.query.entries()));
  if (!v.ok) throw badRequest(v.errors);
  return v.value;
}

export function fieldErrors(errors: FieldError[]): never {
  throw badRequest(errors);
}

/**
 * The local Functions host: a plain Node HTTP server that dispatches to the same route table and handlers that
 * app.http registers on Azure (Core Tools cannot be installed everywhere). Also runs the daily 催办 timer.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { InvocationContext } from "./azure-classes.js";
import type { Deps } from "../deps.js";
import { cstDate, startOfCstDay, addDays } from "../domain/dates.js";
import {
  corsHeaders,
  CORS_PREFLIGHT_HEADERS,
  makeHttpHandler,
  MAX_BODY_BYTES,
  problemResponse,
  type RequestLike,
  type RouteDef,
} from "../http/endpoint.js";
import { ApiError, badRequest } from "../http/problem.js";
import { cutCodePoints } from "../domain/text.js";
import { storageError } from "../storage/tables.js";
import { ROUTES } from "../routes.js";
import { runDailyUrge } from "../functions/urge-timer.js";

interface CompiledRoute {
  def: RouteDef;
  pattern: RegExp;
  names: string[];
  handler: ReturnType<typeof makeHttpHandler>;
}

function compile(def: RouteDef, deps: Deps): CompiledRoute {
  const names: string[] = [];
  const source = def.route
    .split("/")
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (m) {
        names.push(m[1]!);
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return { def, pattern: new RegExp(`^/api/${source}/?$`), names, handler: makeHttpHandler(def, deps) };
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: string | Uint8Array,
) {
  res.writeHead(status, headers);
  res.end(body);
}

function readRaw(req: IncomingMessage): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve("too_large");
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const badTarget = (detail: string) => new ApiError(400, "bad_request", detail);

/** RFC 3986 authority as a Host header may carry it: reg-name or IPv4 or [IP-literal], then an optional port. */
const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=]+)(?::\d{0,5})?$/;

/**
 * The request's URL from its request-target and Host, refusing with 400 what is not HTTP: more than one Host, a
 * Host that is not an authority (`exa mple`), a target in asterisk or authority form, an absolute form that is
 * not http(s). An origin-form target is always a path on this host (`//x/y` is the path `//x/y`, not host x).
 */
function requestUrl(req: IncomingMessage): URL {
  const hosts = req.headersDistinct.host ?? [];
  if (hosts.length > 1) throw badTarget("请求头 Host 只能有一个");
  const host = hosts[0];
  if (host === undefined && req.httpVersion !== "1.0") throw badTarget("HTTP/1.1 请求须带 Host 请求头");
  if (host !== undefined && !AUTHORITY.test(host))
    throw badTarget(`请求头 Host 不是有效的主机名：${JSON.stringify(cutCodePoints(host, 100))}`);
  const target = req.url ?? "/";
  try {
    if (target.startsWith("/")) return new URL(`http://${host ?? "127.0.0.1"}${target}`);
    if (/^https?:\/\//i.test(target)) return new URL(target); // absolute form (RFC 9112 §3.2.2)
  } catch {
    /* not a URL: below */
  }
  throw badTarget(`请求目标无效：${JSON.stringify(cutCodePoints(target, 100))}`);
}

/** A route parameter, percent-decoded; malformed or non-UTF-8 percent-encoding is the client's error (400). */
function decodeSegment(name: string, segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest([{ path: name, message: `路径中的“${name}”含有无效的百分号编码` }]);
  }
}

/** The request's headers for a handler; a value the fetch Headers class refuses is the client's error (400). */
function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    try {
      headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    } catch {
      throw badTarget(`请求头 ${cutCodePoints(k, 60)} 的值无效`);
    }
  }
  return headers;
}

/**
 * `POST /admin/functions/urgeTimer` with `{"input":""}`: the Functions host's convention for running a non-HTTP
 * function now (DESIGN §3), in local development mode only (elsewhere the path does not exist: 404). `dailyUrge`,
 * the name the timer is registered under on Azure, is accepted too. Answers 202 without a body once the run is
 * done; a body that is not `{"input": <string>}` is 400, another content type 415, a foreign page's Origin 403.
 */
const ADMIN_URGE = /^\/admin\/functions\/(urgeTimer|dailyUrge)\/?$/i;

async function adminRunUrge(
  req: IncomingMessage,
  method: string,
  origin: string | null,
  cors: Record<string, string>,
  res: ServerResponse,
  deps: Deps,
  log: (message: string) => void,
): Promise<void> {
  if (method === "OPTIONS")
    return send(res, 204, {
      ...cors,
      ...(cors["Access-Control-Allow-Origin"] ? CORS_PREFLIGHT_HEADERS : {}),
    });
  if (method !== "POST") {
    const p = problemResponse(new ApiError(405, "method_not_allowed", `该接口不支持 ${method}，可用：POST`));
    return send(
      res,
      405,
      { ...(p.headers as Record<string, string>), Allow: "POST", ...cors },
      p.body as string,
    );
  }
  if (origin !== null && !cors["Access-Control-Allow-Origin"])
    throw new ApiError(
      403,
      "origin_not_allowed",
      `跨站请求被拒绝：来源 ${cutCodePoints(origin, 100)} 不在允许的来源中`,
    );
  const raw = await readRaw(req);
  if (raw === "too_large") {
    res.setHeader("Connection", "close"); // the rest of the body is not read
    throw new ApiError(413, "payload_too_large", `请求内容不能超过 ${MAX_BODY_BYTES / 1024} KB`);
  }
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type))
    throw new ApiError(415, "unsupported_media_type", "请求内容须为 JSON（Content-Type: application/json）");
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw badRequest([{ path: "", message: '请求内容须为 JSON：{"input": ""}' }]);
  }
  if (
    typeof body !== "object" ||
    body === null ||
    Array.isArray(body) ||
    typeof (body as { input?: unknown }).input !== "string"
  )
    throw badRequest([{ path: "input", message: '请求内容须为 {"input": ""}（input 为字符串）' }]);
  const result = await runDailyUrge(deps, log).catch((e: unknown) => {
    throw storageError(e); // storage down: 503 with Retry-After, as for any request
  });
  log(`已按 /admin/functions/urgeTimer 立即运行每日催办（${result.date}）`);
  send(res, 202, { ...cors, "Cache-Control": "no-store" });
}

export interface LocalHost {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface LocalHostOptions {
  deps: Deps;
  port: number;
  host?: string;
  /** Run the daily 催办 at 08:00 CST while the host runs. */
  timer?: boolean;
  log?: (message: string) => void;
}

export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const { deps } = options;
  const log = options.log ?? ((m: string) => console.info(m));
  const routes = ROUTES.map((r) => compile(r, deps));

  const server = createServer({ requireHostHeader: false }, async (req, res) => {
    const origin = typeof req.headers.origin === "string" ? req.headers.origin : null;
    let cors: Record<string, string> = {};
    const problem = (error: ApiError, extra: Record<string, string> = {}) => {
      const p = problemResponse(error);
      send(
        res,
        error.status,
        { ...(p.headers as Record<string, string>), ...cors, ...extra },
        p.body as string,
      );
    };
    try {
      cors = corsHeaders(origin, deps);
      const url = requestUrl(req);
      const method = (req.method ?? "GET").toUpperCase();
      if (ADMIN_URGE.test(url.pathname) && deps.config.devMode)
        return await adminRunUrge(req, method, origin, cors, res, deps, log);
      const matches = routes
        .map((r) => ({ r, m: r.pattern.exec(url.pathname) }))
        .filter((x): x is { r: CompiledRoute; m: RegExpExecArray } => x.m !== null);
      if (matches.length === 0)
        return problem(new ApiError(404, "not_found", `没有这个接口：${cutCodePoints(url.pathname, 100)}`));
      if (method === "OPTIONS")
        return send(res, 204, {
          ...cors,
          ...(cors["Access-Control-Allow-Origin"] ? CORS_PREFLIGHT_HEADERS : {}),
        });
      const match = matches.find((x) => x.r.def.methods.includes(method as never));
      if (!match) {
        const allow = [...new Set(matches.flatMap((x) => x.r.def.methods))].join(", ");
        return problem(new ApiError(405, "method_not_allowed", `该接口不支持 ${method}，可用：${allow}`), {
          Allow: allow,
        });
      }
      const params: Record<string, string> = {};
      match.r.names.forEach((name, i) => (params[name] = decodeSegment(name, match.m[i + 1] ?? "")));
      const headers = requestHeaders(req);
      const raw = await readRaw(req);
      if (raw === "too_large")
        return problem(
          new ApiError(413, "payload_too_large", `请求内容不能超过 ${MAX_BODY_BYTES / 1024} KB`),
          { Connection: "close" },
        );
      const request: RequestLike = {
        method,
        url: url.toString(),
        headers,
        query: url.searchParams,
        params,
        arrayBuffer: () =>
          Promise.resolve(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer),
      };
      const context = new InvocationContext({
        functionName: match.r.def.name,
        invocationId: randomUUID(),
        logHandler: (level, ...args) => {
          if (level === "error" || level === "warning") console.error(`[${match.r.def.name}]`, ...args);
        },
      });
      const response = await match.r.handler(request, context);
      const body = response.body;
      send(
        res,
        response.status ?? 200,
        (response.headers ?? {}) as Record<string, string>,
        typeof body === "string" || body instanceof Uint8Array ? body : undefined,
      );
    } catch (e) {
      // What the client sent (a bad Host, request-target, encoding or header) is a 4xx, never a 500.
      if (res.destroyed || (req.destroyed && !req.complete)) return; // the client went away mid-request
      if (!(e instanceof ApiError)) console.error("local host error", e);
      if (res.headersSent) return void res.end();
      problem(e instanceof ApiError ? e : new ApiError(500, "internal_error", "服务器内部错误，请稍后重试"));
    }
  });
  // Requests Node's own parser refuses (malformed request line or headers, headers too large) get the same
  // Chinese problem document instead of a bare "400 Bad Request".
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
    const [status, detail] =
      error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "请求头过大"]
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, "请求超时"]
          : [400, "请求格式无效（请求行或请求头不符合 HTTP 规范）"];
    const body = JSON.stringify(new ApiError(status, "bad_request", detail).toProblem());
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : status === 408 ? "Request Timeout" : "Bad Request"}\r\n` +
        "Content-Type: application/problem+json; charset=utf-8\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  let timer: NodeJS.Timeout | null = null;
  if (options.timer) {
    // Wake at the next 08:00 CST of the real clock (DUBAN_NOW only fixes the business date the run uses);
    // setTimeout cannot wait more than 2^31-1 ms, so long waits re-arm.
    const nextRun = () => {
      const today = cstDate(Date.now());
      const at = startOfCstDay(today).getTime() + 8 * 3600_000;
      return at > Date.now() ? at : startOfCstDay(addDays(today, 1)).getTime() + 8 * 3600_000;
    };
    const arm = (target: number) => {
      const wait = Math.min(target - Date.now(), 2 ** 31 - 1);
      timer = setTimeout(
        () => {
          if (Date.now() < target) return arm(target);
          runDailyUrge(deps, log)
            .catch((e: unknown) => console.error("自动催办失败", e))
            .finally(() => arm(nextRun()));
        },
        Math.max(0, wait),
      );
      timer.unref();
    };
    arm(nextRun());
  }

  return {
    server,
    port,
    url: `http://${options.host ?? "127.0.0.1"}:${port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The local Functions host: a plain Node HTTP server that dispatches to the same route table and handlers that
 * app.http registers on Azure (Core Tools cannot be installed everywhere). Also runs the daily 催办 timer.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
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
import { ApiError } from "../http/problem.js";
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

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
      const method = (req.method ?? "GET").toUpperCase();
      const origin = typeof req.headers.origin === "string" ? req.headers.origin : null;
      const cors = corsHeaders(origin, deps);
      const matches = routes
        .map((r) => ({ r, m: r.pattern.exec(url.pathname) }))
        .filter((x): x is { r: CompiledRoute; m: RegExpExecArray } => x.m !== null);
      if (matches.length === 0) {
        const p = problemResponse(
          new ApiError(404, "not_found", `没有这个接口：${url.pathname.slice(0, 100)}`),
        );
        return send(res, 404, { ...(p.headers as Record<string, string>), ...cors }, p.body as string);
      }
      if (method === "OPTIONS")
        return send(res, 204, {
          ...cors,
          ...(cors["Access-Control-Allow-Origin"] ? CORS_PREFLIGHT_HEADERS : {}),
        });
      const match = matches.find((x) => x.r.def.methods.includes(method as never));
      if (!match) {
        const allow = [...new Set(matches.flatMap((x) => x.r.def.methods))].join(", ");
        const p = problemResponse(
          new ApiError(405, "method_not_allowed", `该接口不支持 ${method}，可用：${allow}`),
        );
        return send(
          res,
          405,
          { ...(p.headers as Record<string, string>), Allow: allow, ...cors },
          p.body as string,
        );
      }
      const raw = await readRaw(req);
      if (raw === "too_large") {
        const p = problemResponse(
          new ApiError(413, "payload_too_large", `请求内容不能超过 ${MAX_BODY_BYTES / 1024} KB`),
        );
        return send(
          res,
          413,
          { ...(p.headers as Record<string, string>), ...cors, Connection: "close" },
          p.body as string,
        );
      }
      const params: Record<string, string> = {};
      match.r.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(match.m[i + 1] ?? "");
        } catch {
          params[name] = match.m[i + 1] ?? "";
        }
      });
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
      const request: RequestLike = {
        method,
        url: url.toString(),
        headers,
        query: url.searchParams,
        params,
        text: () => Promise.resolve(raw.toString("utf8")),
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
      console.error("local host error", e);
      if (!res.headersSent)
        send(
          res,
          500,
          { "Content-Type": "application/problem+json" },
          JSON.stringify({ status: 500, title: "服务器内部错误" }),
        );
      else res.end();
    }
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

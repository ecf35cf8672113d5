/**
 * A function instance for test/functions/telemetry.test.ts, in a process of its own (telemetry installs
 * process-wide providers): guards the network (only loopback), starts telemetry if the environment says so, answers
 * a few calls through the same handler wrapper Azure uses, runs the daily job, flushes and reports on stdout what
 * it loaded and which sockets it opened.
 */
import { createRequire } from "node:module";
import net from "node:net";

const connects: string[] = [];
const blocked: string[] = [];
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|::ffff:127\.0\.0\.1)$/;
const originalConnect = net.Socket.prototype.connect;
// Whatever the SDK tries (a metadata service, a statistics endpoint), nothing leaves this machine.
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  // http passes one normalized array [options, callback]; direct callers pass (options | port, host?).
  const raw = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  const first = raw as { host?: string; port?: number; path?: string } | number | string;
  const options =
    typeof first === "object" && first !== null
      ? first
      : { port: Number(first), host: String(args[1] ?? "") };
  if (!("path" in options && options.path)) {
    const host = options.host || "localhost";
    connects.push(`${host}:${options.port}`);
    if (!LOOPBACK.test(host)) {
      blocked.push(`${host}:${options.port}`);
      process.nextTick(() => this.destroy(new Error(`blocked: ${host}`)));
      return this;
    }
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const { startTelemetry, stopTelemetry, telemetryEnabled } = await import("../../functions/src/telemetry.js");
const { loadConfig } = await import("../../functions/src/config.js");
const { makeDeps } = await import("../../functions/src/deps.js");
const { makeHttpHandler } = await import("../../functions/src/http/endpoint.js");
const { HttpRequest, InvocationContext } = await import("../../functions/src/local/azure-classes.js");
const { ROUTES } = await import("../../functions/src/routes.js");
const { dailyUrge } = await import("../../functions/src/functions/urge-timer.js");

await startTelemetry();
const enabled = telemetryEnabled();
const deps = makeDeps(loadConfig());
let hostTraceParent: string | null = null;
const context = () =>
  new InvocationContext({
    functionName: "test",
    logHandler: () => undefined,
    ...(hostTraceParent ? { traceContext: { traceParent: hostTraceParent } } : {}),
  });

async function call(
  name: string,
  path: string,
  init: {
    method?: string;
    body?: unknown;
    params?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
) {
  const def = ROUTES.find((r) => r.name === name)!;
  const res = await makeHttpHandler(def, deps)(
    new HttpRequest({
      method: init.method ?? def.methods[0]!,
      url: `http://localhost/api/${path}`,
      headers: { "content-type": "application/json", ...init.headers },
      params: init.params ?? {},
      ...(init.body !== undefined ? { body: { string: JSON.stringify(init.body) } } : {}),
    }),
    context(),
  );
  return {
    status: res.status ?? 200,
    headers: res.headers as Record<string, string>,
    body: JSON.parse(String(res.body ?? "null")) as Record<string, unknown>,
  };
}

const created = await call("createItem", "items", {
  body: {
    source: "decision",
    content: "机密内容：年度安全评价报告",
    leadDept: "tech",
    owner: "张三",
    leader: "王副总",
    deadline: "2026-12-31",
  },
});
const id = String(created.body.id);
// The Functions host hands each invocation its W3C trace context: the request span joins that operation.
const hostTrace = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" };
hostTraceParent = `00-${hostTrace.traceId}-${hostTrace.spanId}-01`;
const approved = await call("itemAction", `items/${id}/actions/approve`, {
  params: { id, action: "approve" },
  headers: { "if-match": String(created.body.etag) },
  body: { comment: "同意（审定意见正文）" },
});
hostTraceParent = null;
const missing = await call("getItem", "items/nosuchitem", { params: { id: "nosuchitem" } });
// An unexpected failure inside a handler: a 500 and a recorded exception.
const broken = makeDeps(loadConfig(), {
  items: Object.assign(Object.create(deps.items) as typeof deps.items, {
    get: () => Promise.reject(new TypeError("simulated repository bug")),
  }),
});
const def = ROUTES.find((r) => r.name === "getItem")!;
const failed = await makeHttpHandler(def, broken)(
  new HttpRequest({ method: "GET", url: `http://localhost/api/items/${id}`, headers: {}, params: { id } }),
  context(),
);
await dailyUrge(
  { isPastDue: false, scheduleStatus: { last: "", next: "", lastUpdated: "" } } as never,
  context(),
);
await stopTelemetry();

const require = createRequire(import.meta.url);
process.stdout.write(
  `\n@@${JSON.stringify({
    enabled,
    id,
    hostTrace,
    statuses: {
      created: created.status,
      approved: approved.status,
      missing: missing.status,
      failed: failed.status,
    },
    required: Object.keys(require.cache),
    connects,
    blocked,
  })}\n`,
);
process.exit(0);

/**
 * Telemetry to Application Insights (DESIGN §3: APPLICATIONINSIGHTS_CONNECTION_STRING; unset, nothing is loaded
 * or sent). When set, `startTelemetry` loads @azure/monitor-opentelemetry by a dynamic import and every HTTP call
 * becomes a request, every Table Storage round trip a dependency under it, a 5xx or a thrown error a failure with
 * its exception, and each daily 催办 run a request of its own.
 *
 * The spans are made here, not by the package's automatic instrumentations: in Azure the worker receives calls over
 * gRPC (no Node http server to hook) and the app is one esbuild bundle (no @azure/core-tracing module to hook), so
 * those are switched off and nothing is counted twice.
 *
 * No personal data: attributes are the route, the item id, the action, status codes and timings; never a name,
 * a principal, a body, a query string or text a user typed.
 */
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import type { Span, Tracer } from "@opentelemetry/api";

/** Span attribute names of our own (beside OpenTelemetry's http.* and url.* conventions). */
export const ATTR = {
  itemId: "duban.item.id",
  action: "duban.action",
  operation: "duban.operation",
  job: "duban.job",
} as const;

type Attributes = Record<string, string | number | boolean>;

interface Active {
  tracer: Tracer;
  api: typeof import("@opentelemetry/api");
  shutdown(): Promise<void>;
}

let active: Active | null = null;
let starting: Promise<boolean> | null = null;

/** Whether telemetry is on in this process. */
export const telemetryEnabled = () => active !== null;

/**
 * Start sending to Application Insights when the connection string is set; otherwise do nothing, import nothing.
 * Safe to call more than once. Resolves to whether telemetry is on.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (!connectionString) return Promise.resolve(false);
  return (starting ??= (async () => {
    const monitor = await import("@azure/monitor-opentelemetry");
    const api = await import("@opentelemetry/api");
    monitor.useAzureMonitor({
      azureMonitorExporterOptions: { connectionString },
      // Every request and dependency is kept: the volume is a clerk's office, not a web shop.
      samplingRatio: 1,
      tracesPerSecond: 0,
      enableLiveMetrics: false,
      instrumentationOptions: {
        http: { enabled: false },
        azureSdk: { enabled: false },
        mongoDb: { enabled: false },
        mySql: { enabled: false },
        postgreSql: { enabled: false },
        redis: { enabled: false },
        redis4: { enabled: false },
      },
    });
    active = {
      tracer: api.trace.getTracer("duban-functions"),
      api,
      shutdown: () => monitor.shutdownAzureMonitor(),
    };
    return true;
  })());
}

/** Send what is buffered and stop (tests; the Functions host ends the process itself). */
export async function stopTelemetry(): Promise<void> {
  const a = active;
  active = null;
  starting = null;
  await a?.shutdown();
}

export type SpanKind = "server" | "client" | "internal";

/**
 * Run `fn` inside a span when telemetry is on (a plain call otherwise). A thrown error marks the span failed and
 * records the exception's type and message (our messages carry ids, never names or contents).
 */
export async function traced<T>(
  kind: SpanKind,
  name: string,
  attributes: Attributes,
  fn: (span: Span | null) => Promise<T>,
  /** The Functions host's W3C trace context of the invocation: the span joins the host's operation. */
  parent?: { traceParent?: string | null; traceState?: string | null } | null,
): Promise<T> {
  const a = active;
  if (!a) return fn(null);
  const spanKind = {
    server: a.api.SpanKind.SERVER,
    client: a.api.SpanKind.CLIENT,
    internal: a.api.SpanKind.INTERNAL,
  }[kind];
  const carrier: Record<string, string> = {};
  if (parent?.traceParent) carrier.traceparent = parent.traceParent;
  if (parent?.traceState) carrier.tracestate = parent.traceState;
  const context = parent?.traceParent
    ? a.api.propagation.extract(a.api.ROOT_CONTEXT, carrier)
    : a.api.context.active();
  return a.tracer.startActiveSpan(name, { kind: spanKind, attributes }, context, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      failSpan(span, e);
      throw e;
    } finally {
      span.end();
    }
  });
}

/** Mark a span failed: Application Insights counts it as a failed request or dependency. */
export function failSpan(span: Span | null, error?: unknown): void {
  if (!span || !active) return;
  if (error instanceof Error)
    span.recordException({ name: error.name, message: error.message, stack: error.stack ?? "" });
  span.setStatus({
    code: active.api.SpanStatusCode.ERROR,
    ...(error instanceof Error ? { message: error.name } : {}),
  });
}

/**
 * A storage pipeline policy: one dependency span per round trip to Table Storage (retries are their own), named
 * by method and table, with the host and path but no query (filters may hold values).
 */
export const storageTelemetryPolicy: PipelinePolicy = {
  name: "dubanStorageTelemetry",
  async sendRequest(request, next) {
    if (!active) return next(request);
    const url = new URL(request.url);
    const table =
      /^\/(?:[^/]+\/)?([A-Za-z][A-Za-z0-9]*)/.exec(url.pathname.replace(/^\/devstoreaccount1/, ""))?.[1] ??
      "";
    return traced(
      "client",
      `${request.method} ${table || url.pathname}`,
      {
        "http.request.method": request.method,
        "server.address": url.hostname,
        "url.full": `${url.origin}${url.pathname}`,
        "az.namespace": "Microsoft.Storage",
        "db.system": "azure_table_storage",
        "duban.table": table,
      },
      async (span) => {
        const res = await next(request);
        span?.setAttribute("http.response.status_code", res.status);
        // 404 (entity not found) and 409/412 (conflicts) are answers the code expects, not failed dependencies.
        if (res.status >= 500) failSpan(span);
        return res;
      },
    );
  },
};

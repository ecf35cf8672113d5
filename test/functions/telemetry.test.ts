/**
 * Telemetry (DESIGN §3, issue 15). On: with APPLICATIONINSIGHTS_CONNECTION_STRING pointing its IngestionEndpoint at
 * a local HTTP server started here, a function instance sends Application Insights envelopes of its requests (with
 * the item id and the action), of its Table Storage dependencies under them, of a failure with its exception and
 * of the daily job — and no personal data. Off: without it, nothing of OpenTelemetry or Azure Monitor is imported
 * and no socket is opened but to storage. Each case runs in a process of its own (test/support/telemetry-child.ts)
 * whose sockets are limited to loopback.
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { uniquePrefix } from "../support/api.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "duban-telemetry-"));
const CERT = path.join(work, "cert.pem");

interface Envelope {
  name: string;
  time: string;
  iKey?: string;
  tags: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> & { properties?: Record<string, string> } };
}
interface ChildReport {
  enabled: boolean;
  id: string;
  hostTrace: { traceId: string; spanId: string };
  statuses: Record<string, number>;
  required: string[];
  connects: string[];
  blocked: string[];
}

let ingestion: Server;
let port = 0;
const envelopes: Envelope[] = [];
const posts: string[] = [];

async function runChild(env: Record<string, string>): Promise<{ report: ChildReport; imports: string[] }> {
  const log = path.join(work, `imports-${Date.now()}.log`);
  writeFileSync(log, "");
  const hook = pathToFileURL(path.join(ROOT, "test/support/record-imports.mjs")).href;
  const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(hook)});`;
  const child = spawn(
    process.execPath,
    ["--import", register, "--import", "tsx", path.join(ROOT, "test/support/telemetry-child.ts")],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        TZ: "UTC",
        DUBAN_DEV_MODE: "1",
        DUBAN_NOW: "2027-01-04T02:00:00Z",
        STORAGE_CONNECTION_STRING: inject("storageConnectionString"),
        DUBAN_TABLE_PREFIX: uniquePrefix(),
        DUBAN_IMPORT_LOG: log,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  const m = /@@(\{.*\})/.exec(out);
  expect(code, out.slice(-3000)).toBe(0);
  expect(m, out.slice(-3000)).not.toBeNull();
  return {
    report: JSON.parse(m![1]!) as ChildReport,
    imports: readFileSync(log, "utf8").split("\n").filter(Boolean),
  };
}

beforeAll(async () => {
  // The exporter always speaks HTTPS (it turns http:// endpoints into https://): a certificate for 127.0.0.1 that
  // the child trusts through NODE_EXTRA_CA_CERTS.
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      path.join(work, "key.pem"),
      "-out",
      CERT,
    ],
    { encoding: "utf8" },
  );
  expect(made.status, made.stderr).toBe(0);
  ingestion = createServer(
    { key: readFileSync(path.join(work, "key.pem")), cert: readFileSync(CERT) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        posts.push(`${req.method} ${req.url}`);
        let body = Buffer.concat(chunks);
        if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
        const text = body.toString("utf8");
        // Envelopes come as a JSON array (or one per line).
        const parsed = text.trim().startsWith("[")
          ? (JSON.parse(text) as Envelope[])
          : text
              .split("\n")
              .filter(Boolean)
              .map((l) => JSON.parse(l) as Envelope);
        envelopes.push(...parsed);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ itemsReceived: parsed.length, itemsAccepted: parsed.length, errors: [] }));
      });
    },
  );
  ingestion.listen(0, "127.0.0.1");
  await once(ingestion, "listening");
  port = (ingestion.address() as { port: number }).port;
});
afterAll(async () => {
  ingestion.close();
  rmSync(work, { recursive: true, force: true });
});

const OTEL = /opentelemetry|monitor-opentelemetry|applicationinsights/i;

describe("遥测（Application Insights）", () => {
  it("设置了连接字符串：请求、存储依赖、失败和每日催办送到 Application Insights，带事项编号和操作，不带个人信息", async () => {
    const { report, imports } = await runChild({
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`,
      // The SDK's own statistics and the VM metadata probe would leave the machine: off, as on a locked-down network.
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
      APPLICATIONINSIGHTS_SDKSTATS_DISABLED: "true",
      APPLICATION_INSIGHTS_NO_STATSBEAT: "true",
      WEBSITE_SITE_NAME: "duban-telemetry-test",
      NODE_EXTRA_CA_CERTS: CERT,
    });
    expect(report.enabled).toBe(true);
    expect(report.statuses).toEqual({ created: 201, approved: 200, missing: 404, failed: 500 });
    expect(imports.some((u) => u.includes("@azure/monitor-opentelemetry"))).toBe(true);
    expect(report.blocked, "只连本机").toEqual([]);
    expect(
      posts.every((p) => /^POST \/v2(\.1)?\/track/.test(p)),
      posts.join("\n"),
    ).toBe(true);

    const requests = envelopes.filter((e) => e.data.baseType === "RequestData");
    const dependencies = envelopes.filter((e) => e.data.baseType === "RemoteDependencyData");
    const exceptions = envelopes.filter((e) => e.data.baseType === "ExceptionData");
    const props = (e: Envelope) => e.data.baseData.properties ?? {};

    const approve = requests.find((e) => props(e)["duban.action"] === "approve");
    expect(approve, JSON.stringify(requests.map((r) => r.data.baseData.name))).toBeDefined();
    expect(props(approve!)["duban.item.id"]).toBe(report.id);
    expect(String(approve!.data.baseData.responseCode)).toBe("200");
    expect(approve!.data.baseData.success).toBe(true);
    expect(String(approve!.data.baseData.name)).toContain("/api/items/{id}/actions/{action}");

    // It joins the operation of the Functions host's invocation (its W3C trace context).
    expect(approve!.tags["ai.operation.id"]).toBe(report.hostTrace.traceId);
    expect(approve!.tags["ai.operation.parentId"]).toBe(report.hostTrace.spanId);
    // Storage round trips of that request are its dependencies (same operation, parented under it).
    const operation = approve!.tags["ai.operation.id"];
    const own = dependencies.filter((d) => d.tags["ai.operation.id"] === operation);
    expect(own.length).toBeGreaterThanOrEqual(2); // read the item, commit the transaction
    expect(own.every((d) => String(d.data.baseData.target ?? "").includes("127.0.0.1"))).toBe(true);

    const failed = requests.find((e) => String(e.data.baseData.responseCode) === "500");
    expect(failed?.data.baseData.success).toBe(false);
    expect(exceptions.some((e) => JSON.stringify(e.data.baseData).includes("simulated repository bug"))).toBe(
      true,
    );
    // A client's 404 is recorded with its code (Application Insights counts 4xx as unsuccessful by its own rule).
    expect(requests.some((e) => String(e.data.baseData.responseCode) === "404")).toBe(true);

    const job = requests.find((e) => e.data.baseData.name === "dailyUrge");
    expect(job, "每日催办作为一个请求").toBeDefined();
    expect(props(job!)["duban.job"]).toBe("dailyUrge");

    // No personal data: no names, no contents, no identity header, no comments.
    const all = JSON.stringify(envelopes);
    for (const secret of ["张三", "王副总", "机密内容", "审定意见正文", "开发用户", "x-ms-client-principal"])
      expect(all, secret).not.toContain(secret);
  }, 120_000);

  it("没有连接字符串：不加载任何遥测模块，不打开除存储以外的连接", async () => {
    const { report, imports } = await runChild({});
    expect(report.enabled).toBe(false);
    expect(report.statuses.approved).toBe(200);
    expect(imports.filter((u) => OTEL.test(u))).toEqual([]);
    expect(report.required.filter((u) => OTEL.test(u))).toEqual([]);
    const storagePort = new URL(inject("storageConnectionString").match(/TableEndpoint=([^;]+)/)![1]!).port;
    expect(
      report.connects.every((c) => c.endsWith(`:${storagePort}`)),
      report.connects.join(", "),
    ).toBe(true);
  }, 120_000);
});

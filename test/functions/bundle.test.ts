/**
 * The deployed app is the esbuild bundle (scripts/build-functions.ts). Loaded the way the Functions worker loads
 * package.json "main" — with @azure/functions-core present — it must register every route of the shared table
 * and the daily timer; loaded anywhere else it registers nothing and prints no warning.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/src/routes.js";
import { buildFunctions } from "../../scripts/build-functions.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "duban-bundle-"));
const out = path.join(work, "dist/functions");

/** A stand-in for the worker's @azure/functions-core: records what the app registers. */
const CORE_STUB = `
const registered = [];
process.on("exit", () => process.stdout.write("\\n@@" + JSON.stringify(registered) + "\\n"));
module.exports = {
  setProgrammingModel() {},
  registerHook() { return { dispose() {} }; },
  log() {},
  registerFunction(metadata) {
    const trigger = Object.values(metadata.bindings).find((b) => /Trigger$/.test(b.type));
    registered.push({ name: metadata.name, type: trigger.type, methods: trigger.methods ?? null,
      route: trigger.route ?? null, schedule: trigger.schedule ?? null });
    return { dispose() {} };
  },
};`;

interface Registration {
  name: string;
  type: string;
  methods: string[] | null;
  route: string | null;
  schedule: string | null;
}

function load(withCore: boolean): { registered: Registration[] | null; output: string } {
  const entry = path.join(out, "index.js");
  const res = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", `await import(${JSON.stringify(entry)});`],
    {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, NODE_PATH: withCore ? path.join(work, "core") : "" },
      timeout: 30_000,
    },
  );
  const output = `${res.stdout}${res.stderr}`;
  expect(res.status, output).toBe(0);
  const m = /@@(\[.*\])/.exec(res.stdout);
  return { registered: m ? (JSON.parse(m[1]!) as Registration[]) : null, output };
}

beforeAll(async () => {
  await buildFunctions(out);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("部署的函数包（esbuild 单文件）", () => {
  it("是 package.json main 指向的一个 ES 模块，带 source map，离开 node_modules 也能加载", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { main: string };
    expect(pkg.main).toBe("dist/functions/index.js");
    expect(existsSync(path.join(out, "index.js.map"))).toBe(true);
    // The bundle sits in a temporary folder with no node_modules above it: whatever it imports on loading
    // (@azure/functions, @azure/data-tables, zod, our code) is inside it.
    expect(path.relative(ROOT, out).startsWith("..")).toBe(true);
    const code = readFileSync(path.join(out, "index.js"), "utf8");
    // Left outside by name: the worker's module, and telemetry, imported only when enabled (functions/src/telemetry.ts).
    expect(code).toContain('"@azure/functions-core"');
    expect(code).toContain('"@azure/monitor-opentelemetry"');
  });

  it("在 Functions 宿主中注册路由表里的每个 HTTP 函数和每日催办定时器", () => {
    // NODE_PATH is how this stub is found; the real worker provides the module itself.
    const stubDir = path.join(work, "core/@azure/functions-core");
    mkdirSync(stubDir, { recursive: true });
    writeFileSync(path.join(stubDir, "package.json"), '{"name":"@azure/functions-core","main":"index.js"}');
    writeFileSync(path.join(stubDir, "index.js"), CORE_STUB);
    const { registered, output } = load(true);
    expect(registered, output).not.toBeNull();
    const http = registered!.filter((r) => r.type === "httpTrigger");
    expect(http.map((r) => r.name).sort()).toEqual(ROUTES.map((r) => r.name).sort());
    for (const def of ROUTES) {
      const r = http.find((x) => x.name === def.name)!;
      expect({ name: r.name, route: r.route, methods: r.methods }).toEqual({
        name: def.name,
        route: def.route,
        methods: def.methods,
      });
    }
    expect(registered!.filter((r) => r.type === "timerTrigger")).toEqual([
      { name: "urgeTimer", type: "timerTrigger", methods: null, route: null, schedule: "0 0 0 * * *" },
    ]);
  });

  it("在宿主之外加载时什么也不注册，也不打印测试模式的警告", () => {
    const { registered, output } = load(false);
    expect(registered).toBeNull();
    expect(output).not.toMatch(/WARNING|test mode/);
  });

  it("设置了 APPLICATIONINSIGHTS_CONNECTION_STRING 时，包从部署的 node_modules 加载遥测；未设置时不加载", () => {
    // The deployed layout: the bundle beside production node_modules (the workflow's package).
    const deployed = mkdtempSync(path.join(tmpdir(), "duban-deployed-"));
    try {
      cpSync(out, path.join(deployed, "dist/functions"), { recursive: true });
      symlinkSync(path.join(ROOT, "node_modules"), path.join(deployed, "node_modules"), "dir");
      const probe = (env: Record<string, string>) => {
        const res = spawnSync(
          process.execPath,
          [
            "--input-type=module",
            "-e",
            `await import(${JSON.stringify(path.join(deployed, "dist/functions/index.js"))});` +
              `process.stdout.write("@@" + !!globalThis[Symbol.for("opentelemetry.js.api.1")]); process.exit(0);`,
          ],
          { cwd: deployed, encoding: "utf8", timeout: 60_000, env: { PATH: process.env.PATH ?? "", ...env } },
        );
        expect(res.status, `${res.stdout}${res.stderr}`).toBe(0);
        return /@@(true|false)/.exec(res.stdout)?.[1];
      };
      expect(
        probe({
          // An endpoint nobody listens on; nothing is sent before the process ends, and the SDK's own
          // statistics and metadata probes are off (as in test/functions/telemetry.test.ts).
          APPLICATIONINSIGHTS_CONNECTION_STRING:
            "InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:9/",
          APPLICATIONINSIGHTS_STATSBEAT_DISABLED: "true",
          APPLICATIONINSIGHTS_SDKSTATS_DISABLED: "true",
          APPLICATION_INSIGHTS_NO_STATSBEAT: "true",
          WEBSITE_SITE_NAME: "duban-bundle-test",
        }),
      ).toBe("true");
      expect(probe({})).toBe("false");
    } finally {
      rmSync(deployed, { recursive: true, force: true });
    }
  });

  it(".funcignore 发布 dist/functions、host.json、package.json 和生产依赖，不发布源码与加载项", () => {
    const lines = readFileSync(path.join(ROOT, ".funcignore"), "utf8").split(/\r?\n/);
    for (const kept of ["dist", "dist/functions", "host.json", "package.json", "node_modules"])
      expect(lines).not.toContain(kept);
    expect(lines).toContain("!dist/functions/**");
    expect(lines).toContain("dist/addin");
    expect(lines).toContain("functions/src");
  });
});

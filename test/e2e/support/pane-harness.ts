/**
 * End-to-end harness for the task pane: the add-in built for production and served by `vite preview` (HTTPS with
 * the office-addin-dev-certs, /api proxied to a local API host), a headless Chromium driven by playwright-core,
 * and the in-memory Excel fake served in place of office.js. Every process is started here by PID and stopped
 * here; failures leave a screenshot and the browser's console log under test-results/e2e/.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { freePort, ROOT, waitForPort } from "../../../scripts/azurite.js";
import type { ExcelFake, ExcelFakeOptions } from "../../support/excel-fake/index.js";
import { buildExcelFakeBundle, OFFICE_JS_URL } from "../../support/excel-fake/node/bundle.js";

export const RESULTS_DIR = path.join(ROOT, "test-results", "e2e");
const VITE_CLI = path.join(ROOT, "node_modules", "vite", "bin", "vite.js");
const VITE_CONFIG = path.join(ROOT, "addin", "vite.config.ts");
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** What page.evaluate sees on window once the fake's bundle ran. */
export type FakeWindow = Window & { __excelFake: ExcelFake; __excelFakeOptions?: ExcelFakeOptions };

export function resultsPath(file: string): string {
  const target = path.join(RESULTS_DIR, file);
  mkdirSync(path.dirname(target), { recursive: true });
  return target;
}

/** Removes the failure artefacts and view screenshots of an earlier run, so what is left after this run is this run's. */
export function clearDiagnostics(): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const file of readdirSync(RESULTS_DIR))
    if (file.startsWith("failure-") || file === "views")
      rmSync(path.join(RESULTS_DIR, file), { force: true, recursive: true });
}

/** A child process with its output teed into test-results/e2e/<name>.log, stopped by its PID. */
interface Child {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function startChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  // Without NODE_ENV (vitest sets "test") Vite builds and serves for production.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.NODE_ENV;
  delete childEnv.VITEST;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(resultsPath(`${name}.log`));
  let out = "";
  const collect = (d: Buffer) => {
    out += d.toString();
    log.write(d);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      log.end();
      resolve(code);
    }),
  );
  return { child, exited, output: () => out };
}

async function stopChild(c: Child): Promise<void> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  c.child.kill("SIGTERM");
  const stopped = await Promise.race([c.exited.then(() => true), sleep(5_000).then(() => false)]);
  if (!stopped) {
    c.child.kill("SIGKILL");
    await c.exited;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `vite build` of the add-in (addin/vite.config.ts) into a folder of its own under test-results/e2e. */
export async function buildPane(outDir = resultsPath("addin-dist")): Promise<string> {
  const build = startChild(
    "vite-build",
    [VITE_CLI, "build", "--config", VITE_CONFIG, "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    {},
  );
  const code = await build.exited;
  if (code !== 0) throw new Error(`vite build failed (exit ${code}):\n${build.output().slice(-4000)}`);
  return outDir;
}

export interface PaneServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * `vite preview` of the built pane with the config's own HTTPS and proxy settings (preview inherits server.https
 * and server.proxy), the port and the API target given the way `npm start` gives them: ADDIN_PORT and API_PORT.
 */
export async function servePane(outDir: string, apiPort: number): Promise<PaneServer> {
  const port = await freePort();
  const server = startChild(
    "vite-preview",
    [VITE_CLI, "preview", "--config", VITE_CONFIG, "--outDir", outDir],
    { ADDIN_PORT: String(port), API_PORT: String(apiPort) },
  );
  const early = server.exited.then((code) => {
    throw new Error(`vite preview exited (${code}):\n${server.output().slice(-4000)}`);
  });
  early.catch(() => undefined);
  await Promise.race([waitForPort(port, 30_000, "localhost"), early]);
  return { url: `https://localhost:${port}`, port, stop: () => stopChild(server) };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface PaneSession {
  context: BrowserContext;
  page: Page;
  /** Console messages, page errors and failed requests, in order. */
  log: string[];
  /** Writes the log to test-results/e2e/<name>.console.log. */
  saveLog(name: string): void;
  /** Writes the log and a screenshot of the pane (best effort) under test-results/e2e/<name>.*. */
  saveDiagnostics(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A 350×900 pane (Excel on the web's task pane width) whose office.js request answers the Excel fake's bundle,
 * so Office.onReady resolves with host Excel. `localStorage` entries are set before the pane's own scripts run.
 */
export async function openPane(
  browser: Browser,
  url: string,
  options: {
    fake?: ExcelFakeOptions;
    localStorage?: Record<string, string>;
    /** Runs on the new context before the page opens: routes that must hold from the first request. */
    beforeOpen?: (context: BrowserContext) => Promise<void>;
  } = {},
): Promise<PaneSession> {
  const script = await buildExcelFakeBundle();
  const context = await browser.newContext({
    viewport: { width: 350, height: 900 },
    ignoreHTTPSErrors: true,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  // A step that cannot happen fails in 10 s with Playwright's call log, well inside the test's own timeout.
  context.setDefaultTimeout(10_000);
  const log: string[] = [];
  const stamp = () => new Date().toISOString().slice(11, 23);
  context.on("console", (m) => log.push(`${stamp()} [console.${m.type()}] ${m.text()}`));
  context.on("weberror", (e) => log.push(`${stamp()} [pageerror] ${e.error().stack ?? e.error().message}`));
  context.on("requestfailed", (r) =>
    log.push(`${stamp()} [requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ""}`),
  );
  context.on("response", (r) => {
    if (r.status() >= 400) log.push(`${stamp()} [http ${r.status()}] ${r.request().method()} ${r.url()}`);
  });
  await context.addInitScript(
    ({ fake, storage }) => {
      const w = window as unknown as FakeWindow;
      w.__excelFakeOptions = fake;
      for (const [k, v] of Object.entries(storage)) window.localStorage.setItem(k, v);
    },
    { fake: options.fake ?? {}, storage: options.localStorage ?? {} },
  );
  await context.route(OFFICE_JS_URL, (route) =>
    route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: script }),
  );
  await options.beforeOpen?.(context);
  const page = await context.newPage();
  await page.goto(`${url}/taskpane.html`);
  const saveLog = (name: string) => writeFileSync(resultsPath(`${name}.console.log`), log.join("\n") + "\n");
  return {
    context,
    page,
    log,
    saveLog,
    async saveDiagnostics(name) {
      saveLog(name);
      await page
        .screenshot({ path: resultsPath(`${name}.png`), fullPage: true, timeout: 5_000 })
        .catch((e: unknown) => console.warn(`screenshot for ${name} failed: ${String(e)}`));
    },
    close: () => context.close(),
  };
}

/** The fake's rendering of a worksheet, opened in a page of its own and saved as a PNG. */
export async function screenshotSheet(
  session: PaneSession,
  sheetName: string,
  file: string,
  options: { printArea?: boolean; width?: number } = {},
): Promise<string> {
  const html = await session.page.evaluate(
    ({ name, printArea }) =>
      (window as unknown as FakeWindow).__excelFake.renderSheetHtml(name, { printArea }),
    { name: sheetName, printArea: options.printArea ?? false },
  );
  const page = await session.context.newPage();
  try {
    await page.setViewportSize({ width: options.width ?? 1200, height: 600 });
    await page.setContent(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${sheetName}</title></head>` +
        `<body style="margin:16px;background:#fff">${html}</body></html>`,
    );
    const target = resultsPath(file);
    await page.screenshot({ path: target, fullPage: true });
    return target;
  } finally {
    await page.close();
  }
}

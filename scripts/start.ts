/**
 * `npm start`: Azurite (data on disk under DATA_DIR) + the functions on the local host + the add-in's HTTPS dev
 * server, then how to sideload. `npm run api` (--api): Azurite + functions only. With STORAGE_CONNECTION_STRING
 * set, no Azurite is started: that storage is used (several API processes on one storage behave as several
 * function instances).
 *
 * Ctrl-C stops everything cleanly. A terminal sends SIGINT to its whole foreground process group (npm, this
 * launcher, and whatever shares the group); Azurite dies on a second SIGINT before writing its database, so the
 * servers run detached, in process groups of their own, and get exactly one signal each, from here: Azurite one
 * SIGINT (it saves its data, then exits), the dev server one SIGTERM (its own clean stop). If this launcher is
 * killed outright, the children notice their stdin closing and stop themselves the same way.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { loadConfig } from "../functions/src/config.js";
import { makeDeps } from "../functions/src/deps.js";
import { startLocalHost } from "../functions/src/local/host.js";
import { startTelemetry, stopTelemetry } from "../functions/src/telemetry.js";
import { type AzuriteProcess, parentWatchImport, ROOT, startAzurite } from "./azurite.js";

const apiOnly = process.argv.includes("--api");
const apiPort = Number(process.env.API_PORT ?? 7071);
const addinPort = Number(process.env.ADDIN_PORT ?? 3000);
const azuritePort = Number(process.env.AZURITE_PORT ?? 10002);
const dataDir = path.resolve(ROOT, process.env.DATA_DIR ?? ".data");

let azurite: AzuriteProcess | null = null;
let devServer: ChildProcess | null = null;
let closeHost: (() => Promise<void>) | null = null;
let stopping = false;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** One SIGTERM to the dev server's process group (its clean stop), SIGKILL to the group after 5 s. */
async function stopDevServer(child: ChildProcess) {
  if (!running(child)) return;
  const exited = new Promise((r) => child.once("exit", r));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      // Windows has no process groups: the child itself.
      if (process.platform === "win32") child.kill(signal);
      else process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  signalGroup("SIGTERM");
  if ((await Promise.race([exited.then(() => "exited"), sleep(5000)])) !== "exited") {
    signalGroup("SIGKILL");
    await exited;
  }
}

async function shutdown(code = 0) {
  if (stopping) return; // a second Ctrl-C (or npm forwarding the first) changes nothing: one stop, in order
  stopping = true;
  console.info("\n正在停止…");
  if (devServer) await stopDevServer(devServer);
  await closeHost?.();
  await stopTelemetry().catch(() => undefined); // flushes what is still buffered
  if (azurite) {
    const end = await azurite.stop(); // one SIGINT: Azurite writes its data out before exiting
    const where = path.relative(ROOT, path.join(dataDir, "azurite")) || ".";
    if (end.code === 0) console.info("Azurite 已停止，数据保存在", where);
    else {
      console.error(
        `Azurite 未正常退出（${end.signal ?? `退出码 ${end.code}`}），最近几秒的写入可能未保存：${where}`,
      );
      code ||= 1;
    }
  }
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0)); // the terminal was closed

async function main() {
  process.env.DUBAN_DEV_MODE ??= "1";
  if (!process.env.STORAGE_CONNECTION_STRING) {
    azurite = await startAzurite({ port: azuritePort, location: path.join(dataDir, "azurite") });
    process.env.STORAGE_CONNECTION_STRING = azurite.connectionString;
    console.info(
      `Azurite（表服务）: http://127.0.0.1:${azurite.port}，数据目录 ${path.join(dataDir, "azurite")}`,
    );
  } else {
    console.info("使用 STORAGE_CONNECTION_STRING 指定的存储（不启动 Azurite）");
  }
  const config = loadConfig();
  // The add-in dev server's origin is allowed only in development mode (outside it, DUBAN_CORS_ORIGINS alone).
  if (config.devMode && !config.corsOrigins.includes(`https://localhost:${addinPort}`))
    config.corsOrigins.push(`https://localhost:${addinPort}`);
  // As on Azure (functions/src/index.ts): with APPLICATIONINSIGHTS_CONNECTION_STRING set, requests, storage and
  // the daily job go to Application Insights; unset, nothing is loaded.
  if (await startTelemetry().catch((e: unknown) => (console.error("遥测未能启动：", e), false)))
    console.info("遥测：已发送到 Application Insights（APPLICATIONINSIGHTS_CONNECTION_STRING）");
  const deps = makeDeps(config);
  await deps.tables.ensureTables();
  const host = await startLocalHost({ deps, port: apiPort, timer: true });
  closeHost = host.close;
  const mode = config.devMode
    ? "本地开发模式"
    : config.authEnabled
      ? "非开发模式，身份来自 App Service 身份验证"
      : "非开发模式：未启用 App Service 身份验证，除健康检查和 OpenAPI 外的请求都会得到 401";
  console.info(`Functions（${mode}）: ${host.url}   健康检查: ${host.url}/health`);
  console.info(`允许的跨域来源: ${config.corsOrigins.length ? config.corsOrigins.join(", ") : "无"}`);
  if (config.fixedNow) console.info(`DUBAN_NOW 固定时钟: ${config.fixedNow.toISOString()}`);
  else if (!config.devMode && process.env.DUBAN_NOW) console.info("DUBAN_NOW 仅在本地开发模式下生效，已忽略");

  if (!apiOnly) {
    devServer = spawn(
      process.execPath,
      [
        "--import",
        parentWatchImport("SIGTERM"),
        path.join(ROOT, "node_modules/vite/bin/vite.js"),
        "--config",
        "addin/vite.config.ts",
      ],
      {
        cwd: ROOT,
        // Detached (a process group of its own, like Azurite); stdin a pipe so it stops when we are gone.
        detached: true,
        stdio: ["pipe", "inherit", "inherit"],
        env: { ...process.env, ADDIN_PORT: String(addinPort), API_PORT: String(apiPort) },
      },
    );
    devServer.stdin!.on("error", () => undefined);
    devServer.once("exit", (code) => {
      if (!stopping) {
        console.error(`加载项开发服务器已退出（${code}）`);
        void shutdown(1);
      }
    });
    console.info(`
加载项任务窗格: https://localhost:${addinPort}/taskpane.html

旁加载到 Excel：
  • Excel 网页版：打开工作簿 → 开始 → 加载项 → 更多加载项 → 我的加载项 → 上传我的加载项 → 选择 ${path.join(ROOT, "manifest.xml")}
  • Windows/Mac 桌面版：npx office-addin-debugging start manifest.xml desktop（或把 manifest.xml 放入共享文件夹目录）
  首次使用请信任开发证书：~/.office-addin-dev-certs/ca.crt
按 Ctrl-C 停止全部服务。`);
  } else {
    console.info("按 Ctrl-C 停止。");
  }
}

main().catch(async (e: unknown) => {
  console.error("启动失败：", e instanceof Error ? e.message : e);
  await shutdown(1);
});

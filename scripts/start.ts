/**
 * `npm start`: Azurite (data on disk under DATA_DIR) + the functions on the local host + the add-in's HTTPS dev
 * server, then how to sideload. `npm run api` (--api): Azurite + functions only. Ctrl-C stops everything cleanly.
 * With STORAGE_CONNECTION_STRING set, no Azurite is started: that storage is used (several API processes on one
 * storage behave as several function instances).
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { loadConfig } from "../functions/src/config.js";
import { makeDeps } from "../functions/src/deps.js";
import { startLocalHost } from "../functions/src/local/host.js";
import { type AzuriteProcess, ROOT, startAzurite } from "./azurite.js";

const apiOnly = process.argv.includes("--api");
const apiPort = Number(process.env.API_PORT ?? 7071);
const addinPort = Number(process.env.ADDIN_PORT ?? 3000);
const azuritePort = Number(process.env.AZURITE_PORT ?? 10002);
const dataDir = path.resolve(ROOT, process.env.DATA_DIR ?? ".data");

let azurite: AzuriteProcess | null = null;
let devServer: ChildProcess | null = null;
let closeHost: (() => Promise<void>) | null = null;
let stopping = false;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.info("\n正在停止…");
  if (devServer && devServer.exitCode === null) {
    const exited = new Promise((r) => devServer!.once("exit", r));
    devServer.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  await closeHost?.();
  if (azurite) {
    await azurite.stop(); // SIGINT: Azurite writes its data out before exiting
    console.info("Azurite 已停止，数据保存在", path.relative(ROOT, path.join(dataDir, "azurite")) || ".");
  }
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

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
  if (!config.corsOrigins.includes(`https://localhost:${addinPort}`))
    config.corsOrigins.push(`https://localhost:${addinPort}`);
  const deps = makeDeps(config);
  await deps.tables.ensureTables();
  const host = await startLocalHost({ deps, port: apiPort, timer: true });
  closeHost = host.close;
  console.info(`Functions（本地开发模式）: ${host.url}   健康检查: ${host.url}/health`);
  if (config.fixedNow) console.info(`DUBAN_NOW 固定时钟: ${config.fixedNow.toISOString()}`);

  if (!apiOnly) {
    devServer = spawn(
      process.execPath,
      [path.join(ROOT, "node_modules/vite/bin/vite.js"), "--config", "addin/vite.config.ts"],
      {
        cwd: ROOT,
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, ADDIN_PORT: String(addinPort), API_PORT: String(apiPort) },
      },
    );
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

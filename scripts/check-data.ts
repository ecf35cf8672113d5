/**
 * `npm run check:data`: check the data of an installation (functions/src/storage/check-data.ts) and print a
 * Chinese report — one line per broken invariant, then a summary line. Exit code 0 clean, 1 problems found,
 * 2 storage unreachable.
 *
 * Storage: STORAGE_CONNECTION_STRING; without it, the local data of `npm run api` (DATA_DIR, default .data):
 * the Azurite already serving it on AZURITE_PORT when `npm run api` / `npm start` is running, else an Azurite
 * started here on that folder and stopped with exactly one SIGINT (so it writes its database out cleanly).
 * Tables: DUBAN_TABLE_PREFIX (default Duban). Read-only.
 */
import { existsSync } from "node:fs";
import { createConnection } from "node:net";
import path from "node:path";
import { loadConfig } from "../functions/src/config.js";
import { checkData, formatReport, StorageUnreachableError } from "../functions/src/storage/check-data.js";
import { TableStore } from "../functions/src/storage/tables.js";
import { type AzuriteProcess, azuriteConnectionString, ROOT, startAzurite } from "./azurite.js";

const EXIT_CLEAN = 0;
const EXIT_PROBLEMS = 1;
const EXIT_UNREACHABLE = 2;

let azurite: AzuriteProcess | null = null;
let stopping: Promise<void> | null = null;

/** Stop our Azurite once: one SIGINT, then wait for it to write its data and exit. */
function stopAzurite(): Promise<void> {
  stopping ??= (async () => {
    const child = azurite?.child;
    if (!azurite || !child || child.exitCode !== null || child.signalCode !== null) return;
    const end = await azurite.stop();
    if (end.code !== 0) console.error(`Azurite 未正常停止（${end.signal ?? end.code}）`);
  })();
  return stopping;
}

/** Ctrl-C: stop our Azurite (its own process group, so the terminal's signal never reaches it) and leave. */
process.on("SIGINT", () => {
  void stopAzurite().then(() => process.exit(130));
});

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      socket.destroy();
      resolve(false);
    });
  });

async function connectionString(): Promise<string | null> {
  if (process.env.STORAGE_CONNECTION_STRING) {
    console.info("检查 STORAGE_CONNECTION_STRING 指定的存储");
    return process.env.STORAGE_CONNECTION_STRING;
  }
  const port = Number(process.env.AZURITE_PORT ?? 10002);
  const dataDir = path.resolve(ROOT, process.env.DATA_DIR ?? ".data");
  const location = path.join(dataDir, "azurite");
  if (await listening(port)) {
    // npm run api / npm start is serving the local data: read through it (a second Azurite on the same folder
    // would write its own copy of the database over the running one's when it stops).
    console.info(`检查端口 ${port} 上已在运行的 Azurite（npm run api / npm start）`);
    return azuriteConnectionString(port);
  }
  if (!existsSync(location)) {
    // An installation that never stored anything breaks no invariant: nothing to check is a clean result.
    console.info(
      `没有本地数据：${location} 不存在，没有可检查的内容（检查其他存储请设置 STORAGE_CONNECTION_STRING）`,
    );
    return "";
  }
  azurite = await startAzurite({ port, location });
  const shown = path.relative(ROOT, location);
  console.info(
    `检查本地数据 ${shown && !shown.startsWith("..") ? shown : location}（已启动 Azurite，端口 ${port}）`,
  );
  return azurite.connectionString;
}

async function main(): Promise<number> {
  const prefix = loadConfig({ DUBAN_TABLE_PREFIX: process.env.DUBAN_TABLE_PREFIX }).tablePrefix;
  let cs: string | null;
  try {
    cs = await connectionString();
  } catch (e) {
    console.error(`无法启动本地存储：${(e as Error).message}`);
    return EXIT_UNREACHABLE;
  }
  if (cs === "") return EXIT_CLEAN;
  if (!cs) return EXIT_UNREACHABLE;
  try {
    const store = new TableStore(cs, prefix);
    const result = await checkData(store.clients);
    console.info(formatReport(result));
    return result.problems.length ? EXIT_PROBLEMS : EXIT_CLEAN;
  } catch (e) {
    if (e instanceof StorageUnreachableError) {
      console.error(`无法读取存储：${e.message}`);
      return EXIT_UNREACHABLE;
    }
    throw e;
  }
}

main()
  .then(async (code) => {
    await stopAzurite();
    process.exit(code);
  })
  .catch(async (e: unknown) => {
    console.error("数据检查失败：", e instanceof Error ? (e.stack ?? e.message) : e);
    await stopAzurite();
    process.exit(EXIT_UNREACHABLE);
  });

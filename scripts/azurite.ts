/** Start and stop Azurite's Table service (used by `npm start`, `npm run api`, the tests and the benchmarks). */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ACCOUNT_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export const azuriteConnectionString = (port: number, host = "127.0.0.1") =>
  `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};TableEndpoint=http://${host}:${port}/devstoreaccount1;`;

/** A port nobody listens on right now (port 0 would not tell Azurite's real port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function waitForPort(port: number, timeoutMs = 20_000, host = "127.0.0.1"): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = createConnection({ port, host });
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > until) reject(new Error(`端口 ${port} 在 ${timeoutMs} ms 内未就绪`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

export interface AzuriteProcess {
  port: number;
  connectionString: string;
  child: ChildProcess;
  /** SIGINT: Azurite flushes its data to disk before exiting (SIGTERM loses the last seconds). */
  stop(): Promise<void>;
  /** SIGKILL, for fault tests. */
  kill(): Promise<void>;
}

export interface AzuriteOptions {
  port?: number;
  /** Data folder; omit for in-memory persistence. */
  location?: string;
  quiet?: boolean;
}

export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteProcess> {
  const port = options.port ?? (await freePort());
  const args = [
    path.join(ROOT, "node_modules/azurite/dist/src/table/main.js"),
    "--tableHost",
    "127.0.0.1",
    "--tablePort",
    String(port),
    "--disableTelemetry",
    "--skipApiVersionCheck",
  ];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push("--location", options.location);
  } else args.push("--inMemoryPersistence");
  const child = spawn(process.execPath, args, {
    stdio: options.quiet === false ? "inherit" : "ignore",
    cwd: options.location ?? ROOT,
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const early = exited.then(() => {
    throw new Error(`Azurite 未能在端口 ${port} 启动（端口被占用？）`);
  });
  await Promise.race([waitForPort(port), early]);
  early.catch(() => undefined);
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  };
  return {
    port,
    connectionString: azuriteConnectionString(port),
    child,
    stop: () => stopWith("SIGINT"),
    kill: () => stopWith("SIGKILL"),
  };
}

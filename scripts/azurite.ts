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

/**
 * A `--import` for a server child (Azurite, the add-in dev server) spawned detached with a stdin pipe:
 * - the first `signal` starts the server's own clean stop; any later one is ignored, so a second Ctrl-C or a
 *   signal from two senders can no longer kill Azurite before it has written its database (its handler is
 *   `process.once("SIGINT")`, and a second SIGINT would take the default action: death without saving);
 * - when the parent goes away without stopping it (killed, crashed), stdin reaches its end and the child sends
 *   itself that one `signal`, so nothing is left running and Azurite still saves its data.
 */
export function parentWatchImport(signal: "SIGINT" | "SIGTERM"): string {
  const code = `
import { fstatSync } from "node:fs";
const signal = ${JSON.stringify(signal)};
let signalled = false;
process.on(signal, () => {
  // Ours is the first listener; alone (the server has not registered its own yet), act as the default would.
  if (!signalled && process.listenerCount(signal) === 1) process.exit(128 + (signal === "SIGINT" ? 2 : 15));
  signalled = true;
  process.stdin.destroy();
});
let piped = false;
try {
  const s = fstatSync(0);
  piped = s.isFIFO() || s.isSocket();
} catch {}
if (piped) {
  process.stdin.on("error", () => {});
  process.stdin.on("end", () => {
    if (!signalled) process.kill(process.pid, signal);
  });
  process.stdin.resume();
  process.stdin.unref?.();
}`;
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

/** How a child ended: its exit code, or the signal that ended it. */
export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AzuriteProcess {
  port: number;
  connectionString: string;
  child: ChildProcess;
  /**
   * One SIGINT, from us alone: Azurite writes its data to disk before exiting (SIGTERM or SIGKILL lose the last
   * seconds). Azurite runs in a process group of its own, so a terminal's Ctrl-C never reaches it directly.
   * Resolves with how it ended (`code` 0: stopped cleanly; SIGKILL after 10 s if it does not).
   */
  stop(): Promise<ChildEnd>;
  /** SIGKILL, for fault tests. */
  kill(): Promise<ChildEnd>;
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
    "--import",
    parentWatchImport("SIGINT"),
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
  // Detached: a process group of its own, out of reach of the terminal's Ctrl-C, so it gets exactly one SIGINT
  // (ours). stdin stays a pipe to us: when we go away, the child stops itself (parentWatchImport).
  const child = spawn(process.execPath, args, {
    stdio: [
      "pipe",
      options.quiet === false ? "inherit" : "ignore",
      options.quiet === false ? "inherit" : "ignore",
    ],
    cwd: options.location ?? ROOT,
    detached: true,
  });
  child.stdin!.on("error", () => undefined);
  // The pipe must not keep our own process alive.
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  const exited = new Promise<ChildEnd>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const early = exited.then(() => {
    throw new Error(`Azurite 未能在端口 ${port} 启动（端口被占用？）`);
  });
  early.catch(() => undefined);
  try {
    await Promise.race([waitForPort(port), early]);
  } catch (e) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); // never left behind
    throw e;
  }
  let signalled = false;
  const stopWith = async (signal: NodeJS.Signals): Promise<ChildEnd> => {
    // SIGINT once only, whoever asks (a second one kills Azurite before it saves); SIGKILL whenever asked.
    if (child.exitCode === null && child.signalCode === null && (signal === "SIGKILL" || !signalled)) {
      signalled = true;
      child.kill(signal);
    }
    const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000).unref());
    if ((await Promise.race([exited, timeout])) === "timeout") child.kill("SIGKILL");
    return exited;
  };
  return {
    port,
    connectionString: azuriteConnectionString(port),
    child,
    stop: () => stopWith("SIGINT"),
    kill: () => stopWith("SIGKILL"),
  };
}

/**
 * `npm run api` as separate processes on one storage (DESIGN §3): `node --import tsx scripts/start.ts --api` with
 * STORAGE_CONNECTION_STRING set (so it starts no Azurite of its own), its own API_PORT and a shared table prefix.
 * Several of them on the same Azurite behave as several function instances. Stopped by the child's PID with
 * SIGINT (Ctrl-C), never by name.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { freePort, ROOT } from "../../scripts/azurite.js";

export interface ApiProcessOptions {
  connectionString: string;
  prefix: string;
  /** DUBAN_NOW: an ISO instant that fixes the process's clock (honoured in development mode). */
  now?: string;
  port?: number;
  /** How long to wait for /api/health to report reachable storage. */
  startTimeoutMs?: number;
  /** More environment for the child (e.g. DUBAN_FAULT for fault injection). */
  env?: Record<string, string>;
}

export interface ApiProcess {
  pid: number;
  port: number;
  /** Base URL ending in /api. */
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGINT to the child's PID, then wait for it to exit (SIGKILL to that PID after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STORAGE_CONNECTION_STRING: options.connectionString,
    DUBAN_TABLE_PREFIX: options.prefix,
    API_PORT: String(port),
    DUBAN_DEV_MODE: "1",
    ...options.env,
  };
  if (options.now) env.DUBAN_NOW = options.now;
  else delete env.DUBAN_NOW;

  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts"), "--api"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("API 进程未能启动");
  const pid = child.pid;
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

  const stop = async (graceMs = 10_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    try {
      process.kill(pid, "SIGINT");
    } catch {
      /* already gone */
    }
    const code = await Promise.race([exited, sleep(graceMs).then(() => "timeout" as const)]);
    if (code !== "timeout") return code;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
    return exited;
  };

  const url = `http://127.0.0.1:${port}/api`;
  const until = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`API 进程已退出：\n${out}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) {
        const body = (await res.json()) as { storage?: { reachable?: boolean } };
        if (body.storage?.reachable) break;
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      await stop(2_000);
      throw new Error(`API 进程未在时限内就绪：\n${out}`);
    }
    await sleep(150);
  }
  return { pid, port, url, child, output: () => out, stop };
}

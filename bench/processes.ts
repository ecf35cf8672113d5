/**
 * API processes for the benchmarks: `node --import tsx scripts/start.ts --api` with STORAGE_CONNECTION_STRING,
 * DUBAN_TABLE_PREFIX, API_PORT and DUBAN_DEV_MODE=1 (DESIGN §3: several of them on one storage behave as several
 * function instances). Loopback only; stopped by PID with SIGINT (SIGKILL to that PID after a grace period).
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { freePort, ROOT } from "../scripts/azurite.js";
import { sleep } from "./lib.js";

export interface ApiProcess {
  pid: number;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Every API process started and not yet stopped, so an interrupted bench can stop them by PID. */
const running = new Set<ApiProcess>();

export async function stopAllApis(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

export async function startApi(connectionString: string, prefix: string): Promise<ApiProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STORAGE_CONNECTION_STRING: connectionString,
    DUBAN_TABLE_PREFIX: prefix,
    API_PORT: String(port),
    DUBAN_DEV_MODE: "1",
  };
  delete env.DUBAN_NOW;
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "scripts/start.ts"), "--api"],
    { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  if (child.pid === undefined) throw new Error("API process did not start");
  const pid = child.pid;
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    running.delete(handle);
    if (!alive()) return;
    try {
      process.kill(pid, "SIGINT");
    } catch {
      return;
    }
    await Promise.race([exited, sleep(10_000)]);
    if (alive()) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
      await exited;
    }
  };
  const url = `http://127.0.0.1:${port}/api`;
  const handle: ApiProcess = { pid, url, output: () => out, stop };
  running.add(handle);
  const until = Date.now() + 90_000;
  for (;;) {
    if (!alive()) throw new Error(`API process exited:\n${out}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) {
        const body = (await res.json()) as { storage?: { reachable?: boolean } };
        if (body.storage?.reachable) break;
      } else await res.arrayBuffer();
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`API process not ready in time:\n${out}`);
    }
    await sleep(200);
  }
  return handle;
}

/**
 * `npm run api` and `npm start` as a user runs them in a terminal: the launcher (npm → node) is the foreground
 * process group, and Ctrl-C sends SIGINT to that whole group. Every write acknowledged before Ctrl-C must be there
 * after a restart on the same DATA_DIR, and nothing the stack started may be left running (no orphaned Azurite or
 * dev server).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort, ROOT, waitForPort } from "../../scripts/azurite.js";
import { HttpClient, newItem } from "../support/api.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process a stack of this file started carries this variable, so leftovers can be found by PID. */
const MARK = `duban-stack-${randomBytes(6).toString("hex")}`;
const scratch = mkdtempSync(path.join(tmpdir(), "duban-stack-"));

interface Proc {
  pid: number;
  /** Process group. */
  pgid: number;
  args: string;
}

/** Live processes (not zombies) whose environment carries MARK (or exactly `mark`). */
function markedProcs(mark?: string): Proc[] {
  const procs: Proc[] = [];
  if (process.platform !== "linux") return procs;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "latin1");
      const own = environ.split("\0").find((v) => v.startsWith("DUBAN_STACK_MARK="));
      if (!own || (mark ? own !== `DUBAN_STACK_MARK=${mark}` : !own.startsWith(`DUBAN_STACK_MARK=${MARK}`)))
        continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state === "Z") continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      procs.push({ pid: Number(entry), pgid: Number(pgrp), args });
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return procs;
}
const markedPids = (mark?: string) => markedProcs(mark).map((p) => p.pid);

/**
 * The terminal's Ctrl-C reaches every process of the foreground group; the stack's servers must not be in it, so
 * each gets exactly one signal, from the launcher (Azurite dies on a second SIGINT before saving its data).
 */
function expectServersOutsideForegroundGroup(stack: Stack, servers: RegExp[]) {
  const procs = markedProcs(stack.mark);
  for (const server of servers) {
    const found = procs.filter((p) => server.test(p.args));
    expect(found, `${server}: ${JSON.stringify(procs)}`).toHaveLength(1);
    expect(found[0]!.pgid, `${server} 不应在终端的前台进程组中`).not.toBe(stack.child.pid);
  }
}
const AZURITE = /azurite\/dist\/src\/table\/main\.js/;
const VITE = /vite\/bin\/vite\.js/;

function listening(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

interface Stack {
  mark: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

interface StackOptions {
  script: "api" | "start";
  dataDir: string;
  apiPort: number;
  azuritePort?: number;
  addinPort?: number;
  env?: Record<string, string>;
}

/** `npm run <script>` in a process group of its own, as a terminal runs a foreground job. */
let stacks = 0;
const live = new Set<Stack>();

async function startStack(options: StackOptions): Promise<Stack> {
  const mark = `${MARK}-${++stacks}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    API_PORT: String(options.apiPort),
    DATA_DIR: options.dataDir,
    DUBAN_STACK_MARK: mark,
    ...(options.azuritePort ? { AZURITE_PORT: String(options.azuritePort) } : {}),
    ...(options.addinPort ? { ADDIN_PORT: String(options.addinPort) } : {}),
    ...options.env,
  };
  delete env.STORAGE_CONNECTION_STRING;
  delete env.DUBAN_NOW;
  delete env.DUBAN_DEV_MODE;
  if (options.env?.DUBAN_DEV_MODE) env.DUBAN_DEV_MODE = options.env.DUBAN_DEV_MODE;
  // npm's own variables from the vitest run would confuse the nested npm.
  for (const k of Object.keys(env)) if (k.startsWith("npm_")) delete env[k];
  const child = spawn("npm", ["run", "--silent", options.script], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`npm run ${options.script} exited:\n${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${options.apiPort}/api/health`);
      if (res.ok && ((await res.json()) as { storage?: { reachable?: boolean } }).storage?.reachable) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`npm run ${options.script} did not come up:\n${out}`);
    await sleep(150);
  }
  const stack = { mark, child, exited, output: () => out };
  live.add(stack);
  return stack;
}

/**
 * Ctrl-C as a terminal sends it: SIGINT to every process of the foreground group at once. Resolves when npm has
 * exited and no process the stack started is left (or after `graceMs`, with what is left).
 */
async function ctrlC(stack: Stack, graceMs = 20_000, presses = 1): Promise<{ leftovers: number[] }> {
  live.delete(stack);
  for (let i = 0; i < presses; i++) {
    if (i > 0) await sleep(30); // an impatient second Ctrl-C while the stack is stopping
    try {
      process.kill(-stack.child.pid!, "SIGINT");
    } catch {
      /* the group is already gone */
    }
  }
  return gone(stack, graceMs);
}

/** Waits for npm to exit and for every process the stack started to be gone; what is left after `graceMs`. */
async function gone(stack: Stack, graceMs = 20_000): Promise<{ leftovers: number[] }> {
  live.delete(stack);
  await Promise.race([stack.exited, sleep(graceMs)]);
  const until = Date.now() + graceMs;
  let left = markedPids(stack.mark);
  while (left.length > 0 && Date.now() < until) {
    await sleep(100);
    left = markedPids(stack.mark);
  }
  return { leftovers: left };
}

afterEach(async () => {
  // A failed test still stops its stacks the way a user would, so the next test starts clean.
  for (const stack of [...live]) await ctrlC(stack, 5_000);
});

afterAll(() => {
  // Whatever a failed run left behind: only processes this file started, by PID.
  for (const pid of markedPids()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

// Process groups, SIGINT and /proc: what a Linux terminal does (the platform the project is built and tested on).
describe.skipIf(process.platform !== "linux")("npm run api：一条命令启动本地服务", () => {
  it("终端 Ctrl-C（SIGINT 发给整个进程组）：干净退出，没有残留进程；重启后 Ctrl-C 前确认的每一条写入都在", async () => {
    const dataDir = path.join(scratch, "api");
    const apiPort = await freePort();
    const azuritePort = await freePort();
    const first = await startStack({ script: "api", dataDir, apiPort, azuritePort });
    const api = new HttpClient(`http://127.0.0.1:${apiPort}/api`);
    const health = await api.get("/health");
    expect(health.body).toMatchObject({ status: "ok", storage: { reachable: true }, devMode: true });
    expect(first.output()).toContain("本地开发模式");

    // A database of some size, so saving it on the way out takes Azurite a moment (as on a real desk).
    const bulk = Array.from({ length: 60 }, (_, i) => i);
    for (let i = 0; i < bulk.length; i += 16)
      await Promise.all(
        bulk
          .slice(i, i + 16)
          .map((n) => api.post("/items", newItem({ content: `存量事项 ${n} ${"督".repeat(1900)}` }))),
      );

    // Writes acknowledged one after another and several at once, the last a moment before Ctrl-C.
    const contents: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const content = `Ctrl-C 前逐条创建的事项 ${i}`;
      expect((await api.post("/items", newItem({ content }))).status).toBe(201);
      contents.push(content);
    }
    const burst = Array.from({ length: 5 }, (_, i) => `Ctrl-C 前同时创建的事项 ${i + 1}`);
    const answers = await Promise.all(burst.map((content) => api.post("/items", newItem({ content }))));
    expect(answers.map((a) => a.status)).toEqual(burst.map(() => 201));
    contents.push(...burst);

    expectServersOutsideForegroundGroup(first, [AZURITE]);
    const stopped = await ctrlC(first);
    expect(stopped.leftovers, first.output()).toEqual([]);
    expect(first.output()).toContain("Azurite 已停止");
    expect(await listening(azuritePort)).toBe(false);
    expect(await listening(apiPort)).toBe(false);

    const second = await startStack({ script: "api", dataDir, apiPort, azuritePort });
    try {
      const found: string[] = [];
      let token: string | undefined;
      do {
        const page = await api.get("/items", {
          query: { limit: "500", ...(token ? { continuationToken: token } : {}) },
        });
        expect(page.status).toBe(200);
        found.push(...(page.body.items as { content: string }[]).map((i) => i.content));
        token = page.body.continuationToken ?? undefined;
      } while (token);
      expect(found.length).toBe(bulk.length + contents.length);
      for (const content of contents) expect(found, second.output()).toContain(content);
    } finally {
      expect((await ctrlC(second)).leftovers).toEqual([]);
    }
  }, 120_000);

  it("DUBAN_DEV_MODE=0：不自称本地开发模式，也不放行 localhost 加载项来源", async () => {
    const apiPort = await freePort();
    const addinPort = await freePort();
    const stack = await startStack({
      script: "api",
      dataDir: path.join(scratch, "prod"),
      apiPort,
      azuritePort: await freePort(),
      addinPort,
      env: { DUBAN_DEV_MODE: "0" },
    });
    try {
      const base = `http://127.0.0.1:${apiPort}/api`;
      const health = await fetch(`${base}/health`).then((r) => r.json());
      expect(health).toMatchObject({ devMode: false });
      expect(stack.output()).not.toContain("本地开发模式");
      expect(stack.output()).toContain("非开发模式");
      const preflight = await fetch(`${base}/items`, {
        method: "OPTIONS",
        headers: {
          Origin: `https://localhost:${addinPort}`,
          "Access-Control-Request-Method": "POST",
        },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      // Outside development mode nobody is trusted without App Service Authentication.
      expect((await fetch(`${base}/items`)).status).toBe(401);
    } finally {
      expect((await ctrlC(stack)).leftovers).toEqual([]);
    }
  }, 120_000);
});

describe.skipIf(process.platform !== "linux")("npm start：Azurite + 函数 + 加载项开发服务器", () => {
  let home: string;
  beforeAll(async () => {
    // The dev server's certificates, made in a HOME of this test's own (nothing is installed in the system).
    home = path.join(scratch, "home");
    const dir = path.join(home, ".office-addin-dev-certs");
    mkdirSync(dir, { recursive: true });
    const devCerts = createRequire(import.meta.url)(
      "office-addin-dev-certs",
    ) as typeof import("office-addin-dev-certs");
    await devCerts.generateCertificates(
      path.join(dir, "ca.crt"),
      path.join(dir, "localhost.crt"),
      path.join(dir, "localhost.key"),
    );
  });

  /** `npm start` in a data folder of its own, on free ports, with one item created through it. */
  async function startWholeStack(folder: string, content: string) {
    const dataDir = path.join(scratch, folder);
    const [apiPort, azuritePort, addinPort] = [await freePort(), await freePort(), await freePort()];
    const stack = await startStack({
      script: "start",
      dataDir,
      apiPort,
      azuritePort,
      addinPort,
      env: { HOME: home },
    });
    await waitForPort(addinPort, 30_000, "localhost");
    const api = new HttpClient(`http://127.0.0.1:${apiPort}/api`);
    const created = await api.post("/items", newItem({ content }));
    expect(created.status).toBe(201);
    return { stack, dataDir, apiPort, azuritePort, addinPort, api, created };
  }

  /** `npm run api` again on the same data: the item acknowledged before the stop is there. */
  async function expectFoundAfterRestart(
    at: { dataDir: string; apiPort: number; azuritePort: number },
    api: HttpClient,
    id: string,
  ) {
    const again = await startStack({ script: "api", ...at });
    try {
      const got = await api.get(`/items/${id}`);
      expect(got.status, again.output()).toBe(200);
    } finally {
      expect((await ctrlC(again)).leftovers).toEqual([]);
    }
  }

  it("终端 Ctrl-C（连按两次）：三个服务都停下（不留孤儿 Azurite / vite），确认的写入在重启后仍在", async () => {
    const { stack, dataDir, apiPort, azuritePort, addinPort, api, created } = await startWholeStack(
      "start",
      "npm start 下 Ctrl-C 前创建的事项",
    );
    expectServersOutsideForegroundGroup(stack, [AZURITE, VITE]);

    const stopped = await ctrlC(stack, 20_000, 2);
    expect(stopped.leftovers, stack.output()).toEqual([]);
    expect(stack.output()).toContain("Azurite 已停止");
    expect(await listening(addinPort, "localhost")).toBe(false);
    expect(await listening(azuritePort)).toBe(false);
    expect(await listening(apiPort)).toBe(false);

    await expectFoundAfterRestart({ dataDir, apiPort, azuritePort }, api, created.body.id);
  }, 120_000);

  it("启动器被直接杀掉（SIGKILL）：Azurite 和 vite 自行停下，Azurite 仍先保存数据", async () => {
    const { stack, dataDir, azuritePort, addinPort, apiPort, api, created } = await startWholeStack(
      "killed",
      "启动器被杀前创建的事项",
    );

    const launcher = markedProcs(stack.mark).filter(
      (p) => /scripts\/start\.ts/.test(p.args) && /^node /.test(p.args),
    );
    expect(launcher, JSON.stringify(markedProcs(stack.mark))).toHaveLength(1);
    process.kill(launcher[0]!.pid, "SIGKILL");
    const after = await gone(stack);
    expect(after.leftovers, JSON.stringify(markedProcs(stack.mark))).toEqual([]);
    expect(await listening(addinPort, "localhost")).toBe(false);
    expect(await listening(azuritePort)).toBe(false);

    await expectFoundAfterRestart({ dataDir, apiPort, azuritePort }, api, created.body.id);
  }, 120_000);
});

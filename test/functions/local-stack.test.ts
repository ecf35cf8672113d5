/** `npm run api` as a user runs it: Azurite on disk + the functions; Ctrl-C (SIGINT) and a restart keep the data. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, ROOT } from "../../scripts/azurite.js";
import { HttpClient, newItem } from "../support/api.js";

const dataDir = mkdtempSync(path.join(tmpdir(), "duban-stack-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startApi(
  apiPort: number,
  azuritePort: number,
): Promise<{ child: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    API_PORT: String(apiPort),
    AZURITE_PORT: String(azuritePort),
    DATA_DIR: dataDir,
  };
  delete env.STORAGE_CONNECTION_STRING;
  delete env.DUBAN_NOW;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/start.ts"), "--api"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run api exited: ${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${apiPort}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`npm run api did not come up: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, output: () => out };
}

async function ctrlC(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  return exited;
}

describe("npm run api：一条命令启动本地服务", () => {
  it("健康检查报告存储可达；Ctrl-C 干净退出；重启后数据仍在", async () => {
    const apiPort = await freePort();
    const azuritePort = await freePort();
    const first = await startApi(apiPort, azuritePort);
    const api = new HttpClient(`http://127.0.0.1:${apiPort}/api`);
    const health = await api.get("/health");
    expect(health.body).toMatchObject({ status: "ok", storage: { reachable: true }, devMode: true });
    const created = await api.post("/items", newItem({ content: "重启后仍应存在的事项" }));
    expect(created.status).toBe(201);
    expect(await ctrlC(first.child)).toBe(0);
    expect(first.output()).toContain("Azurite 已停止");

    const second = await startApi(apiPort, azuritePort);
    try {
      const list = await api.get("/items");
      expect(list.body.items.map((i: { content: string }) => i.content)).toContain("重启后仍应存在的事项");
    } finally {
      expect(await ctrlC(second.child)).toBe(0);
    }
  }, 120_000);
});

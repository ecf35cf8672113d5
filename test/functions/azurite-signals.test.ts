/**
 * scripts/azurite.ts: Azurite's own SIGINT handler is `process.once`, so a second SIGINT used to kill it before it
 * wrote its database. As started here, the first SIGINT starts its clean stop and any later one is ignored, and a
 * parent that goes away without stopping it makes it stop itself: in every case the last writes are on disk.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TableClient } from "@azure/data-tables";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, startAzurite } from "../../scripts/azurite.js";

const dir = mkdtempSync(path.join(tmpdir(), "duban-azurite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function write(connectionString: string, rowKey: string) {
  const table = TableClient.fromConnectionString(connectionString, "Signals", {
    allowInsecureConnection: true,
  });
  await table.createTable();
  await table.createEntity({ partitionKey: "p", rowKey, value: rowKey });
}

async function rows(location: string): Promise<string[]> {
  const azurite = await startAzurite({ location });
  try {
    const table = TableClient.fromConnectionString(azurite.connectionString, "Signals", {
      allowInsecureConnection: true,
    });
    const found: string[] = [];
    for await (const e of table.listEntities()) found.push(e.rowKey!);
    return found;
  } finally {
    await azurite.stop();
  }
}

describe("Azurite 的停止：数据总是先落盘", () => {
  it("连续两次 SIGINT（例如 Ctrl-C 按了两下）：第二次被忽略，正常退出，刚写入的数据都在", async () => {
    const location = path.join(dir, "twice");
    const azurite = await startAzurite({ location });
    expect(azurite.child.pid).toBeTypeOf("number");
    await write(azurite.connectionString, "a");
    await write(azurite.connectionString, "b");
    const exited = new Promise<[number | null, string | null]>((r) =>
      azurite.child.once("exit", (code, signal) => r([code, signal])),
    );
    process.kill(azurite.child.pid!, "SIGINT");
    process.kill(azurite.child.pid!, "SIGINT");
    expect(await exited).toEqual([0, null]);
    expect((await rows(location)).sort()).toEqual(["a", "b"]);
  }, 60_000);

  it("启动它的进程被 SIGKILL：Azurite 自行停止（不成为孤儿），刚写入的数据都在", async () => {
    const location = path.join(dir, "orphan");
    // A parent of its own that starts Azurite, prints its pid and port, then waits to be killed.
    const parent = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import { startAzurite } from ${JSON.stringify(path.join(ROOT, "scripts/azurite.ts"))};
         const a = await startAzurite({ location: ${JSON.stringify(location)} });
         console.log(JSON.stringify({ pid: a.child.pid, cs: a.connectionString }));
         setInterval(() => {}, 1000);`,
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    const info = await new Promise<{ pid: number; cs: string }>((resolve, reject) => {
      let out = "";
      parent.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) resolve(JSON.parse(line) as { pid: number; cs: string });
      });
      parent.once("exit", () => reject(new Error(`parent exited: ${out}`)));
    });
    await write(info.cs, "c");
    parent.kill("SIGKILL");
    const alive = () => {
      try {
        process.kill(info.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const until = Date.now() + 15_000;
    while (alive() && Date.now() < until) await sleep(100);
    try {
      expect(alive()).toBe(false);
    } finally {
      if (alive()) process.kill(info.pid, "SIGKILL");
    }
    expect(await rows(location)).toEqual(["c"]);
  }, 60_000);
});

/**
 * The suite's storage refuses what Azure Table Storage refuses (issue 11, finding 3): every refusal proved with
 * the real @azure/data-tables client against the suite's Azurite behind the strict proxy, with the service's
 * status and error code, and nothing written by a refused request.
 */
import { RestError, TableClient, type TransactionAction } from "@azure/data-tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { startAzurite } from "../../scripts/azurite.js";
import { uniquePrefix } from "../support/api.js";
import { startStrictStorage } from "../support/strict-storage.js";

const options = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };
let table: TableClient;

beforeAll(async () => {
  table = TableClient.fromConnectionString(
    inject("storageConnectionString"),
    `${uniquePrefix()}Strict`,
    options,
  );
  await table.createTable();
});

interface Refused {
  statusCode: number | undefined;
  /** The service's error code: from the batch answer (RestError.code) or the x-ms-error-code header. */
  code: string | undefined;
  message: string;
}

/** How a write was refused (or null when it succeeded). */
async function refusal(write: () => Promise<unknown>): Promise<Refused | null> {
  try {
    await write();
    return null;
  } catch (e) {
    if (!(e instanceof RestError)) throw e;
    const header = e.response?.headers.get("x-ms-error-code");
    let message = e.message;
    try {
      message = (JSON.parse(e.message) as { "odata.error": { message: { value: string } } })["odata.error"]
        .message.value;
    } catch {
      // a batch sub-response: RestError.message is already the service's message
    }
    return { statusCode: e.statusCode, code: e.code ?? header, message };
  }
}

async function exists(pk: string, rk: string) {
  try {
    await table.getEntity(pk, rk);
    return true;
  } catch (e) {
    if (e instanceof RestError && e.statusCode === 404) return false;
    throw e;
  }
}

const chars = (n: number, c = "a") => c.repeat(n);
/** `count` string properties of `length` characters each. */
const props = (count: number, length: number, c = "a") =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`p${String(i).padStart(3, "0")}`, chars(length, c)]),
  );

/** Azure's size of an entity made of string properties only: 4 + keys + Σ(8 + name + 4 + value), UTF-16. */
const sizeOf = (pk: string, rk: string, p: Record<string, string>) =>
  4 +
  (pk.length + rk.length) * 2 +
  Object.entries(p).reduce((n, [k, v]) => n + 8 + k.length * 2 + 4 + v.length * 2, 0);

describe("单个实体：Azure 的限制", () => {
  it("恰在 1 MiB 之内的实体可以写入；超过 1 MiB 则 400 EntityTooLarge，且未写入", async () => {
    // 16 properties of 32,000 characters: 16 × (8 + 8 + 4 + 64,000) + 4 + keys ≈ 1,024,3xx bytes < 1 MiB
    const fits = props(16, 32_000);
    expect(sizeOf("p", "fits", fits)).toBeLessThanOrEqual(1024 * 1024);
    expect(
      await refusal(() => table.createEntity({ partitionKey: "p", rowKey: "fits", ...fits })),
    ).toBeNull();

    const big = { ...props(16, 32_000), extra: chars(20_000) };
    expect(sizeOf("p", "big", big)).toBeGreaterThan(1024 * 1024);
    const e = await refusal(() => table.createEntity({ partitionKey: "p", rowKey: "big", ...big }));
    expect(e?.statusCode).toBe(400);
    expect(e?.code).toBe("EntityTooLarge");
    expect(await exists("p", "big")).toBe(false);

    // Replacing an entity is held to the same limit.
    const r = await refusal(() =>
      table.updateEntity({ partitionKey: "p", rowKey: "fits", ...big }, "Replace"),
    );
    expect(r?.code).toBe("EntityTooLarge");
    expect(
      await refusal(() => table.upsertEntity({ partitionKey: "p", rowKey: "big", ...big }, "Replace")),
    ).toMatchObject({
      statusCode: 400,
      code: "EntityTooLarge",
    });
  });

  it("合并写入（Merge、按合并方式 upsert，也在事务中）按合并后的实体计算大小", async () => {
    // 9 properties of 32,000 characters now (~576 KB); merging 8 more would make ~1.09 MB.
    await table.createEntity({ partitionKey: "m", rowKey: "grow", ...props(9, 32_000) });
    const more = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`q${i}`, chars(32_000)]));
    const merged = await refusal(() =>
      table.updateEntity({ partitionKey: "m", rowKey: "grow", ...more }, "Merge"),
    );
    expect([merged?.statusCode, merged?.code]).toEqual([400, "EntityTooLarge"]);
    const upsert = await refusal(() =>
      table.upsertEntity({ partitionKey: "m", rowKey: "grow", ...more }, "Merge"),
    );
    expect(upsert?.code).toBe("EntityTooLarge");
    const inBatch = await refusal(() =>
      table.submitTransaction([["update", { partitionKey: "m", rowKey: "grow", ...more }, "Merge"]]),
    );
    expect([inBatch?.statusCode, inBatch?.code]).toEqual([400, "EntityTooLarge"]);
    expect(Object.keys(await table.getEntity("m", "grow")).some((k) => k.startsWith("q"))).toBe(false);
    // Replacing with the same properties fits (the old ones go), and a small merge is fine.
    expect(
      await refusal(() => table.updateEntity({ partitionKey: "m", rowKey: "grow", ...more }, "Replace")),
    ).toBeNull();
    expect(
      await refusal(() => table.updateEntity({ partitionKey: "m", rowKey: "grow", small: 1 }, "Merge")),
    ).toBeNull();
    expect(
      await refusal(() => table.upsertEntity({ partitionKey: "m", rowKey: "new", ...more }, "Merge")),
    ).toBeNull();
  });

  it("字符串属性最多 32K 个 UTF-16 码元（64 KiB）：多一个即 400 PropertyValueTooLarge", async () => {
    expect(
      await refusal(() => table.createEntity({ partitionKey: "p", rowKey: "s32k", s: chars(32_768) })),
    ).toBeNull();
    const e = await refusal(() =>
      table.createEntity({ partitionKey: "p", rowKey: "s32k1", s: chars(32_769) }),
    );
    expect([e?.statusCode, e?.code]).toEqual([400, "PropertyValueTooLarge"]);
    // An astral character is two UTF-16 code units: 16,385 emoji are 32,770 units.
    const emoji = await refusal(() =>
      table.createEntity({ partitionKey: "p", rowKey: "emoji", s: "😀".repeat(16_385) }),
    );
    expect(emoji?.code).toBe("PropertyValueTooLarge");
    const binary = await refusal(() =>
      table.createEntity({ partitionKey: "p", rowKey: "bin", b: new Uint8Array(64 * 1024 + 1) }),
    );
    expect(binary?.code).toBe("PropertyValueTooLarge");
    expect(await exists("p", "s32k1")).toBe(false);
  });

  it("最多 252 个自定义属性：第 253 个即 400 TooManyProperties", async () => {
    expect(
      await refusal(() => table.createEntity({ partitionKey: "p", rowKey: "252", ...props(252, 1) })),
    ).toBeNull();
    const e = await refusal(() => table.createEntity({ partitionKey: "p", rowKey: "253", ...props(253, 1) }));
    expect([e?.statusCode, e?.code]).toEqual([400, "TooManyProperties"]);
  });

  it("PartitionKey/RowKey 最多 1 KiB，且不得含 / \\ # ? 与控制字符", async () => {
    expect(await refusal(() => table.createEntity({ partitionKey: chars(512), rowKey: "k" }))).toBeNull();
    expect(await refusal(() => table.createEntity({ partitionKey: chars(513), rowKey: "k" }))).toMatchObject({
      statusCode: 400,
      code: "KeyValueTooLarge",
    });
    expect(await refusal(() => table.createEntity({ partitionKey: "p", rowKey: chars(513) }))).toMatchObject({
      statusCode: 400,
      code: "KeyValueTooLarge",
    });
    for (const bad of ["a/b", "a\\b", "a#b", "a?b", "a\u0001b", "a\u007fb", "a\u0085b"]) {
      const e = await refusal(() => table.createEntity({ partitionKey: "p", rowKey: bad }));
      expect([bad, e?.statusCode, e?.code]).toEqual([bad, 400, "OutOfRangeInput"]);
      const pk = await refusal(() => table.createEntity({ partitionKey: bad, rowKey: "r" }));
      expect(pk?.code).toBe("OutOfRangeInput");
    }
    // Addressed in the URL (replace) as well as in the body.
    expect(
      await refusal(() => table.upsertEntity({ partitionKey: "p", rowKey: "x#y", v: 1 }, "Replace")),
    ).toMatchObject({ code: "OutOfRangeInput" });
  });

  it("孤立代理项（不合法的 UTF-16）被拒绝：400 InvalidInput", async () => {
    for (const bad of ["\ud800", "ab\udc00", "😀".slice(0, 1) + "x"]) {
      const e = await refusal(() => table.createEntity({ partitionKey: "p", rowKey: "lone", s: bad }));
      expect([e?.statusCode, e?.code]).toEqual([400, "InvalidInput"]);
    }
    expect(await refusal(() => table.createEntity({ partitionKey: "p", rowKey: "\ud800" }))).toMatchObject({
      code: "InvalidInput",
    });
    expect(await exists("p", "lone")).toBe(false);
    expect(
      await refusal(() => table.createEntity({ partitionKey: "p", rowKey: "pair", s: "😀𠀀" })),
    ).toBeNull();
  });
});

describe("实体组事务（$batch）：Azure 的限制", () => {
  const creates = (pk: string, n: number, extra: Record<string, unknown> = {}): TransactionAction[] =>
    Array.from({ length: n }, (_, i) => ["create", { partitionKey: pk, rowKey: `r${i}`, ...extra }]);

  it("100 个操作可以；101 个即 400 InvalidInput（第 99 号操作报错），一个也不写入", async () => {
    expect(await refusal(() => table.submitTransaction(creates("b100", 100)))).toBeNull();
    const e = await refusal(() => table.submitTransaction(creates("b101", 101)));
    expect([e?.statusCode, e?.code]).toEqual([400, "InvalidInput"]);
    expect(e?.message).toMatch(
      /^99:The batch request operation exceeds the maximum 100 changes per change set\./,
    );
    expect(await exists("b101", "r0")).toBe(false);
  });

  it("事务中的一个实体超限：整批拒绝（带出错操作的序号），其他实体也不写入", async () => {
    const actions: TransactionAction[] = [
      ["create", { partitionKey: "bx", rowKey: "ok", v: "fine" }],
      ["create", { partitionKey: "bx", rowKey: "big", ...props(17, 32_000) }],
    ];
    const e = await refusal(() => table.submitTransaction(actions));
    expect([e?.statusCode, e?.code]).toEqual([400, "EntityTooLarge"]);
    expect(e?.message).toMatch(/^1:/);
    expect(await exists("bx", "ok")).toBe(false);
  });

  it("请求体超过 4 MiB：413 RequestBodyTooLarge", async () => {
    // Three entities under 1 MiB each (UTF-16) whose UTF-8 body is 1.4 MB each: 4.3 MB in all.
    const e = await refusal(() => table.submitTransaction(creates("b4m", 3, props(15, 32_000, "督"))));
    expect([e?.statusCode, e?.code]).toEqual([413, "RequestBodyTooLarge"]);
    expect(await exists("b4m", "r0")).toBe(false);
  });

  it("跨分区的事务：400 CommandsInBatchActOnDifferentPartitions，第 1 号操作报错（服务的原样答复）", async () => {
    // The SDK refuses this itself before sending, so the request is written by hand as the service receives it.
    const port = inject("strictStoragePort");
    const url = `http://127.0.0.1:${port}/devstoreaccount1`;
    const name = table.tableName;
    const op = (pk: string, rk: string) =>
      [
        "--changeset_1",
        "Content-Type: application/http",
        "Content-Transfer-Encoding: binary",
        "",
        `POST ${url}/${name} HTTP/1.1`,
        "Accept: application/json;odata=minimalmetadata",
        "Content-Type: application/json",
        "",
        JSON.stringify({ PartitionKey: pk, RowKey: rk }),
      ].join("\r\n");
    const body = [
      "--batch_1",
      "Content-Type: multipart/mixed; boundary=changeset_1",
      "",
      op("p1", "a"),
      op("p2", "b"),
      "--changeset_1--",
      "--batch_1--",
      "",
    ].join("\r\n");
    const res = await fetch(`${url}/$batch`, {
      method: "POST",
      headers: { "content-type": "multipart/mixed; boundary=batch_1" },
      body,
    });
    expect(res.status).toBe(202);
    const text = await res.text();
    expect(text).toContain("HTTP/1.1 400 Bad Request");
    const json = JSON.parse(/\{.*\}/.exec(text)![0]) as {
      "odata.error": { code: string; message: { value: string } };
    };
    expect(json["odata.error"].code).toBe("CommandsInBatchActOnDifferentPartitions");
    expect(json["odata.error"].message.value).toMatch(
      /^1:All commands in a batch must operate on same entity group\./,
    );
    expect(await exists("p1", "a")).toBe(false);
  });
});

describe("代理本身", () => {
  let azurite: Awaited<ReturnType<typeof startAzurite>>;
  let proxy: Awaited<ReturnType<typeof startStrictStorage>>;
  beforeAll(async () => {
    azurite = await startAzurite();
    proxy = await startStrictStorage({ targetPort: azurite.port });
  });
  afterAll(async () => {
    await proxy?.close();
    await azurite?.stop();
  });

  it("读写照常转发；存储停掉时连接被重置，同一端口重启后又能访问", async () => {
    const t = TableClient.fromConnectionString(proxy.connectionString, "ProxyRestart", options);
    await t.createTable();
    await t.createEntity({ partitionKey: "p", rowKey: "r", v: "值" });
    expect((await t.getEntity<{ v: string }>("p", "r")).v).toBe("值");

    await azurite.stop();
    const down = await refusal(() => t.getEntity("p", "r"));
    expect(down?.statusCode).toBeUndefined(); // no answer: the connection was reset

    azurite = await startAzurite({ port: azurite.port });
    await t.createTable();
    await t.createEntity({ partitionKey: "p", rowKey: "again", v: 1 });
    expect((await t.getEntity<{ v: number }>("p", "again")).v).toBe(1);
    expect(proxy.refusals).toEqual([]);
  });
});

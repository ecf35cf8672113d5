/**
 * `npm run check:data` (issue 11): a data set built through the real API handlers — items in every state, notices
 * issued, voided and cancelled under, reference data, a finalized month, the daily reminders — passes; then the
 * storage is corrupted directly, one class of fault at a time, and the CLI (spawned like `npm run check:data`
 * against the suite's Azurite) names the table, the row and what is wrong, with exit code 1. Storage it cannot
 * reach is exit code 2.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { TableClient } from "@azure/data-tables";
import { describe, expect, inject, it } from "vitest";
import { runDailyUrge } from "../../functions/src/functions/urge-timer.js";
import {
  checkData,
  entityBytes,
  entityLimitProblems,
  formatReport,
  problemLines,
  type RawEntity,
} from "../../functions/src/storage/check-data.js";
import { snapshotEntity } from "../../functions/src/storage/items-repo.js";
import { jsonProps, readJson } from "../../functions/src/storage/tables.js";
import { azuriteConnectionString, freePort, ROOT } from "../../scripts/azurite.js";
import { type Answer, dept, invoke, leader, newItem, office, type TestEnv, testEnv } from "../support/api.js";

async function must(answer: Promise<Answer>, status = 200): Promise<Answer> {
  const a = await answer;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a;
}

const REPORT = {
  completedFrom: "2026-11-02",
  completedTo: "2026-11-02",
  summary: "已完成",
  leadOpinion: "同意",
};

interface Seeded {
  env: TestEnv;
  ids: Record<"draft" | "closed" | "voided1" | "voided2" | "running" | "cancelled" | "rejected", string>;
  notices: Record<"closed" | "voided" | "running" | "cancelled", { year: number; seq: number }>;
}

/** A small installation built only through the API handlers (and the daily timer). */
async function seed(): Promise<Seeded> {
  const env = testEnv();
  const { deps } = env;
  await must(
    invoke(deps, "putDepartments", {
      as: office,
      body: [
        { id: "tech", name: "技术部", head: "张部长" },
        { id: "safety", name: "安全部", head: "李部长" },
      ],
    }),
  );
  await must(
    invoke(deps, "putSettings", {
      as: office,
      body: {
        companyName: "陕西秦安煤矿安全评价事务有限公司",
        numberPrefix: "陕秦安督字",
        yellowLightDays: 3,
      },
    }),
  );
  // The next year's 放假安排 as the office enters it (chinese-days stops at 2026).
  await must(
    invoke(deps, "putCalendar", {
      as: office,
      params: { year: "2027" },
      body: { holidays: [{ date: "2027-01-01", name: "元旦" }], workdays: ["2027-02-14"] },
    }),
  );
  const rules = await must(invoke(deps, "getRules", { as: office }));
  const { version: _v, createdAt: _c, createdBy: _b, ...doc } = rules.body;
  await must(
    invoke(deps, "putRules", {
      as: leader,
      body: { ...doc, r4Points: 1 },
      ifMatch: rules.headers.get("etag")!,
    }),
    201,
  );

  const etags = new Map<string, string>();
  const create = async (content: string, overrides: Record<string, unknown> = {}) => {
    const a = await must(
      invoke(deps, "createItem", { as: office, body: newItem({ content, ...overrides }) }),
      201,
    );
    etags.set(a.body.id, a.body.etag);
    return a.body.id as string;
  };
  const act = async (id: string, action: string, as = leader, body: unknown = {}) => {
    const a = await must(
      invoke(deps, "itemAction", { as, params: { id, action }, ifMatch: etags.get(id)!, body }),
    );
    etags.set(id, a.body.etag);
  };
  const refresh = async (id: string) =>
    etags.set(id, (await must(invoke(deps, "getItem", { as: office, params: { id } }))).body.etag);
  const issue = async (...itemIds: string[]) => {
    const a = await must(invoke(deps, "issueNotice", { as: office, body: { itemIds } }), 201);
    for (const id of itemIds) await refresh(id);
    return { year: a.body.year as number, seq: a.body.seq as number };
  };

  const ids = {
    draft: await create("仍在拟办的事项"),
    closed: await create("已办结的事项"),
    voided1: await create("通知单作废的事项一"),
    voided2: await create("通知单作废的事项二"),
    running: await create("办理中的事项", { deadline: "2026-11-05" }),
    cancelled: await create("下发后撤销的事项"),
    rejected: await create("不予立项的事项"),
  };
  for (const id of [ids.closed, ids.voided1, ids.voided2, ids.running, ids.cancelled])
    await act(id, "approve");
  await act(ids.rejected, "reject", leader, { reason: "不属于督办范围" });

  const closed = await issue(ids.closed);
  await act(ids.closed, "acknowledge", dept("tech"));
  await act(ids.closed, "progress", dept("tech"), { note: "已完成初稿" });
  await act(ids.closed, "report", dept("tech"), REPORT);
  await act(ids.closed, "close", leader, { opinion: "同意办结" });

  const voided = await issue(ids.voided1, ids.voided2); // 一单多事
  await must(
    invoke(deps, "voidNotice", {
      as: office,
      params: { year: String(voided.year), seq: String(voided.seq) },
      body: { reason: "内容有误，重新下发" },
    }),
  );

  const running = await issue(ids.running);
  await act(ids.running, "acknowledge", dept("tech"));
  const cancelled = await issue(ids.cancelled);
  await act(ids.cancelled, "cancel", leader, { reason: "决策调整" });

  // A week later the running item is overdue: the daily job urges it and writes the department's reminder.
  env.clock.set("2026-11-09T02:00:00Z");
  await runDailyUrge(deps, () => undefined);
  await must(invoke(deps, "finalizeAssessment", { as: leader, params: { month: "2026-10" } }), 201);
  // The 问责 register: a record and a revoked one.
  const record = await must(
    invoke(deps, "recordAccountability", {
      as: leader,
      body: { itemIds: [ids.running], deptId: "tech", person: "张三", measure: "criticism", reason: "逾期" },
    }),
    201,
  );
  await must(
    invoke(deps, "revokeAccountability", {
      as: leader,
      params: { id: record.body.id },
      body: { reason: "复核撤销" },
    }),
    200,
  );
  return { env, ids, notices: { closed, voided, running, cancelled } };
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run check:data` against the suite's storage and one installation's tables. */
function runCli(env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/check-data.ts")], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const cli = (s: Seeded) =>
  runCli({ STORAGE_CONNECTION_STRING: s.env.connectionString, DUBAN_TABLE_PREFIX: s.env.prefix });

/** The report's problem lines (everything before the summary). */
const problemsOf = (run: CliRun) =>
  run.stdout
    .split("\n")
    .filter((l) => l.startsWith("["))
    .map((l) => l.trim());

const table = (s: Seeded, key: keyof TestEnv["deps"]["tables"]["clients"]) => s.env.deps.tables.clients[key];

describe("数据检查 npm run check:data", () => {
  it("经由 API 建立的数据（各状态的事项、下发/作废/撤销的通知单、资料、定稿、催办）检查通过，退出码 0", async () => {
    const s = await seed();
    const result = await checkData(s.env.deps.tables.clients);
    expect(problemLines(result), formatReport(result)).toEqual([]);
    expect(result).toMatchObject({ items: 7, notices: 4 });
    expect(result.tables.every((t) => t.exists && t.rows > 0)).toBe(true);

    const run = await cli(s);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /数据检查通过：检查了 6 张表、\d+ 行（事项 7 个、事件 \d+ 条、通知单 4 份），未发现问题。/,
    );
  }, 60_000);

  it("通知单编号有缺号：报出缺少的号和指向它的幂等键，退出码 1", async () => {
    const s = await seed();
    const { year, seq } = s.notices.voided;
    await table(s, "notices").deleteEntity(String(year), `n-${String(seq).padStart(8, "0")}`);
    const run = await cli(s);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const lines = problemsOf(run);
    expect(lines).toContain(
      `[${s.env.prefix}Notices] ${year}：${year} 年的通知单编号有缺号：缺少第 ${seq} 号`,
    );
    expect(lines.some((l) => /幂等键指向的通知单第 2 号不存在/.test(l))).toBe(true);
    expect(run.stdout).toMatch(/数据检查未通过：.*发现 \d+ 个问题。/);
  }, 60_000);

  it("作废的通知单仍由办理中的事项承载（作废与报告竞争的结果）：报出事项与文号，退出码 1", async () => {
    const s = await seed();
    const { year, seq } = s.notices.running;
    const rk = `n-${String(seq).padStart(8, "0")}`;
    const row = await table(s, "notices").getEntity<Record<string, unknown>>(String(year), rk);
    const notice = readJson<Record<string, unknown>>(row, "data");
    await table(s, "notices").updateEntity(
      {
        partitionKey: String(year),
        rowKey: rk,
        seq,
        ...jsonProps("data", {
          ...notice,
          voided: true,
          voidedAt: "2026-11-03T02:00:00.000Z",
          voidReason: "作废",
        }),
      },
      "Replace",
    );
    const run = await cli(s);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(problemsOf(run)).toEqual([
      `[${s.env.prefix}Items] ${s.ids.running}/item：通知单「${notice.number as string}」已作废，但事项仍以此文号处于「办理中」状态（作废通知单只可留在已立项或已撤销的事项上）`,
    ]);
  }, 60_000);

  it("缺少一条事件：报出事项与缺少的事件序号，退出码 1", async () => {
    const s = await seed();
    await table(s, "items").deleteEntity(s.ids.closed, "ev-00000003");
    const run = await cli(s);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(problemsOf(run)).toEqual([
      `[${s.env.prefix}Items] ${s.ids.closed}：事件序号不连续：缺少 ev-00000003`,
    ]);
  }, 60_000);

  it("快照的状态与其事件的折叠结果不同（索引列一致）：报出字段，退出码 1", async () => {
    const s = await seed();
    const row = await table(s, "items").getEntity<Record<string, unknown>>(s.ids.running, "item");
    const item = {
      ...readJson<Parameters<typeof snapshotEntity>[0]>(row, "data"),
      status: "reported" as const,
    };
    await table(s, "items").updateEntity(snapshotEntity(item, JSON.stringify(item)), "Replace");
    const run = await cli(s);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(problemsOf(run)).toEqual([
      `[${s.env.prefix}Items] ${s.ids.running}/item：快照与其事件的折叠结果不一致（status：快照为 "reported"，事件折叠为 "in_progress"）`,
    ]);
  }, 60_000);

  it("索引列与事项 JSON 不一致：报出列名", async () => {
    const s = await seed();
    await table(s, "items").updateEntity(
      { partitionKey: s.ids.running, rowKey: "item", leadDept: "safety" },
      "Merge",
    );
    const result = await checkData(s.env.deps.tables.clients);
    expect(problemLines(result)).toEqual([
      `[${s.env.prefix}Items] ${s.ids.running}/item：索引列 leadDept 为 "safety"，与事项 JSON 应有的 "tech" 不符`,
    ]);
  }, 60_000);

  it("问责台账：撤销行没有对应记录、记录列出的事项不存在：逐条报出", async () => {
    const s = await seed();
    const rows = [];
    for await (const row of table(s, "accountability").listEntities<Record<string, unknown>>())
      rows.push(row);
    const record = rows.find((r) => String(r.rowKey).startsWith("a-"))!;
    const data = JSON.parse(String(record.data)) as { id: string; itemIds: string[] };
    await table(s, "accountability").updateEntity(
      {
        partitionKey: record.partitionKey!,
        rowKey: record.rowKey!,
        data: JSON.stringify({ ...data, itemIds: ["no-such-item"] }),
      },
      "Merge",
    );
    await table(s, "accountability").createEntity({
      partitionKey: "2026",
      rowKey: "r-2026-orphan",
      data: JSON.stringify({ revokedAt: "2026-11-09T02:00:00.000Z", revokedBy: "x", revokeReason: "x" }),
    });
    const result = await checkData(s.env.deps.tables.clients);
    expect(problemLines(result)).toEqual([
      `[${s.env.prefix}Accountability] ${record.partitionKey}/${record.rowKey}：问责记录列出的事项 "no-such-item" 不存在`,
      `[${s.env.prefix}Accountability] 2026/r-2026-orphan：撤销记录没有对应的问责记录`,
    ]);
  }, 60_000);

  it("事件时间倒流：报出事件行", async () => {
    const s = await seed();
    await table(s, "items").updateEntity(
      { partitionKey: s.ids.closed, rowKey: "ev-00000002", at: "2020-01-01T00:00:00.000Z" },
      "Merge",
    );
    const result = await checkData(s.env.deps.tables.clients);
    expect(problemLines(result)).toEqual([
      `[${s.env.prefix}Items] ${s.ids.closed}/ev-00000002：事件时间 2020-01-01T00:00:00.000Z 早于前一条事件的 2026-11-02T02:00:00.000Z（事件不得倒流）`,
    ]);
  }, 60_000);

  it("办公室录入的节假日安排里有别的年份或重复的日期：报出资料行", async () => {
    const s = await seed();
    await table(s, "reference").upsertEntity(
      {
        partitionKey: "doc",
        rowKey: "calendar-2027",
        data: JSON.stringify({
          holidays: [
            { date: "2027-01-01", name: "元旦" },
            { date: "2028-01-01", name: "元旦" },
          ],
          workdays: ["2027-01-01"],
          updatedAt: "2026-12-02T00:00:00.000Z",
          updatedBy: "x",
        }),
      },
      "Replace",
    );
    const result = await checkData(s.env.deps.tables.clients);
    expect(problemLines(result)).toEqual([
      `[${s.env.prefix}Reference] doc/calendar-2027：节假日安排中有不属于 2027 年的日期："2028-01-01"`,
      `[${s.env.prefix}Reference] doc/calendar-2027：节假日安排中的日期重复："2027-01-01"`,
    ]);
  }, 60_000);

  it("定稿所用的考核规则版本不存在：报出定稿行", async () => {
    const s = await seed();
    await table(s, "reference").deleteEntity("rules", "v00000001");
    const result = await checkData(s.env.deps.tables.clients);
    expect(problemLines(result)).toEqual([
      `[${s.env.prefix}Assessments] 2026-10/final：定稿所用的考核规则版本 1 不存在`,
    ]);
  }, 60_000);

  it("超过 1 MiB 的实体（绕过严格存储代理直接写入 Azurite）：报出表、行与大小，退出码 1", async () => {
    const s = await seed();
    const raw = TableClient.fromConnectionString(
      azuriteConnectionString(inject("azuritePort")),
      table(s, "reminders").tableName,
      { allowInsecureConnection: true },
    );
    // A well-formed reminder, only too large: 2,000-character contents for 300 overdue items (finding 3).
    const reminder = {
      date: "2026-11-10",
      deptId: "tech",
      deptName: "技术部",
      items: Array.from({ length: 300 }, (_, i) => ({
        itemId: `x${i}`,
        noticeNumber: null,
        content: "超".repeat(2000),
        effectiveDeadline: "2026-11-05",
        overdueDays: 5,
      })),
      createdAt: "2026-11-10T00:00:00.000Z",
    };
    await raw.createEntity({ partitionKey: "2026-11-10", rowKey: "tech", ...jsonProps("data", reminder) });
    const run = await cli(s);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const lines = problemsOf(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\[${s.env.prefix}Reminders\\] 2026-11-10/tech：实体按 Azure 的计算为 \\d+ 字节（.+ KiB），超过 1 MiB 上限$`,
      ),
    );
  }, 60_000);

  it("不成对的代理项（非法 UTF-16，绕过代理写入）：报出属性与位置，退出码 1", async () => {
    const s = await seed();
    const raw = TableClient.fromConnectionString(
      azuriteConnectionString(inject("azuritePort")),
      table(s, "reminders").tableName,
      { allowInsecureConnection: true },
    );
    const reminder = { date: "2026-11-11", deptId: "tech", deptName: "技术部", items: [], createdAt: "x" };
    const json = JSON.stringify(reminder).replace("技术部", "技术部\ud83d");
    await raw.createEntity({ partitionKey: "2026-11-11", rowKey: "tech", data: json });
    const run = await cli(s);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(problemsOf(run)).toEqual([
      `[${s.env.prefix}Reminders] 2026-11-11/tech：属性 data 含不成对的代理项（非法 UTF-16，位置 ${json.indexOf("\ud83d")}）`,
    ]);
  }, 60_000);

  it("存储不可达：退出码 2，说明原因", async () => {
    const port = await freePort();
    const run = await runCli({
      STORAGE_CONNECTION_STRING: azuriteConnectionString(port),
      DUBAN_TABLE_PREFIX: "Nowhere",
    });
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toMatch(/无法读取存储/);
  }, 60_000);
});

describe("Azure 实体限制（按服务的计算方式）", () => {
  const entity = (properties: RawEntity["properties"], pk = "p", rk = "r"): RawEntity => ({
    partitionKey: pk,
    rowKey: rk,
    properties,
  });
  const str = (value: string) => ({ type: "String", value });

  it("大小：4 + 键 2 字节/字符 + 每个属性 8 + 名称 2 字节/字符 + 值", () => {
    expect(
      entityBytes(
        entity({
          s: str("ab"),
          n: { type: "Int32", value: "1" },
          d: { type: "Double", value: "1.5" },
          l: { type: "Int64", value: "1" },
          t: { type: "DateTime", value: "2026-01-01T00:00:00Z" },
          b: { type: "Boolean", value: "true" },
          g: { type: "Guid", value: "00000000-0000-0000-0000-000000000000" },
          x: { type: "Binary", value: Buffer.from([1, 2, 3]).toString("base64") },
        }),
      ),
    ).toBe(4 + 4 + 8 * 10 + (4 + 4) + 4 + 8 + 8 + 8 + 1 + 16 + (4 + 3));
    // 1 MiB exactly passes, one byte more does not.
    const base = entityBytes(entity({ a: str("") }));
    const fits = entity({ a: str("x".repeat((1024 * 1024 - base) / 2)) });
    expect(entityBytes(fits)).toBe(1024 * 1024);
    expect(entityLimitProblems(fits).filter((m) => /1 MiB/.test(m))).toEqual([]);
  });

  it("字符串属性 64 KiB、252 个属性、属性名 255 字符", () => {
    expect(entityLimitProblems(entity({ a: str("x".repeat(32 * 1024)) }))).toEqual([]);
    expect(entityLimitProblems(entity({ a: str("x".repeat(32 * 1024 + 1)) }))).toEqual([
      "属性 a 为 64.0 KiB，超过 Azure 字符串属性的 64 KiB 上限",
    ]);
    const many = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: "Int32", value: "1" }]));
    expect(entityLimitProblems(entity(many(252)))).toEqual([]);
    expect(entityLimitProblems(entity(many(253)))).toEqual(["有 253 个属性，超过 Azure 的 252 个上限"]);
    expect(entityLimitProblems(entity({ ["n".repeat(256)]: str("") }))[0]).toMatch(
      /长 256 个字符，超过 Azure 的 255 上限/,
    );
  });

  it("键：不超过 1 KiB，不含 / \\ # ? 与控制字符，UTF-16 须成对", () => {
    expect(entityLimitProblems(entity({}, "k".repeat(512), "r"))).toEqual([]);
    expect(entityLimitProblems(entity({}, "k".repeat(513), "r"))).toEqual([
      "PartitionKey 长 1026 字节，超过 Azure 的 1 KiB 上限",
    ]);
    for (const [ch, code] of [
      ["/", "002F"],
      ["\\", "005C"],
      ["#", "0023"],
      ["?", "003F"],
      ["\u0001", "0001"],
      ["\u007f", "007F"],
      ["\u0085", "0085"],
    ])
      expect(entityLimitProblems(entity({}, "p", `a${ch}`))).toEqual([
        `RowKey 含 Azure 不允许的字符 U+${code}（位置 1）`,
      ]);
    expect(entityLimitProblems(entity({}, "a\udc00", "r"))).toEqual([
      "PartitionKey 含不成对的代理项（非法 UTF-16，位置 1）",
    ]);
    // A whole pair (an emoji, a CJK Extension B character) is well-formed.
    expect(entityLimitProblems(entity({ a: str("😀𠀀") }, "😀", "𠀀"))).toEqual([]);
    expect(entityLimitProblems(entity({ a: str("x\ud840") }))).toEqual([
      "属性 a 含不成对的代理项（非法 UTF-16，位置 1）",
    ]);
  });
});

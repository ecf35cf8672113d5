/**
 * 提交更改 (pushList) against the real functions (local HTTP host on the suite's Azurite) and the Excel fake:
 * new rows are created exactly once (idempotency key kept in the row), edits are PATCHed with their ETag,
 * a status typed into 状态 becomes the lifecycle action it stands for, rows the user deleted are not deleted
 * on the server; rejected and conflicting rows are marked in place with the reason and keep what the clerk
 * typed; an unreachable server leaves rows 未发送 to be sent once later; nothing typed during a push is lost.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ApiClient, ApiError, createApiClient } from "../../addin/src/api/client";
import { HEADERS, LIST_SHEET, LIST_TABLE } from "../../addin/src/excel/listModel";
import {
  initialiseList,
  pendingRows,
  pullList,
  pushList,
  resolveConflict,
  type RowOutcome,
} from "../../addin/src/excel/listSheet";
import { ExcelError, runExcel } from "../../addin/src/excel/run";
import { invoke } from "../support/api";
import type { ExcelFake } from "../support/excel-fake";
import {
  apiItem,
  at,
  CLERK,
  COLLEAGUE,
  DEPARTMENTS,
  eventCount,
  letters,
  newWorkbook,
  on,
  realStack,
  rowWith,
  seedItem,
  serverItem,
  serverItems,
  type Stack,
  stubApi,
  tableRows,
  typeInto,
  typeNewRows,
  wrapApi,
} from "../support/excel-helpers";

let stack: Stack;
let fake: ExcelFake;

beforeEach(async () => {
  stack = await realStack();
  fake = newWorkbook();
  await initialiseList(DEPARTMENTS, on(fake));
});
afterEach(async () => {
  await stack.close();
});

const pull = (api: ApiClient = stack.api) => pullList(api, {}, on(fake));
const push = (api: ApiClient = stack.api) => pushList(api, on(fake));
const state = (content: string) => String(rowWith(fake, content).row["提交状态"]);

/** An ApiClient that counts the calls that change something on the server. */
function counting(api: ApiClient) {
  const writes: string[] = [];
  const wrapped = wrapApi(api, {
    createItem: (real, ...args) => (writes.push("createItem"), real.createItem(...args)),
    editItem: (real, ...args) => (writes.push("editItem"), real.editItem(...args)),
    runAction: (real, ...args) => (writes.push(`runAction:${args[1]}`), real.runAction(...args)),
  });
  return { api: wrapped, writes };
}

const networkError = () =>
  new ApiError({
    status: 0,
    code: "network",
    title: "服务器无法连接",
    detail: "服务器无法连接（测试），请检查网络或服务器地址后重试。",
  });

const NEW_ROW = {
  事项来源: "公司决策",
  督办事项内容: "新增：编制2027年度安全培训计划",
  被督办部门: "技术部",
  牵头部门: "技术部",
  责任人: "张三",
  分管领导: "王副总",
  完成时限: "2026-12-31",
};

describe("提交更改：新增、修改、删除", () => {
  it("creates typed rows once each, PATCHes an edited row, never deletes a row the user deleted", async () => {
    const a = await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await seedItem(stack.env, { content: "乙：完善安全台账" });
    const c = await seedItem(stack.env, { content: "丙：年度培训计划" });
    await pull();

    const indexes = await typeNewRows(fake, [
      NEW_ROW,
      { ...NEW_ROW, 督办事项内容: "新增：组织季度安全检查", 牵头部门: "安全部", 紧急程度: "特急" },
    ]);
    expect(indexes).toHaveLength(2);
    await typeInto(fake, rowWith(fake, "甲：修订作业指导书").index, { 责任人: "张三丰", 分管领导: "刘副总" });
    await fake.workbook.userDeleteTableRows(LIST_TABLE, rowWith(fake, "丙：年度培训计划").index);

    const result = await push();
    expect(result).toMatchObject({ created: 2, updated: 1, rejected: 0, conflicts: 0, unsent: 0 });

    const server = await serverItems(stack.env);
    expect(server).toHaveLength(5);
    for (const content of ["新增：编制2027年度安全培训计划", "新增：组织季度安全检查"]) {
      const created = server.filter((i) => i.content === content);
      expect(created, content).toHaveLength(1);
      const { row } = rowWith(fake, content);
      expect(row["事项编号"]).toBe(created[0]!.id);
      expect(row["版本"]).toBe(created[0]!.etag);
      expect(row["幂等键"]).toBe("");
      expect(String(row["提交状态"])).toMatch(/^已提交/);
      expect(row["状态"]).toBe("拟办");
    }
    const safety = server.find((i) => i.content === "新增：组织季度安全检查")!;
    expect(safety).toMatchObject({
      leadDept: "safety",
      urgency: "urgent",
      deadline: "2026-12-31",
      status: "draft",
    });

    expect(await serverItem(stack.env, a.id)).toMatchObject({ owner: "张三丰", leader: "刘副总" });
    expect(state("甲：修订作业指导书")).toMatch(/^已提交/);

    // 丙 is still on the server and comes back with the next pull.
    expect((await serverItem(stack.env, c.id)).content).toBe("丙：年度培训计划");
    expect(tableRows(fake).some((r) => r["事项编号"] === c.id)).toBe(false);
    await pull();
    expect(rowWith(fake, "丙：年度培训计划").row["事项编号"]).toBe(c.id);
    expect(tableRows(fake)).toHaveLength(5);
  });

  it("pushing twice sends nothing the second time", async () => {
    const a = await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await pull();
    await typeNewRows(fake, [NEW_ROW]);
    await typeInto(fake, rowWith(fake, "甲：修订作业指导书").index, { 责任人: "张三丰" });
    const first = counting(stack.api);
    await push(first.api);
    expect(first.writes.sort()).toEqual(["createItem", "editItem"]);

    const items = await serverItems(stack.env);
    const events = await Promise.all(items.map((i) => eventCount(stack.env, i.id)));
    const second = counting(stack.api);
    const result = await push(second.api);
    expect(second.writes).toEqual([]);
    expect(result).toMatchObject({ created: 0, updated: 0, rejected: 0, conflicts: 0, unsent: 0 });
    expect(await serverItems(stack.env)).toHaveLength(items.length);
    expect(await Promise.all(items.map((i) => eventCount(stack.env, i.id)))).toEqual(events);
    expect(await eventCount(stack.env, a.id)).toBe(3); // create, approve, edit
    expect(await pendingRows(on(fake))).toEqual([]);
  });
});

describe("提交更改：拒绝与冲突", () => {
  it("a rejected new row keeps its values and shows 已拒绝：<reason naming the column>", async () => {
    await pull();
    await typeNewRows(
      fake,
      [
        { ...NEW_ROW, 督办事项内容: "新增：部门不存在", 牵头部门: "后勤保障部" },
        { ...NEW_ROW, 督办事项内容: "新增：日期不存在", 完成时限: "2026-02-30" },
      ],
      { paste: true },
    );
    const before = tableRows(fake);
    const result = await push();
    expect(result).toMatchObject({ created: 0, rejected: 2 });
    expect(await serverItems(stack.env)).toEqual([]);

    const dept = rowWith(fake, "新增：部门不存在").row;
    expect(String(dept["提交状态"])).toMatch(/^已拒绝：.*牵头部门.*后勤保障部/);
    const date = rowWith(fake, "新增：日期不存在").row;
    expect(String(date["提交状态"])).toMatch(/^已拒绝：.*完成时限/);
    expect(date["完成时限"]).toBe("2026-02-30");
    const after = tableRows(fake);
    for (const [i, row] of before.entries())
      for (const h of Object.keys(row))
        if (h !== "提交状态" && h !== "幂等键") expect(after[i]![h], h).toEqual(row[h]);
  });

  it("an edit the state does not allow is rejected naming the column, the clerk's value stays", async () => {
    const item = await seedItem(stack.env, { content: "甲：已下发的事项" });
    const issued = await invoke(stack.env.deps, "issueNotice", {
      as: { id: "u-office", name: "综合部 王文员", roles: ["office"] },
      body: { itemIds: [item.id] },
    });
    expect(issued.status).toBe(201);
    await pull();
    const { index } = rowWith(fake, "甲：已下发的事项");
    await typeInto(fake, index, { 完成时限: "2027-01-31" });
    const result = await push();
    expect(result.rejected).toBe(1);
    const row = tableRows(fake)[index]!;
    expect(String(row["提交状态"])).toMatch(/^已拒绝：.*完成时限/);
    expect(fake.workbook.sheet(LIST_SHEET).cell(at("完成时限", index)).text).toBe("2027-01-31");
    expect((await serverItem(stack.env, item.id)).deadline).toBe("2026-12-31");
  });

  it("a conflicting row shows 冲突：… with the server's values and keeps the clerk's; 'server' takes theirs", async () => {
    const item = await seedItem(stack.env, { content: "甲：修订作业指导书", owner: "张三" });
    await pull();
    const changed = await invoke(stack.env.deps, "editItem", {
      as: COLLEAGUE,
      params: { id: item.id },
      ifMatch: item.etag,
      body: { owner: "赵六" },
    });
    expect(changed.status).toBe(200);
    const { index } = rowWith(fake, "甲：修订作业指导书");
    await typeInto(fake, index, { 责任人: "钱七" });

    const result = await push();
    expect(result.conflicts).toBe(1);
    const row = tableRows(fake)[index]!;
    expect(row["责任人"]).toBe("钱七");
    expect(String(row["提交状态"])).toMatch(/^冲突：/);
    expect(String(row["提交状态"])).toContain("赵六");
    expect((await serverItem(stack.env, item.id)).owner).toBe("赵六");
    expect((await pendingRows(on(fake))).map((p) => p.kind)).toEqual(["conflict"]);

    const outcome = result.outcomes.get(item.id) as Extract<RowOutcome, { kind: "conflict" }>;
    expect(outcome.kind).toBe("conflict");
    await resolveConflict(outcome.server, "server", DEPARTMENTS, on(fake));
    const resolved = tableRows(fake)[index]!;
    expect(resolved["责任人"]).toBe("赵六");
    expect(String(resolved["提交状态"])).not.toMatch(/冲突|待提交/);
    const events = await eventCount(stack.env, item.id);
    const again = counting(stack.api);
    await push(again.api);
    expect(again.writes).toEqual([]);
    expect(await eventCount(stack.env, item.id)).toBe(events);
  });

  it("'mine' keeps the clerk's values and the next push overwrites the server knowingly", async () => {
    const item = await seedItem(stack.env, { content: "甲：修订作业指导书", owner: "张三" });
    await pull();
    await invoke(stack.env.deps, "editItem", {
      as: COLLEAGUE,
      params: { id: item.id },
      ifMatch: item.etag,
      body: { owner: "赵六", leader: "孙副总" },
    });
    const { index } = rowWith(fake, "甲：修订作业指导书");
    await typeInto(fake, index, { 责任人: "钱七" });
    const result = await push();
    const outcome = result.outcomes.get(item.id) as Extract<RowOutcome, { kind: "conflict" }>;
    expect(outcome.kind).toBe("conflict");

    await resolveConflict(outcome.server, "mine", DEPARTMENTS, on(fake));
    const mine = tableRows(fake)[index]!;
    expect(mine["责任人"]).toBe("钱七");
    expect(mine["版本"]).toBe(outcome.server.etag);
    expect(String(mine["提交状态"])).toMatch(/^待提交/);

    const second = counting(stack.api);
    const pushed = await push(second.api);
    expect(pushed).toMatchObject({ updated: 1, conflicts: 0 });
    expect(second.writes).toEqual(["editItem"]);
    const server = await serverItem(stack.env, item.id);
    expect(server.owner).toBe("钱七");
    // The 分管领导 the colleague set stays: "mine" sends only what the clerk changed.
    expect(server.leader).toBe("孙副总");
    expect(String(tableRows(fake)[index]!["提交状态"])).toMatch(/^已提交/);
  });
});

describe("提交更改：状态列", () => {
  it("拟办 → 已立项 typed into 状态 is the leader's approval; 已立项 → 已下发 is explained (生成通知单)", async () => {
    const draft = await seedItem(stack.env, { content: "甲：待审定事项" }, "draft");
    await pull();
    const { index } = rowWith(fake, "甲：待审定事项");
    await typeInto(fake, index, { 状态: "已立项" }, { paste: false });
    const first = counting(stack.api);
    expect(await push(first.api)).toMatchObject({ updated: 1, rejected: 0 });
    expect(first.writes).toEqual(["runAction:approve"]);
    const approved = await serverItem(stack.env, draft.id);
    expect(approved.status).toBe("registered");
    expect(approved.registeredDate).toBe("2026-11-02");
    const row = tableRows(fake)[index]!;
    expect(row["状态"]).toBe("已立项");
    expect(String(row["提交状态"])).toMatch(/^已提交/);

    await typeInto(fake, index, { 状态: "已下发" }, { paste: false });
    const second = counting(stack.api);
    const result = await push(second.api);
    expect(second.writes).toEqual([]);
    expect(result.rejected).toBe(1);
    const explained = tableRows(fake)[index]!;
    expect(String(explained["提交状态"])).toMatch(/^已拒绝：/);
    expect(String(explained["提交状态"])).toContain("生成通知单");
    expect(explained["状态"]).toBe("已下发");
    expect((await serverItem(stack.env, draft.id)).status).toBe("registered");
  });
});

describe("提交更改：网络", () => {
  it("a create whose answer was lost is not duplicated by the next push (the key stays in the row)", async () => {
    await pull();
    await typeNewRows(fake, [NEW_ROW]);
    const lossy = wrapApi(stack.api, {
      createItem: async (real, ...args) => {
        await real.createItem(...args);
        throw networkError();
      },
    });
    const first = await push(lossy);
    expect(first.unsent).toBe(1);
    const { row } = rowWith(fake, NEW_ROW.督办事项内容);
    expect(String(row["提交状态"])).toMatch(/^未发送/);
    expect(String(row["幂等键"])).not.toBe("");
    expect(row["事项编号"]).toBe("");
    expect(await serverItems(stack.env)).toHaveLength(1);

    const second = await push();
    expect(second.created).toBe(1);
    const server = await serverItems(stack.env);
    expect(server).toHaveLength(1);
    expect(rowWith(fake, NEW_ROW.督办事项内容).row["事项编号"]).toBe(server[0]!.id);
    expect(String(state(NEW_ROW.督办事项内容))).toMatch(/^已提交/);
  });

  it("when the item calls cannot reach the server, rows show 未发送 and are sent once later", async () => {
    const a = await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await pull();
    await typeNewRows(fake, [NEW_ROW]);
    await typeInto(fake, rowWith(fake, "甲：修订作业指导书").index, { 责任人: "张三丰" });
    const down = createApiClient({ baseUrl: "http://127.0.0.1:9/api", identity: CLERK, timeoutMs: 2000 });
    const flaky = wrapApi(stack.api, {
      createItem: (_real, ...args) => down.createItem(...args),
      editItem: (_real, ...args) => down.editItem(...args),
      runAction: (_real, ...args) => down.runAction(...args),
    });
    const result = await push(flaky);
    expect(result).toMatchObject({ created: 0, updated: 0, unsent: 2 });
    expect(state(NEW_ROW.督办事项内容)).toMatch(/^未发送/);
    expect(state("甲：修订作业指导书")).toMatch(/^未发送/);
    expect((await pendingRows(on(fake))).map((p) => p.kind).sort()).toEqual(["unsent", "unsent"]);
    expect(await serverItems(stack.env)).toHaveLength(1);

    const later = counting(stack.api);
    expect(await push(later.api)).toMatchObject({ created: 1, updated: 1, unsent: 0 });
    expect(later.writes.sort()).toEqual(["createItem", "editItem"]);
    expect(await serverItems(stack.env)).toHaveLength(2);
    expect((await serverItem(stack.env, a.id)).owner).toBe("张三丰");
    const after = counting(stack.api);
    await push(after.api);
    expect(after.writes).toEqual([]);
  });

  it("when the whole server is unreachable, rows show 未发送 (not lost) and are sent once later", async () => {
    await pull();
    await typeNewRows(fake, [NEW_ROW]);
    const down = createApiClient({ baseUrl: "http://127.0.0.1:9/api", identity: CLERK, timeoutMs: 2000 });
    const outcome = await push(down).then(
      (r) => r,
      (e: unknown) => e,
    );
    expect(outcome, String(outcome)).not.toBeInstanceOf(Error);
    expect(state(NEW_ROW.督办事项内容)).toMatch(/^未发送/);
    expect(await push()).toMatchObject({ created: 1 });
    expect(await serverItems(stack.env)).toHaveLength(1);
  });

  it("a row the user edits while the push is in flight is not overwritten", async () => {
    await pull();
    const [index] = await typeNewRows(fake, [NEW_ROW]);
    const typing = wrapApi(stack.api, {
      createItem: async (real, ...args) => {
        await fake.workbook.userEdit(LIST_SHEET, at("督办事项内容", index!), [
          ["新增：编制培训计划（含外委单位）"],
        ]);
        await fake.workbook.userEdit(LIST_SHEET, at("责任人", index!), [["李四"]]);
        return real.createItem(...args);
      },
    });
    const result = await push(typing);
    expect(result.created).toBe(1);
    const [created] = await serverItems(stack.env);
    expect(created!.content).toBe(NEW_ROW.督办事项内容);

    const row = tableRows(fake)[index!]!;
    expect(row["督办事项内容"]).toBe("新增：编制培训计划（含外委单位）");
    expect(row["责任人"]).toBe("李四");
    expect(row["事项编号"]).toBe(created!.id);
    expect(String(row["提交状态"])).toMatch(/待提交/);

    // The next push sends the clerk's later typing as an edit of the same item.
    const next = counting(stack.api);
    expect(await push(next.api)).toMatchObject({ created: 0, updated: 1 });
    expect(next.writes).toEqual(["editItem"]);
    const server = await serverItems(stack.env);
    expect(server).toHaveLength(1);
    expect(server[0]).toMatchObject({ content: "新增：编制培训计划（含外委单位）", owner: "李四" });
  });
});

describe("单元格编辑状态", () => {
  it("runExcel retries while the user is editing a cell and succeeds when the edit ends", async () => {
    fake.setCellEditMode(true);
    setTimeout(() => fake.setCellEditMode(false), 60);
    const started = Date.now();
    const value = await runExcel(
      async (context) => {
        const range = context.workbook.worksheets.getItem(LIST_SHEET).getRange("A1");
        range.load("values");
        await context.sync();
        return range.values[0]![0];
      },
      { host: fake.Excel, delayMs: 20 },
    );
    expect(value).toBe("序号");
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
  });

  it("a pull started during a cell edit completes once the edit ends; gives up with a Chinese message after the retries", async () => {
    await seedItem(stack.env, { content: "甲：修订作业指导书" });
    fake.setCellEditMode(true);
    setTimeout(() => fake.setCellEditMode(false), 100);
    await pull();
    expect(rowWith(fake, "甲：修订作业指导书").row["状态"]).toBe("已立项");

    fake.setCellEditMode(true);
    const error = await runExcel(
      async (context) => {
        context.workbook.worksheets.getItem(LIST_SHEET).getRange("A1").load("values");
        await context.sync();
      },
      {
        host: fake.Excel,
        retries: 2,
        delayMs: 5,
      },
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExcelError);
    expect((error as ExcelError).code).toBe("InvalidOperationInCellEditMode");
    expect((error as ExcelError).message).toMatch(/编辑/);
    fake.setCellEditMode(false);
  });
});

// ---------------------------------------------------------------- what clerks do to the list (issue 12)

describe("提交更改：清单上的自定义列、筛选与大批粘贴", () => {
  it("with a 备注 column the clerk typed right of the table, rows are created, edited and marked; the notes stay", async () => {
    await seedItem(stack.env, { content: "甲：修订作业指导书" });
    await pull();
    const note = `${letters(HEADERS.length)}`;
    await fake.workbook.userEdit(LIST_SHEET, `${note}1`, [["备注"]]);
    await fake.workbook.userEdit(LIST_SHEET, `${note}2`, [["领导关注"]]);
    const [added] = await typeNewRows(fake, [
      NEW_ROW,
      { ...NEW_ROW, 督办事项内容: "新增：日期写错的一行", 完成时限: "下月底" },
    ]);
    await fake.workbook.userEdit(LIST_SHEET, `${note}${added! + 2}`, [["本周内提交"]]);
    await typeInto(fake, rowWith(fake, "甲：修订作业指导书").index, { 责任人: "张三丰" });

    const result = await push();
    expect(result).toMatchObject({ created: 1, updated: 1, rejected: 1 });
    expect(state("新增：日期写错的一行")).toMatch(/^已拒绝：.*完成时限/);
    expect(state("甲：修订作业指导书")).toMatch(/^已提交/);
    expect(state(NEW_ROW.督办事项内容)).toMatch(/^已提交/);
    expect(rowWith(fake, "甲：修订作业指导书").row["备注"]).toBe("领导关注");
    expect(rowWith(fake, NEW_ROW.督办事项内容).row["备注"]).toBe("本周内提交");
    expect((await pendingRows(on(fake))).map((p) => p.kind)).toEqual(["rejected"]);
  });

  it("on a filtered, sorted table every outcome lands in its own row (hidden rows included)", async () => {
    await seedItem(stack.env, { content: "甲：技术部事项", leadDept: "tech" });
    await seedItem(stack.env, { content: "乙：安全部事项", leadDept: "safety" });
    await pull();
    fake.workbook.userSortTable(LIST_TABLE, "督办事项内容", "descending");
    await typeInto(fake, rowWith(fake, "乙：安全部事项").index, { 责任人: "赵六" });
    await typeInto(fake, rowWith(fake, "甲：技术部事项").index, { 完成时限: "不是日期" });
    fake.workbook.userFilter(LIST_TABLE, "牵头部门", ["技术部"]);

    await push();
    expect(state("乙：安全部事项")).toMatch(/^已提交/);
    expect(state("甲：技术部事项")).toMatch(/^已拒绝：.*完成时限/);
    const server = await serverItems(stack.env);
    expect(server.find((i) => i.content === "乙：安全部事项")!.owner).toBe("赵六");
    expect(fake.workbook.sheet(LIST_SHEET).hiddenRows()).toEqual([2]);
  });
});

describe("提交更改：3,000 行粘贴", () => {
  it("3,000 pasted rows of 300 characters: every request under 5 MB, every row created once and marked", async () => {
    const n = 3000;
    const created = new Map<string, string>();
    const api = wrapApi(stubApi([]), {
      createItem: async (_real, input, key) => {
        const id = created.get(key) ?? `bulk-${created.size + 1}`;
        created.set(key, id);
        return apiItem({
          id,
          content: input.content,
          owner: input.owner,
          leadDept: input.leadDept,
          status: "draft",
        });
      },
    });
    const row = (i: number) => [
      "公司决策",
      `第${i + 1}项：${"落实安全评价报告质量提升专项工作".repeat(19)}`.slice(0, 300),
      "技术部",
      "技术部",
      "",
      "张三",
      "王副总",
    ];
    const block = Array.from({ length: n }, (_, i) => row(i));
    await fake.workbook.userEdit(LIST_SHEET, `C2:I2`, [block[0]!], { paste: true });
    await fake.workbook.userEdit(LIST_SHEET, `C3:I${n + 1}`, block.slice(1), { paste: true });
    fake.stats.reset();

    const result = await pushList(api, on(fake));
    expect(result.created).toBe(n);
    expect(created.size).toBe(n);
    expect(fake.stats.maxRequestBytes).toBeLessThan(5 * 1024 * 1024);
    const rows = tableRows(fake);
    expect(rows.every((r) => String(r["提交状态"]).startsWith("已提交"))).toBe(true);
    expect(new Set(rows.map((r) => r["事项编号"])).size).toBe(n);
    expect(await pendingRows(on(fake))).toEqual([]);
  });

  it("a push that breaks off part way has recorded every row the server accepted before it", async () => {
    let calls = 0;
    const api = wrapApi(stubApi([]), {
      createItem: async (_real, input) => {
        calls++;
        if (calls === 2500) throw new Error("the pane was closed");
        return apiItem({ id: `part-${calls}`, content: input.content, status: "draft" });
      },
    });
    const block = Array.from({ length: 3000 }, (_, i) => [
      "公司决策",
      `第${i + 1}项：${"落实安全评价报告质量提升专项工作".repeat(19)}`.slice(0, 300),
      "技术部",
      "技术部",
    ]);
    await fake.workbook.userEdit(LIST_SHEET, `C2:F2`, [block[0]!], { paste: true });
    await fake.workbook.userEdit(LIST_SHEET, `C3:F3001`, block.slice(1), { paste: true });
    await expect(pushList(api, on(fake))).rejects.toThrow();
    const rows = tableRows(fake);
    expect(rows.slice(0, 2499).every((r) => String(r["事项编号"]).startsWith("part-"))).toBe(true);
    expect(rows.slice(2499).every((r) => r["事项编号"] === "")).toBe(true);
  });
});

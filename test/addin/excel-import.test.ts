/**
 * 导入现有台账 against the real functions and the workbook fake: a clerk's own ledger (title row, own headers,
 * department short names, dates typed as text or serials) is checked row by row in the sheet, then imported
 * with one key per row: 1,000 rows in few syncs, never twice, resumed after a broken connection or a cancel.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../../addin/src/api/client";
import {
  checkLedger,
  importLedger,
  listLedgerSources,
  readLedger,
  RESULT_HEADER,
  type LedgerSource,
} from "../../addin/src/excel/importLedger";
import { initialiseList } from "../../addin/src/excel/listSheet";
import type { ExcelFake } from "../support/excel-fake";
import {
  DEPARTMENTS,
  newWorkbook,
  on,
  realStack,
  serial,
  serverItems,
  type Stack,
  wrapApi,
} from "../support/excel-helpers";

const SHEET = "2026年督办台账";
const HEADERS = ["序号", "督办事项", "责任部门", "完成时限", "责任人", "分管领导", "备注"];
const source: LedgerSource = { kind: "sheet", name: SHEET, sheet: SHEET };

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

/** A ledger as offices keep them: a title row, then headers, then rows; every `bad`-th row has a problem. */
function writeLedger(rows: number, bad = 0) {
  fake.workbook.addSheet(SHEET);
  fake.workbook.setValues(SHEET, "A1", [["2026年度重点工作督办台账"]]);
  fake.workbook.setValues(SHEET, "A2:G2", [HEADERS]);
  const data = Array.from({ length: rows }, (_, i) => {
    const n = i + 1;
    const broken = bad > 0 && n % bad === 0;
    return [
      n,
      `第${n}项：完善安全评价档案管理`,
      broken ? "财务部" : ["技术", "安全部", "综合部"][i % 3]!,
      i % 2 ? serial("2026-12-31") : "2027年1月15日",
      "张工",
      "李总",
      i % 5 === 0 ? "年初工作会确定" : "",
    ];
  });
  fake.workbook.setValues(SHEET, `A3:G${rows + 2}`, data);
}

const resultOf = (row: number) => String(fake.workbook.sheet(SHEET).cell(`H${row + 2}`).value);

it("lists the clerk's sheets and tables, not the add-in's own", async () => {
  writeLedger(3);
  const sources = await listLedgerSources(on(fake));
  expect(sources).toContainEqual({ kind: "sheet", name: SHEET, sheet: SHEET });
  expect(sources.map((s) => s.sheet)).not.toContain("督办清单");
  const data = await readLedger(source, on(fake));
  expect(data.headers).toEqual(HEADERS);
  expect(data.rows).toHaveLength(3);
  expect(data.proposal).toEqual([null, "content", "leadDept", "deadline", "owner", "leader", "note"]);
});

describe("检查（不创建事项）", () => {
  it("marks every row in the sheet: 可导入, or 不能导入 with its Chinese reason", async () => {
    writeLedger(20, 7);
    const data = await readLedger(source, on(fake));
    const checked = await checkLedger(source, data.proposal, DEPARTMENTS, on(fake));
    expect([checked.ready, checked.refused]).toEqual([18, 2]);
    expect(fake.workbook.sheet(SHEET).cell("H2").value).toBe(RESULT_HEADER);
    expect(resultOf(1)).toBe("可导入");
    expect(resultOf(7)).toBe("不能导入：牵头部门「财务部」不在部门列表中");
    expect(await serverItems(stack.env)).toHaveLength(0);
  });
});

describe("检查一个大台账", () => {
  it("12,000 refused rows: every row marked, each write request far under Excel on the web's 5 MB", async () => {
    fake.workbook.addSheet(SHEET);
    fake.workbook.setValues(SHEET, "A1:C1", [["督办事项", "责任部门", "完成时限"]]);
    const unknown = `不存在的${"很长名称".repeat(15)}部门`;
    fake.workbook.setValues(
      SHEET,
      "A2:C12001",
      Array.from({ length: 12000 }, (_, i) => [`第${i + 1}项`, unknown, "2026-12-31"]),
    );
    const data = await readLedger(source, on(fake));
    fake.stats.reset();
    const checked = await checkLedger(source, data.proposal, DEPARTMENTS, on(fake));
    expect(checked.refused).toBe(12000);
    expect(fake.stats.maxRequestBytes).toBeLessThan(2 * 1024 * 1024);
    expect(fake.stats.syncCount).toBeLessThan(15);
    expect(String(fake.workbook.sheet(SHEET).cell("D12001").value)).toBe(
      `不能导入：牵头部门「${unknown}」不在部门列表中`,
    );
  }, 60_000);

  it("a ledger of 3,000 rows of 2,000 characters (18 MB) is read whole, in blocks under Excel on the web's 5 MB", async () => {
    fake.workbook.addSheet(SHEET);
    fake.workbook.setValues(SHEET, "A1:B1", [["督办事项", "责任部门"]]);
    fake.workbook.setValues(
      SHEET,
      "A2:B3001",
      Array.from({ length: 3000 }, (_, i) => [`第${i + 1}项${"长".repeat(1990)}`, "技术部"]),
    );
    const checked = await checkLedger(source, [`content`, `leadDept`], DEPARTMENTS, on(fake));
    expect(checked.ready).toBe(3000);
    // The first block's answer (2,000 rows, 12 MB) is refused by Excel on the web; it is read again in halves.
    expect(checked.data.rows[2999]![0]).toMatch(/^第3000项/);
    expect(String(fake.workbook.sheet(SHEET).cell("C3001").value)).toBe("可导入");
  }, 60_000);
});

describe("导入", () => {
  it("1,000 rows: created through the API in few syncs, rows marked, a second run creates nothing", async () => {
    writeLedger(1000, 100);
    const data = await readLedger(source, on(fake));
    const progress: number[] = [];
    fake.stats.reset();
    const result = await importLedger(stack.api, source, data.proposal, DEPARTMENTS, {
      ...on(fake),
      onProgress: (_m, f) => progress.push(f),
    });
    expect(result.created).toHaveLength(990);
    expect(result.refused).toBe(10);
    expect(fake.stats.syncCount).toBeLessThan(30);
    expect(fake.stats.maxRequestBytes).toBeLessThan(5 * 1024 * 1024);
    expect(progress.at(-1)).toBe(1);
    const items = await serverItems(stack.env);
    expect(items).toHaveLength(990);
    expect(items.every((i) => i.status === "draft")).toBe(true);
    const first = items.find((i) => i.content === "第1项：完善安全评价档案管理")!;
    expect(first).toMatchObject({ leadDept: "tech", deadline: "2027-01-15", owner: "张工", leader: "李总" });
    expect(first.requirements).toBe("备注：年初工作会确定");
    expect(items.find((i) => i.content === "第2项：完善安全评价档案管理")!.deadline).toBe("2026-12-31");
    expect(resultOf(1)).toMatch(/^已导入（.+）$/);
    expect(resultOf(100)).toMatch(/^不能导入：/);

    const again = await importLedger(stack.api, source, data.proposal, DEPARTMENTS, on(fake));
    expect(again.created).toHaveLength(0);
    expect(again.done).toBe(990);
    expect(await serverItems(stack.env)).toHaveLength(990);
  }, 120_000);

  it("a broken connection stops the import; running it again resumes without creating anything twice", async () => {
    writeLedger(60);
    const data = await readLedger(source, on(fake));
    let calls = 0;
    const flaky = wrapApi(stack.api, {
      createItem: async (real, input, key, signal) => {
        calls++;
        // The 30th request reaches the server but its answer is lost; later ones cannot connect.
        if (calls === 30) {
          await real.createItem(input, key, signal);
          throw new ApiError({ status: 0, code: "network", title: "服务器无法连接", detail: "断线" });
        }
        if (calls > 30)
          throw new ApiError({ status: 0, code: "network", title: "服务器无法连接", detail: "断线" });
        return real.createItem(input, key, signal);
      },
    });
    const error = await importLedger(flaky, source, data.proposal, DEPARTMENTS, on(fake)).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "network" });
    const marked = Array.from({ length: 60 }, (_, i) => resultOf(i + 1)).filter((t) =>
      t.startsWith("已导入"),
    );
    expect(marked.length).toBeGreaterThanOrEqual(25);
    expect(marked.length).toBeLessThan(60);

    const resumed = await importLedger(stack.api, source, data.proposal, DEPARTMENTS, on(fake));
    expect(resumed.created.length + marked.length).toBe(60);
    const items = await serverItems(stack.env);
    expect(items).toHaveLength(60);
    expect(new Set(items.map((i) => i.content)).size).toBe(60);
  });

  it("取消 stops before the next row; what was accepted is marked and a second run finishes the rest", async () => {
    writeLedger(40);
    const data = await readLedger(source, on(fake));
    const controller = new AbortController();
    const result = await importLedger(stack.api, source, data.proposal, DEPARTMENTS, {
      ...on(fake),
      signal: controller.signal,
      onProgress: (m, f) => m.startsWith("正在导入") && f >= 0.25 && controller.abort(),
    });
    expect(result.cancelled).toBe(true);
    expect(result.created.length).toBeLessThan(40);
    const rest = await importLedger(stack.api, source, data.proposal, DEPARTMENTS, on(fake));
    expect((await serverItems(stack.env)).length).toBe(40);
    expect(rest.done + rest.created.length).toBe(40);
  });
});

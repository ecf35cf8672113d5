/**
 * 督办清单 in Excel (DESIGN §2 "The Excel side"): 初始化清单 builds one table with the Chinese headers, hidden
 * key/version columns, dropdowns (departments through a very hidden reference sheet), date formats, a frozen
 * header, widths and 亮灯 / 超期 conditional formats — idempotently; it adopts a sheet with exactly the headers
 * and refuses to bury other content. 刷新 (pullList) writes thousands of rows in few syncs under Excel on the
 * web's 5 MB request limit, keeps server text as text, and never overwrites the clerk's unsent rows.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { COLUMNS, HEADERS, LIST_SHEET, LIST_TABLE, REFERENCE_SHEET } from "../../addin/src/excel/listModel";
import { initialiseList, pendingRows, pullList, selectedRows } from "../../addin/src/excel/listSheet";
import { ExcelError } from "../../addin/src/excel/run";
import type { Department } from "../../functions/src/domain/types";
import type { ExcelFake } from "../support/excel-fake";
import {
  apiItem,
  at,
  CLERK_HEADERS,
  colOf,
  DEPARTMENTS,
  letters,
  newWorkbook,
  on,
  rowWith,
  serial,
  stubApi,
  tableRows,
  typeInto,
  typeNewRows,
} from "../support/excel-helpers";

/** DESIGN §2, in this order. */
const DESIGN_HEADERS = [
  "序号",
  "督办文号",
  "事项来源",
  "督办事项内容",
  "被督办部门",
  "牵头部门",
  "协办部门",
  "责任人",
  "分管领导",
  "督办方式",
  "紧急程度",
  "立项日期",
  "完成时限",
  "状态",
  "亮灯",
  "超期天数",
  "最新进展",
  "办结日期",
];
const FIVE_MB = 5 * 1024 * 1024;
const isDateFormat = (f: string) => /y/.test(f) && /m/.test(f) && /d/.test(f) && f !== "General";

/** 40 departments whose names together are far over the 255-character limit of a literal list. */
const MANY_DEPARTMENTS: Department[] = Array.from({ length: 40 }, (_, i) => ({
  id: `d${i + 1}`,
  name: `陕西秦安第${i + 1}安全评价技术服务中心`,
  head: `负责人${i + 1}`,
}));

let fake: ExcelFake;
beforeEach(() => {
  fake = newWorkbook();
});

const initialise = (departments: Department[] = DEPARTMENTS) => initialiseList(departments, on(fake));

function listState() {
  const sheet = fake.workbook.sheet(LIST_SHEET);
  return {
    sheets: fake.workbook.sheetNames(),
    tables: fake.workbook.tables().map((t) => `${t.sheet}!${t.name}@${t.address}`),
    headers: fake.workbook.table(LIST_TABLE).headers,
    validations: sheet.validations(),
    conditionalFormats: sheet.conditionalFormats().map(({ id: _id, ...rest }) => rest),
    hidden: sheet.hiddenColumns(),
    freeze: sheet.freezePanes(),
    reference: fake.workbook.sheet(REFERENCE_SHEET).values("A1:A45"),
  };
}

describe("初始化清单", () => {
  it("creates 督办清单 with one table DubanList, the DESIGN §2 headers in order and hidden key/version columns", async () => {
    expect(await initialise()).toEqual({ created: true, adopted: false });
    expect(fake.workbook.sheetNames()).toContain(LIST_SHEET);
    const tables = fake.workbook.tables();
    expect(tables.map((t) => [t.name, t.sheet])).toEqual([[LIST_TABLE, LIST_SHEET]]);
    const { headers } = fake.workbook.table(LIST_TABLE);
    expect(headers.slice(0, DESIGN_HEADERS.length)).toEqual(DESIGN_HEADERS);
    expect(fake.workbook.sheet(LIST_SHEET).values(`A1:${colOf("幂等键")}1`)[0]).toEqual(headers);
    // Every column that is not in the design is hidden except 提交状态, where the clerk reads each row's outcome.
    const hidden = fake.workbook.sheet(LIST_SHEET).hiddenColumns();
    for (const h of ["事项编号", "版本", "基准", "幂等键"]) expect(hidden).toContain(colOf(h));
    for (const h of [...DESIGN_HEADERS, "提交状态"]) expect(hidden).not.toContain(colOf(h));
    expect(fake.workbook.activeSheet()).toBe(LIST_SHEET);
  });

  it("puts dropdowns on 事项来源/督办方式/紧急程度/状态 (literal lists) and 牵头部门 (a range on the very hidden 督办参考)", async () => {
    await initialise();
    const sheet = fake.workbook.sheet(LIST_SHEET);
    const list = (header: string) => {
      const v = sheet.cell(at(header, 0)).validation as { rule?: { list?: { source?: string } } } | null;
      return v?.rule?.list?.source;
    };
    expect(list("事项来源")!.split(",")).toEqual(["上级部署", "公司决策", "工作要点", "专项督办", "其他"]);
    expect(list("督办方式")!.split(",")).toEqual(["跟踪督办", "联合督办", "现场督办"]);
    expect(list("紧急程度")!.split(",")).toEqual(["普通", "特急", "特别重大"]);
    expect(list("状态")!.split(",")).toEqual([
      "拟办",
      "已立项",
      "已下发",
      "办理中",
      "申请延期",
      "已报告",
      "已办结",
      "已撤销",
    ]);
    expect(list("牵头部门")).toMatch(/^=('?)督办参考\1!\$A\$\d+:\$A\$\d+$/);
    expect(fake.workbook.sheet(REFERENCE_SHEET).visibility).toBe("VeryHidden");
    // The dropdown really offers the departments (the fake resolves the range like Excel).
    await fake.workbook.userPickFromDropdown(LIST_SHEET, at("牵头部门", 0), "安全部");
    expect(sheet.cell(at("牵头部门", 0)).value).toBe("安全部");
    await fake.workbook.userPickFromDropdown(LIST_SHEET, at("紧急程度", 0), "特急");
  });

  it("works with 40 departments whose names exceed the 255-character literal limit", async () => {
    expect(MANY_DEPARTMENTS.map((d) => d.name).join(",").length).toBeGreaterThan(255);
    await initialise(MANY_DEPARTMENTS);
    const ref = fake.workbook.sheet(REFERENCE_SHEET);
    const source = (
      fake.workbook.sheet(LIST_SHEET).cell(at("牵头部门", 0)).validation as {
        rule: { list: { source: string } };
      }
    ).rule.list.source;
    const [, first, last] = /\$A\$(\d+):\$A\$(\d+)$/.exec(source)!;
    const offered = ref.values(`A${first}:A${last}`).map((r) => r[0]);
    expect(offered).toEqual(MANY_DEPARTMENTS.map((d) => d.name));
    await fake.workbook.userPickFromDropdown(LIST_SHEET, at("牵头部门", 0), MANY_DEPARTMENTS[39]!.name);
  });

  it("formats 完成时限/立项日期/办结日期 as dates, freezes the header row and sets the column widths", async () => {
    await initialise();
    const sheet = fake.workbook.sheet(LIST_SHEET);
    for (const h of ["完成时限", "立项日期", "办结日期"])
      expect(isDateFormat(sheet.cell(at(h, 0)).numberFormat), h).toBe(true);
    expect(sheet.freezePanes()).toEqual({ rows: 1, columns: 0 });
    for (const c of COLUMNS.filter((c) => c.kind !== "hidden"))
      expect(sheet.columnWidth(colOf(c.header)), c.header).toBeGreaterThan(20);
    expect(sheet.columnWidth(colOf("督办事项内容"))).toBeGreaterThan(3 * sheet.columnWidth(colOf("序号")));
  });

  it("adds conditional formats for 亮灯 and for overdue rows, which apply to pulled rows", async () => {
    await initialise();
    const cfs = fake.workbook.sheet(LIST_SHEET).conditionalFormats();
    const lightCol = colOf("亮灯");
    const lights = cfs.filter((cf) => cf.addresses.some((a) => a.startsWith(lightCol)));
    const texts = lights.map((cf) => JSON.stringify(cf.rule));
    for (const t of ["红灯", "黄灯", "绿灯", "灰灯"])
      expect(
        texts.some((r) => r.includes(t)),
        t,
      ).toBe(true);
    expect(
      cfs.some((cf) => cf.type === "Custom" && JSON.stringify(cf.rule).includes(colOf("超期天数"))),
    ).toBe(true);

    const api = stubApi([
      apiItem({ content: "超期事项", status: "in_progress", light: "red", overdueDays: 12, overdue: true }),
      apiItem({ content: "正常事项", status: "in_progress", light: "green" }),
      apiItem({ content: "已办结事项", status: "closed", light: "grey", closedDate: "2026-10-30" }),
    ]);
    await pullList(api, {}, on(fake));
    const sheet = fake.workbook.sheet(LIST_SHEET);
    const fillOf = (address: string) =>
      (sheet.cell(address).conditionalFormat as { fillColor?: string } | null)?.fillColor ?? null;
    const red = rowWith(fake, "超期事项").index;
    const green = rowWith(fake, "正常事项").index;
    const grey = rowWith(fake, "已办结事项").index;
    expect(sheet.cell(at("亮灯", red)).value).toBe("红灯");
    expect(fillOf(at("亮灯", red))).not.toBeNull();
    expect(fillOf(at("亮灯", green))).not.toBeNull();
    expect(fillOf(at("亮灯", red))).not.toBe(fillOf(at("亮灯", green)));
    expect(fillOf(at("亮灯", grey))).not.toBe(fillOf(at("亮灯", green)));
    // The overdue row is highlighted across, the on-time row is not.
    expect(fillOf(at("督办事项内容", red))).not.toBeNull();
    expect(fillOf(at("督办事项内容", green))).toBeNull();
  });

  it("running it twice changes nothing and duplicates nothing", async () => {
    await initialise();
    const first = listState();
    expect(await initialise()).toEqual({ created: false, adopted: false });
    expect(listState()).toEqual(first);
    expect(fake.workbook.tables()).toHaveLength(1);

    // Also with rows in the table: the formats follow the rows, nothing is added twice.
    await pullList(stubApi([apiItem(), apiItem(), apiItem()]), {}, on(fake));
    const withRows = listState();
    const rows = tableRows(fake);
    await initialise();
    expect(listState()).toEqual(withRows);
    expect(tableRows(fake)).toEqual(rows);
  });

  it("adopts a sheet that already has exactly the headers", async () => {
    fake.workbook.addSheet(LIST_SHEET);
    fake.workbook.setValues(LIST_SHEET, `A1:${colOf("幂等键")}1`, [HEADERS]);
    expect(await initialise()).toEqual({ created: false, adopted: true });
    expect(fake.workbook.tables().map((t) => [t.name, t.sheet])).toEqual([[LIST_TABLE, LIST_SHEET]]);
    expect(fake.workbook.table(LIST_TABLE).headers).toEqual(HEADERS);
    expect(fake.workbook.sheet(LIST_SHEET).freezePanes()).toEqual({ rows: 1, columns: 0 });
    expect(fake.workbook.sheet(LIST_SHEET).hiddenColumns()).toContain(colOf("事项编号"));
  });

  it("adopting a sheet whose clerk already typed rows under the headers keeps every typed row in the table", async () => {
    fake.workbook.addSheet(LIST_SHEET);
    fake.workbook.setValues(LIST_SHEET, `A1:${colOf("幂等键")}1`, [HEADERS]);
    const typed = ["手工登记事项一", "手工登记事项二", "手工登记事项三"];
    typed.forEach((content, i) => {
      fake.workbook.setValues(LIST_SHEET, at("事项来源", i), "公司决策");
      fake.workbook.setValues(LIST_SHEET, at("督办事项内容", i), content);
      fake.workbook.setValues(LIST_SHEET, at("牵头部门", i), "技术部");
    });
    await initialise();
    expect(tableRows(fake).map((r) => r["督办事项内容"])).toEqual(typed);
  });

  it("adopting a sheet where the clerk typed a column of their own right of the headers takes it into the table", async () => {
    fake.workbook.addSheet(LIST_SHEET);
    fake.workbook.setValues(LIST_SHEET, `A1:${colOf("幂等键")}1`, [HEADERS]);
    const own = letters(HEADERS.length);
    fake.workbook.setValues(LIST_SHEET, `${own}1`, [["备注"]]);
    const typed = [
      ["手工登记事项一", "已电话提醒"],
      ["手工登记事项二", "待领导批示"],
    ];
    typed.forEach(([content, note], i) => {
      fake.workbook.setValues(LIST_SHEET, at("事项来源", i), "公司决策");
      fake.workbook.setValues(LIST_SHEET, at("督办事项内容", i), content!);
      fake.workbook.setValues(LIST_SHEET, at("牵头部门", i), "技术部");
      fake.workbook.setValues(LIST_SHEET, `${own}${i + 2}`, note!);
    });
    expect(await initialise()).toEqual({ created: false, adopted: true });
    expect(fake.workbook.table(LIST_TABLE).headers).toEqual([...HEADERS, "备注"]);
    // The clerk's column is part of the rows: it moves with them when the table is sorted or refreshed.
    fake.workbook.userSortTable(LIST_TABLE, "督办事项内容", "ascending"); // by pinyin: 二 (er) before 一 (yi)
    expect(tableRows(fake).map((r) => [r["督办事项内容"], r["备注"]])).toEqual([...typed].reverse());
  });

  it("refuses a sheet 督办清单 with other content: a clear Chinese message, nothing changed", async () => {
    fake.workbook.addSheet(LIST_SHEET);
    fake.workbook.setValues(LIST_SHEET, "A1:B2", [
      ["会议纪要", "2026年10月"],
      ["议题", "安全检查"],
    ]);
    const before = {
      sheets: fake.workbook.sheetNames(),
      values: fake.workbook.sheet(LIST_SHEET).values("A1:Z10"),
      freeze: fake.workbook.sheet(LIST_SHEET).freezePanes(),
      validations: fake.workbook.sheet(LIST_SHEET).validations(),
    };
    const error = await initialise().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExcelError);
    expect((error as ExcelError).message).toMatch(/督办清单/);
    expect((error as ExcelError).message).toMatch(/[\u4e00-\u9fff]{4,}/);
    expect(fake.workbook.tables()).toEqual([]);
    expect({
      sheets: fake.workbook.sheetNames(),
      values: fake.workbook.sheet(LIST_SHEET).values("A1:Z10"),
      freeze: fake.workbook.sheet(LIST_SHEET).freezePanes(),
      validations: fake.workbook.sheet(LIST_SHEET).validations(),
    }).toEqual(before);
  });
});

// ---------------------------------------------------------------- pull

const manyItems = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    apiItem({
      id: `bulk-${String(i + 1).padStart(5, "0")}`,
      content: `落实公司第${i + 1}号决策事项：完成安全评价报告质量提升专项工作并按季度报送进展`,
      latestProgress: i % 3 === 0 ? "已完成初稿，正在内部审核" : null,
      noticeNumber: `陕秦安督字〔2026〕${i + 1}号`,
      status: "in_progress",
      registeredDate: "2026-03-02",
      deadline: i % 2 ? "2026-12-31" : "2027-01-15",
      effectiveDeadline: i % 2 ? "2026-12-31" : "2027-01-15",
      etag: `W/"datetime'2026-10-08T02%3A00%3A00.${String(i).padStart(7, "0")}Z'"`,
    }),
  );

describe("刷新 (pullList)", () => {
  it("pulls 5,000 rows in at most 3 syncs, every request under 5 MB, exactly the items in order with 序号", async () => {
    await initialise();
    const items = manyItems(5000);
    const api = stubApi(items);
    fake.stats.reset();
    const result = await pullList(api, {}, on(fake));
    expect.soft(fake.stats.syncCount, "syncs around pullList").toBeLessThanOrEqual(3);
    expect(fake.stats.maxRequestBytes).toBeLessThan(FIVE_MB);
    expect(result).toMatchObject({ total: 5000, pending: 0, added: 0 });

    const rows = tableRows(fake);
    expect(rows).toHaveLength(5000);
    expect(rows.map((r) => r["事项编号"])).toEqual(items.map((i) => i.id));
    expect(rows.map((r) => r["序号"])).toEqual(items.map((_, i) => i + 1));
    expect(rows.map((r) => r["督办事项内容"])).toEqual(items.map((i) => i.content));
    expect(rows[4999]!["督办文号"]).toBe("陕秦安督字〔2026〕5000号");
  });

  it("writes dates as serial numbers with a date format, never as text", async () => {
    await initialise();
    await pullList(stubApi(manyItems(50)), {}, on(fake));
    const sheet = fake.workbook.sheet(LIST_SHEET);
    for (const i of [0, 1, 49]) {
      const deadline = sheet.cell(at("完成时限", i));
      expect(deadline.value).toBe(serial(i % 2 ? "2026-12-31" : "2027-01-15"));
      expect(deadline.valueType).toBe("Double");
      expect(isDateFormat(deadline.numberFormat)).toBe(true);
      expect(deadline.text).toBe(i % 2 ? "2026-12-31" : "2027-01-15");
      const registered = sheet.cell(at("立项日期", i));
      expect(registered.value).toBe(serial("2026-03-02"));
      expect(isDateFormat(registered.numberFormat)).toBe(true);
    }
    await pullList(
      stubApi([apiItem({ status: "closed", light: "grey", closedDate: "2026-10-30" })]),
      {},
      on(fake),
    );
    const closed = sheet.cell(at("办结日期", 0));
    expect(closed.value).toBe(serial("2026-10-30"));
    expect(isDateFormat(closed.numberFormat)).toBe(true);
  });

  it("keeps 20,000 rows under 5 MB per request (more syncs allowed), and refreshes them again", async () => {
    await initialise();
    const items = manyItems(20_000);
    fake.stats.reset();
    await pullList(stubApi(items), {}, on(fake));
    expect(fake.stats.maxRequestBytes).toBeLessThan(FIVE_MB);
    expect(tableRows(fake)).toHaveLength(20_000);

    // A refresh of the full table reads it back first: that read must stay under the 5 MB response limit too.
    items[10]!.content = "服务器上已更新的内容";
    fake.stats.reset();
    await pullList(stubApi(items), {}, on(fake));
    expect(fake.stats.maxRequestBytes).toBeLessThan(FIVE_MB);
    const rows = tableRows(fake);
    expect(rows).toHaveLength(20_000);
    expect(rows[10]!["督办事项内容"]).toBe("服务器上已更新的内容");
  }, 60_000);

  it("rows the server no longer lists go away, down to an empty table (no stale rows left behind)", async () => {
    await initialise();
    const api = stubApi([
      apiItem({ content: "旧事项一" }),
      apiItem({ content: "旧事项二" }),
      apiItem({ content: "旧事项三" }),
    ]);
    await pullList(api, {}, on(fake));
    api.items = [api.items[1]!];
    expect(await pullList(api, {}, on(fake))).toMatchObject({ total: 1 });
    expect(tableRows(fake).map((r) => r["督办事项内容"])).toEqual(["旧事项二"]);

    api.items = [];
    expect(await pullList(api, {}, on(fake))).toMatchObject({ total: 0 });
    const rows = tableRows(fake);
    expect(rows.length).toBeLessThanOrEqual(1);
    for (const row of rows) expect(Object.values(row).every((v) => v === "")).toBe(true);
  });

  it("lands formula-like and numeric-looking text from the server as the original text", async () => {
    await initialise();
    const tricky = [
      "=SUM(A1)",
      "+86 123",
      "-1",
      "@home",
      "001",
      "1,234",
      "50%",
      "TRUE",
      "2026-12-31",
      "'quoted",
    ];
    const items = tricky.map((t, i) =>
      apiItem({
        id: `tricky-${i}`,
        content: t,
        supervisedDept: t,
        owner: t,
        leader: t,
        latestProgress: t,
        noticeNumber: t,
      }),
    );
    await pullList(stubApi(items), {}, on(fake));
    const sheet = fake.workbook.sheet(LIST_SHEET);
    tricky.forEach((t, i) => {
      for (const h of ["督办事项内容", "被督办部门", "责任人", "分管领导", "最新进展", "督办文号"]) {
        const cell = sheet.cell(at(h, i));
        expect({ h, t, formula: cell.formula, value: cell.value, type: cell.valueType }).toEqual({
          h,
          t,
          formula: null,
          value: t,
          type: "String",
        });
      }
    });
  });

  it("keeps the clerk's edited and new rows untouched and marks them 待提交, while other rows refresh", async () => {
    await initialise();
    const items = [
      apiItem({ id: "p-1", content: "事项一：修订作业指导书", owner: "张三" }),
      apiItem({ id: "p-2", content: "事项二：完善安全台账", owner: "李四" }),
      apiItem({ id: "p-3", content: "事项三：年度培训计划", owner: "王五" }),
    ];
    const api = stubApi(items);
    await pullList(api, {}, on(fake));

    // The clerk edits row 2 and adds a row (typed, not pasted: the dropdown cells get listed values).
    await typeInto(fake, 1, { 督办事项内容: "事项二：完善安全台账（含十月检查问题）", 责任人: "李四（代）" });
    const [added] = await typeNewRows(fake, [
      {
        事项来源: "工作要点",
        督办事项内容: "新增：组织季度安全检查",
        牵头部门: "安全部",
        完成时限: "2026-12-20",
      },
    ]);
    const before = tableRows(fake);

    // Meanwhile the server changed items 1 and 2.
    api.items = [
      { ...items[0]!, owner: "张三丰", etag: 'W/"p-1-v3"', version: 3 },
      { ...items[1]!, content: "事项二：服务器上的新内容", etag: 'W/"p-2-v3"', version: 3 },
      items[2]!,
    ];
    const result = await pullList(api, {}, on(fake));
    expect(result.pending).toBe(2);
    const after = tableRows(fake);
    expect(after).toHaveLength(4);

    const pick = (row: Record<string, unknown>) =>
      Object.fromEntries(HEADERS.filter((h) => h !== "序号" && h !== "提交状态").map((h) => [h, row[h]]));
    const edited = after.find((r) => r["事项编号"] === "p-2")!;
    expect(pick(edited)).toEqual(pick(before[1]!));
    expect(edited["督办事项内容"]).toBe("事项二：完善安全台账（含十月检查问题）");
    expect(edited["责任人"]).toBe("李四（代）");
    expect(String(edited["提交状态"])).toMatch(/^待提交/);

    const fresh = after.find((r) => r["督办事项内容"] === "新增：组织季度安全检查")!;
    expect(pick(fresh)).toEqual(pick(before[added!]!));
    for (const h of CLERK_HEADERS) expect(fresh[h], h).toEqual(before[added!]![h]);
    expect(fresh["完成时限"]).toBe(serial("2026-12-20"));
    expect(String(fresh["提交状态"])).toMatch(/^待提交/);

    const refreshed = after.find((r) => r["事项编号"] === "p-1")!;
    expect(refreshed["责任人"]).toBe("张三丰");
    expect(refreshed["版本"]).toBe('W/"p-1-v3"');
    expect(String(refreshed["提交状态"])).not.toMatch(/待提交/);
    expect(after.map((r) => r["序号"])).toEqual([1, 2, 3, 4]);
  });
});

// ---------------------------------------------------------------- what clerks do to the list (issue 12)

/** The clerk's own column typed right of the table (Excel grows the table sideways). */
const OWN = letters(HEADERS.length); // X

describe("清单 as clerks use it: their own columns", () => {
  it("a 备注 column typed right of the table and its values survive pulls that add, drop and keep pending rows", async () => {
    await initialise();
    const items = [
      apiItem({ id: "o-1", content: "事项一：修订作业指导书" }),
      apiItem({ id: "o-2", content: "事项二：完善安全台账" }),
      apiItem({ id: "o-3", content: "事项三：年度培训计划" }),
    ];
    const api = stubApi(items);
    await pullList(api, {}, on(fake));
    await fake.workbook.userEdit(LIST_SHEET, `${OWN}1`, [["备注"]]);
    await fake.workbook.userEdit(LIST_SHEET, `${OWN}3`, [["跟进中，周五前回复"]]);
    await fake.workbook.userEdit(LIST_SHEET, `${OWN}4`, [["001"]]);
    expect(fake.workbook.table(LIST_TABLE).headers).toEqual([...HEADERS, "备注"]);
    await typeInto(fake, 2, { 责任人: "王五（代）" }); // a pending edit in the row with a note

    // The server drops item 1 and adds item 4: every row moves up, a new one is appended.
    api.items = [items[1]!, items[2]!, apiItem({ id: "o-4", content: "事项四：应急演练" })];
    await pullList(api, {}, on(fake));
    const rows = tableRows(fake);
    expect(fake.workbook.table(LIST_TABLE).headers).toEqual([...HEADERS, "备注"]);
    expect(rows.map((r) => [r["事项编号"], r["备注"]])).toEqual([
      ["o-2", "跟进中，周五前回复"],
      ["o-3", 1],
      ["o-4", ""],
    ]);
    expect(rowWith(fake, "事项三：年度培训计划").row["责任人"]).toBe("王五（代）");

    // And once more, nothing moving: untouched.
    await pullList(api, {}, on(fake));
    expect(tableRows(fake).map((r) => r["备注"])).toEqual(["跟进中，周五前回复", 1, ""]);
  });

  it("a column the clerk typed without a header (列1) is kept too, and the clerk may move the add-in's columns", async () => {
    await initialise();
    const api = stubApi([apiItem({ id: "m-1", content: "事项一" })]);
    await pullList(api, {}, on(fake));
    await fake.workbook.userEdit(LIST_SHEET, `${OWN}2`, [["自用"]]);
    expect(fake.workbook.table(LIST_TABLE).headers.at(-1)).toBe("列1");
    api.items = [apiItem({ id: "m-0", content: "事项零" }), ...api.items];
    await pullList(api, {}, on(fake));
    expect(tableRows(fake).map((r) => [r["事项编号"], r["列1"]])).toEqual([
      ["m-0", ""],
      ["m-1", "自用"],
    ]);
  });

  it("a column inserted between the add-in's columns: rows still read and write by header, formats follow the headers", async () => {
    await initialise();
    const api = stubApi([apiItem({ id: "i-1", content: "事项一", owner: "张三", deadline: "2026-12-31" })]);
    await pullList(api, {}, on(fake));
    // The clerk inserts a table column left of 督办事项内容 (Excel: Insert > Table Columns to the Left).
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem(LIST_TABLE);
      table.columns.add(HEADERS.indexOf("督办事项内容"), [["分类"], ["重点"]]);
      await context.sync();
    });
    api.items = [apiItem({ id: "i-0", content: "事项零", owner: "李四" }), ...api.items];
    await pullList(api, {}, on(fake));
    const rows = tableRows(fake);
    expect(rows.map((r) => [r["事项编号"], r["督办事项内容"], r["责任人"], r["分类"]])).toEqual([
      ["i-0", "事项零", "李四", ""],
      ["i-1", "事项一", "张三", "重点"],
    ]);
    await initialise();
    const headers = fake.workbook.table(LIST_TABLE).headers;
    const letter = (h: string) => letters(headers.indexOf(h));
    expect(fake.workbook.sheet(LIST_SHEET).hiddenColumns()).toEqual(
      ["事项编号", "版本", "基准", "幂等键"].map(letter),
    );
    expect(fake.workbook.sheet(LIST_SHEET).cell(`${letter("完成时限")}3`).numberFormat).toBe("yyyy-mm-dd");
  });

  it("a renamed add-in column: pull refuses with a Chinese message before any write; 初始化清单 renames it back", async () => {
    await initialise();
    const api = stubApi([apiItem({ id: "r-1", content: "事项一", owner: "张三" })]);
    await pullList(api, {}, on(fake));
    await fake.workbook.userEdit(LIST_SHEET, `${colOf("责任人")}1`, [["负责人"]]);
    const before = tableRows(fake);
    api.items = [apiItem({ id: "r-0", content: "事项零" }), ...api.items];
    const error = await pullList(api, {}, on(fake)).then(
      () => null,
      (e: unknown) => e as ExcelError,
    );
    expect(error).toBeInstanceOf(ExcelError);
    expect(error!.message).toMatch(/责任人/);
    expect(error!.message).toMatch(/初始化清单/);
    expect(tableRows(fake)).toEqual(before);

    const result = await initialise();
    expect(result.repaired).toEqual(["责任人"]);
    expect(fake.workbook.table(LIST_TABLE).headers).toEqual(HEADERS);
    expect(tableRows(fake)[0]!["责任人"]).toBe("张三");
    await pullList(api, {}, on(fake));
    expect(tableRows(fake).map((r) => r["事项编号"])).toEqual(["r-0", "r-1"]);
  });

  it("a deleted add-in column is added again by 初始化清单 with the pulled values, so no row looks edited", async () => {
    await initialise();
    const api = stubApi([apiItem({ id: "d-1", content: "事项一", leader: "王副总" })]);
    await pullList(api, {}, on(fake));
    await fake.Excel.run(async (context) => {
      context.workbook.tables.getItem(LIST_TABLE).columns.getItem("分管领导").delete();
      await context.sync();
    });
    const error = await pendingRows(on(fake)).then(
      () => null,
      (e: unknown) => e as ExcelError,
    );
    expect(error?.message).toMatch(/分管领导/);
    const result = await initialise();
    expect(result.repaired).toEqual(["分管领导"]);
    expect(fake.workbook.table(LIST_TABLE).headers).toEqual(HEADERS);
    expect(tableRows(fake)[0]!["分管领导"]).toBe("王副总");
    expect(await pendingRows(on(fake))).toEqual([]);
  });
});

describe("清单 as clerks use it: filters and sorting", () => {
  const departmentItems = () => [
    apiItem({ id: "f-1", content: "技术一", leadDept: "tech" }),
    apiItem({ id: "f-2", content: "安全一", leadDept: "safety" }),
    apiItem({ id: "f-3", content: "技术二", leadDept: "tech" }),
    apiItem({ id: "f-4", content: "综合一", leadDept: "general" }),
  ];

  it("刷新 on a table filtered by 牵头部门 gives the server's rows with the filter still applied", async () => {
    await initialise();
    const items = departmentItems();
    const api = stubApi(items);
    await pullList(api, {}, on(fake));
    fake.workbook.userFilter(LIST_TABLE, "牵头部门", ["技术部"]);
    expect(fake.workbook.sheet(LIST_SHEET).hiddenRows()).toEqual([3, 5]);

    // The server drops one row and adds two: the table must shrink and grow under the clerk's filter.
    api.items = [
      items[0]!,
      items[2]!,
      items[3]!,
      apiItem({ id: "f-5", content: "技术三", leadDept: "tech" }),
      apiItem({ id: "f-6", content: "安全二", leadDept: "safety" }),
    ];
    await pullList(api, {}, on(fake));
    const rows = tableRows(fake);
    expect(rows.map((r) => r["事项编号"])).toEqual(["f-1", "f-3", "f-4", "f-5", "f-6"]);
    // Hidden: exactly the rows not led by 技术部 (sheet rows 4 and 6).
    expect(fake.workbook.sheet(LIST_SHEET).hiddenRows()).toEqual([4, 6]);
    const criteria = await fake.Excel.run(async (context) => {
      const filter = context.workbook.tables.getItem(LIST_TABLE).autoFilter;
      filter.load("criteria");
      await context.sync();
      return filter.criteria[HEADERS.indexOf("牵头部门")];
    });
    expect(criteria).toEqual({ filterOn: "Values", values: ["技术部"] });
  });

  it("a sorted table keeps each row's key, version and cells together through 刷新", async () => {
    await initialise();
    const items = departmentItems();
    const api = stubApi(items);
    await pullList(api, {}, on(fake));
    fake.workbook.userSortTable(LIST_TABLE, "督办事项内容", "ascending"); // by pinyin: 二 (er) before 一 (yi)
    await typeInto(fake, rowWith(fake, "安全一").index, { 责任人: "赵六" });
    await pullList(api, {}, on(fake));
    for (const r of tableRows(fake)) {
      const item = items.find((i) => i.id === r["事项编号"])!;
      expect(r["督办事项内容"]).toBe(item.content);
      expect(r["版本"]).toBe(item.etag);
    }
    expect(rowWith(fake, "安全一").row["责任人"]).toBe("赵六");
  });
});

describe("清单 as clerks use it: large lists and clicks", () => {
  const longItems = (n: number, chars: number) =>
    Array.from({ length: n }, (_, i) =>
      apiItem({
        id: `long-${String(i + 1).padStart(5, "0")}`,
        content: `第${i + 1}项：${"落实安全评价报告质量提升专项工作".repeat(Math.ceil(chars / 16))}`.slice(
          0,
          chars,
        ),
      }),
    );

  it("a list whose rows are over 5 MB together is read in parts: pull, pending rows and selecting them all still work", async () => {
    await initialise();
    const items = longItems(3000, 700);
    const api = stubApi(items);
    await pullList(api, {}, on(fake));
    await typeInto(fake, 2999, { 责任人: "李四（代）" });
    const result = await pullList(api, {}, on(fake));
    expect(result).toMatchObject({ total: 3000, pending: 1 });
    expect(fake.stats.maxRequestBytes).toBeLessThan(FIVE_MB);
    expect(await pendingRows(on(fake))).toEqual([
      expect.objectContaining({ row: 2999, id: "long-03000", kind: "edited" }),
    ]);
    await fake.workbook.userSelect(LIST_SHEET, "B1:B3001");
    const all = await selectedRows(on(fake));
    expect(all.ids).toHaveLength(3000);
    expect(all.rows.at(-1)).toBe(2999);
  });

  /** A short list with an unsent edit and a newly typed row, about to be refreshed with a list of several requests. */
  async function pendingWorkBeforeALongRefresh() {
    await initialise();
    const shortList = longItems(6, 60);
    await pullList(stubApi(shortList), {}, on(fake));
    await typeInto(fake, 4, { 责任人: "李四（代）" });
    await typeNewRows(fake, [{ 督办事项内容: "新登记：尚未提交的事项", 责任人: "王五" }]);
    // The server now answers many more rows: the refresh writes them in several requests.
    const longer = [...shortList, ...longItems(3000, 700).slice(6)];
    return { api: stubApi(longer) }; // wrapped: the stub answers only scripted calls, `then` included
  }

  const expectPendingWorkKept = () => {
    const rows = tableRows(fake);
    expect(rows.filter((r) => r["督办事项内容"] === "新登记：尚未提交的事项")).toHaveLength(1);
    expect(rows.find((r) => r["事项编号"] === "long-00005")!["责任人"]).toBe("李四（代）");
  };

  it("取消 while 刷新 is writing a long list: the refresh still ends whole, no typed row or unsent edit is lost", async () => {
    const { api } = await pendingWorkBeforeALongRefresh();
    const controller = new AbortController();
    const result = await pullList(
      api,
      {},
      on(fake, {
        signal: controller.signal,
        // The clerk clicks 取消 as soon as the first rows are written.
        onProgress: (message) => void (message.startsWith("已写入") && controller.abort()),
      }),
    );
    expect(result).toMatchObject({ total: 3001, pending: 2 });
    expectPendingWorkKept();
  });

  it("a clerk who filters the table while 刷新 writes a long list loses nothing; the refresh ends whole and keeps that filter", async () => {
    const { api } = await pendingWorkBeforeALongRefresh();
    let filtered = false;
    const result = await pullList(
      api,
      {},
      on(fake, {
        onProgress: (message) => {
          // Between two of the refresh's requests the clerk filters by 牵头部门 (Excel then refuses to add rows).
          if (!filtered && message.startsWith("已写入")) {
            fake.workbook.userFilter(LIST_TABLE, "牵头部门", ["技术部"]);
            filtered = true;
          }
        },
      }),
    );
    expect(filtered).toBe(true);
    expect(result).toMatchObject({ total: 3001, pending: 2 });
    expectPendingWorkKept();
    const criteria = await fake.Excel.run(async (context) => {
      const filter = context.workbook.tables.getItem(LIST_TABLE).autoFilter;
      filter.load("criteria");
      await context.sync();
      return filter.criteria[HEADERS.indexOf("牵头部门")];
    });
    expect(criteria).toEqual({ filterOn: "Values", values: ["技术部"] });
  });

  it("a click reads only the selected rows: the bytes read do not grow with the list", async () => {
    const bytesPerClick = async (n: number) => {
      fake = newWorkbook();
      await initialise();
      await pullList(stubApi(longItems(n, 60)), {}, on(fake));
      await fake.workbook.userSelect(LIST_SHEET, `A${n - 1}:D${n}`);
      fake.stats.reset();
      const picked = await selectedRows(on(fake));
      expect(picked.ids).toEqual([
        `long-${String(n - 2).padStart(5, "0")}`,
        `long-${String(n - 1).padStart(5, "0")}`,
      ]);
      return fake.stats.responseBytes.reduce((a, b) => a + b, 0);
    };
    const small = await bytesPerClick(1000);
    const large = await bytesPerClick(5000);
    expect(large).toBeLessThan(small * 1.2);
    expect(large).toBeLessThan(20_000);
  });

  it("Ctrl-click: scattered rows in several areas are all selected", async () => {
    await initialise();
    await pullList(stubApi(longItems(10, 20)), {}, on(fake));
    await fake.workbook.userSelect(LIST_SHEET, "B3:C3,A6:A7,D6");
    const picked = await selectedRows(on(fake));
    expect(picked).toEqual({ ids: ["long-00002", "long-00005", "long-00006"], rows: [1, 4, 5] });
  });
});

describe("清单 as clerks use it: text stays text", () => {
  it("001 typed into 责任人 and 1-2 into 协办部门 stay as typed (the text columns carry the text format)", async () => {
    await initialise();
    await pullList(stubApi([apiItem({ id: "t-1", content: "事项一" })]), {}, on(fake));
    await typeInto(fake, 0, { 责任人: "001", 协办部门: "1-2" }, { paste: false });
    const [added] = await typeNewRows(fake, [{ 督办事项内容: "新增", 责任人: "002", 分管领导: "=王副总" }]);
    const sheet = fake.workbook.sheet(LIST_SHEET);
    expect(sheet.cell(at("责任人", 0)).value).toBe("001");
    expect(sheet.cell(at("协办部门", 0)).value).toBe("1-2");
    expect(sheet.cell(at("责任人", added!)).value).toBe("002");
    expect(sheet.cell(at("分管领导", added!)).formula).toBeNull();
  });

  it("department names that look like formulas or numbers land on 督办参考 as text", async () => {
    await initialise([
      { id: "a", name: "=综合部", head: "甲" },
      { id: "b", name: "+1部", head: "乙" },
      { id: "c", name: "001", head: "丙" },
    ]);
    expect(fake.workbook.sheet(REFERENCE_SHEET).values("A2:A4")).toEqual([["=综合部"], ["+1部"], ["001"]]);
  });
});

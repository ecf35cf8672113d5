// Tables: names, headers, rows.add column check and growth, overlap, row deletion, columns, ranges.
import { describe, expect, it } from "vitest";
import { newFake, rejection } from "./helpers";

const HEADERS = ["序号", "督办文号", "事项来源", "状态"];

async function tableFake(excelApi?: string) {
  const fake = newFake({ sheets: ["督办清单"], ...(excelApi ? { excelApi } : {}) });
  await fake.Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem("督办清单");
    sheet.getRange("A1:D1").values = [HEADERS];
    const table = sheet.tables.add("A1:D1", true);
    table.name = "督办事项";
    await context.sync();
  });
  return fake;
}

async function rename(name: string) {
  const fake = await tableFake();
  return fake.Excel.run(async (context) => {
    const table = context.workbook.tables.getItem("督办事项");
    table.name = name;
    table.load("name");
    await context.sync();
    return table.name;
  });
}

describe("table names", () => {
  it.each(["督办清单表", "_sync", "\\root", "T2025.v1", "Tbl_1"])("accepts %s", async (name) => {
    expect(await rename(name)).toBe(name);
  });

  it.each([
    ["with a space", "督办 事项"],
    ["starting with a digit", "2025督办"],
    ["with a hyphen", "督办-事项"],
    ["that looks like a cell reference", "A1"],
    ["that looks like a cell reference (XFD1048576)", "XFD1048576"],
    ["that looks like R1C1", "R1C1"],
    ["that is C", "c"],
    ["that is empty", ""],
  ])("refuses a name %s (InvalidArgument)", async (_why, name) => {
    expect((await rejection(rename(name))).code).toBe("InvalidArgument");
  });

  it("table names are unique in the workbook, ignoring case, across sheets", async () => {
    const fake = await tableFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        const other = context.workbook.worksheets.add("另一表");
        const t = other.tables.add("A1:B2", true);
        t.name = "督办事项";
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    // The sheet and the table were created (they came before the failing rename).
    expect(fake.workbook.tables().map((t) => t.name)).toEqual(["督办事项", "表1"]);
  });
});

describe("headers", () => {
  it("header values become unique text: duplicates renamed like Excel (状态2), blanks ColumnN, numbers text", async () => {
    const fake = newFake({ sheets: ["S"], locale: "en-US" });
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("S");
      sheet.getRange("A1:F1").values = [["状态", "状态", "", 2025, "状态", "STATUS"]];
      sheet.tables.add("A1:F3", true);
      await context.sync();
    });
    expect(fake.workbook.tables()[0]?.headers).toEqual([
      "状态",
      "状态2",
      "Column3",
      "2025",
      "状态3",
      "STATUS",
    ]);
    expect(fake.workbook.sheet("S").cell("D1").value).toBe("2025");
  });

  it("writing the header row later renames duplicates too; zh-CN names blanks 列N", async () => {
    const fake = newFake({ sheets: ["S"] });
    await fake.Excel.run(async (context) => {
      const table = context.workbook.worksheets.getItem("S").tables.add("A1:C1", true);
      table.getHeaderRowRange().values = [["责任人", "责任人", ""]];
      const names = table.columns.load("items/name");
      await context.sync();
      expect(names.items.map((c) => c.name)).toEqual(["责任人", "责任人2", "列3"]);
    });
  });

  it("hasHeaders=false generates a header and shifts the data down one row", async () => {
    const fake = newFake({ sheets: ["S"], locale: "en-US" });
    fake.workbook.setValues("S", "A1:B2", [
      ["a", "b"],
      ["c", "d"],
    ]);
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("S").tables.add("A1:B2", false);
      await context.sync();
    });
    expect(fake.workbook.table("Table1")).toMatchObject({
      address: "A1:B3",
      headers: ["Column1", "Column2"],
      rows: [
        ["a", "b"],
        ["c", "d"],
      ],
    });
  });
});

describe("rows", () => {
  it("a header-only table starts with one empty data row, which the first added row fills", async () => {
    const fake = await tableFake();
    expect(fake.workbook.table("督办事项")).toMatchObject({ address: "A1:D2", rows: [["", "", "", ""]] });
    await fake.Excel.run(async (context) => {
      context.workbook.tables.getItem("督办事项").rows.add(undefined, [
        [1, "督〔2025〕1号", "会议", "进行中"],
        [2, "督〔2025〕2号", "领导批示", "已办结"],
      ]);
      await context.sync();
    });
    expect(fake.workbook.table("督办事项")).toMatchObject({
      address: "A1:D3",
      rows: [
        [1, "督〔2025〕1号", "会议", "进行中"],
        [2, "督〔2025〕2号", "领导批示", "已办结"],
      ],
    });
  });

  it("every row must have exactly the table's column count (else InvalidArgument, nothing added)", async () => {
    const fake = await tableFake();
    for (const rows of [
      [[1, "x", "y"]],
      [[1, "x", "y", "z", "extra"]],
      [
        [1, "a", "b", "c"],
        [2, "a"],
      ],
      [1, 2, 3, 4],
    ]) {
      const error = await rejection(
        fake.Excel.run(async (context) => {
          context.workbook.tables
            .getItem("督办事项")
            .rows.add(undefined, rows as unknown as unknown[][] as (string | number)[][]);
          await context.sync();
        }),
      );
      expect(error.code).toBe("InvalidArgument");
    }
    expect(fake.workbook.table("督办事项").address).toBe("A1:D2");
  });

  it("rows are appended or inserted at an index; cells below in the table's columns shift down", async () => {
    const fake = await tableFake();
    fake.workbook.setValues("督办清单", "A10:F10", [["below", "", "", "", "", "beside"]]);
    await fake.Excel.run(async (context) => {
      const rows = context.workbook.tables.getItem("督办事项").rows;
      rows.add(null as unknown as number, [
        [1, "a", "b", "c"],
        [3, "a", "b", "c"],
      ]);
      const inserted = rows.add(1, [[2, "a", "b", "c"]]).load("index");
      const count = rows.getCount();
      await context.sync();
      expect(inserted.index).toBe(1);
      expect(count.value).toBe(3);
    });
    const sheet = fake.workbook.sheet("督办清单");
    expect(fake.workbook.table("督办事项").rows.map((r) => r[0])).toEqual([1, 2, 3]);
    expect(sheet.cell("A12").value).toBe("below");
    expect(sheet.cell("F10").value).toBe("beside");
  });

  it("values added to rows are parsed like typed input (the add-in must write text as text)", async () => {
    const fake = await tableFake();
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("督办事项");
      table.getDataBodyRange().numberFormat = [["@", "@", "@", "@"]];
      table.rows.add(undefined, [["001", "=A1", "-x", "2025-01-02"]]);
      table.rows.add(undefined, [["002", "=A1", "-x", "2025-01-02"]]);
      await context.sync();
    });
    // New rows take the text format of the row above, so both rows stay text.
    expect(fake.workbook.table("督办事项").rows).toEqual([
      ["001", "=A1", "-x", "2025-01-02"],
      ["002", "=A1", "-x", "2025-01-02"],
    ]);
  });

  it("a table cannot grow into another table's columns below it", async () => {
    const fake = await tableFake();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("督办清单").tables.add("C5:F6", true);
      await context.sync();
    });
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.tables.getItem("督办事项").rows.add(0, [[1, "a", "b", "c"]]);
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidOperation");
  });

  it("a new table cannot overlap an existing one", async () => {
    const fake = await tableFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("督办清单").tables.add("D2:E4", true);
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  it("deleting rows shifts the cells below up; the last row leaves an empty data row", async () => {
    const fake = await tableFake();
    fake.workbook.setValues("督办清单", "A10", [["below"]]);
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("督办事项");
      table.rows.add(undefined, [
        [1, "a", "b", "c"],
        [2, "a", "b", "c"],
        [3, "a", "b", "c"],
      ]);
      await context.sync();
      table.rows.getItemAt(1).delete();
      await context.sync();
    });
    expect(fake.workbook.table("督办事项").rows.map((r) => r[0])).toEqual([1, 3]);
    // A10 moved to A12 when two rows were inserted, and back to A11 with one row deleted.
    expect(fake.workbook.sheet("督办清单").cell("A11").value).toBe("below");
    await fake.Excel.run(async (context) => {
      context.workbook.tables.getItem("督办事项").rows.deleteRowsAt(0, 2);
      await context.sync();
    });
    expect(fake.workbook.table("督办事项")).toMatchObject({ address: "A1:D2", rows: [["", "", "", ""]] });
  });

  it("rows load with items/values; rows.getItemAt(i).getRange()", async () => {
    const fake = await tableFake();
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("督办事项");
      table.rows.add(undefined, [
        [1, "a", "b", "c"],
        [2, "d", "e", "f"],
      ]);
      const rows = table.rows.load("items/values, items/index");
      const second = table.rows.getItemAt(1).getRange().load("address");
      await context.sync();
      expect(rows.items.map((r) => r.values[0])).toEqual([
        [1, "a", "b", "c"],
        [2, "d", "e", "f"],
      ]);
      expect(second.address).toBe("督办清单!A3:D3");
    });
  });
});

describe("columns and ranges", () => {
  it("getHeaderRowRange / getDataBodyRange / getRange and column ranges", async () => {
    const fake = await tableFake();
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("督办事项");
      table.rows.add(undefined, [
        [1, "a", "b", "c"],
        [2, "d", "e", "f"],
      ]);
      const header = table.getHeaderRowRange().load("address");
      const body = table.getDataBodyRange().load("address");
      const all = table.getRange().load("address");
      const status = table.columns.getItem("状态").getDataBodyRange().load("values");
      const byIndex = table.columns.getItemAt(1).load("name, index, id");
      const missing = table.columns.getItemOrNullObject("没有");
      await context.sync();
      expect([header.address, body.address, all.address]).toEqual([
        "督办清单!A1:D1",
        "督办清单!A2:D3",
        "督办清单!A1:D3",
      ]);
      expect(status.values).toEqual([["c"], ["f"]]);
      expect(byIndex.toJSON()).toEqual({ name: "督办文号", index: 1, id: 2 });
      expect(missing.isNullObject).toBe(true);
    });
  });

  it("columns.add inserts a column (values include the header); column.delete removes it", async () => {
    const fake = await tableFake();
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("督办事项");
      table.columns.add(null as unknown as number, [["版本"], [1]]);
      table.columns.add(0, undefined, "key");
      await context.sync();
      table.columns.getItem("事项来源").delete();
      await context.sync();
    });
    expect(fake.workbook.table("督办事项")).toMatchObject({
      address: "A1:E2",
      headers: ["key", "序号", "督办文号", "状态", "版本"],
    });
  });

  it("table properties: style (valid names only), showFilterButton, delete", async () => {
    const fake = await tableFake();
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("督办事项");
      table.style = "TableStyleLight9";
      table.showFilterButton = false;
      await context.sync();
    });
    expect(fake.workbook.table("督办事项")).toMatchObject({
      style: "TableStyleLight9",
      showFilterButton: false,
    });
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.tables.getItem("督办事项").style = "Fancy";
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    await fake.Excel.run(async (context) => {
      context.workbook.tables.getItem("督办事项").delete();
      await context.sync();
    });
    expect(fake.workbook.tables()).toEqual([]);
    expect(fake.workbook.sheet("督办清单").usedRange()).toBeNull();
  });

  it("data validation on a column's body grows with appended rows", async () => {
    const fake = await tableFake();
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("督办事项");
      table.rows.add(undefined, [[1, "a", "b", "进行中"]]);
      table.columns.getItem("状态").getDataBodyRange().dataValidation.rule = {
        list: { inCellDropDown: true, source: "进行中,已办结" },
      };
      table.rows.add(undefined, [
        [2, "a", "b", "已办结"],
        [3, "a", "b", "进行中"],
      ]);
      await context.sync();
    });
    expect(fake.workbook.sheet("督办清单").validations()[0]?.addresses).toEqual(["D2:D4"]);
  });
});

describe("deleting through ranges", () => {
  it("getDataBodyRange().delete('Up') empties the table to one data row; partial table shifts are refused", async () => {
    const fake = await tableFake();
    fake.workbook.setValues("督办清单", "A10", [["below"]]);
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("督办事项");
      table.rows.add(undefined, [
        [1, "a", "b", "c"],
        [2, "d", "e", "f"],
        [3, "g", "h", "i"],
      ]);
      await context.sync();
      table.getDataBodyRange().delete("Up");
      await context.sync();
      context.workbook.worksheets.getItem("督办清单").getRange("B2:B3").delete("Up");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidOperation" });
    });
    expect(fake.workbook.table("督办事项")).toMatchObject({ address: "A1:D2", rows: [["", "", "", ""]] });
    expect(fake.workbook.sheet("督办清单").cell("A10").value).toBe("below");
  });
});

describe("resize and convertToRange", () => {
  it("resize (ExcelApi 1.13) keeps the header row and renames new header cells; convertToRange keeps the data", async () => {
    const fake = await tableFake("1.13");
    fake.workbook.setValues("督办清单", "E1:E3", [["状态"], ["x"], ["y"]]);
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("督办事项");
      table.resize("A1:E3");
      await context.sync();
      table.resize("A2:E3");
      await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
    });
    expect(fake.workbook.table("督办事项")).toMatchObject({
      address: "A1:E3",
      headers: [...HEADERS, "状态2"],
    });
    await fake.Excel.run(async (context) => {
      context.workbook.tables.getItem("督办事项").convertToRange();
      await context.sync();
    });
    expect(fake.workbook.tables()).toEqual([]);
    expect(fake.workbook.sheet("督办清单").values("D1:E1")).toEqual([["状态", "状态2"]]);
  });
});

describe("typing just below a table (AutoCorrect: include new rows in the table)", () => {
  /** 督办事项 A1:D3 with two rows, 督办文号 as text, a dropdown on 状态; a second table 另表 at A6:B7. */
  async function listFake() {
    const fake = await tableFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("督办清单");
      const table = context.workbook.tables.getItem("督办事项");
      table.rows.add(undefined, [
        [1, "陕秦安督字〔2026〕1号", "公司决策", "进行中"],
        [2, "陕秦安督字〔2026〕2号", "公司决策", "进行中"],
      ]);
      table.columns.getItem("督办文号").getDataBodyRange().numberFormat = [["@"], ["@"]];
      table.columns.getItem("状态").getDataBodyRange().dataValidation.rule = {
        list: { inCellDropDown: true, source: "进行中,已办结" },
      };
      sheet.getRange("A6:B6").values = [["甲", "乙"]];
      sheet.tables.add("A6:B7", true).name = "另表";
      await context.sync();
    });
    return fake;
  }

  it("the row typed just below joins the table, with the row above's formats and dropdowns", async () => {
    const fake = await listFake();
    await fake.workbook.userEdit("督办清单", "B4", [["001"]]);
    expect(fake.workbook.table("督办事项").address).toBe("A1:D4");
    const sheet = fake.workbook.sheet("督办清单");
    // Text format came with the row: "001" stays text instead of becoming the number 1.
    expect(sheet.numberFormats("B4")).toEqual([["@"]]);
    expect(sheet.cell("B4").value).toBe("001");
    // The dropdown grew with the table: typing a value outside it into the new row is refused.
    await expect(fake.workbook.userEdit("督办清单", "D4", [["乱写"]])).rejects.toThrow(/dropdown/);
    await fake.workbook.userEdit("督办清单", "D4", [["已办结"]]);
    expect(fake.workbook.table("督办事项").rows.at(-1)).toEqual(["", "001", "", "已办结"]);
  });

  it("pasting two rows just below adds both", async () => {
    const fake = await listFake();
    await fake.workbook.userEdit(
      "督办清单",
      "A4:D5",
      [
        [3, "陕秦安督字〔2026〕3号", "公司决策", "进行中"],
        [4, "陕秦安督字〔2026〕4号", "上级交办", "进行中"],
      ],
      { paste: true },
    );
    expect(fake.workbook.table("督办事项").address).toBe("A1:D5");
    expect(fake.workbook.table("督办事项").rows).toHaveLength(4);
  });

  it("a row further down, a cell a column away from the table, values written through the API, or a row running into another table do not grow it", async () => {
    const fake = await listFake();
    await fake.workbook.userEdit("督办清单", "B5", [["隔一行"]]);
    await fake.workbook.userEdit("督办清单", "F2", [["隔一列"]]);
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("督办清单").getRange("A4:D4").values = [
        [9, "接口写入", "x", "进行中"],
      ];
      await context.sync();
    });
    expect(fake.workbook.table("督办事项").address).toBe("A1:D3");
    // A paste from row 4 to row 6 would overlap 另表 (A6:B7): Excel leaves the table as it is.
    await fake.workbook.userEdit("督办清单", "C4:C6", [["a"], ["b"], ["c"]], { paste: true });
    expect(fake.workbook.table("督办事项").address).toBe("A1:D3");
  });
});

// What clerks do to a list and what Excel then does (EXCEL-FIDELITY.md): a column typed right of a table grows it
// sideways, filters hide rows and forbid inserting/deleting table rows, sorting moves whole rows, Ctrl-click
// selects several areas, a response over 5 MB delivers nothing of its sync, and a text-formatted cell keeps
// typed digits as text.
import { describe, expect, it } from "vitest";
import { newFake, rejection } from "./helpers";

async function listFake(excelApi = "1.9") {
  const fake = newFake({ sheets: ["清单"], excelApi });
  fake.workbook.setValues("清单", "A1:C5", [
    ["序号", "部门", "内容"],
    [1, "技术部", "甲"],
    [2, "安全部", "乙"],
    [3, "技术部", "丙"],
    [4, "综合部", "丁"],
  ]);
  await fake.Excel.run(async (context) => {
    context.workbook.worksheets.getItem("清单").tables.add("A1:C5", true).name = "T";
    await context.sync();
  });
  return fake;
}

describe("a column typed right of a table", () => {
  it("typing in a data row right of the table grows it sideways with a column 列1", async () => {
    const fake = await listFake();
    await fake.workbook.userEdit("清单", "D3", [["待跟进"]]);
    const t = fake.workbook.table("T");
    expect(t.address).toBe("A1:D5");
    expect(t.headers).toEqual(["序号", "部门", "内容", "列1"]);
    expect(t.rows[1]).toEqual([2, "安全部", "乙", "待跟进"]);
  });

  it("typing a header right of the table makes a column of that name; reads return the wider rows", async () => {
    const fake = await listFake();
    await fake.workbook.userEdit("清单", "D1", [["备注"]]);
    const rows = await fake.Excel.run(async (context) => {
      const body = context.workbook.tables.getItem("T").getDataBodyRange();
      body.load("values");
      await context.sync();
      return body.values;
    });
    expect(fake.workbook.table("T").headers).toEqual(["序号", "部门", "内容", "备注"]);
    expect(rows[0]).toHaveLength(4);
  });

  it("a write of the old width into the grown table's rows is InvalidArgument", async () => {
    const fake = await listFake();
    await fake.workbook.userEdit("清单", "D1", [["备注"]]);
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.tables.getItem("T").rows.add(undefined, [[5, "技术部", "戊"]]);
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
  });
});

describe("filters and sorting", () => {
  it("a filter hides rows; autoFilter reports the criteria; clearCriteria shows them again (ExcelApi 1.9)", async () => {
    const fake = await listFake();
    fake.workbook.userFilter("T", "部门", ["技术部"]);
    expect(fake.workbook.sheet("清单").hiddenRows()).toEqual([3, 5]);
    const state = await fake.Excel.run(async (context) => {
      const filter = context.workbook.tables.getItem("T").autoFilter;
      filter.load("criteria,isDataFiltered");
      await context.sync();
      return { criteria: filter.criteria, filtered: filter.isDataFiltered };
    });
    expect(state.filtered).toBe(true);
    expect(state.criteria[1]).toEqual({ filterOn: "Values", values: ["技术部"] });
    await fake.Excel.run(async (context) => {
      context.workbook.tables.getItem("T").autoFilter.clearCriteria();
      await context.sync();
    });
    expect(fake.workbook.sheet("清单").hiddenRows()).toEqual([]);
  });

  it("apply(range, column, criteria) filters again, re-evaluated over the current values", async () => {
    const fake = await listFake();
    await fake.Excel.run(async (context) => {
      const table = context.workbook.tables.getItem("T");
      table.autoFilter.apply(table.getRange(), 1, { filterOn: "Values", values: ["安全部", "综合部"] });
      await context.sync();
    });
    expect(fake.workbook.sheet("清单").hiddenRows()).toEqual([2, 4]);
  });

  it("while filtered, adding or deleting table rows fails with InsertDeleteConflict; nothing changes", async () => {
    const fake = await listFake();
    fake.workbook.userFilter("T", "部门", ["技术部"]);
    const attempts: Array<(t: Excel.Table) => void> = [
      (t) => t.rows.add(undefined, [[5, "技术部", "戊"]]),
      (t) => t.rows.deleteRowsAt(0, 1),
      (t) =>
        t
          .getDataBodyRange()
          .getRow(1)
          .delete("Up" as Excel.DeleteShiftDirection),
      (t) =>
        t
          .getDataBodyRange()
          .getRow(1)
          .insert("Down" as Excel.InsertShiftDirection),
    ];
    for (const attempt of attempts) {
      const error = await rejection(
        fake.Excel.run(async (context) => {
          attempt(context.workbook.tables.getItem("T"));
          await context.sync();
        }),
      );
      expect(error.code).toBe("InsertDeleteConflict");
    }
    expect(fake.workbook.table("T").rows).toHaveLength(4);
  });

  it("values written across a filtered range land in the hidden rows too", async () => {
    const fake = await listFake();
    fake.workbook.userFilter("T", "部门", ["技术部"]);
    await fake.Excel.run(async (context) => {
      context.workbook.tables.getItem("T").getDataBodyRange().getColumn(2).values = [
        ["a"],
        ["b"],
        ["c"],
        ["d"],
      ];
      await context.sync();
    });
    expect(fake.workbook.table("T").rows.map((r) => r[2])).toEqual(["a", "b", "c", "d"]);
  });

  it("the user sorting a table moves whole rows", async () => {
    const fake = await listFake();
    fake.workbook.userSortTable("T", "序号", "descending");
    expect(fake.workbook.table("T").rows.map((r) => r[2])).toEqual(["丁", "丙", "乙", "甲"]);
  });
});

describe("several selected areas (Ctrl-click)", () => {
  it("getSelectedRange throws InvalidSelection; getSelectedRanges (1.9) returns every area", async () => {
    const fake = await listFake();
    await fake.workbook.userSelect("清单", "A2:C2,A4:C5");
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.getSelectedRange().load("address");
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidSelection");
    const areas = await fake.Excel.run(async (context) => {
      const ranges = context.workbook.getSelectedRanges();
      ranges.areas.load("items/address");
      ranges.load("areaCount");
      await context.sync();
      return { count: ranges.areaCount, addresses: ranges.areas.items.map((a) => a.address) };
    });
    expect(areas).toEqual({ count: 2, addresses: ["清单!A2:C2", "清单!A4:C5"] });
  });
});

describe("a response over 5 MB", () => {
  it("delivers nothing loaded in that sync: rowCount loaded with it throws PropertyNotLoaded afterwards", async () => {
    const fake = newFake();
    fake.workbook.setValues(
      "Sheet1",
      "A1:A3000",
      Array.from({ length: 3000 }, () => ["y".repeat(2000)]),
    );
    const outcome = await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:A3000");
      range.load("rowCount");
      const half = range.getResizedRange(-1500, 0);
      range.load("values");
      const error = await context.sync().then(
        () => null,
        (e: OfficeExtension.Error) => e.code,
      );
      half.load("values");
      await context.sync();
      let rowCount: unknown;
      try {
        rowCount = range.rowCount;
      } catch (e) {
        rowCount = (e as OfficeExtension.Error).code;
      }
      return { error, rowCount, half: half.values.length };
    });
    expect(outcome).toEqual({
      error: "ResponsePayloadSizeLimitExceeded",
      rowCount: "PropertyNotLoaded",
      half: 1500,
    });
  });
});

describe("text-formatted cells", () => {
  it("001 and 1-2 typed into a text-formatted cell stay text; into a General cell they become a number and a date", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").numberFormat = [["@", "@"]];
      await context.sync();
    });
    await fake.workbook.userEdit("Sheet1", "A1:B1", [["001", "1-2"]]);
    await fake.workbook.userEdit("Sheet1", "A2:B2", [["001", "1-2"]]);
    const sheet = fake.workbook.sheet("Sheet1");
    expect(sheet.values("A1:B1")).toEqual([["001", "1-2"]]);
    expect(typeof sheet.cell("A2").value).toBe("number");
    expect(typeof sheet.cell("B2").value).toBe("number");
  });
});

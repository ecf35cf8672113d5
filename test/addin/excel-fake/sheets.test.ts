// Worksheets: naming rules, add/delete/visibility/position/activate, and Range navigation on a sheet.
import { describe, expect, it } from "vitest";
import { newFake, rejection } from "./helpers";

async function addSheet(name: string, existing: string[] = ["Sheet1"]) {
  const fake = newFake({ sheets: existing });
  return fake.Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.add(name);
    sheet.load("name");
    await context.sync();
    return sheet.name;
  });
}

describe("worksheet names", () => {
  it.each(["督办清单", "通知单-2025-001", "O'Brien", "A".repeat(31)])("accepts %s", async (name) => {
    expect(await addSheet(name)).toBe(name);
  });

  it.each([
    ["longer than 31 characters", "A".repeat(32)],
    ["with :", "a:b"],
    ["with \\", "a\\b"],
    ["with /", "2025/05"],
    ["with ?", "what?"],
    ["with *", "a*"],
    ["with [", "[x"],
    ["with ]", "x]"],
    ["starting with '", "'quoted"],
    ["ending with '", "quoted'"],
    ["empty", ""],
    ["reserved History", "history"],
  ])("refuses a name %s with InvalidArgument", async (_why, name) => {
    const error = await rejection(addSheet(name));
    expect(error.code).toBe("InvalidArgument");
  });

  it("a duplicate ignoring case is ItemAlreadyExists (add and rename)", async () => {
    expect((await rejection(addSheet("SHEET1"))).code).toBe("ItemAlreadyExists");
    const fake = newFake({ sheets: ["督办清单", "通知单"] });
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("通知单").name = "督办清单";
        await context.sync();
      }),
    );
    expect(error.code).toBe("ItemAlreadyExists");
  });

  it("add() without a name picks the next SheetN", async () => {
    expect(await addSheet(undefined as unknown as string, ["Sheet1", "Sheet2"])).toBe("Sheet3");
  });
});

describe("worksheets", () => {
  it("visibility Hidden/VeryHidden, but never the last visible sheet", async () => {
    const fake = newFake({ sheets: ["督办清单", "_sync"] });
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("_sync").visibility = fake.Excel.SheetVisibility
        .veryHidden as Excel.SheetVisibility;
      await context.sync();
    });
    expect(fake.workbook.sheet("_sync").visibility).toBe("VeryHidden");
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("督办清单").visibility = "Hidden";
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidOperation");
    const count = await fake.Excel.run(async (context) => {
      const visible = context.workbook.worksheets.getCount(true);
      await context.sync();
      return visible.value;
    });
    expect(count).toBe(1);
  });

  it("position moves a sheet; activate() and getActiveWorksheet()", async () => {
    const fake = newFake({ sheets: ["A", "B", "C"] });
    await fake.Excel.run(async (context) => {
      const c = context.workbook.worksheets.getItem("C");
      c.position = 0;
      c.activate();
      const active = context.workbook.worksheets.getActiveWorksheet().load("name, position");
      await context.sync();
      expect(active.name).toBe("C");
      expect(active.position).toBe(0);
    });
    expect(fake.workbook.sheetNames()).toEqual(["C", "A", "B"]);
    expect(fake.workbook.activeSheet()).toBe("C");
  });

  it("a hidden sheet cannot be activated", async () => {
    const fake = newFake({ sheets: ["A", "B"] });
    const error = await rejection(
      fake.Excel.run(async (context) => {
        const b = context.workbook.worksheets.getItem("B");
        b.visibility = "Hidden";
        b.activate();
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidOperation");
  });

  it("delete removes a sheet and its tables; proxies to it then fail with ItemNotFound", async () => {
    const fake = newFake({ sheets: ["A", "B"] });
    await fake.Excel.run(async (context) => {
      const b = context.workbook.worksheets.getItem("B");
      b.tables.add("A1:B2", true);
      await context.sync();
      b.delete();
      await context.sync();
      b.getRange("A1").values = [["x"]];
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
    });
    expect(fake.workbook.sheetNames()).toEqual(["A"]);
    expect(fake.workbook.tables()).toEqual([]);
  });

  it("the last worksheet cannot be deleted", async () => {
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").delete();
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidOperation");
  });
});

describe("ranges on a sheet", () => {
  it("address, indexes and counts, and relative ranges", async () => {
    const { Excel } = newFake({ sheets: ["督办 清单"] });
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("督办 清单");
      const base = sheet.getRange("B2:D5");
      const results = {
        base: base.load("address, rowIndex, columnIndex, rowCount, columnCount, cellCount"),
        cell: base.getCell(1, 2).load("address"),
        row: base.getRow(0).load("address"),
        column: base.getColumn(1).load("address"),
        entireColumn: base.getEntireColumn().load("address"),
        entireRow: base.getEntireRow().load("address"),
        resized: base.getResizedRange(1, -1).load("address"),
        offset: base.getOffsetRange(2, 1).load("address"),
        byIndexes: sheet.getRangeByIndexes(0, 0, 3, 2).load("address"),
        lastRow: base.getLastRow().load("address"),
        below: base.getRowsBelow(2).load("address"),
        bounding: base.getBoundingRect("F9").load("address"),
      };
      await context.sync();
      expect(results.base.toJSON()).toMatchObject({
        address: "'督办 清单'!B2:D5",
        rowIndex: 1,
        columnIndex: 1,
        rowCount: 4,
        columnCount: 3,
        cellCount: 12,
      });
      expect(results.cell.address).toBe("'督办 清单'!D3");
      expect(results.row.address).toBe("'督办 清单'!B2:D2");
      expect(results.column.address).toBe("'督办 清单'!C2:C5");
      expect(results.entireColumn.address).toBe("'督办 清单'!B:D");
      expect(results.entireRow.address).toBe("'督办 清单'!2:5");
      expect(results.resized.address).toBe("'督办 清单'!B2:C6");
      expect(results.offset.address).toBe("'督办 清单'!C4:E7");
      expect(results.byIndexes.address).toBe("'督办 清单'!A1:B3");
      expect(results.lastRow.address).toBe("'督办 清单'!B5:D5");
      expect(results.below.address).toBe("'督办 清单'!B6:D7");
      expect(results.bounding.address).toBe("'督办 清单'!B2:F9");
    });
  });

  it("ranges off the grid and bad addresses are InvalidArgument", async () => {
    const { Excel } = newFake();
    for (const f of [
      (s: Excel.Worksheet) => s.getRange("A1").getOffsetRange(-1, 0),
      (s: Excel.Worksheet) => s.getRange("XFE1"),
      (s: Excel.Worksheet) => s.getRange("A1,B2"),
      (s: Excel.Worksheet) => s.getRangeByIndexes(0, 0, 0, 1),
      (s: Excel.Worksheet) => s.getRange("A1:B2").getResizedRange(-2, 0),
    ]) {
      const error = await rejection(
        Excel.run(async (context) => {
          f(context.workbook.worksheets.getItem("Sheet1")).load("address");
          await context.sync();
        }),
      );
      expect(error.code).toBe("InvalidArgument");
    }
  });

  it("getUsedRange covers values and formatted cells; valuesOnly only values", async () => {
    const fake = newFake();
    fake.workbook.setValues("Sheet1", "B2:C3", [
      ["a", "b"],
      ["c", "d"],
    ]);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("E7").format.fill.color = "#FF0000";
      const used = sheet.getUsedRange().load("address");
      const valuesOnly = sheet.getUsedRange(true).load("address");
      await context.sync();
      expect(used.address).toBe("Sheet1!B2:E7");
      expect(valuesOnly.address).toBe("Sheet1!B2:C3");
    });
  });

  it("clear(Contents) keeps formats, clear() removes both; delete(Up) shifts cells", async () => {
    const fake = newFake();
    fake.workbook.setValues("Sheet1", "A1:A4", [["1"], ["2"], ["3"], ["4"]]);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1").format.font.bold = true;
      sheet.getRange("A1").clear(fake.Excel.ClearApplyTo.contents as Excel.ClearApplyTo);
      sheet.getRange("A2").delete("Up");
      await context.sync();
    });
    const sheet = fake.workbook.sheet("Sheet1");
    expect(sheet.values("A1:A4")).toEqual([[""], [3], [4], [""]]);
    expect(sheet.cell("A1").format.font.bold).toBe(true);
  });

  it("freezePanes.freezeRows and columnHidden/rowHidden are stored", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.freezePanes.freezeRows(1);
      sheet.getRange("S:T").columnHidden = true;
      sheet.getRange("5:6").rowHidden = true;
      const location = sheet.freezePanes.getLocationOrNullObject().load("address");
      const hidden = sheet.getRange("S:U").load("columnHidden");
      await context.sync();
      expect(location.address).toBe("Sheet1!1:1");
      expect(hidden.columnHidden).toBeNull();
    });
    const sheet = fake.workbook.sheet("Sheet1");
    expect(sheet.freezePanes()).toEqual({ rows: 1, columns: 0 });
    expect(sheet.hiddenColumns()).toEqual(["S", "T"]);
    expect(sheet.hiddenRows()).toEqual([5, 6]);
  });

  it("getSelectedRange returns what the user selected", async () => {
    const fake = newFake({ sheets: ["督办清单"] });
    await fake.workbook.userSelect("督办清单", "A3:R5");
    const address = await fake.Excel.run(async (context) => {
      const selected = context.workbook.getSelectedRange().load("address");
      await context.sync();
      return selected.address;
    });
    expect(address).toBe("督办清单!A3:R5");
  });
});

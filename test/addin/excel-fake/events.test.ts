// onChanged as Excel raises it: for user edits and add-in writes, but not for row deletions (office-js#294)
// nor for a pick from a validation dropdown on the web (#3888); context.runtime.enableEvents switches off.
import { describe, expect, it } from "vitest";
import { newFake } from "./helpers";

async function listeningFake() {
  const fake = newFake({ sheets: ["督办清单"] });
  const tableEvents: Excel.TableChangedEventArgs[] = [];
  const sheetEvents: Excel.WorksheetChangedEventArgs[] = [];
  await fake.Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem("督办清单");
    sheet.getRange("A1:C1").values = [["序号", "事项", "状态"]];
    const table = sheet.tables.add("A1:C1", true);
    table.name = "督办事项";
    table.rows.add(undefined, [
      [1, "甲", "进行中"],
      [2, "乙", "进行中"],
    ]);
    table.columns.getItem("状态").getDataBodyRange().dataValidation.rule = {
      list: { inCellDropDown: true, source: "进行中,已办结" },
    };
    await context.sync();
    table.onChanged.add(async (args) => {
      tableEvents.push(args);
    });
    sheet.onChanged.add(async (args) => {
      sheetEvents.push(args);
    });
    await context.sync();
  });
  await fake.workbook.settle();
  tableEvents.length = 0;
  sheetEvents.length = 0;
  return { fake, tableEvents, sheetEvents };
}

describe("onChanged", () => {
  it("fires for a user's edit, with the address and (single cell) details", async () => {
    const { fake, tableEvents, sheetEvents } = await listeningFake();
    await fake.workbook.userEdit("督办清单", "B2", [["甲（改）"]]);
    expect(tableEvents).toHaveLength(1);
    expect(tableEvents[0]).toMatchObject({
      type: "TableChanged",
      changeType: "RangeEdited",
      source: "Local",
      address: "B2",
      details: { valueBefore: "甲", valueAfter: "甲（改）" },
    });
    expect(sheetEvents[0]).toMatchObject({ type: "WorksheetChanged", address: "B2" });
    expect(fake.workbook.sheet("督办清单").cell("B2").value).toBe("甲（改）");
  });

  it("the handler can read the changed range through a new Excel.run", async () => {
    const { fake } = await listeningFake();
    const seen: unknown[] = [];
    await fake.Excel.run(async (context) => {
      context.workbook.tables.getItem("督办事项").onChanged.add(async (args) => {
        await fake.Excel.run(async (ctx) => {
          const range = args.getRange(ctx).load("values");
          await ctx.sync();
          seen.push(range.values);
        });
      });
      await context.sync();
    });
    await fake.workbook.userEdit("督办清单", "A3:B3", [[20, "乙（改）"]]);
    expect(seen).toEqual([[[20, "乙（改）"]]]);
  });

  it("fires nothing when the user deletes table rows (office-js#294)", async () => {
    const { fake, tableEvents, sheetEvents } = await listeningFake();
    await fake.workbook.userDeleteTableRows("督办事项", 0);
    expect(fake.workbook.table("督办事项").rows).toEqual([[2, "乙", "进行中"]]);
    expect(tableEvents).toEqual([]);
    expect(sheetEvents).toEqual([]);
  });

  it("fires nothing for a pick from a validation dropdown (Excel on the web, #3888)", async () => {
    const { fake, tableEvents, sheetEvents } = await listeningFake();
    await fake.workbook.userPickFromDropdown("督办清单", "C2", "已办结");
    expect(fake.workbook.sheet("督办清单").cell("C2").value).toBe("已办结");
    expect(tableEvents).toEqual([]);
    expect(sheetEvents).toEqual([]);
    await expect(fake.workbook.userPickFromDropdown("督办清单", "C2", "不在列表")).rejects.toThrow();
  });

  it("typing a value outside the dropdown list is refused; pasting it is not", async () => {
    const { fake } = await listeningFake();
    await expect(fake.workbook.userEdit("督办清单", "C2", [["乱写"]])).rejects.toThrow(/dropdown/);
    await fake.workbook.userEdit("督办清单", "C2", [["乱写"]], { paste: true });
    expect(fake.workbook.sheet("督办清单").cell("C2").value).toBe("乱写");
  });

  it("fires for the add-in's own writes too, unless context.runtime.enableEvents is false", async () => {
    const { fake, tableEvents, sheetEvents } = await listeningFake();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("督办清单").getRange("C3").values = [["已办结"]];
      await context.sync();
    });
    await fake.workbook.settle();
    expect(tableEvents.map((e) => [e.changeType, e.address])).toEqual([["RangeEdited", "C3"]]);
    expect(sheetEvents.map((e) => e.triggerSource)).toEqual(["ThisLocalAddin"]);
    tableEvents.length = 0;
    await fake.Excel.run(async (context) => {
      context.runtime.enableEvents = false;
      context.workbook.worksheets.getItem("督办清单").getRange("C3").values = [["进行中"]];
      context.workbook.tables.getItem("督办事项").rows.add(undefined, [[3, "丙", "进行中"]]);
      context.runtime.enableEvents = true;
      await context.sync();
    });
    await fake.workbook.settle();
    // enableEvents applies in queue order: the writes between off and on raise nothing.
    expect(tableEvents).toEqual([]);
    await fake.Excel.run(async (context) => {
      context.runtime.enableEvents = false;
      await context.sync();
    });
    await fake.workbook.userEdit("督办清单", "B2", [["x"]]);
    expect(tableEvents).toEqual([]);
  });

  it("a removed handler is not called; handler errors are collected", async () => {
    const fake = newFake();
    const calls: string[] = [];
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const handle = sheet.onChanged.add(async () => {
        calls.push("removed");
      });
      sheet.onChanged.add(async () => {
        throw new Error("handler bug");
      });
      await context.sync();
      handle.remove();
      await context.sync();
    });
    await fake.workbook.userEdit("Sheet1", "A1", [["x"]]);
    expect(calls).toEqual([]);
    expect(fake.workbook.eventErrors).toHaveLength(1);
  });

  it("the selection changes raise onSelectionChanged", async () => {
    const fake = newFake();
    const seen: string[] = [];
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").onSelectionChanged.add(async (args) => {
        seen.push(args.address);
      });
      await context.sync();
    });
    await fake.workbook.userSelect("Sheet1", "B2:C4");
    expect(seen).toEqual(["B2:C4"]);
  });
});

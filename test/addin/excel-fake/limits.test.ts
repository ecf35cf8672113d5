// Excel's limits on what a cell and a row hold: 32,767 characters in a cell, rows at most 409 points high.
import { describe, expect, it } from "vitest";
import { newFake, rejection } from "./helpers";

describe("cell and row limits", () => {
  it("a cell takes 32,767 characters; one more is InvalidArgument and nothing of that write is applied", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["字".repeat(32767)]];
      await context.sync();
    });
    expect(String(fake.workbook.sheet("Sheet1").cell("A1").value).length).toBe(32767);
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("B1:C1").values = [["ok", "x".repeat(32768)]];
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    expect(fake.workbook.sheet("Sheet1").cell("B1").value).toBe("");
  });

  it("a row is at most 409 points high: 409 is taken, 409.5 is InvalidArgument", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").format.rowHeight = 409;
      await context.sync();
    });
    expect(fake.workbook.sheet("Sheet1").rowHeight(1)).toBe(409);
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A2").format.rowHeight = 409.5;
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
  });
});

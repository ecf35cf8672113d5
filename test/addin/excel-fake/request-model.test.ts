// The Office.js request model as the fake reproduces it: proxies, load/sync, ClientResult, queued writes,
// failure semantics, payload limits, counters, cell-edit mode, OrNullObject, requirement sets.
import { describe, expect, it } from "vitest";
import { newFake, rejection, thrown } from "./helpers";

describe("proxies, load and sync", () => {
  it("reading a property before load + sync throws PropertyNotLoaded; after, the value is there", async () => {
    const { Excel } = newFake();
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
      expect(thrown(() => range.values).code).toBe("PropertyNotLoaded");
      range.load("values, address");
      expect(thrown(() => range.address).code).toBe("PropertyNotLoaded");
      await context.sync();
      expect(range.address).toBe("Sheet1!A1:B2");
      expect(range.values).toEqual([
        ["", ""],
        ["", ""],
      ]);
      expect(thrown(() => range.rowCount).code).toBe("PropertyNotLoaded");
    });
  });

  it("the error is an OfficeExtension.Error carrying code and debugInfo", async () => {
    const { Excel, OfficeExtension } = newFake();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getActiveWorksheet();
      const error = thrown(() => sheet.name);
      expect(error).toBeInstanceOf(OfficeExtension.Error);
      expect(error.code).toBe(OfficeExtension.ErrorCodes.propertyNotLoaded);
      expect(error.debugInfo.errorLocation).toBe("Worksheet.name");
    });
  });

  it("a collection's items are readable after load('items/name'), and load('name') loads the items too", async () => {
    const { Excel } = newFake({ sheets: ["督办清单", "通知单", "_sync"] });
    await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      expect(thrown(() => sheets.items).code).toBe("PropertyNotLoaded");
      sheets.load("items/name");
      await context.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(["督办清单", "通知单", "_sync"]);
      expect(thrown(() => sheets.items[0]?.visibility).code).toBe("PropertyNotLoaded");
      const tables = context.workbook.tables.load("name");
      await context.sync();
      expect(tables.items).toEqual([]);
    });
  });

  it("nested navigation paths and object load options load child objects", async () => {
    const { Excel } = newFake();
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.format.fill.color = "#FFFF00";
      range.load("format/fill/color, format/font/name");
      const other = context.workbook.worksheets.getItem("Sheet1").getRange("B1");
      other.load({ select: "address", expand: "format/font" });
      const third = context.workbook.worksheets.getItem("Sheet1").getRange("C1");
      third.load({ values: true, format: { font: { bold: true } } });
      await context.sync();
      expect(range.format.fill.color).toBe("#FFFF00");
      expect(range.format.font.name).toBe("等线");
      expect(other.format.font.size).toBe(11);
      expect(third.format.font.bold).toBe(false);
      expect(third.values).toEqual([[""]]);
    });
  });

  it("loading an unknown property fails at sync with InvalidArgument", async () => {
    const { Excel } = newFake();
    const error = await rejection(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("valuez");
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  it("ClientResult.value is available only after sync (ValueNotLoaded before)", async () => {
    const { Excel } = newFake({ sheets: ["A", "B"] });
    await Excel.run(async (context) => {
      const count = context.workbook.worksheets.getCount();
      expect(thrown(() => count.value).code).toBe("ValueNotLoaded");
      await context.sync();
      expect(count.value).toBe(2);
    });
  });

  it("writes are queued and applied only at sync, in order", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.values = [["first"]];
      range.values = [["second"]];
      expect(fake.workbook.sheet("Sheet1").cell("A1").value).toBe("");
      // The proxy shows what was set (as Office.js does), not what Excel made of it.
      expect(range.values).toEqual([["second"]]);
      await context.sync();
      expect(fake.workbook.sheet("Sheet1").cell("A1").value).toBe("second");
    });
  });

  it("Excel.run flushes what is still queued when the batch ends", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("B2").values = [[42]];
      return Promise.resolve();
    });
    expect(fake.workbook.sheet("Sheet1").cell("B2").value).toBe(42);
    expect(fake.stats.syncCount).toBe(1);
  });

  it("a batch that throws loses its unsynced operations", async () => {
    const fake = newFake();
    await expect(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("B2").values = [[42]];
        throw new Error("bug");
      }),
    ).rejects.toThrow("bug");
    expect(fake.workbook.sheet("Sheet1").cell("B2").value).toBe("");
  });

  it("a batch that does not return a promise is rejected (RunMustReturnPromise)", async () => {
    const { Excel } = newFake();
    const error = await rejection(
      Excel.run((() => undefined) as unknown as (c: Excel.RequestContext) => Promise<void>),
    );
    expect(error.code).toBe("RunMustReturnPromise");
  });
});

describe("failure semantics", () => {
  it("operations queued before the failing one are applied, the rest are not", async () => {
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("A1").values = [["applied"]];
        sheet.getRange("A2:B2").values = [["only one value"]];
        sheet.getRange("A3").values = [["not applied"]];
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    expect(error.debugInfo.statement).toBe("Range.values = ...;");
    expect(error.debugInfo.errorLocation).toBe("Range.values");
    const sheet = fake.workbook.sheet("Sheet1");
    expect(sheet.cell("A1").value).toBe("applied");
    expect(sheet.values("A2:B3")).toEqual([
      ["", ""],
      ["", ""],
    ]);
  });

  it("getItem of a missing worksheet fails at the next sync even if the object is never used", async () => {
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["before"]];
        context.workbook.worksheets.getItem("不存在");
        context.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [["after"]];
        await context.sync();
      }),
    );
    expect(error.code).toBe("ItemNotFound");
    expect(fake.workbook.sheet("Sheet1").values("A1:A2")).toEqual([["before"], [""]]);
  });

  it("loaded values of a failed sync are not delivered", async () => {
    const { Excel } = newFake();
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("address");
      context.workbook.tables.getItem("Missing");
      await expect(context.sync()).rejects.toMatchObject({ code: "ItemNotFound" });
      expect(thrown(() => range.address).code).toBe("PropertyNotLoaded");
    });
  });

  it("context.trace messages executed before the failure are on the error", async () => {
    const { Excel } = newFake();
    const error = await rejection(
      Excel.run(async (context) => {
        context.trace("step 1");
        context.workbook.worksheets.add("Sheet1");
        context.trace("step 2");
        await context.sync();
      }),
    );
    expect(error.code).toBe("ItemAlreadyExists");
    expect(error.traceMessages).toEqual(["step 1"]);
  });
});

describe("OrNullObject", () => {
  it("isNullObject is known after sync (not before), and works without load", async () => {
    const { Excel } = newFake();
    await Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("没有");
      const present = context.workbook.worksheets.getItemOrNullObject("sheet1");
      expect(thrown(() => missing.isNullObject).code).toBe("PropertyNotLoaded");
      present.load("name");
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      expect(present.name).toBe("Sheet1");
    });
  });

  it("methods on a null object are no-ops, and objects derived from it are null", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItemOrNullObject("Sample").delete();
      const range = context.workbook.tables.getItemOrNullObject("T").getDataBodyRange();
      range.load("values");
      await context.sync();
      expect(range.isNullObject).toBe(true);
      expect(range.values).toBeUndefined();
    });
    expect(fake.workbook.sheetNames()).toEqual(["Sheet1"]);
  });

  it("getUsedRangeOrNullObject is null for a blank sheet; getUsedRange gives A1", async () => {
    const { Excel } = newFake();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const maybe = sheet.getUsedRangeOrNullObject();
      const used = sheet.getUsedRange().load("address");
      await context.sync();
      expect(maybe.isNullObject).toBe(true);
      expect(used.address).toBe("Sheet1!A1");
    });
  });
});

describe("payload limits and counters", () => {
  async function requestBytesFor(value: string): Promise<number> {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[value]];
      await context.sync();
    });
    return fake.stats.requestBytes[0] ?? 0;
  }

  it("counts sync calls and request bytes, and stats can be reset", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:C1").values = [["a", "b", "c"]];
      await context.sync();
      sheet.getRange("A2:C2").values = [["x".repeat(1000), "b", "c"]];
      await context.sync();
      await context.sync();
    });
    expect(fake.stats.syncCount).toBe(3);
    expect(fake.stats.roundTrips).toBe(2);
    expect(fake.stats.requestBytes).toHaveLength(2);
    const [first = 0, second = 0] = fake.stats.requestBytes;
    expect(second).toBeGreaterThan(first + 900);
    expect(fake.stats.maxRequestBytes).toBe(second);
    fake.stats.reset();
    expect(fake.stats).toMatchObject({ syncCount: 0, roundTrips: 0, requestBytes: [], maxRequestBytes: 0 });
  });

  it("request bytes are the JSON of the operations in UTF-8 (a Chinese character is 3 bytes)", async () => {
    const a = await requestBytesFor("a");
    expect(await requestBytesFor("督")).toBe(a + 2);
    expect(await requestBytesFor("a".repeat(1001))).toBe(a + 1000);
  });

  it("a request over 5 MB fails with RequestPayloadSizeLimitExceeded and applies nothing", async () => {
    const fake = newFake();
    const rows = Array.from({ length: 6000 }, (_, i) => [`第${i}行`, "x".repeat(900)]);
    const error = await rejection(
      fake.Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("D1").values = [["small write first"]];
        sheet.getRange(`A1:B${rows.length}`).values = rows;
        await context.sync();
      }),
    );
    expect(error.code).toBe("RequestPayloadSizeLimitExceeded");
    expect(fake.stats.maxRequestBytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(fake.workbook.sheet("Sheet1").usedRange()).toBeNull();
  });

  it("the same data in chunks below 5 MB goes through", async () => {
    const fake = newFake();
    const rows = Array.from({ length: 6000 }, (_, i) => [`第${i}行`, "x".repeat(900)]);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      for (let start = 0; start < rows.length; start += 2000) {
        sheet.getRangeByIndexes(start, 0, 2000, 2).values = rows.slice(start, start + 2000);
        await context.sync();
      }
    });
    expect(fake.stats.maxRequestBytes).toBeLessThan(5 * 1024 * 1024);
    expect(fake.workbook.sheet("Sheet1").usedRange()).toBe("A1:B6000");
  });

  it("reading more than 5,000,000 cells fails (RangeExceedsLimit)", async () => {
    const { Excel } = newFake();
    const error = await rejection(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:F900000").load("values");
        await context.sync();
      }),
    );
    expect(error.code).toBe("RangeExceedsLimit");
  });

  it("a response over 5 MB fails with ResponsePayloadSizeLimitExceeded", async () => {
    const fake = newFake();
    fake.workbook.setValues(
      "Sheet1",
      "A1:A3000",
      Array.from({ length: 3000 }, () => ["y".repeat(2000)]),
    );
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:A3000").load("values, text");
        await context.sync();
      }),
    );
    expect(error.code).toBe("ResponsePayloadSizeLimitExceeded");
  });
});

describe("host state", () => {
  it("while the user edits a cell, Excel.run fails with InvalidOperationInCellEditMode; retrying later works", async () => {
    const fake = newFake();
    const batch = (context: Excel.RequestContext) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["ok"]];
      return context.sync();
    };
    fake.setCellEditMode(true);
    const error = await rejection(fake.Excel.run(batch));
    expect(error.code).toBe(fake.Excel.ErrorCodes.invalidOperationInCellEditMode);
    expect(fake.workbook.sheet("Sheet1").cell("A1").value).toBe("");
    fake.setCellEditMode(false);
    await fake.Excel.run(batch);
    expect(fake.workbook.sheet("Sheet1").cell("A1").value).toBe("ok");
  });

  it("APIs above the host's requirement set throw ApiNotFound when used, and isSetSupported says so", async () => {
    const fake = newFake({ excelApi: "1.8" });
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.8")).toBe(true);
    expect(fake.Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(false);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      expect(thrown(() => sheet.pageLayout).code).toBe("ApiNotFound");
      expect(thrown(() => sheet.getRange("A1").getMergedAreasOrNullObject()).code).toBe("ApiNotFound");
      sheet.freezePanes.freezeRows(1);
      await context.sync();
    });
    expect(newFake().Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
  });
});

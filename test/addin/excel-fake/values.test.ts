// Range.values / formulas / numberFormat / text as Excel treats them: exact shapes, typed-input parsing,
// text format, apostrophes, dates as serials, display text, merged areas.
import { describe, expect, it } from "vitest";
import { newFake, rejection } from "./helpers";

async function write(values: unknown, options: { numberFormat?: unknown; address?: string } = {}) {
  const fake = newFake();
  await fake.Excel.run(async (context) => {
    const range = context.workbook.worksheets.getItem("Sheet1").getRange(options.address ?? "A1");
    if (options.numberFormat !== undefined) range.numberFormat = options.numberFormat as string[][];
    range.values = values as unknown[][];
    await context.sync();
  });
  return fake.workbook.sheet("Sheet1");
}

describe("shape", () => {
  it("a values array must match the range's rows × columns exactly", async () => {
    const fake = newFake();
    for (const bad of [[["a"]], [["a", "b", "c"]], [["a", "b"], ["c"]], ["a", "b"]]) {
      const error = await rejection(
        fake.Excel.run(async (context) => {
          context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").values = bad as unknown[][];
          await context.sync();
        }),
      );
      expect(error.code).toBe("InvalidArgument");
    }
    expect(fake.workbook.sheet("Sheet1").usedRange()).toBeNull();
  });

  it("a single non-array value fills the whole range", async () => {
    const sheet = await write("同一值", { address: "A1:B2" });
    expect(sheet.values("A1:B2")).toEqual([
      ["同一值", "同一值"],
      ["同一值", "同一值"],
    ]);
  });

  it("null entries leave cells unchanged", async () => {
    const fake = newFake();
    fake.workbook.setValues("Sheet1", "A1:B1", [["keep", "old"]]);
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").values = [[null, "new"]];
      await context.sync();
    });
    expect(fake.workbook.sheet("Sheet1").values("A1:B1")).toEqual([["keep", "new"]]);
  });
});

describe("strings are parsed like typed input", () => {
  it.each([
    ["=1+2", 3, "=1+2"],
    ["=A2*2", 0, "=A2*2"],
    ["=UNKNOWNFN(1)", "#NAME?", "=UNKNOWNFN(1)"],
    ["+5", 5, "=+5"],
    ["-5", -5, -5],
    ["-督办", "#NAME?", "=-督办"],
    ["+86 138", "#NAME?", "=+86 138"],
    ["@督办", "#NAME?", "=督办"],
  ])("%s becomes a formula or number", async (input, value, formula) => {
    const sheet = await write([[input]]);
    expect(sheet.cell("A1").value).toBe(value);
    expect(sheet.formulas("A1")).toEqual([[formula]]);
  });

  it("a string that is not a valid formula is refused", async () => {
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["=SUM(1,2"]];
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
  });

  it("numeric-looking text becomes a number: 001 → 1, 1,234 → 1234, 50% → 0.5", async () => {
    const sheet = await write([["001", "1,234", "50%", "1e3", " 7 "]], { address: "A1:E1" });
    expect(sheet.values("A1:E1")).toEqual([[1, 1234, 0.5, 1000, 7]]);
    expect(sheet.cell("C1").text).toBe("50%");
    expect(sheet.cell("B1").text).toBe("1,234");
  });

  it("long digit strings lose precision beyond 15 digits (ID card numbers)", async () => {
    const sheet = await write([["110101199001011234"]]);
    expect(sheet.cell("A1").value).toBe(110101199001011000);
  });

  it("numberFormat '@' keeps text exactly as written, formulas and numbers included", async () => {
    const sheet = await write([["001", "=1+2", "-督办", "'引号"]], { address: "A1:D1", numberFormat: "@" });
    expect(sheet.values("A1:D1")).toEqual([["001", "=1+2", "-督办", "'引号"]]);
    expect(sheet.cell("B1").formula).toBeNull();
    expect(sheet.cell("A1").valueType).toBe("String");
  });

  it("numberFormat set in the same batch before the values applies to them (queue order)", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:A2");
      range.values = [["001"], ["002"]];
      range.numberFormat = [["@"], ["@"]];
      range.values = [["003"], [null]];
      await context.sync();
    });
    expect(fake.workbook.sheet("Sheet1").values("A1:A2")).toEqual([["003"], [2]]);
  });

  it("a leading apostrophe forces text and is not part of the value", async () => {
    const sheet = await write([["'001", "'=1+2", "'-5"]], { address: "A1:C1" });
    expect(sheet.values("A1:C1")).toEqual([["001", "=1+2", "-5"]]);
    expect(sheet.cell("B1").formula).toBeNull();
  });

  it("booleans stay booleans; TRUE/false typed as text become booleans", async () => {
    const sheet = await write([[true, "false", "TRUE"]], { address: "A1:C1" });
    expect(sheet.values("A1:C1")).toEqual([[true, false, true]]);
    expect(sheet.cell("A1").text).toBe("TRUE");
  });

  it("dates are serial numbers; typed dates get a date format, a JSON Date stays text", async () => {
    const sheet = await write(
      [["2025-05-20", "2025/5/20", "2025年5月20日", 45797, new Date(Date.UTC(2025, 4, 20))]],
      {
        address: "A1:E1",
      },
    );
    const [a, b, c, d, e] = sheet.values("A1:E1")[0] ?? [];
    expect([a, b, c, d]).toEqual([45797, 45797, 45797, 45797]);
    expect(e).toBe("2025-05-20T00:00:00.000Z");
    expect(sheet.cell("A1").text).toBe("2025/5/20");
    expect(sheet.cell("C1").text).toBe("2025年5月20日");
    expect(sheet.cell("D1").text).toBe("45797");
  });

  it("'1/2' typed into a General cell becomes a date of the current year", async () => {
    const sheet = await write([["1/2"]]);
    expect(sheet.cell("A1").value).toBe(45659);
    expect(sheet.cell("A1").text).toBe("1月2日");
  });
});

describe("number formats only change display (text)", () => {
  it.each([
    ["yyyy-mm-dd", 45797, "2025-05-20"],
    ['yyyy"年"m"月"d"日"', 45797, "2025年5月20日"],
    ["yyyy/m/d h:mm", 45797.5, "2025/5/20 12:00"],
    ["General", 45797, "45797"],
    ["General", 1 / 3, "0.333333333"],
    ["General", 1234567890123, "1.23457E+12"],
    ["0.00", 3.14159, "3.14"],
    ["#,##0", 1234567.8, "1,234,568"],
    ["0%", 0.256, "26%"],
    ['0"天"', 12, "12天"],
    ['0;-0;"-"', 0, "-"],
    ["@", 12, "12"],
  ])("%s shows %s as %s", async (format, value, text) => {
    const sheet = await write([[value]], { numberFormat: [[format]] });
    expect(sheet.cell("A1").value).toBe(Number(value.toPrecision(15)));
    expect(sheet.cell("A1").text).toBe(text);
  });

  it("numbers keep 15 significant digits, as Excel stores them", async () => {
    const sheet = await write([[0.1 + 0.2]]);
    expect(sheet.cell("A1").value).toBe(0.3);
  });

  it("Range.text, numberFormat and valueTypes read back through the API", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:C1");
      range.numberFormat = [["yyyy-mm-dd", "@", "General"]];
      range.values = [[45797, "x", true]];
      range.load("text, numberFormat, valueTypes, values");
      await context.sync();
      expect(range.text).toEqual([["2025-05-20", "x", "TRUE"]]);
      expect(range.numberFormat).toEqual([["yyyy-mm-dd", "@", "General"]]);
      expect(range.valueTypes).toEqual([["Double", "String", "Boolean"]]);
    });
  });

  it("a single numberFormat value applies to every cell, also for entire columns", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("B:B").numberFormat = "@" as unknown as string[][];
      sheet.getRange("B5").values = [["007"]];
      await context.sync();
    });
    expect(fake.workbook.sheet("Sheet1").cell("B5").value).toBe("007");
    expect(fake.workbook.sheet("Sheet1").cell("B900000").numberFormat).toBe("@");
  });
});

describe("unbounded ranges (entire columns or rows)", () => {
  it("cell-level properties read as null; address and counts are real", async () => {
    const fake = newFake();
    fake.workbook.setValues("Sheet1", "A1", [["x"]]);
    await fake.Excel.run(async (context) => {
      const column = context.workbook.worksheets.getItem("Sheet1").getRange("A:A");
      column.load("values, text, numberFormat, formulas, valueTypes, address, cellCount");
      await context.sync();
      expect([column.values, column.text, column.numberFormat, column.formulas, column.valueTypes]).toEqual([
        null,
        null,
        null,
        null,
        null,
      ]);
      expect(column.address).toBe("Sheet1!A:A");
      expect(column.cellCount).toBe(1048576);
    });
  });

  it("values cannot be written to them; a number format can, as one value or a 1×1 array", async () => {
    const fake = newFake();
    for (const write of [
      (r: Excel.Range) => (r.values = "x" as unknown as unknown[][]),
      (r: Excel.Range) => (r.formulas = [["=1"]]),
      (r: Excel.Range) => (r.numberFormat = [["@", "@"]]),
    ]) {
      const error = await rejection(
        fake.Excel.run(async (context) => {
          write(context.workbook.worksheets.getItem("Sheet1").getRange("A:B"));
          await context.sync();
        }),
      );
      expect(error.code).toBe("InvalidArgument");
    }
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("C:C").numberFormat = [["@"]];
      context.workbook.worksheets.getItem("Sheet1").getRange("3:3").numberFormat =
        "0.00" as unknown as string[][];
      await context.sync();
    });
    expect(fake.workbook.sheet("Sheet1").cell("C77").numberFormat).toBe("@");
    expect(fake.workbook.sheet("Sheet1").cell("Z3").numberFormat).toBe("0.00");
  });

  it("a 1×1 array on a bounded multi-cell range is a shape error", async () => {
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:A5").numberFormat = [["yyyy-mm-dd"]];
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidArgument");
    expect(error.message).toContain("doesn't match the size or dimensions of the range");
  });
});

describe("formulas", () => {
  it("formulas are stored and evaluated (trivially), and values follow their inputs", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:A3").values = [[2], [3], ["=SUM(A1:A2)"]];
      sheet.getRange("B1").formulas = [['=IF(A3>4,"多","少")']];
      await context.sync();
      sheet.getRange("A1").values = [[10]];
      const check = sheet.getRange("A3:B3").load("values, formulas");
      const b1 = sheet.getRange("B1").load("values");
      await context.sync();
      expect(check.formulas).toEqual([["=SUM(A1:A2)", ""]]);
      expect(check.values).toEqual([[13, ""]]);
      expect(b1.values).toEqual([["多"]]);
    });
  });
});

describe("formula functions", () => {
  it.each([
    ["=AND(ISNUMBER(A1),A1>0)", true],
    ['=IF(ISTEXT(B1),LEFT(B1,2)&MID(B1,3,1),"")', "督〔2"],
    ['=TEXT(C1,"yyyy-mm-dd")', "2025-05-20"],
    ['=IFERROR(1/0,"除零")', "除零"],
    ["=ROUND(A1/3,2)", 2.33],
    ["=TODAY()", 45797],
  ])("%s evaluates to %s", async (formula, expected) => {
    const fake = newFake();
    fake.workbook.setValues("Sheet1", "A1:C1", [[7, "督〔2025〕1号", 45797]]);
    fake.workbook.setValues("Sheet1", "D1", [[formula]]);
    expect(fake.workbook.sheet("Sheet1").cell("D1").value).toBe(expected);
  });
});

describe("merged areas", () => {
  it("writing into a merged area keeps only the top-left value", async () => {
    const fake = newFake();
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:C1").values = [["左", "中", "右"]];
      sheet.getRange("A1:C1").merge();
      await context.sync();
      const range = sheet.getRange("A1:C2");
      range.values = [
        ["甲", "乙", "丙"],
        ["1", "2", "3"],
      ];
      range.load("values");
      await context.sync();
      expect(range.values).toEqual([
        ["甲", "", ""],
        [1, 2, 3],
      ]);
    });
    expect(fake.workbook.sheet("Sheet1").cell("B1").mergedArea).toBe("A1:C1");
    expect(fake.workbook.sheet("Sheet1").merges()).toEqual(["A1:C1"]);
  });

  it("merging keeps only the upper-left value; merge(true) merges each row; unmerge", async () => {
    const fake = newFake();
    fake.workbook.setValues("Sheet1", "A1:B2", [
      ["a", "b"],
      ["c", "d"],
    ]);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      sheet.getRange("A1:B2").merge(true);
      await context.sync();
    });
    const sheet = fake.workbook.sheet("Sheet1");
    expect(sheet.merges()).toEqual(["A1:B1", "A2:B2"]);
    expect(sheet.values("A1:B2")).toEqual([
      ["a", ""],
      ["c", ""],
    ]);
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").unmerge();
      await context.sync();
    });
    expect(sheet.merges()).toEqual([]);
  });

  it("a merge that partly overlaps another merged area is refused", async () => {
    const fake = newFake();
    const error = await rejection(
      fake.Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem("Sheet1");
        sheet.getRange("A1:B1").merge();
        sheet.getRange("B1:C1").merge();
        await context.sync();
      }),
    );
    expect(error.code).toBe("InvalidOperation");
    expect(fake.workbook.sheet("Sheet1").merges()).toEqual(["A1:B1"]);
  });
});

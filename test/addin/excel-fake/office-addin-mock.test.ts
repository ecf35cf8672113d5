// The same small batch against office-addin-mock's OfficeMockObject and against the fake. The mock tracks
// load/sync order but has no Excel semantics (and reports an unsynced read as a sentinel string instead of
// throwing), which is why the Excel layer is proven against the fake.
import { OfficeMockObject } from "office-addin-mock";
import { describe, expect, it } from "vitest";
import { newFake, rejection } from "./helpers";

/** Colours the selection and returns its address, the Office.js way: load, set, sync, read. */
async function colourSelection(context: Excel.RequestContext): Promise<string> {
  const range = context.workbook.getSelectedRange();
  range.load("address");
  range.format.fill.color = "yellow";
  await context.sync();
  return range.address;
}

/** Reads a loaded property before sync: a bug both doubles should reveal. */
async function readBeforeSync(context: Excel.RequestContext): Promise<string> {
  const range = context.workbook.getSelectedRange();
  range.load("address");
  return range.address;
}

function mockExcel() {
  const data = {
    context: {
      workbook: {
        range: { address: "Sheet1!G4", format: { fill: {} } },
        getSelectedRange(this: { range: unknown }) {
          return this.range;
        },
      },
    },
    run: async function (this: { context: unknown }, batch: (context: unknown) => Promise<unknown>) {
      return batch(this.context);
    },
  };
  return new OfficeMockObject(data) as unknown as {
    run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
    context: { workbook: { range: { format: { fill: { color: string } } } } };
  };
}

describe("office-addin-mock and the fake run the same batch", () => {
  it("load → set → sync → read gives the address in both; the fake also applies Excel's colour rules", async () => {
    const mock = mockExcel();
    expect(await mock.run(colourSelection)).toBe("Sheet1!G4");
    expect(mock.context.workbook.range.format.fill.color).toBe("yellow");

    const fake = newFake();
    await fake.workbook.userSelect("Sheet1", "G4");
    expect(await fake.Excel.run(colourSelection)).toBe("Sheet1!G4");
    expect(fake.workbook.sheet("Sheet1").cell("G4").format.fill.color).toBe("#FFFF00");
  });

  it("reading before sync: the mock returns a sentinel string, the fake throws PropertyNotLoaded like Office.js", async () => {
    expect(await mockExcel().run(readBeforeSync)).toBe("Error, context.sync() was not called");
    const error = await rejection(newFake().Excel.run(readBeforeSync));
    expect(error.code).toBe("PropertyNotLoaded");
  });
});

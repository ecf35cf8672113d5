// Excel.PageLayout (ExcelApi 1.9): orientation, paper size, margins in points (properties or setPrintMargins with
// a unit), centring, print area, print titles, zoom, gridlines, headers/footers; and page breaks.
import { MAX_COLS, MAX_ROWS, rect, splitSheet, type Rect } from "../a1";
import {
  ClientCollection,
  ClientObj,
  defineNavs,
  defineScalars,
  type ScalarSpec,
  type SyncRun,
} from "../client";
import { fail } from "../errors";
import type { HeaderFooterBag, PageBreakModel, SheetModel } from "../sheet";
import { RangeAreasProxy, RangeProxy, rangeArg } from "./range";

const PAPER = [
  "Letter",
  "LetterSmall",
  "Tabloid",
  "Ledger",
  "Legal",
  "Statement",
  "Executive",
  "A3",
  "A4",
  "A4Small",
  "A5",
  "B4",
  "B5",
  "Folio",
  "Quatro",
  "Paper10x14",
  "Paper11x17",
  "Note",
  "Envelope9",
  "Envelope10",
  "Envelope11",
  "Envelope12",
  "Envelope14",
  "Csheet",
  "Dsheet",
  "Esheet",
  "EnvelopeDL",
  "EnvelopeC5",
  "EnvelopeC3",
  "EnvelopeC4",
  "EnvelopeC6",
  "EnvelopeC65",
  "EnvelopeB4",
  "EnvelopeB5",
  "EnvelopeB6",
  "EnvelopeItaly",
  "EnvelopeMonarch",
  "EnvelopePersonal",
  "FanfoldUS",
  "FanfoldStdGerman",
  "FanfoldLegalGerman",
];
const UNITS: Record<string, number> = { Points: 1, Inches: 72, Centimeters: 72 / 2.54 };

type Layout = SheetModel["pageLayout"];
type LayoutKey = keyof Omit<Layout, "headersFooters">;

function prop(key: LayoutKey, check: (v: unknown) => unknown): ScalarSpec {
  return {
    get: (s: SheetModel) => s.pageLayout[key],
    set: (s: SheetModel, v) => {
      (s.pageLayout as Record<string, unknown>)[key] = check(v);
    },
  };
}
const oneOf = (what: string, allowed: string[]) => (v: unknown) => {
  if (typeof v !== "string" || !allowed.includes(v)) fail("InvalidArgument", `${what} "${String(v)}"`);
  return v;
};
const bool = (what: string) => (v: unknown) => {
  if (typeof v !== "boolean") fail("InvalidArgument", `${what} must be a boolean`);
  return v;
};
const margin = (what: string) => (v: unknown) => {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1000)
    fail("InvalidArgument", `${what} ${String(v)}`);
  return v;
};

/** A print area string may list several areas ("A1:H30, A32:H40"), each optionally sheet-qualified. */
function printAreaRects(rt: SyncRun, s: SheetModel, value: unknown): Rect[] {
  if (value instanceof RangeProxy) return [rangeArg(rt, value, s, "setPrintArea").rect];
  if (value instanceof RangeAreasProxy) return (rt.entity(value) as { rects: Rect[] }).rects;
  if (typeof value !== "string" || value.trim() === "")
    fail("InvalidArgument", "setPrintArea needs a range or address");
  return value.split(",").map((part) => {
    const { sheet } = splitSheet(part.trim());
    if (sheet !== undefined && sheet !== s.name)
      fail("InvalidArgument", "setPrintArea: the area is on another worksheet");
    return rangeArg(rt, part.trim(), s, "setPrintArea").rect;
  });
}

export class PageLayoutProxy extends ClientObj {
  static override typeName = "PageLayout";

  setPrintMargins(unit: string, marginOptions: Record<string, number>): void {
    this._invoke("SetPrintMargins", [unit, marginOptions], (_rt, s: SheetModel, [u, m]: unknown[]) => {
      const factor = UNITS[String(u)];
      if (!factor) fail("InvalidArgument", `margin unit "${String(u)}"`);
      const keys: Record<string, LayoutKey> = {
        top: "topMargin",
        bottom: "bottomMargin",
        left: "leftMargin",
        right: "rightMargin",
        header: "headerMargin",
        footer: "footerMargin",
      };
      const options = (m ?? {}) as Record<string, unknown>;
      const next: Array<[LayoutKey, number]> = [];
      for (const [k, v] of Object.entries(options)) {
        const key = keys[k];
        if (!key) fail("InvalidArgument", `margin "${k}"`);
        next.push([key, margin(k)(v) as number]);
      }
      for (const [key, v] of next)
        (s.pageLayout as Record<string, unknown>)[key] = Math.round(v * factor * 1000) / 1000;
    });
  }
  setPrintArea(printArea: RangeProxy | string): void {
    this._invoke("SetPrintArea", [printArea], (rt, s: SheetModel, [a]: unknown[]) => {
      s.printArea = printAreaRects(rt, s, a);
    });
  }
  getPrintArea(): RangeAreasProxy {
    return this._child(RangeAreasProxy, "GetPrintArea", [], (_rt, s: SheetModel) =>
      s.printArea
        ? { sheet: s, rects: s.printArea }
        : fail("ItemNotFound", "the worksheet has no print area"),
    );
  }
  getPrintAreaOrNullObject(): RangeAreasProxy {
    return this._child(
      RangeAreasProxy,
      "GetPrintAreaOrNullObject",
      [],
      (_rt, s: SheetModel) => (s.printArea ? { sheet: s, rects: s.printArea } : null),
      {
        orNull: true,
      },
    );
  }
  setPrintTitleRows(printTitleRows: RangeProxy | string): void {
    this._invoke("SetPrintTitleRows", [printTitleRows], (rt, s: SheetModel, [a]: unknown[]) => {
      const r = rangeArg(rt, a, s, "setPrintTitleRows").rect;
      if (r.c0 !== 0 || r.c1 !== MAX_COLS - 1)
        fail("InvalidArgument", "print title rows must be entire rows");
      s.printTitleRows = r;
    });
  }
  setPrintTitleColumns(printTitleColumns: RangeProxy | string): void {
    this._invoke("SetPrintTitleColumns", [printTitleColumns], (rt, s: SheetModel, [a]: unknown[]) => {
      const r = rangeArg(rt, a, s, "setPrintTitleColumns").rect;
      if (r.r0 !== 0 || r.r1 !== MAX_ROWS - 1)
        fail("InvalidArgument", "print title columns must be entire columns");
      s.printTitleColumns = r;
    });
  }
  getPrintTitleRowsOrNullObject(): RangeProxy {
    return this._child(
      RangeProxy,
      "GetPrintTitleRowsOrNullObject",
      [],
      (_rt, s: SheetModel) => (s.printTitleRows ? { sheet: s, rect: s.printTitleRows } : null),
      { orNull: true },
    );
  }
  getPrintTitleColumnsOrNullObject(): RangeProxy {
    return this._child(
      RangeProxy,
      "GetPrintTitleColumnsOrNullObject",
      [],
      (_rt, s: SheetModel) => (s.printTitleColumns ? { sheet: s, rect: s.printTitleColumns } : null),
      { orNull: true },
    );
  }
}

defineScalars(PageLayoutProxy, {
  orientation: prop("orientation", oneOf("orientation", ["Portrait", "Landscape"])),
  paperSize: prop("paperSize", oneOf("paperSize", PAPER)),
  topMargin: prop("topMargin", margin("topMargin")),
  bottomMargin: prop("bottomMargin", margin("bottomMargin")),
  leftMargin: prop("leftMargin", margin("leftMargin")),
  rightMargin: prop("rightMargin", margin("rightMargin")),
  headerMargin: prop("headerMargin", margin("headerMargin")),
  footerMargin: prop("footerMargin", margin("footerMargin")),
  centerHorizontally: prop("centerHorizontally", bool("centerHorizontally")),
  centerVertically: prop("centerVertically", bool("centerVertically")),
  printGridlines: prop("printGridlines", bool("printGridlines")),
  printHeadings: prop("printHeadings", bool("printHeadings")),
  blackAndWhite: prop("blackAndWhite", bool("blackAndWhite")),
  draftMode: prop("draftMode", bool("draftMode")),
  alignMarginsHeaderFooter: prop("alignMarginsHeaderFooter", bool("alignMarginsHeaderFooter")),
  firstPageNumber: prop("firstPageNumber", (v) => {
    if (v !== "" && (typeof v !== "number" || !Number.isInteger(v)))
      fail("InvalidArgument", "firstPageNumber");
    return v;
  }),
  printComments: prop("printComments", oneOf("printComments", ["NoComments", "EndSheet", "InPlace"])),
  printErrors: prop("printErrors", oneOf("printErrors", ["AsDisplayed", "Blank", "Dash", "NotAvailable"])),
  printOrder: prop("printOrder", oneOf("printOrder", ["DownThenOver", "OverThenDown"])),
  zoom: prop("zoom", (v) => {
    if (!v || typeof v !== "object")
      fail("InvalidArgument", "zoom must be set as an object ({ scale } or fit-to-pages)");
    const z = v as { scale?: unknown; horizontalFitToPages?: unknown; verticalFitToPages?: unknown };
    if (
      z.scale !== undefined &&
      z.scale !== null &&
      (typeof z.scale !== "number" || z.scale < 10 || z.scale > 400)
    ) {
      fail("InvalidArgument", `zoom scale ${String(z.scale)} is outside 10..400`);
    }
    return { ...z };
  }),
});

export class HeaderFooterProxy extends ClientObj {
  static override typeName = "HeaderFooter";
}
const hfProp = (key: keyof HeaderFooterBag): ScalarSpec => ({
  get: (b: { bag: HeaderFooterBag }) => b.bag[key],
  set: (b: { bag: HeaderFooterBag }, v) => {
    if (typeof v !== "string") fail("InvalidArgument", key);
    b.bag[key] = v;
  },
});
defineScalars(HeaderFooterProxy, {
  leftHeader: hfProp("leftHeader"),
  centerHeader: hfProp("centerHeader"),
  rightHeader: hfProp("rightHeader"),
  leftFooter: hfProp("leftFooter"),
  centerFooter: hfProp("centerFooter"),
  rightFooter: hfProp("rightFooter"),
});

export class HeaderFooterGroupProxy extends ClientObj {
  static override typeName = "HeaderFooterGroup";
}
const hf = (key: "defaultForAllPages" | "firstPage" | "evenPages" | "oddPages") => ({
  cls: () => HeaderFooterProxy,
  resolve: (s: SheetModel) => ({ sheet: s, bag: s.pageLayout.headersFooters[key] }),
});
defineNavs(HeaderFooterGroupProxy, {
  defaultForAllPages: hf("defaultForAllPages"),
  firstPage: hf("firstPage"),
  evenPages: hf("evenPages"),
  oddPages: hf("oddPages"),
});
defineScalars(HeaderFooterGroupProxy, {
  state: {
    get: (s: SheetModel) => s.pageLayout.headersFooters.state,
    set: (s: SheetModel, v) => {
      s.pageLayout.headersFooters.state = oneOf("state", [
        "Default",
        "FirstAndDefault",
        "OddAndEven",
        "FirstOddAndEven",
      ])(v) as string;
    },
  },
  useSheetMargins: {
    get: (s: SheetModel) => s.pageLayout.headersFooters.useSheetMargins,
    set: (s: SheetModel, v) =>
      (s.pageLayout.headersFooters.useSheetMargins = bool("useSheetMargins")(v) as boolean),
  },
  useSheetScale: {
    get: (s: SheetModel) => s.pageLayout.headersFooters.useSheetScale,
    set: (s: SheetModel, v) =>
      (s.pageLayout.headersFooters.useSheetScale = bool("useSheetScale")(v) as boolean),
  },
});
defineNavs(PageLayoutProxy, {
  headersFooters: { cls: () => HeaderFooterGroupProxy, resolve: (s: SheetModel) => s },
});

interface BreaksRef {
  sheet: SheetModel;
  kind: "horizontal" | "vertical";
}
interface BreakRef {
  sheet: SheetModel;
  list: PageBreakModel[];
  brk: PageBreakModel;
  alive: () => boolean;
}
const listOf = (b: BreaksRef): PageBreakModel[] =>
  b.kind === "horizontal" ? b.sheet.horizontalPageBreaks : b.sheet.verticalPageBreaks;
const breakRef = (b: BreaksRef, brk: PageBreakModel): BreakRef => ({
  sheet: b.sheet,
  list: listOf(b),
  brk,
  alive: () => listOf(b).includes(brk),
});

export class PageBreakProxy extends ClientObj {
  static override typeName = "PageBreak";
  delete(): void {
    this._invoke("Delete", [], (_rt, b: BreakRef) => {
      const i = b.list.indexOf(b.brk);
      if (i >= 0) b.list.splice(i, 1);
    });
  }
  getCellAfterBreak(): RangeProxy {
    return this._child(RangeProxy, "GetCellAfterBreak", [], (_rt, b: BreakRef) => ({
      sheet: b.sheet,
      rect: rect(b.brk.row, b.brk.col),
    }));
  }
}
defineScalars(PageBreakProxy, {
  rowIndex: { get: (b: BreakRef) => b.brk.row },
  columnIndex: { get: (b: BreakRef) => b.brk.col },
});

export class PageBreakCollectionProxy extends ClientCollection {
  static override typeName = "PageBreakCollection";
  static get itemClass() {
    return PageBreakProxy;
  }
  static listItems = (b: BreaksRef) => listOf(b).map((brk, i) => ({ key: i, entity: breakRef(b, brk) }));

  add(pageBreakRange: RangeProxy | string): PageBreakProxy {
    return this._child(PageBreakProxy, "Add", [pageBreakRange], (rt, b: BreaksRef, [r]: unknown[]) => {
      const at = rangeArg(rt, r, b.sheet, "pageBreaks.add").rect;
      const brk = { row: at.r0, col: at.c0 };
      const list = listOf(b);
      const key = b.kind === "horizontal" ? "row" : "col";
      if (brk[key] === 0) fail("InvalidArgument", "a page break cannot be before the first row/column");
      const existing = list.find((x) => x[key] === brk[key]);
      if (existing) return breakRef(b, existing);
      list.push(brk);
      list.sort((x, y) => x[key] - y[key]);
      return breakRef(b, brk);
    });
  }
  getItem(index: number): PageBreakProxy {
    return this._child(PageBreakProxy, "GetItem", [index], (_rt, b: BreaksRef, [i]: number[]) => {
      const brk = listOf(b)[i ?? -1];
      return brk ? breakRef(b, brk) : fail("ItemNotFound", `page break ${String(i)}`);
    });
  }
  getCount() {
    return this._result("GetCount", [], (_rt, b: BreaksRef) => listOf(b).length);
  }
  removePageBreaks(): void {
    this._invoke("RemovePageBreaks", [], (_rt, b: BreaksRef) => {
      listOf(b).splice(0);
    });
  }
}

// Excel.RangeFormat, RangeFont, RangeFill, RangeBorderCollection/RangeBorder, FormatProtection: stored per cell
// (or per column/row/sheet layer) so tests can read them back; a property over differing cells reads as null.
import { MAX_COLS, MAX_ROWS, isEntireColumn, isEntireRow, type Rect } from "../a1";
import { ClientCollection, ClientObj, defineNavs, defineScalars, type ScalarSpec } from "../client";
import { fail } from "../errors";
import {
  BORDER_STYLES,
  BORDER_WEIGHTS,
  HORIZONTAL_ALIGNMENTS,
  NO_BORDER,
  UNDERLINE_STYLES,
  VERTICAL_ALIGNMENTS,
  checkOneOf,
  normalizeColor,
  type BorderSpec,
  type FormatKey,
} from "../formats";
import type { RangeRef } from "./range";

function fmt(key: FormatKey, check: (v: unknown) => unknown = (v) => v, api?: string): ScalarSpec {
  return {
    ...(api ? { api } : {}),
    get: (ref: RangeRef) => ref.sheet.uniformFormat(ref.rect, key),
    set: (ref: RangeRef, v) => ref.sheet.setFormat(ref.rect, key, check(v)),
  };
}

const bool = (what: string) => (v: unknown) => {
  if (typeof v !== "boolean") fail("InvalidArgument", `${what} must be a boolean`);
  return v;
};
const numberIn = (what: string, min: number, max: number) => (v: unknown) => {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max)
    fail("InvalidArgument", `${what} ${String(v)}`);
  return v;
};

export class RangeFormatProxy extends ClientObj {
  static override typeName = "RangeFormat";
  autofitColumns(): void {
    this._requireApi("autofitColumns", "1.2");
    this._invoke("AutofitColumns", [], () => undefined);
  }
  autofitRows(): void {
    this._requireApi("autofitRows", "1.2");
    this._invoke("AutofitRows", [], () => undefined);
  }
}

function lineSizes(ref: RangeRef, axis: "col" | "row"): unknown {
  const { sheet, rect: r } = ref;
  const [from, to] = axis === "col" ? [r.c0, r.c1] : [r.r0, r.r1];
  const sizes = axis === "col" ? sheet.colWidths : sheet.rowHeights;
  const standard = axis === "col" ? sheet.standardWidth : sheet.standardHeight;
  const first = sizes.get(from) ?? standard;
  if (to - from > 20_000) {
    const seen = new Set<number>();
    let overridden = 0;
    for (const [i, size] of sizes) {
      if (i < from || i > to) continue;
      seen.add(size);
      overridden++;
    }
    if (overridden < to - from + 1) seen.add(standard);
    return seen.size === 1 ? [...seen][0] : null;
  }
  for (let i = from; i <= to; i++) if ((sizes.get(i) ?? standard) !== first) return null;
  return first;
}

function setLineSizes(ref: RangeRef, axis: "col" | "row", value: number): void {
  const { sheet, rect: r } = ref;
  const whole = axis === "col" ? isEntireRow(r) : isEntireColumn(r);
  if (whole) {
    if (axis === "col") {
      sheet.standardWidth = value;
      sheet.colWidths.clear();
    } else {
      sheet.standardHeight = value;
      sheet.rowHeights.clear();
    }
    return;
  }
  const [from, to] = axis === "col" ? [r.c0, r.c1] : [r.r0, r.r1];
  const map = axis === "col" ? sheet.colWidths : sheet.rowHeights;
  for (let i = from; i <= to; i++) map.set(i, value);
}

defineScalars(RangeFormatProxy, {
  horizontalAlignment: fmt("horizontalAlignment", (v) =>
    checkOneOf(v, HORIZONTAL_ALIGNMENTS, "horizontalAlignment"),
  ),
  verticalAlignment: fmt("verticalAlignment", (v) => checkOneOf(v, VERTICAL_ALIGNMENTS, "verticalAlignment")),
  wrapText: fmt("wrapText", bool("wrapText")),
  indentLevel: fmt("indentLevel", numberIn("indentLevel", 0, 250), "1.9"),
  shrinkToFit: fmt("shrinkToFit", bool("shrinkToFit"), "1.9"),
  textOrientation: fmt("textOrientation", numberIn("textOrientation", -90, 180), "1.7"),
  columnWidth: {
    api: "1.2",
    get: (ref: RangeRef) => lineSizes(ref, "col"),
    set: (ref: RangeRef, v) => setLineSizes(ref, "col", numberIn("columnWidth", 0, 1789)(v) as number),
  },
  rowHeight: {
    api: "1.2",
    get: (ref: RangeRef) => lineSizes(ref, "row"),
    set: (ref: RangeRef, v) => setLineSizes(ref, "row", numberIn("rowHeight", 0, 409)(v) as number),
  },
  useStandardWidth: {
    api: "1.7",
    get: (ref: RangeRef) =>
      ![...ref.sheet.colWidths.keys()].some((c) => c >= ref.rect.c0 && c <= ref.rect.c1),
    set: (ref: RangeRef, v) => {
      if (v)
        for (let c = ref.rect.c0; c <= Math.min(ref.rect.c1, MAX_COLS - 1); c++)
          ref.sheet.colWidths.delete(c);
    },
  },
  useStandardHeight: {
    api: "1.7",
    get: (ref: RangeRef) =>
      ![...ref.sheet.rowHeights.keys()].some((r) => r >= ref.rect.r0 && r <= ref.rect.r1),
    set: (ref: RangeRef, v) => {
      if (v)
        for (let r = ref.rect.r0; r <= Math.min(ref.rect.r1, MAX_ROWS - 1); r++)
          ref.sheet.rowHeights.delete(r);
    },
  },
});

export class RangeFontProxy extends ClientObj {
  static override typeName = "RangeFont";
}
defineScalars(RangeFontProxy, {
  name: fmt("fontName", (v) => {
    if (typeof v !== "string" || v === "") fail("InvalidArgument", "font name");
    return v;
  }),
  size: fmt("fontSize", numberIn("font size", 1, 409)),
  bold: fmt("fontBold", bool("bold")),
  italic: fmt("fontItalic", bool("italic")),
  color: fmt("fontColor", normalizeColor),
  underline: fmt("fontUnderline", (v) => checkOneOf(v, UNDERLINE_STYLES, "underline")),
  strikethrough: fmt("fontStrikethrough", bool("strikethrough")),
});

export class RangeFillProxy extends ClientObj {
  static override typeName = "RangeFill";
  clear(): void {
    this._invoke("Clear", [], (_rt, ref: RangeRef) => ref.sheet.setFormat(ref.rect, "fillColor", "none"));
  }
}
defineScalars(RangeFillProxy, {
  color: {
    get: (ref: RangeRef) => {
      const v = ref.sheet.uniformFormat(ref.rect, "fillColor");
      return v === "none" ? "#FFFFFF" : v;
    },
    set: (ref: RangeRef, v) =>
      ref.sheet.setFormat(ref.rect, "fillColor", v === "" || v === null ? "none" : normalizeColor(v)),
  },
});

export class FormatProtectionProxy extends ClientObj {
  static override typeName = "FormatProtection";
}
defineScalars(FormatProtectionProxy, {
  locked: fmt("locked", bool("locked")),
  formulaHidden: fmt("formulaHidden", bool("formulaHidden")),
});

export const BORDER_INDEXES = [
  "EdgeTop",
  "EdgeBottom",
  "EdgeLeft",
  "EdgeRight",
  "InsideVertical",
  "InsideHorizontal",
  "DiagonalDown",
  "DiagonalUp",
] as const;

interface BorderRef extends RangeRef {
  index: string;
}

/** The cells and own side a border index refers to in a rectangle. */
function borderCells(r: Rect, index: string): Array<{ r: Rect; side: FormatKey }> {
  switch (index) {
    case "EdgeTop":
      return [{ r: { ...r, r1: r.r0 }, side: "borderTop" }];
    case "EdgeBottom":
      return [{ r: { ...r, r0: r.r1 }, side: "borderBottom" }];
    case "EdgeLeft":
      return [{ r: { ...r, c1: r.c0 }, side: "borderLeft" }];
    case "EdgeRight":
      return [{ r: { ...r, c0: r.c1 }, side: "borderRight" }];
    case "InsideHorizontal":
      return r.r1 > r.r0 ? [{ r: { ...r, r1: r.r1 - 1 }, side: "borderBottom" }] : [];
    case "InsideVertical":
      return r.c1 > r.c0 ? [{ r: { ...r, c1: r.c1 - 1 }, side: "borderRight" }] : [];
    case "DiagonalDown":
      return [{ r, side: "borderDiagonalDown" }];
    case "DiagonalUp":
      return [{ r, side: "borderDiagonalUp" }];
    default:
      fail("InvalidArgument", `border index "${index}"`);
  }
}

function readBorder(ref: BorderRef, prop: keyof BorderSpec): unknown {
  const parts = borderCells(ref.rect, ref.index);
  if (parts.length === 0) return NO_BORDER[prop];
  const seen = new Set<string>();
  let first: unknown;
  for (const { r, side } of parts) {
    for (let row = r.r0; row <= Math.min(r.r1, r.r0 + 5000); row++) {
      for (let col = r.c0; col <= Math.min(r.c1, r.c0 + 500); col++) {
        const name = side.replace("border", "") as
          "Top" | "Bottom" | "Left" | "Right" | "DiagonalDown" | "DiagonalUp";
        const v = ref.sheet.border(row, col, name)[prop];
        if (seen.size === 0) first = v;
        seen.add(String(v));
      }
    }
  }
  return seen.size > 1 ? null : first;
}

function writeBorder(ref: BorderRef, prop: keyof BorderSpec, value: string): void {
  for (const { r, side } of borderCells(ref.rect, ref.index)) {
    for (let row = r.r0; row <= r.r1; row++) {
      for (let col = r.c0; col <= r.c1; col++) {
        const current = (ref.sheet.fmt(side, row, col) as BorderSpec | undefined) ?? { ...NO_BORDER };
        const next = { ...current, [prop]: value };
        if (prop !== "style" && current.style === "None") next.style = "Continuous";
        ref.sheet.setFormat({ r0: row, c0: col, r1: row, c1: col }, side, next);
      }
    }
  }
}

export class RangeBorderProxy extends ClientObj {
  static override typeName = "RangeBorder";
}
defineScalars(RangeBorderProxy, {
  sideIndex: { get: (b: BorderRef) => b.index },
  style: {
    get: (b: BorderRef) => readBorder(b, "style"),
    set: (b: BorderRef, v) => writeBorder(b, "style", checkOneOf(v, BORDER_STYLES, "border style")),
  },
  weight: {
    get: (b: BorderRef) => readBorder(b, "weight"),
    set: (b: BorderRef, v) => writeBorder(b, "weight", checkOneOf(v, BORDER_WEIGHTS, "border weight")),
  },
  color: {
    get: (b: BorderRef) => readBorder(b, "color"),
    set: (b: BorderRef, v) => writeBorder(b, "color", normalizeColor(v)),
  },
});

export class RangeBorderCollectionProxy extends ClientCollection {
  static override typeName = "RangeBorderCollection";
  static collectionScalars = ["count"];
  static get itemClass() {
    return RangeBorderProxy;
  }
  static listItems = (ref: RangeRef) =>
    BORDER_INDEXES.map((index) => ({ key: index, entity: { sheet: ref.sheet, rect: ref.rect, index } }));

  getItem(index: string): RangeBorderProxy {
    return this._child(RangeBorderProxy, "GetItem", [index], (_rt, ref: RangeRef, [i]: string[]) => {
      if (!BORDER_INDEXES.includes(i as (typeof BORDER_INDEXES)[number]))
        fail("InvalidArgument", `border index "${String(i)}"`);
      return { sheet: ref.sheet, rect: ref.rect, index: i };
    });
  }
  getItemAt(index: number): RangeBorderProxy {
    return this._child(RangeBorderProxy, "GetItemAt", [index], (_rt, ref: RangeRef, [i]: number[]) => {
      const name = BORDER_INDEXES[i ?? -1];
      if (!name) fail("InvalidArgument", `border index ${String(i)}`);
      return { sheet: ref.sheet, rect: ref.rect, index: name };
    });
  }
}
defineScalars(RangeBorderCollectionProxy, { count: { get: () => BORDER_INDEXES.length } });

defineNavs(RangeFormatProxy, {
  font: { cls: () => RangeFontProxy, resolve: (ref: RangeRef) => ref },
  fill: { cls: () => RangeFillProxy, resolve: (ref: RangeRef) => ref },
  borders: { cls: () => RangeBorderCollectionProxy, resolve: (ref: RangeRef) => ref },
  protection: { cls: () => FormatProtectionProxy, resolve: (ref: RangeRef) => ref, api: "1.2" },
});

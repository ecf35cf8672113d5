// Excel.ConditionalFormatCollection and the Custom / ContainsText / CellValue conditional formats, stored with
// their rules and formats (fill colour, font) so tests and renderSheetHtml can read them back.
import { subtract } from "../a1";
import { ClientCollection, ClientObj, defineNavs, defineScalars, type ScalarSpec } from "../client";
import { fail } from "../errors";
import { UNDERLINE_STYLES, checkOneOf, normalizeColor } from "../formats";
import type { ConditionalFormatModel, SheetModel } from "../sheet";
import { RangeAreasProxy, RangeProxy, type RangeRef } from "./range";

const TYPES = [
  "Custom",
  "DataBar",
  "ColorScale",
  "IconSet",
  "TopBottom",
  "PresetCriteria",
  "ContainsText",
  "CellValue",
];
const MODELLED = ["Custom", "ContainsText", "CellValue"];
const CELL_OPERATORS = [
  "Between",
  "NotBetween",
  "EqualTo",
  "NotEqualTo",
  "GreaterThan",
  "LessThan",
  "GreaterThanOrEqual",
  "LessThanOrEqual",
];
const TEXT_OPERATORS = ["Contains", "NotContains", "BeginsWith", "EndsWith"];

interface CfRef {
  sheet: SheetModel;
  cf: ConditionalFormatModel;
  alive: () => boolean;
}
interface BagRef {
  sheet: SheetModel;
  bag: Record<string, unknown>;
  alive: () => boolean;
}

let cfSeq = 0;

const cfRef = (sheet: SheetModel, cf: ConditionalFormatModel): CfRef => ({
  sheet,
  cf,
  alive: () => sheet.conditionalFormats.includes(cf),
});

function reprioritise(sheet: SheetModel): void {
  sheet.conditionalFormats.forEach((cf, i) => ((cf as { priority?: number }).priority = i));
}

export class ConditionalFormatCollectionProxy extends ClientCollection {
  static override typeName = "ConditionalFormatCollection";
  static get itemClass() {
    return ConditionalFormatProxy;
  }
  static listItems = (ref: RangeRef) =>
    ref.sheet.conditionalFormatsIn(ref.rect).map((cf) => ({ key: cf.id, entity: cfRef(ref.sheet, cf) }));

  add(type: string): ConditionalFormatProxy {
    return this._child(ConditionalFormatProxy, "Add", [type], (_rt, ref: RangeRef, [t]: string[]) => {
      if (!TYPES.includes(t ?? "")) fail("InvalidArgument", `conditional format type "${String(t)}"`);
      if (!MODELLED.includes(t ?? ""))
        fail("InvalidArgument", `excel-fake models only ${MODELLED.join(", ")} conditional formats`);
      const cf: ConditionalFormatModel = {
        id: `{00000004-0000-4000-8000-${String(++cfSeq).padStart(12, "0")}}`,
        type: t as string,
        rects: [ref.rect],
        stopIfTrue: false,
        rule: {},
        format: { fill: {}, font: {} },
      };
      ref.sheet.conditionalFormats.unshift(cf);
      reprioritise(ref.sheet);
      return cfRef(ref.sheet, cf);
    });
  }

  getItem(id: string): ConditionalFormatProxy {
    return this._child(ConditionalFormatProxy, "GetItem", [id], (_rt, ref: RangeRef, [key]: string[]) => {
      const cf = ref.sheet.conditionalFormatsIn(ref.rect).find((c) => c.id === key);
      return cf ? cfRef(ref.sheet, cf) : null;
    });
  }

  getItemAt(index: number): ConditionalFormatProxy {
    return this._child(ConditionalFormatProxy, "GetItemAt", [index], (_rt, ref: RangeRef, [i]: number[]) => {
      const cf = ref.sheet.conditionalFormatsIn(ref.rect)[i ?? -1];
      return cf ? cfRef(ref.sheet, cf) : null;
    });
  }

  getCount() {
    return this._result(
      "GetCount",
      [],
      (_rt, ref: RangeRef) => ref.sheet.conditionalFormatsIn(ref.rect).length,
    );
  }

  clearAll(): void {
    this._invoke("ClearAll", [], (_rt, ref: RangeRef) => {
      for (const cf of ref.sheet.conditionalFormats)
        cf.rects = cf.rects.flatMap((r) => subtract(r, ref.rect));
      ref.sheet.conditionalFormats = ref.sheet.conditionalFormats.filter((cf) => cf.rects.length > 0);
      reprioritise(ref.sheet);
    });
  }
}

const subFormat = (kind: string) => (c: CfRef) => {
  if (c.cf.type !== kind) fail("InvalidArgument", `this conditional format is ${c.cf.type}, not ${kind}`);
  return c;
};

export class ConditionalFormatProxy extends ClientObj {
  static override typeName = "ConditionalFormat";

  delete(): void {
    this._invoke("Delete", [], (_rt, c: CfRef) => {
      c.sheet.conditionalFormats = c.sheet.conditionalFormats.filter((x) => x !== c.cf);
      reprioritise(c.sheet);
    });
  }
  getRange(): RangeProxy {
    return this._child(RangeProxy, "GetRange", [], (_rt, c: CfRef) => {
      const first = c.cf.rects[0];
      if (!first || c.cf.rects.length > 1)
        fail("InvalidOperation", "the conditional format applies to several areas: use getRanges()");
      return { sheet: c.sheet, rect: first };
    });
  }
  getRangeOrNullObject(): RangeProxy {
    return this._child(
      RangeProxy,
      "GetRangeOrNullObject",
      [],
      (_rt, c: CfRef) =>
        c.cf.rects.length === 1 && c.cf.rects[0] ? { sheet: c.sheet, rect: c.cf.rects[0] } : null,
      { orNull: true },
    );
  }
  getRanges(): RangeAreasProxy {
    this._requireApi("getRanges", "1.9");
    return this._child(RangeAreasProxy, "GetRanges", [], (_rt, c: CfRef) => ({
      sheet: c.sheet,
      rects: c.cf.rects,
    }));
  }
}

defineScalars(ConditionalFormatProxy, {
  id: { get: (c: CfRef) => c.cf.id },
  type: { get: (c: CfRef) => c.cf.type },
  priority: {
    get: (c: CfRef) => c.sheet.conditionalFormats.indexOf(c.cf),
    set: (c: CfRef, v) => {
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
        fail("InvalidArgument", `priority ${String(v)}`);
      const list = c.sheet.conditionalFormats.filter((x) => x !== c.cf);
      list.splice(Math.min(v, list.length), 0, c.cf);
      c.sheet.conditionalFormats = list;
      reprioritise(c.sheet);
    },
  },
  stopIfTrue: {
    get: (c: CfRef) => c.cf.stopIfTrue,
    set: (c: CfRef, v) => (c.cf.stopIfTrue = Boolean(v)),
  },
});

function bag(key: "fill" | "font") {
  return (c: CfRef): BagRef => ({
    sheet: c.sheet,
    bag: c.cf.format[key] as Record<string, unknown>,
    alive: c.alive,
  });
}

function bagProp(
  key: string,
  check: (v: unknown) => unknown = (v) => v,
  fallback: unknown = null,
): ScalarSpec {
  return {
    get: (b: BagRef) => b.bag[key] ?? fallback,
    set: (b: BagRef, v) => {
      b.bag[key] = v === null ? undefined : check(v);
    },
  };
}

export class ConditionalRangeFillProxy extends ClientObj {
  static override typeName = "ConditionalRangeFill";
  clear(): void {
    this._invoke("Clear", [], (_rt, b: BagRef) => delete b.bag.color);
  }
}
defineScalars(ConditionalRangeFillProxy, { color: bagProp("color", normalizeColor) });

export class ConditionalRangeFontProxy extends ClientObj {
  static override typeName = "ConditionalRangeFont";
  clear(): void {
    this._invoke("Clear", [], (_rt, b: BagRef) => {
      for (const k of Object.keys(b.bag)) delete b.bag[k];
    });
  }
}
defineScalars(ConditionalRangeFontProxy, {
  color: bagProp("color", normalizeColor),
  bold: bagProp("bold", Boolean, false),
  italic: bagProp("italic", Boolean, false),
  strikethrough: bagProp("strikethrough", Boolean, false),
  underline: bagProp("underline", (v) => checkOneOf(v, UNDERLINE_STYLES.slice(0, 3), "underline"), "None"),
});

export class ConditionalRangeFormatProxy extends ClientObj {
  static override typeName = "ConditionalRangeFormat";
  clearFormat(): void {
    this._invoke("ClearFormat", [], (_rt, c: CfRef) => {
      c.cf.format = { fill: {}, font: {} };
    });
  }
}
defineScalars(ConditionalRangeFormatProxy, {
  numberFormat: {
    get: (c: CfRef) => c.cf.format.numberFormat ?? null,
    set: (c: CfRef, v) => (c.cf.format.numberFormat = String(v)),
  },
});
defineNavs(ConditionalRangeFormatProxy, {
  fill: { cls: () => ConditionalRangeFillProxy, resolve: bag("fill") },
  font: { cls: () => ConditionalRangeFontProxy, resolve: bag("font") },
});

/** custom.rule: a ClientObject with formula. */
export class ConditionalFormatRuleProxy extends ClientObj {
  static override typeName = "ConditionalFormatRule";
}
const formulaSpec: ScalarSpec = {
  get: (c: CfRef) => c.cf.rule.formula ?? "",
  set: (c: CfRef, v) => {
    if (typeof v !== "string" || v.trim() === "") fail("InvalidArgument", "conditional format formula");
    c.cf.rule.formula = v;
  },
};
defineScalars(ConditionalFormatRuleProxy, { formula: formulaSpec, formulaLocal: formulaSpec });

export class CustomConditionalFormatProxy extends ClientObj {
  static override typeName = "CustomConditionalFormat";
}
defineNavs(CustomConditionalFormatProxy, {
  rule: { cls: () => ConditionalFormatRuleProxy, resolve: (c: CfRef) => c },
  format: { cls: () => ConditionalRangeFormatProxy, resolve: (c: CfRef) => c },
});

export class TextConditionalFormatProxy extends ClientObj {
  static override typeName = "TextConditionalFormat";
}
defineScalars(TextConditionalFormatProxy, {
  rule: {
    get: (c: CfRef) => c.cf.rule,
    set: (c: CfRef, v) => {
      const rule = (v ?? {}) as { operator?: unknown; text?: unknown };
      checkOneOf(rule.operator, TEXT_OPERATORS, "text comparison operator");
      if (typeof rule.text !== "string") fail("InvalidArgument", "text comparison needs text");
      c.cf.rule = { operator: rule.operator, text: rule.text };
    },
  },
});
defineNavs(TextConditionalFormatProxy, {
  format: { cls: () => ConditionalRangeFormatProxy, resolve: (c: CfRef) => c },
});

export class CellValueConditionalFormatProxy extends ClientObj {
  static override typeName = "CellValueConditionalFormat";
}
defineScalars(CellValueConditionalFormatProxy, {
  rule: {
    get: (c: CfRef) => c.cf.rule,
    set: (c: CfRef, v) => {
      const rule = (v ?? {}) as { operator?: unknown; formula1?: unknown; formula2?: unknown };
      const op = checkOneOf(rule.operator, CELL_OPERATORS, "cell value operator");
      if (rule.formula1 === undefined || rule.formula1 === "")
        fail("InvalidArgument", "formula1 is required");
      if (
        (op === "Between" || op === "NotBetween") &&
        (rule.formula2 === undefined || rule.formula2 === "")
      ) {
        fail("InvalidArgument", "formula2 is required for Between/NotBetween");
      }
      c.cf.rule = {
        ...rule,
        formula1: String(rule.formula1),
        ...(rule.formula2 !== undefined ? { formula2: String(rule.formula2) } : {}),
      };
    },
  },
});
defineNavs(CellValueConditionalFormatProxy, {
  format: { cls: () => ConditionalRangeFormatProxy, resolve: (c: CfRef) => c },
});

defineNavs(ConditionalFormatProxy, {
  custom: { cls: () => CustomConditionalFormatProxy, resolve: subFormat("Custom") },
  textComparison: { cls: () => TextConditionalFormatProxy, resolve: subFormat("ContainsText") },
  cellValue: { cls: () => CellValueConditionalFormatProxy, resolve: subFormat("CellValue") },
});

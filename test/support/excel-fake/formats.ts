// Cell formatting as Excel layers it: a sheet default, entire-column and entire-row formats, then cell formats.
// Formatting an entire column writes the column layer (no million cells are materialised).
import { fail } from "./errors";

export interface BorderSpec {
  style: string;
  weight: string;
  color: string;
}

export interface FormatBag {
  numberFormat?: string;
  fontName?: string;
  fontSize?: number;
  fontBold?: boolean;
  fontItalic?: boolean;
  fontColor?: string;
  fontUnderline?: string;
  fontStrikethrough?: boolean;
  /** "none" means explicitly no fill. */
  fillColor?: string;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  indentLevel?: number;
  shrinkToFit?: boolean;
  textOrientation?: number;
  locked?: boolean;
  formulaHidden?: boolean;
  borderTop?: BorderSpec;
  borderBottom?: BorderSpec;
  borderLeft?: BorderSpec;
  borderRight?: BorderSpec;
  borderDiagonalDown?: BorderSpec;
  borderDiagonalUp?: BorderSpec;
}

export type FormatKey = keyof FormatBag;

export function defaultFormat(locale: "en-US" | "zh-CN"): Required<Omit<FormatBag, `border${string}`>> {
  return {
    numberFormat: "General",
    fontName: locale === "zh-CN" ? "等线" : "Calibri",
    fontSize: 11,
    fontBold: false,
    fontItalic: false,
    fontColor: "#000000",
    fontUnderline: "None",
    fontStrikethrough: false,
    fillColor: "none",
    horizontalAlignment: "General",
    verticalAlignment: "Bottom",
    wrapText: false,
    indentLevel: 0,
    shrinkToFit: false,
    textOrientation: 0,
    locked: true,
    formulaHidden: false,
  };
}

export const NO_BORDER: BorderSpec = { style: "None", weight: "Thin", color: "#000000" };

const NAMED_COLORS: Record<string, string> = {
  black: "#000000",
  white: "#FFFFFF",
  red: "#FF0000",
  green: "#008000",
  lime: "#00FF00",
  blue: "#0000FF",
  yellow: "#FFFF00",
  orange: "#FFA500",
  gray: "#808080",
  grey: "#808080",
  silver: "#C0C0C0",
  purple: "#800080",
  navy: "#000080",
  maroon: "#800000",
  teal: "#008080",
  olive: "#808000",
  aqua: "#00FFFF",
  cyan: "#00FFFF",
  fuchsia: "#FF00FF",
  magenta: "#FF00FF",
  lightgray: "#D3D3D3",
  lightgrey: "#D3D3D3",
  darkgray: "#A9A9A9",
  pink: "#FFC0CB",
  lightblue: "#ADD8E6",
  lightgreen: "#90EE90",
  lightyellow: "#FFFFE0",
  gold: "#FFD700",
  brown: "#A52A2A",
  darkgreen: "#006400",
  darkred: "#8B0000",
  darkblue: "#00008B",
};

/** "#RRGGBB" (upper case) for "#rrggbb", "#rgb" or an HTML colour name; anything else is InvalidArgument. */
export function normalizeColor(input: unknown): string {
  if (typeof input !== "string") fail("InvalidArgument", `colour ${JSON.stringify(input)}`);
  const text = input.trim();
  const named = NAMED_COLORS[text.toLowerCase()];
  if (named) return named;
  if (/^#[0-9a-f]{6}$/i.test(text)) return text.toUpperCase();
  if (/^#[0-9a-f]{3}$/i.test(text)) return `#${text.slice(1).replace(/./g, (c) => c + c)}`.toUpperCase();
  fail("InvalidArgument", `colour "${text}"`);
}

export const HORIZONTAL_ALIGNMENTS = [
  "General",
  "Left",
  "Center",
  "Right",
  "Fill",
  "Justify",
  "CenterAcrossSelection",
  "Distributed",
];
export const VERTICAL_ALIGNMENTS = ["Top", "Center", "Bottom", "Justify", "Distributed"];
export const BORDER_STYLES = [
  "None",
  "Continuous",
  "Dash",
  "DashDot",
  "DashDotDot",
  "Dot",
  "Double",
  "SlantDashDot",
];
export const BORDER_WEIGHTS = ["Hairline", "Thin", "Medium", "Thick"];
export const UNDERLINE_STYLES = ["None", "Single", "Double", "SingleAccountant", "DoubleAccountant"];

export function checkOneOf(value: unknown, allowed: string[], what: string): string {
  if (typeof value !== "string" || !allowed.includes(value))
    fail("InvalidArgument", `${what} "${String(value)}"`);
  return value;
}

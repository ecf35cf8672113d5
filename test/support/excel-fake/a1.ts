// A1 addresses: parsing ("A1", "A1:C3", "$A$1", "A:C", "2:5", "'Sheet 1'!A1") and formatting, and rectangles.
import { fail } from "./errors";

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** Zero-based inclusive rectangle. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function rect(r0: number, c0: number, r1: number = r0, c1: number = c0): Rect {
  return { r0, c0, r1, c1 };
}

export const rows = (r: Rect): number => r.r1 - r.r0 + 1;
export const cols = (r: Rect): number => r.c1 - r.c0 + 1;
export const cellCount = (r: Rect): number => rows(r) * cols(r);
export const isEntireColumn = (r: Rect): boolean => r.r0 === 0 && r.r1 === MAX_ROWS - 1;
export const isEntireRow = (r: Rect): boolean => r.c0 === 0 && r.c1 === MAX_COLS - 1;

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.r0 >= outer.r0 && inner.r1 <= outer.r1 && inner.c0 >= outer.c0 && inner.c1 <= outer.c1;
}

export function containsCell(r: Rect, row: number, col: number): boolean {
  return row >= r.r0 && row <= r.r1 && col >= r.c0 && col <= r.c1;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

export function intersection(a: Rect, b: Rect): Rect | null {
  if (!intersects(a, b)) return null;
  return {
    r0: Math.max(a.r0, b.r0),
    c0: Math.max(a.c0, b.c0),
    r1: Math.min(a.r1, b.r1),
    c1: Math.min(a.c1, b.c1),
  };
}

export function boundingBox(a: Rect, b: Rect): Rect {
  return {
    r0: Math.min(a.r0, b.r0),
    c0: Math.min(a.c0, b.c0),
    r1: Math.max(a.r1, b.r1),
    c1: Math.max(a.c1, b.c1),
  };
}

export const sameRect = (a: Rect, b: Rect): boolean =>
  a.r0 === b.r0 && a.c0 === b.c0 && a.r1 === b.r1 && a.c1 === b.c1;

/** `a` minus `b` as up to four disjoint rectangles. */
export function subtract(a: Rect, b: Rect): Rect[] {
  const cut = intersection(a, b);
  if (!cut) return [a];
  const out: Rect[] = [];
  if (a.r0 < cut.r0) out.push({ r0: a.r0, c0: a.c0, r1: cut.r0 - 1, c1: a.c1 });
  if (cut.r1 < a.r1) out.push({ r0: cut.r1 + 1, c0: a.c0, r1: a.r1, c1: a.c1 });
  if (a.c0 < cut.c0) out.push({ r0: cut.r0, c0: a.c0, r1: cut.r1, c1: cut.c0 - 1 });
  if (cut.c1 < a.c1) out.push({ r0: cut.r0, c0: cut.c1 + 1, r1: cut.r1, c1: a.c1 });
  return out;
}

export function columnLetters(col: number): string {
  let n = col + 1;
  let s = "";
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export const cellName = (row: number, col: number): string => `${columnLetters(col)}${row + 1}`;

/** "A1", "A1:B2", "A:A" (entire columns), "1:1" (entire rows), without a sheet. */
export function formatRect(r: Rect): string {
  if (isEntireColumn(r) && !isEntireRow(r)) return `${columnLetters(r.c0)}:${columnLetters(r.c1)}`;
  if (isEntireRow(r)) return `${r.r0 + 1}:${r.r1 + 1}`;
  const first = cellName(r.r0, r.c0);
  return r.r0 === r.r1 && r.c0 === r.c1 ? first : `${first}:${cellName(r.r1, r.c1)}`;
}

/** "$A$1:$B$2" (absolute), as data validation sources and print areas show references. */
export function formatRectAbsolute(r: Rect): string {
  if (isEntireColumn(r) && !isEntireRow(r)) return `$${columnLetters(r.c0)}:$${columnLetters(r.c1)}`;
  if (isEntireRow(r)) return `$${r.r0 + 1}:$${r.r1 + 1}`;
  const one = (row: number, col: number) => `$${columnLetters(col)}$${row + 1}`;
  return r.r0 === r.r1 && r.c0 === r.c1 ? one(r.r0, r.c0) : `${one(r.r0, r.c0)}:${one(r.r1, r.c1)}`;
}

/** Whether a sheet name must be quoted in a reference: anything beyond letters, digits, _ and ., or ref-like. */
export function quoteSheetName(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !looksLikeCellReference(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

export function formatAddress(sheetName: string, r: Rect): string {
  return `${quoteSheetName(sheetName)}!${formatRect(r)}`;
}

/** "A1", "XFD1048576" (within the grid) or R1C1-style ("R1C1", "R2", "C3", "RC"): names may not look like these. */
export function looksLikeCellReference(name: string): boolean {
  const a1 = /^([A-Za-z]{1,3})(\d+)$/.exec(name);
  if (a1) {
    const col = columnIndex(a1[1] ?? "");
    const row = Number(a1[2]);
    if (col < MAX_COLS && row >= 1 && row <= MAX_ROWS) return true;
  }
  return /^[Rr]\d*[Cc]\d*$/.test(name) || /^[Rr]\d+$/.test(name) || /^[Cc]\d+$/.test(name);
}

interface CellPart {
  row?: number;
  col?: number;
}

function parsePart(part: string): CellPart | null {
  const m = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/.exec(part);
  if (!m || (!m[1] && !m[2])) return null;
  const out: CellPart = {};
  if (m[1]) {
    const col = columnIndex(m[1]);
    if (col >= MAX_COLS) return null;
    out.col = col;
  }
  if (m[2]) {
    const row = Number(m[2]) - 1;
    if (row < 0 || row >= MAX_ROWS) return null;
    out.row = row;
  }
  return out;
}

export interface ParsedAddress {
  sheet?: string;
  rect: Rect;
}

/** Splits an optional sheet prefix ("Sheet1!", "'My sheet'!") from an address. */
export function splitSheet(address: string): { sheet?: string; local: string } {
  const text = address.trim();
  const quoted = /^'((?:[^']|'')+)'!(.*)$/.exec(text);
  if (quoted) return { sheet: (quoted[1] ?? "").replace(/''/g, "'"), local: quoted[2] ?? "" };
  const bang = text.lastIndexOf("!");
  if (bang > 0) return { sheet: text.slice(0, bang), local: text.slice(bang + 1) };
  return { local: text };
}

/** Parses one rectangular A1 address; anything else is InvalidArgument (as Worksheet.getRange would say). */
export function parseAddress(address: string): ParsedAddress {
  if (typeof address !== "string") fail("InvalidArgument", `address ${String(address)}`);
  const { sheet, local } = splitSheet(address);
  const pieces = local.split(":");
  if (pieces.length < 1 || pieces.length > 2 || local.includes(","))
    fail("InvalidArgument", `address "${address}"`);
  const a = parsePart(pieces[0] ?? "");
  const b = pieces.length === 2 ? parsePart(pieces[1] ?? "") : a;
  if (!a || !b) fail("InvalidArgument", `address "${address}"`);
  let r: Rect;
  if (a.row !== undefined && a.col !== undefined && b.row !== undefined && b.col !== undefined) {
    r = rect(Math.min(a.row, b.row), Math.min(a.col, b.col), Math.max(a.row, b.row), Math.max(a.col, b.col));
  } else if (
    pieces.length === 2 &&
    a.row === undefined &&
    b.row === undefined &&
    a.col !== undefined &&
    b.col !== undefined
  ) {
    r = rect(0, Math.min(a.col, b.col), MAX_ROWS - 1, Math.max(a.col, b.col));
  } else if (
    pieces.length === 2 &&
    a.col === undefined &&
    b.col === undefined &&
    a.row !== undefined &&
    b.row !== undefined
  ) {
    r = rect(Math.min(a.row, b.row), 0, Math.max(a.row, b.row), MAX_COLS - 1);
  } else {
    fail("InvalidArgument", `address "${address}"`);
  }
  return sheet === undefined ? { rect: r } : { sheet, rect: r };
}

export function checkInGrid(r: Rect): void {
  if (r.r0 < 0 || r.c0 < 0 || r.r1 >= MAX_ROWS || r.c1 >= MAX_COLS || r.r1 < r.r0 || r.c1 < r.c0) {
    fail("InvalidArgument", "the range would extend beyond the worksheet");
  }
}

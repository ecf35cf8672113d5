// Naming rules Excel enforces for worksheets and tables.
import { looksLikeCellReference } from "./a1";
import { fail } from "./errors";

/** Worksheet names: 1–31 characters, none of : \ / ? * [ ], not starting or ending with ', not "History". */
export function checkSheetName(name: unknown): string {
  if (typeof name !== "string" || name.length === 0)
    fail("InvalidArgument", "a worksheet name cannot be empty");
  if (name.length > 31) fail("InvalidArgument", `worksheet name longer than 31 characters: "${name}"`);
  if (/[:\\/?*[\]]/.test(name))
    fail("InvalidArgument", `worksheet name contains one of : \\ / ? * [ ]: "${name}"`);
  if (name.startsWith("'") || name.endsWith("'"))
    fail("InvalidArgument", `worksheet name starts or ends with ': "${name}"`);
  if (name.toLowerCase() === "history")
    fail("InvalidArgument", 'worksheet name "History" is reserved by Excel');
  return name;
}

export const sameName = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

/**
 * Table names: start with a letter, "_" or "\", then letters, digits, ".", "_" or "\" only (no spaces); at most 255
 * characters; not "C", "c", "R", "r"; not a cell reference ("A1", "R1C1"). Excel answers InvalidArgument for all of
 * these and for a duplicate (office-js#551).
 */
export function checkTableName(name: unknown): string {
  if (typeof name !== "string" || name.length === 0) fail("InvalidArgument", "a table name cannot be empty");
  if (name.length > 255) fail("InvalidArgument", "table name longer than 255 characters");
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name)) {
    fail(
      "InvalidArgument",
      `table name must start with a letter, _ or \\ and contain no spaces or punctuation: "${name}"`,
    );
  }
  if (/^[CcRr]$/.test(name)) fail("InvalidArgument", `table name "${name}" is reserved`);
  if (looksLikeCellReference(name))
    fail("InvalidArgument", `table name "${name}" looks like a cell reference`);
  return name;
}

/** Header names as Excel makes them: text, blanks → "Column1" (列1), duplicates (ignoring case) get 2, 3, … appended. */
export function normalizeHeaders(raw: string[], locale: "en-US" | "zh-CN"): string[] {
  const used = new Set<string>();
  const prefix = locale === "zh-CN" ? "列" : "Column";
  return raw.map((text, i) => {
    const base = text === "" ? `${prefix}${i + 1}` : text;
    let name = base;
    let n = 2;
    while (used.has(name.toUpperCase())) name = `${base}${n++}`;
    used.add(name.toUpperCase());
    return name;
  });
}

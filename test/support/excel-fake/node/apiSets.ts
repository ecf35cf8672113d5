// Node-only: reads the requirement set of every class member from the doc comments of @types/office-js
// ("[Api set: ExcelApi 1.9]"; Excel-on-the-web-only members as "ExcelApiOnline 1.1"), so the fake's table (../apiSets.ts) can be checked against it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export type ApiSetTable = Record<string, Record<string, string>>;

/** Orders versions of one set; ExcelApiOnline members ("ExcelApiOnline 1.1") sort after every ExcelApi one. */
export function compareApiVersions(a: string, b: string): number {
  if (a.includes(" ") !== b.includes(" ")) return a.includes(" ") ? 1 : -1;
  a = a.replace(/^\S+ /, "");
  b = b.replace(/^\S+ /, "");
  const [a0 = 0, a1 = 0] = a.split(".").map(Number);
  const [b0 = 0, b1 = 0] = b.split(".").map(Number);
  return a0 - b0 || a1 - b1;
}

/** Every member of every class in `namespace Excel`, with the lowest ExcelApi version that declares it. */
export function parseExcelApiSets(dts: string): ApiSetTable {
  const lines = dts.split("\n");
  const start = lines.findIndex((l) => l.startsWith("declare namespace Excel {"));
  const end = lines.findIndex((l, i) => i > start && l.startsWith("    namespace Interfaces {"));
  const table: ApiSetTable = {};
  let members: Record<string, string> | null = null;
  let comment: string[] = [];
  for (const line of lines.slice(start, end)) {
    const cls = /^ {4}(?:export )?class (\w+) extends OfficeExtension\.ClientObject/.exec(line);
    if (cls?.[1]) {
      members = table[cls[1]] = {};
      comment = [];
    } else if (/^ {4}}/.test(line)) members = null;
    else if (!members) continue;
    else if (/^ {8}\/\*\*/.test(line)) comment = [line];
    else if (/^ {9}\*/.test(line)) comment.push(line);
    else {
      const member = /^ {8}(?:readonly )?(\w+)(?:\??:|\(|<)/.exec(line)?.[1];
      const set = /\[Api set: (ExcelApi|ExcelApiOnline) (\d+\.\d+)\]/.exec(comment.join("\n"));
      const version = set && (set[1] === "ExcelApi" ? set[2] : `${set[1]} ${set[2]}`);
      if (member && version) {
        const known = members[member];
        if (!known || compareApiVersions(version, known) < 0) members[member] = version;
      }
      if (member) comment = [];
    }
  }
  return table;
}

export function readExcelApiSets(): ApiSetTable {
  const require = createRequire(import.meta.url);
  return parseExcelApiSets(readFileSync(require.resolve("@types/office-js/index.d.ts"), "utf8"));
}

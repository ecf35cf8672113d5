/**
 * Finalized monthly assessments, immutable once written (PartitionKey = "YYYY-MM"). The deduction lines go in
 * rows of their own ("lines-<attempt>-0001"…, cut by size, written first), so a month of any size
 * stays within the 1 MiB entity limit; the "final" row, created last and only once, is the commit point and
 * names the attempt whose lines belong to it. A losing concurrent attempt leaves only unreferenced line rows.
 */
import { randomUUID } from "node:crypto";
import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import type { Assessment, AssessmentLine } from "../domain/scoring.js";
import { guarded, isConflict, isNotFound, jsonProps, pad, readJson } from "./tables.js";

/**
 * Characters of line JSON per row. The service counts a string two bytes a character against the 1 MiB entity
 * limit, and a line can be long (the item's content is up to 2,000 characters), so rows are cut by size.
 */
const MAX_ROW_CHARS = 400_000;
/** UTF-8 bytes of rows per entity-group transaction: well below the service's 4 MiB request limit. */
const MAX_BATCH_BYTES = 2 * 1024 * 1024;

/** The lines cut into rows of at most MAX_ROW_CHARS characters of JSON. */
function lineRows(lines: readonly AssessmentLine[]): AssessmentLine[][] {
  const rows: AssessmentLine[][] = [];
  let row: AssessmentLine[] = [];
  let chars = 2;
  for (const line of lines) {
    const size = JSON.stringify(line).length + 1;
    if (row.length > 0 && chars + size > MAX_ROW_CHARS) {
      rows.push(row);
      row = [];
      chars = 2;
    }
    row.push(line);
    chars += size;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

interface FinalRow {
  attempt: string | null;
  lineRows: number;
}

export class AssessmentsRepo {
  constructor(private readonly table: TableClient) {}

  async getFinal(month: string): Promise<Assessment | null> {
    return guarded(async () => {
      let row: Record<string, unknown>;
      try {
        row = await this.table.getEntity<Record<string, unknown>>(month, "final");
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
      const head = readJson<Assessment & Partial<FinalRow>>(row, "data");
      if (!head.attempt) return head; // lines stored inline
      const lines: AssessmentLine[] = [];
      const prefix = `lines-${head.attempt}-`;
      const rows = this.table.listEntities<Record<string, unknown>>({
        queryOptions: {
          filter: odata`PartitionKey eq ${month} and RowKey ge ${prefix} and RowKey lt ${`${prefix}~`}`,
        },
      });
      for await (const r of rows) lines.push(...readJson<AssessmentLine[]>(r, "data"));
      const { attempt: _attempt, lineRows: _rows, ...assessment } = head;
      return { ...assessment, lines } as Assessment;
    });
  }

  /** Freeze a month; false when it was already finalized (the stored one stands). */
  async saveFinal(assessment: Assessment): Promise<boolean> {
    return guarded(async () => {
      const attempt = randomUUID().replace(/-/g, "");
      const chunks = lineRows(assessment.lines);
      // Line rows first, in transactions on the month's partition of at most 100 operations and MAX_BATCH_BYTES.
      let actions: TransactionAction[] = [];
      let bytes = 0;
      for (const [i, lines] of chunks.entries()) {
        const props = jsonProps("data", lines);
        const size = Object.values(props).reduce((n, text) => n + Buffer.byteLength(text, "utf8"), 0);
        if (actions.length > 0 && (actions.length === 100 || bytes + size > MAX_BATCH_BYTES)) {
          await this.table.submitTransaction(actions);
          actions = [];
          bytes = 0;
        }
        actions.push([
          "create",
          { partitionKey: assessment.month, rowKey: `lines-${attempt}-${pad(i, 4)}`, ...props },
        ]);
        bytes += size;
      }
      if (actions.length > 0) await this.table.submitTransaction(actions);
      const { lines: _lines, ...head } = assessment;
      try {
        await this.table.createEntity({
          partitionKey: assessment.month,
          rowKey: "final",
          rulesVersion: assessment.rulesVersion,
          ...jsonProps("data", { ...head, attempt, lineRows: chunks.length }),
        });
        return true;
      } catch (e) {
        if (isConflict(e)) return false;
        throw e;
      }
    });
  }
}

/**
 * Finalized monthly assessments, immutable once written (PartitionKey = "YYYY-MM"). The deduction lines go in
 * rows of their own ("lines-<attempt>-0001"…, a few hundred lines each, written first), so a month of any size
 * stays within the 1 MiB entity limit; the "final" row, created last and only once, is the commit point and
 * names the attempt whose lines belong to it. A losing concurrent attempt leaves only unreferenced line rows.
 */
import { randomUUID } from "node:crypto";
import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import type { Assessment, AssessmentLine } from "../domain/scoring.js";
import { guarded, isConflict, isNotFound, jsonProps, pad, readJson } from "./tables.js";

/** Lines per row: ~400 bytes of JSON each keeps a row far below 1 MiB. */
const LINES_PER_ROW = 500;

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
      const chunks: AssessmentLine[][] = [];
      for (let i = 0; i < assessment.lines.length; i += LINES_PER_ROW)
        chunks.push(assessment.lines.slice(i, i + LINES_PER_ROW));
      // Line rows first, in transactions of at most 100 operations on the month's partition.
      for (let i = 0; i < chunks.length; i += 100) {
        const actions: TransactionAction[] = chunks.slice(i, i + 100).map((lines, j) => [
          "create",
          {
            partitionKey: assessment.month,
            rowKey: `lines-${attempt}-${pad(i + j, 4)}`,
            ...jsonProps("data", lines),
          },
        ]);
        await this.table.submitTransaction(actions);
      }
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

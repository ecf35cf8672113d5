/** Finalized monthly assessments: one immutable row per month (PartitionKey = "YYYY-MM"). */
import type { TableClient } from "@azure/data-tables";
import type { Assessment } from "../domain/scoring.js";
import { guarded, isConflict, isNotFound, jsonProps, readJson } from "./tables.js";

export class AssessmentsRepo {
  constructor(private readonly table: TableClient) {}

  async getFinal(month: string): Promise<Assessment | null> {
    return guarded(async () => {
      try {
        return readJson<Assessment>(await this.table.getEntity(month, "final"), "data");
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    });
  }

  /** Freeze a month; false when it was already finalized (the stored one stands). */
  async saveFinal(assessment: Assessment): Promise<boolean> {
    return guarded(async () => {
      try {
        await this.table.createEntity({
          partitionKey: assessment.month,
          rowKey: "final",
          rulesVersion: assessment.rulesVersion,
          ...jsonProps("data", assessment),
        });
        return true;
      } catch (e) {
        if (isConflict(e)) return false;
        throw e;
      }
    });
  }
}

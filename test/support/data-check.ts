/** The data check (`npm run check:data`) as a test assertion: the tables a suite used break no invariant. */
import { expect } from "vitest";
import { checkData, formatReport, problemLines } from "../../functions/src/storage/check-data.js";
import { TableStore } from "../../functions/src/storage/tables.js";

/** Walk every table of the installation (connection string + table prefix) and expect no problem at all. */
export async function expectCleanData(connectionString: string, prefix: string): Promise<void> {
  const result = await checkData(new TableStore(connectionString, prefix).clients);
  expect(problemLines(result), formatReport(result)).toEqual([]);
}

/** Sheets the add-in writes whole (printed forms, report sheets). */

/**
 * The named worksheet, ready to be written from scratch: added when missing, otherwise emptied of values,
 * formats, merges and charts. Two syncs when the sheet exists, one when it does not.
 */
export async function freshSheet(context: Excel.RequestContext, name: string): Promise<Excel.Worksheet> {
  const existing = context.workbook.worksheets.getItemOrNullObject(name);
  existing.load("name");
  await context.sync();
  if (existing.isNullObject) return context.workbook.worksheets.add(name);
  existing.charts.load("items/name");
  const used = existing.getUsedRangeOrNullObject();
  used.load("address");
  await context.sync();
  for (const chart of existing.charts.items) chart.delete();
  if (!used.isNullObject) {
    used.unmerge();
    used.clear("All" as Excel.ClearApplyTo);
  }
  return existing;
}

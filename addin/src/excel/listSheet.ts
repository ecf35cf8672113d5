/**
 * The 督办清单 sheet, one module per operation around one column map (listColumns.ts: header → column, so the
 * clerk's own columns and column moves never break a read or write): initialise or repair (listInit), pull
 * (listPull), push (listPush), single rows by id (listRows) and the selection (listSelection). Rows are read
 * and written through listTable.ts, within Excel on the web's 5 MB request and response limits. Changes are
 * found from the rows themselves (hidden fingerprint column), never from change events alone.
 */
export { type InitResult, initialiseList } from "./listInit";
export { type PullResult, pullList } from "./listPull";
export { type PushResult, pushList, type RowOutcome } from "./listPush";
export { type PendingRow, pendingRows, resolveConflict, updateRows } from "./listRows";
export { onListSelectionChanged, readSelectedRows, selectedRows } from "./listSelection";
export { chunkRows, type ListOptions, REQUEST_BUDGET_BYTES } from "./listTable";

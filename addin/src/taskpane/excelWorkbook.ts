// The real workbook facade: forwards to the Excel layer. Created once in index.tsx and handed to <App>.
import type { PaneWorkbook } from "../components/common/workbook";
import {
  initialiseList,
  onListSelectionChanged,
  pendingRows,
  pullList,
  pushList,
  resolveConflict,
  selectedRows,
  updateRows,
} from "../excel/listSheet";
import { checkLedger, importLedger, listLedgerSources, readLedger } from "../excel/importLedger";
import {
  generateNotices,
  generateReport,
  generateSiteVisitRecord,
  rewriteNoticeSheet,
  voidNotice,
} from "../excel/printForms";
import { renderReport } from "../excel/reportSheets";

export function createExcelWorkbook(): PaneWorkbook {
  return {
    initialiseList: (departments, options) => initialiseList(departments, options),
    pullList: (api, query, options) => pullList(api, query, options),
    pushList: (api, options) => pushList(api, options),
    selectedRows: (options) => selectedRows(options),
    resolveConflict: (server, choice, departments, options) =>
      resolveConflict(server, choice, departments, options),
    updateRows: (items, departments, options) => updateRows(items, departments, options),
    pendingRows: (options) => pendingRows(options),
    onListSelectionChanged: (handler, options) => onListSelectionChanged(handler, options),
    generateNotices: (api, mode, options) => generateNotices(api, mode, options),
    voidNotice: (api, number, reason, options) => voidNotice(api, number, reason, options),
    generateReport: (api, itemId, options) => generateReport(api, itemId, options),
    generateSiteVisitRecord: (api, itemId, options) => generateSiteVisitRecord(api, itemId, options),
    reprintNotice: (api, number, options) => rewriteNoticeSheet(api, number, options),
    renderReport: (spec, options) => renderReport(spec, options),
    ledger: {
      listLedgerSources: (options) => listLedgerSources(options),
      readLedger: (source, options) => readLedger(source, options),
      checkLedger: (source, mapping, departments, options) =>
        checkLedger(source, mapping, departments, options),
      importLedger: (api, source, mapping, departments, options) =>
        importLedger(api, source, mapping, departments, options),
    },
  };
}

// The real workbook facade: forwards to the Excel layer. Created once in index.tsx and handed to <App>.
// The 督办清单 operations the 清单 tab needs from the start are imported here; 提交更改 (with the domain's zod
// schemas), the print forms, the report sheets and the ledger import are loaded on their first call, so the
// pane's first script does not carry them (the tabs that use them preload them with their own chunks).
import { onDemand } from "../onDemand";
import type { PaneWorkbook } from "../components/common/workbook";
// From the modules themselves, not the listSheet.ts index, which would bring listPush.ts (and zod) along.
import { initialiseList } from "../excel/listInit";
import { pullList } from "../excel/listPull";
import { pendingRows, resolveConflict, updateRows } from "../excel/listRows";
import { onListSelectionChanged, selectedRows } from "../excel/listSelection";

// onDemand: a chunk that failed to load (offline) loads on the next try, not only after the pane is reopened.
const listPush = onDemand(() => import("../excel/listPush"));
const printForms = onDemand(() => import("../excel/printForms"));
const reportSheets = onDemand(() => import("../excel/reportSheets"));
const importLedger = onDemand(() => import("../excel/importLedger"));

export function createExcelWorkbook(): PaneWorkbook {
  return {
    initialiseList: (departments, options) => initialiseList(departments, options),
    pullList: (api, query, options) => pullList(api, query, options),
    pushList: async (api, options) => (await listPush()).pushList(api, options),
    selectedRows: (options) => selectedRows(options),
    resolveConflict: (server, choice, departments, options) =>
      resolveConflict(server, choice, departments, options),
    updateRows: (items, departments, options) => updateRows(items, departments, options),
    pendingRows: (options) => pendingRows(options),
    onListSelectionChanged: (handler, options) => onListSelectionChanged(handler, options),
    generateNotices: async (api, mode, options) => (await printForms()).generateNotices(api, mode, options),
    voidNotice: async (api, number, reason, options) =>
      (await printForms()).voidNotice(api, number, reason, options),
    generateReport: async (api, itemId, options) => (await printForms()).generateReport(api, itemId, options),
    generateSiteVisitRecord: async (api, itemId, options) =>
      (await printForms()).generateSiteVisitRecord(api, itemId, options),
    reprintNotice: async (api, number, options) =>
      (await printForms()).rewriteNoticeSheet(api, number, options),
    renderReport: async (spec, options) => (await reportSheets()).renderReport(spec, options),
    ledger: {
      listLedgerSources: async (options) => (await importLedger()).listLedgerSources(options),
      readLedger: async (source, options) => (await importLedger()).readLedger(source, options),
      checkLedger: async (source, mapping, departments, options) =>
        (await importLedger()).checkLedger(source, mapping, departments, options),
      importLedger: async (api, source, mapping, departments, options) =>
        (await importLedger()).importLedger(api, source, mapping, departments, options),
    },
  };
}

/** Loads the Excel layer behind the facade's lazy methods ahead of use (idle time after the pane shows). */
export function preloadExcelLayer(): Promise<unknown> {
  return Promise.all([listPush(), printForms(), reportSheets(), importLedger()]);
}

// The real ListWorkbook: forwards to the Excel layer. Created once in index.tsx and handed to <App>.
import type { ListWorkbook } from "../components/workbook";
import {
  initialiseList,
  pullList,
  pushList,
  resolveConflict,
  selectedRows,
  updateRows,
} from "../excel/listSheet";

export function createExcelWorkbook(): ListWorkbook {
  return {
    initialiseList: (departments, options) => initialiseList(departments, options),
    pullList: (api, query, options) => pullList(api, query, options),
    pushList: (api, options) => pushList(api, options),
    selectedRows: (options) => selectedRows(options),
    resolveConflict: (server, choice, departments, options) =>
      resolveConflict(server, choice, departments, options),
    updateRows: (items, departments, options) => updateRows(items, departments, options),
  };
}

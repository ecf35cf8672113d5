import type { ApiClient } from "../../api/client";
import type { Department } from "../../../../functions/src/domain/types";
import type { PaneWorkbook } from "./workbook";

/** What the pane's work needs: the server, the workbook, and the departments (cached by the App). */
export interface PaneDeps {
  api: ApiClient;
  excel: PaneWorkbook;
  departments: (signal?: AbortSignal) => Promise<Department[]>;
}

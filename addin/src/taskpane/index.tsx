import { FluentProvider } from "@fluentui/react-components";
import { StrictMode, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";
import { loadSettings, type PaneSettings } from "../api/settings";
import { App } from "../components/App";
import { clientForSettings } from "../components/settings/settingsModel";
import { whenIdle } from "../components/common/lazyPanel";
import { createExcelWorkbook, preloadExcelLayer } from "./excelWorkbook";
import { currentOfficeTheme } from "./theme";

/** Holds the settings: saving them in 设置 makes a new client, and the pane reconnects with it. */
function Root({ inExcel }: { inExcel: boolean }) {
  const [settings, setSettings] = useState<PaneSettings>(() => loadSettings());
  const client = useMemo(() => clientForSettings(settings), [settings]);
  const excel = useMemo(() => createExcelWorkbook(), []);
  return (
    <App client={client} excel={excel} inExcel={inExcel} settings={settings} onSettingsChange={setSettings} />
  );
}

function mount(inExcel: boolean): void {
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  createRoot(container).render(
    <StrictMode>
      <FluentProvider theme={currentOfficeTheme()} lang="zh-CN">
        <Root inExcel={inExcel} />
      </FluentProvider>
    </StrictMode>,
  );
  // The Excel layer's other parts (提交更改, print forms, report sheets, ledger import) once the pane shows.
  if (inExcel) whenIdle(() => void preloadExcelLayer().catch(() => undefined));
}

// office.js comes from Microsoft's CDN; if it could not load (offline, blocked), still show the pane.
if (typeof Office === "undefined") {
  mount(false);
} else {
  void Office.onReady((info) => mount(info.host === Office.HostType.Excel));
}

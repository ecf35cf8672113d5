import { FluentProvider } from "@fluentui/react-components";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApiClient } from "../api/client";
import { loadSettings, resolveBaseUrl } from "../api/settings";
import { App } from "../components/App";
import { currentOfficeTheme } from "./theme";

function mount(inExcel: boolean): void {
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  const settings = loadSettings();
  const client = createApiClient({
    baseUrl: resolveBaseUrl(settings.serverUrl),
    identity: settings.devIdentity,
  });
  createRoot(container).render(
    <StrictMode>
      <FluentProvider theme={currentOfficeTheme()} lang="zh-CN">
        <App client={client} inExcel={inExcel} />
      </FluentProvider>
    </StrictMode>,
  );
}

// office.js comes from Microsoft's CDN; if it could not load (offline, blocked), still show the pane.
if (typeof Office === "undefined") {
  mount(false);
} else {
  void Office.onReady((info) => mount(info.host === Office.HostType.Excel));
}

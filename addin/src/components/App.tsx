import { Caption1, MessageBar, MessageBarBody, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import type { ApiClient } from "../api/client";
import { ConnectionCard } from "./ConnectionCard";
import { ItemSummary } from "./ItemSummary";
import { INITIAL_PANE_STATUS, loadPaneStatus, type PaneStatus } from "./paneStatus";

const useStyles = makeStyles({
  root: {
    boxSizing: "border-box",
    minHeight: "100vh",
    padding: tokens.spacingHorizontalM,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  logo: { width: "32px", height: "32px", flexShrink: 0 },
  titles: { display: "flex", flexDirection: "column", minWidth: 0 },
  title: { margin: 0 },
  subtitle: { color: tokens.colorNeutralForeground3 },
});

export interface AppProps {
  /** All server access goes through this client (created from the pane settings in index.tsx). */
  client: ApiClient;
  /** False when the page is opened outside Excel (e.g. in a browser during development). */
  inExcel?: boolean;
}

export function App({ client, inExcel = true }: AppProps) {
  const styles = useStyles();
  const [status, setStatus] = useState<PaneStatus>(INITIAL_PANE_STATUS);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    void loadPaneStatus(client, setStatus, controller.signal);
    return () => controller.abort();
  }, [client, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <img className={styles.logo} src="/icon-32.png" alt="" />
        <div className={styles.titles}>
          <Title3 as="h1" className={styles.title}>
            跟进督办
          </Title3>
          <Caption1 className={styles.subtitle}>督办清单 · 立项 · 下发 · 催办 · 办结</Caption1>
        </div>
      </header>
      {!inExcel && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>当前页面未在 Excel 中打开，表格相关功能不可用。</MessageBarBody>
        </MessageBar>
      )}
      <ConnectionCard connection={status.connection} serverUrl={client.baseUrl} onRetry={retry} />
      <ItemSummary items={status.items} onRetry={retry} />
    </main>
  );
}

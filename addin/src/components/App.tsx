import {
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Tab,
  TabList,
  Title3,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ApiClient } from "../api/client";
import { DEFAULT_SETTINGS, type PaneSettings } from "../api/settings";
import { officeSsoToken, type SsoState } from "../api/sso";
import type { Department } from "../../../functions/src/domain/types";
import { AwaitingView, useAwaiting } from "./list/AwaitingPanel";
import { ConnectionCard } from "./settings/ConnectionCard";
import type { PaneDeps } from "./common/deps";
import type { DocumentSection } from "./documents/DocumentsPanel";
import { lazyPanel, PanelSlot, whenIdle, type LazyPanel } from "./common/lazyPanel";
import { canFinalize, describeMe, identityOf, loadMe, type MeState } from "./settings/identity";
import { ItemSummary } from "./common/ItemSummary";
import { shouldResend } from "./list/listController";
import { ImportSection } from "./list/ImportSection";
import { ListPanel } from "./list/ListPanel";
import { followSelection } from "./common/selectionFollower";
import { INITIAL_PANE_STATUS, loadPaneStatus, type PaneStatus, reloadItemCount } from "./common/paneStatus";
import type { Store } from "./list/pendingStore";
import { clientForSettings } from "./settings/settingsModel";
import { useActionTasks, useListTasks } from "./common/usePaneTasks";
import type { PaneWorkbook } from "./common/workbook";

// Every tab but 清单 (and 待我审定, which is small) is its own chunk, loaded on demand (common/lazyPanel.tsx).
const ActionsPanel = lazyPanel(
  () => import("./actions/ActionsPanel"),
  (m) => m.ActionsPanel,
);
const DetailPanel = lazyPanel(
  () => import("./detail/DetailPanel"),
  (m) => m.DetailPanel,
);
const DocumentsPanel = lazyPanel(
  () => import("./documents/DocumentsPanel"),
  (m) => m.DocumentsPanel,
);
const AssessmentPanel = lazyPanel(
  () => import("./assessment/AssessmentPanel"),
  (m) => m.AssessmentPanel,
);
const SettingsPanel = lazyPanel(
  () => import("./settings/SettingsPanel"),
  (m) => m.SettingsPanel,
);

const LAZY_PANELS: Partial<Record<PaneTab, Pick<LazyPanel<object>, "preload">>> = {
  actions: ActionsPanel,
  detail: DetailPanel,
  documents: DocumentsPanel,
  assessment: AssessmentPanel,
  settings: SettingsPanel,
};
const preloadPanel = (tab: PaneTab) => void LAZY_PANELS[tab]?.preload();
/** Fetch every lazy tab's chunk (at idle time after the pane shows); answers once all are loaded. */
export const preloadPanels = (): Promise<unknown> =>
  Promise.all(Object.values(LAZY_PANELS).map((panel) => panel.preload()));

const useStyles = makeStyles({
  root: {
    boxSizing: "border-box",
    minHeight: "100vh",
    minWidth: "280px",
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
  tabs: { flexWrap: "wrap", marginLeft: `calc(-1 * ${tokens.spacingHorizontalS})` },
  user: { color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  // `hidden` alone loses to the panel's display: flex.
  hidden: { display: "none" },
});

export type PaneTab = "list" | "awaiting" | "actions" | "detail" | "documents" | "assessment" | "settings";

const TABS: { value: PaneTab; label: string }[] = [
  { value: "list", label: "清单" },
  // Leaders only (三、(一) 报有关领导审定).
  { value: "awaiting", label: "待我审定" },
  { value: "actions", label: "操作" },
  { value: "detail", label: "详情" },
  { value: "documents", label: "文书" },
  { value: "assessment", label: "考核" },
  { value: "settings", label: "设置" },
];

/** While rows wait to be sent and the server is away, look again this often. */
const OFFLINE_RECHECK_MS = 20_000;
/** At most one automatic resend in this interval, whatever the connection does. */
const RESEND_INTERVAL_MS = 30_000;

export interface AppProps {
  /** All server access goes through this client (created from the pane settings in index.tsx). */
  client: ApiClient;
  /** All workbook access goes through this facade (the Excel layer in Excel; a fake in tests). */
  excel: PaneWorkbook;
  /** False when the page is opened outside Excel (e.g. in a browser during development). */
  inExcel?: boolean;
  /** The settings the client was made from (shown and edited in 设置). */
  settings?: PaneSettings;
  /** Called after 设置 saved new settings; the host makes a new client from them. */
  onSettingsChange?: (settings: PaneSettings) => void;
  /** Where settings and the unsent-rows marker are kept; localStorage unless a test passes its own. */
  storage?: Store | null;
  /** Makes a client for settings being tried (测试连接). */
  createClient?: (settings: PaneSettings) => ApiClient;
  initialTab?: PaneTab;
  /** The clock (business dates are its CST dates); tests fix it. */
  now?: () => Date;
  /** Office SSO check shown in 设置 when no development identity is configured. */
  ssoCheck?: () => Promise<SsoState>;
}

const systemNow = () => new Date();
const defaultSsoCheck = () => officeSsoToken();

/** Whether 操作, 详情 or 报告单 is shown: they follow the selection in 督办清单. */
const followsSelection = (tab: PaneTab, section: DocumentSection) =>
  tab === "actions" || tab === "detail" || (tab === "documents" && section === "report");

/** Who the server says the user is, read once the server answers (again for a new client). */
function useMe(client: ApiClient, connection: PaneStatus["connection"]): MeState {
  const [state, setState] = useState<{ client: ApiClient; me: MeState }>({ client, me: { kind: "loading" } });
  const answering = connection.kind === "connected" || connection.kind === "degraded";
  useEffect(() => {
    if (!answering) return;
    const controller = new AbortController();
    void loadMe(client, controller.signal).then((me) => {
      if (!controller.signal.aborted) setState({ client, me });
    });
    return () => controller.abort();
  }, [client, answering]);
  if (connection.kind === "unreachable" || connection.kind === "failed")
    return { kind: "failed", error: connection.error };
  return state.client === client ? state.me : { kind: "loading" };
}

/** The departments, read once per client and shared by every tab. */
function useDepartments(client: ApiClient) {
  const cache = useRef<{ client: ApiClient; promise: Promise<Department[]> } | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const get = useCallback((): Promise<Department[]> => {
    if (cache.current?.client === client) return cache.current.promise;
    // Not tied to one caller's signal: the answer is shared.
    const promise = client.getDepartments().then((tagged) => tagged.value);
    cache.current = { client, promise };
    promise.then(setDepartments, () => {
      if (cache.current?.promise === promise) cache.current = null;
    });
    return promise;
  }, [client]);
  const nameOf = useCallback((id: string) => departments.find((d) => d.id === id)?.name ?? id, [departments]);
  return { departments, get, nameOf };
}

export function App({
  client,
  excel,
  inExcel = true,
  settings = DEFAULT_SETTINGS,
  onSettingsChange,
  storage,
  createClient = clientForSettings,
  initialTab = "list",
  now = systemNow,
  ssoCheck = defaultSsoCheck,
}: AppProps) {
  const styles = useStyles();
  const [status, setStatus] = useState<PaneStatus>(INITIAL_PANE_STATUS);
  const [attempt, setAttempt] = useState(0);
  const [tab, setTab] = useState<PaneTab>(initialTab);
  const [visited, setVisited] = useState<ReadonlySet<PaneTab>>(() => new Set([initialTab]));
  const [docSection, setDocSection] = useState<DocumentSection>("notice");
  const depts = useDepartments(client);
  const deps = useMemo<PaneDeps>(
    () => ({ api: client, excel, departments: depts.get }),
    [client, excel, depts.get],
  );
  const me = useMe(client, status.connection);
  // 只看本部门 uses the departments the server knows the user by (SSO in production), else the dev identity's.
  const identity = useMemo(() => identityOf(me, settings.devIdentity), [me, settings.devIdentity]);
  const list = useListTasks(deps, identity, storage);
  const actions = useActionTasks(deps);

  useEffect(() => {
    const controller = new AbortController();
    void loadPaneStatus(client, setStatus, controller.signal);
    return () => controller.abort();
  }, [client, attempt]);

  // Right after the pane shows, the other tabs' chunks are fetched, so that switching to one is instant.
  useEffect(() => whenIdle(() => void preloadPanels()), []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const kind = status.connection.kind;
  const connected = kind === "connected";
  const offline = kind === "unreachable" || kind === "degraded";

  useEffect(() => {
    if (connected) depts.get().catch(() => undefined);
  }, [connected, depts]);

  // The rows the workbook marks as waiting, read when the pane opens (after push and pull the list reads them too).
  const { refreshPending } = list;
  useEffect(() => {
    if (!inExcel) return;
    const controller = new AbortController();
    void refreshPending(controller.signal);
    return () => controller.abort();
  }, [inExcel, refreshPending]);

  // Rows a push could not send go out once the server is back (their idempotency keys prevent doubles).
  const unsent = list.state.unsent;
  const lastResend = useRef(0);
  const { push, busy } = list;
  const pendingKnown = list.state.pending !== null;
  useEffect(() => {
    if (!inExcel || !shouldResend(unsent, connected, busy())) return;
    if (Date.now() - lastResend.current < RESEND_INTERVAL_MS) return;
    lastResend.current = Date.now();
    void push();
    // Only a change of connection (or the first reading of the workbook's marks) triggers a resend, never a
    // change of the count it produced.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connected, inExcel, pendingKnown]);
  // After a pull or push the server's item count may have changed: read it again.
  const listSummary = list.state.summary;
  const firstSummary = useRef(true);
  useEffect(() => {
    if (firstSummary.current) {
      firstSummary.current = false;
      return;
    }
    if (!listSummary || !connected) return;
    const controller = new AbortController();
    void reloadItemCount(client, controller.signal).then((items) => {
      if (items) setStatus((s) => ({ ...s, items }));
    });
    return () => controller.abort();
    // Only a new list result triggers a recount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listSummary]);
  // More rows left unsent than before: the server has likely gone away, so let the card say so.
  const previousUnsent = useRef(unsent);
  useEffect(() => {
    if (unsent > previousUnsent.current) retry();
    previousUnsent.current = unsent;
  }, [unsent, retry]);
  useEffect(() => {
    if (unsent === 0 || !offline) return;
    const timer = setTimeout(retry, OFFLINE_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [unsent, offline, retry, status]);

  // 操作, 详情 and 报告单 follow the selection in 督办清单; elsewhere a move is remembered and read on return.
  const { read } = actions;
  const selectionDirty = useRef(false);
  const latest = useRef({ tab, docSection, formOpen: false });
  latest.current = { tab, docSection, formOpen: actions.state.form !== null };
  useEffect(() => {
    if (!inExcel) return;
    return followSelection(excel, () => {
      const shown = latest.current;
      // An open action form keeps its item: what the clerk typed is not thrown away by a click in the sheet.
      if (followsSelection(shown.tab, shown.docSection) && !shown.formOpen) read();
      else selectionDirty.current = true;
    });
    // A new sheet (初始化清单) is subscribed to again.
  }, [excel, inExcel, read, list.sheetGeneration]);

  // A form closed after the selection moved underneath it: now show the rows selected since.
  const formOpen = actions.state.form !== null;
  useEffect(() => {
    const shown = latest.current;
    if (formOpen || !inExcel || !selectionDirty.current || !followsSelection(shown.tab, shown.docSection))
      return;
    selectionDirty.current = false;
    read();
  }, [formOpen, inExcel, read]);

  const selectionKind = actions.state.selection.kind;
  const readIfStale = (t: PaneTab, section: DocumentSection) => {
    if (!inExcel || !followsSelection(t, section)) return;
    if (selectionKind === "none" || selectionDirty.current) {
      selectionDirty.current = false;
      read();
    }
  };
  const selectTab = (next: PaneTab) => {
    setTab(next);
    if (!visited.has(next)) setVisited(new Set([...visited, next]));
    readIfStale(next, docSection);
  };
  const selectDocSection = (next: DocumentSection) => {
    setDocSection(next);
    readIfStale(tab, next);
  };

  const leader = canFinalize(me);
  const awaiting = useAwaiting(client, leader && connected, actions.state.outcome);
  const awaitingCount = awaiting.state.kind === "loaded" ? awaiting.state.items.length : null;
  const tabs = TABS.filter((t) => t.value !== "awaiting" || leader);

  const unauthenticated = kind === "failed" && status.connection.error.status === 401;
  const selected = actions.state.selection.kind === "one" ? actions.state.selection.item : null;

  return (
    <main className={styles.root}>
      <header className={styles.header}>
        <img className={styles.logo} src="/icon-32.png" alt="" />
        <div className={styles.titles}>
          <Title3 as="h1" className={styles.title}>
            跟进督办
          </Title3>
          {me.kind === "loaded" ? (
            <Caption1 className={styles.user} aria-label="当前用户">
              {describeMe(me.me, depts.nameOf)}
            </Caption1>
          ) : (
            <Caption1 className={styles.subtitle}>督办清单 · 立项 · 下发 · 催办 · 办结</Caption1>
          )}
        </div>
      </header>
      {!inExcel && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>当前页面未在 Excel 中打开，表格相关功能不可用。</MessageBarBody>
        </MessageBar>
      )}
      <ConnectionCard connection={status.connection} serverUrl={client.baseUrl} onRetry={retry} />
      {unauthenticated && tab !== "settings" && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            尚未设置身份。本地开发时请在「设置」中填写开发身份；部署后将自动使用 Office 单点登录。
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => setTab("settings")}>
              打开设置
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      <TabList
        className={styles.tabs}
        size="small"
        selectedValue={tab}
        onTabSelect={(_e, d) => selectTab(d.value as PaneTab)}
      >
        {tabs.map((t) => (
          <Tab
            key={t.value}
            value={t.value}
            onMouseEnter={() => preloadPanel(t.value)}
            onFocus={() => preloadPanel(t.value)}
          >
            {t.value === "awaiting" && awaitingCount !== null ? `${t.label}（${awaitingCount}）` : t.label}
          </Tab>
        ))}
      </TabList>
      <section className={styles.panel} role="tabpanel" aria-label={TABS.find((t) => t.value === tab)?.label}>
        {tab === "list" && (
          <>
            <ItemSummary items={status.items} onRetry={retry} />
            <ListPanel
              state={list.state}
              departments={depts.departments}
              identity={identity}
              disabled={!inExcel}
              offline={offline}
              onFilters={list.setFilters}
              onInit={list.init}
              onPull={list.pull}
              onPush={() => void push()}
              onCancel={list.cancel}
              onResolve={list.resolve}
              onDismiss={list.dismiss}
              importSection={
                excel.ledger && (
                  <ImportSection
                    ledger={excel.ledger}
                    api={client}
                    departments={depts.get}
                    disabled={!inExcel || offline}
                  />
                )
              }
            />
          </>
        )}
        {tab === "awaiting" && leader && (
          <AwaitingView
            state={awaiting.state}
            deptName={depts.nameOf}
            onReload={awaiting.reload}
            onChoose={(item) => {
              actions.choose(item);
              setTab("actions");
            }}
          />
        )}
        {tab === "actions" && (
          <PanelSlot>
            <ActionsPanel
              state={actions.state}
              disabled={!inExcel}
              deptName={depts.nameOf}
              onRead={read}
              onOpen={actions.open}
              onEdit={actions.edit}
              onSubmit={actions.submit}
              onClose={actions.close}
              onBulk={actions.bulk}
              onCancel={actions.cancel}
              onRefresh={actions.refresh}
            />
          </PanelSlot>
        )}
        {tab === "detail" && (
          <PanelSlot>
            <DetailPanel
              client={client}
              item={selected}
              deptName={depts.nameOf}
              onRead={read}
              disabled={!inExcel}
            />
          </PanelSlot>
        )}
        {tab === "settings" && (
          <PanelSlot>
            <SettingsPanel
              settings={settings}
              {...(storage !== undefined ? { storage } : {})}
              createClient={createClient}
              onSaved={(next) => onSettingsChange?.(next)}
              me={me}
              deptName={depts.nameOf}
              ssoCheck={ssoCheck}
            />
          </PanelSlot>
        )}
        {visited.has("documents") && (
          <div
            className={mergeClasses(styles.panel, tab !== "documents" && styles.hidden)}
            hidden={tab !== "documents"}
          >
            <PanelSlot>
              <DocumentsPanel
                deps={deps}
                me={me}
                departments={depts.departments}
                selection={actions.state.selection}
                disabled={!inExcel}
                section={docSection}
                onSection={selectDocSection}
                deptName={depts.nameOf}
                onRead={read}
                onRowsChanged={() => {
                  selectionDirty.current = true;
                }}
                now={now}
              />
            </PanelSlot>
          </div>
        )}
        {visited.has("assessment") && (
          <div
            className={mergeClasses(styles.panel, tab !== "assessment" && styles.hidden)}
            hidden={tab !== "assessment"}
          >
            <PanelSlot>
              <AssessmentPanel
                deps={deps}
                me={me}
                inExcel={inExcel}
                now={now}
                departments={depts.departments}
                deptName={depts.nameOf}
              />
            </PanelSlot>
          </div>
        )}
      </section>
    </main>
  );
}

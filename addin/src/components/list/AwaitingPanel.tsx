import { Button, Caption1, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { ApiClient, ApiItem } from "../../api/client";
import { describeError, isCancellation, type PaneError } from "../common/errors";
import { PaneErrorMessage } from "../common/ErrorMessage";
import { ItemCard } from "../common/ItemCard";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  entry: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
});

export type AwaitingState =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "loaded"; items: ApiItem[] }
  | { kind: "failed"; error: PaneError };

/**
 * 待我审定 (三、(一) 报有关领导审定): what waits for the leader's decision — drafts to approve (with the office's
 * 拟办意见 beside them), 延期/调整 requests, reports to close.
 */
export function AwaitingView({
  state,
  deptName,
  onReload,
  onChoose,
}: {
  state: AwaitingState;
  deptName?: (id: string) => string;
  onReload: () => void;
  onChoose: (item: ApiItem) => void;
}) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-label="待我审定">
      <div className={styles.heading}>
        <Text weight="semibold">待我审定</Text>
        <Button size="small" appearance="subtle" disabled={state.kind === "loading"} onClick={onReload}>
          刷新
        </Button>
      </div>
      <Caption1 className={styles.muted}>
        待立项审定、待批延期或调整、待办结的事项；已指定分管领导账号的事项只列给该领导。
      </Caption1>
      {state.kind === "loading" && <Spinner size="extra-tiny" labelPosition="after" label="正在读取…" />}
      {state.kind === "failed" && <PaneErrorMessage error={state.error} onRetry={onReload} />}
      {state.kind === "loaded" && state.items.length === 0 && (
        <Caption1 className={styles.muted}>没有等待您审定的事项。</Caption1>
      )}
      {state.kind === "loaded" &&
        state.items.map((item) => (
          <div key={item.id} className={styles.entry}>
            <ItemCard item={item} {...(deptName ? { deptName } : {})} />
            <div>
              <Button size="small" appearance="primary" onClick={() => onChoose(item)}>
                审定
              </Button>
            </div>
          </div>
        ))}
    </section>
  );
}

/** The leader's 待我审定 list, read when `active` and again after `version` changes (an action was taken). */
export function useAwaiting(client: ApiClient, active: boolean, version: unknown) {
  const [state, setState] = useState<AwaitingState>({ kind: "idle" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!active) return;
    const controller = new AbortController();
    setState((s) => (s.kind === "loaded" ? s : { kind: "loading" }));
    client.listAllItems({ awaiting: "me" }, controller.signal).then(
      (items) => {
        if (!controller.signal.aborted) setState({ kind: "loaded", items });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isCancellation(error)) return;
        setState({ kind: "failed", error: describeError(error, "读取待我审定事项失败") });
      },
    );
    return () => controller.abort();
  }, [client, active, version, attempt]);
  return { state, reload: () => setAttempt((n) => n + 1) };
}

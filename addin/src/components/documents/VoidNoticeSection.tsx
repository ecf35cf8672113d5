import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Select,
  Spinner,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useFocusBack } from "../common/focusBack";
import { useCallback, useRef, useState } from "react";
import type { Notice } from "../../../../functions/src/domain/types";
import type { NoticeResult } from "../../api/client";
import { yearOptions } from "../common/calendar";
import type { PaneDeps } from "../common/deps";
import { checkVoid, voidableNotices, voidNotice, voidSummary } from "./documentsController";
import { PaneErrorMessage } from "../common/ErrorMessage";
import type { TaskState } from "../common/taskState";
import { TaskFeedback } from "../common/TaskFeedback";
import { useLoader, useTask, type Loaded } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) minmax(0, 3fr)",
    gap: tokens.spacingHorizontalS,
    // Long notice labels must not widen the pane (320–350 px): let the cells shrink and the select fill them.
    "& > *": { minWidth: 0 },
    "& select": { width: "100%", minWidth: 0 },
  },
  muted: { color: tokens.colorNeutralForeground3 },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export interface VoidDraft {
  year: number;
  number: string;
  reason: string;
}

export interface VoidNoticeViewProps {
  years: readonly number[];
  draft: VoidDraft;
  notices: Loaded<Notice[]>;
  errors: Record<string, string>;
  /** The clerk clicked 作废 and is asked to confirm. */
  confirming: boolean;
  state: TaskState<NoticeResult>;
  disabled: boolean;
  allowed: boolean;
  deptName: (id: string) => string;
  onDraft: (patch: Partial<VoidDraft>) => void;
  onReload: () => void;
  onVoid: () => void;
  onConfirm: () => void;
  onBack: () => void;
  onCancel: () => void;
  onDismiss: () => void;
}

const noticeLabel = (n: Notice, deptName: (id: string) => string) =>
  `${n.number}（${deptName(n.leadDept)}，${n.issueDate}，${n.itemIds.length} 项）`;

/** 作废通知单: a notice of the year that is not yet voided, and the reason (required). */
export function VoidNoticeView(props: VoidNoticeViewProps) {
  const { draft, notices, errors, state, deptName } = props;
  const styles = useStyles();
  const busy = state.running !== null;
  const list = notices.kind === "loaded" ? notices.value : [];
  const field = (name: string) =>
    errors[name] ? { validationState: "error" as const, validationMessage: errors[name] } : {};
  const root = useRef<HTMLElement>(null);
  useFocusBack(root, props.confirming ? "void" : null);
  return (
    <section className={styles.root} aria-label="作废通知单" ref={root}>
      <Text weight="semibold">作废通知单</Text>
      <Caption1 className={styles.muted}>
        作废后文号保留、不再使用，工作表标注「作废」，所含事项退回「已立项」，可重新下发。
      </Caption1>
      <div className={styles.row}>
        <Field label="年度" size="small">
          <Select
            size="small"
            value={String(draft.year)}
            disabled={busy}
            onChange={(_e, d) => props.onDraft({ year: Number(d.value), number: "" })}
          >
            {props.years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </Select>
        </Field>
        <Field label="通知单" size="small" required {...field("number")}>
          <Select
            size="small"
            value={draft.number}
            disabled={busy || notices.kind !== "loaded" || list.length === 0}
            onChange={(_e, d) => props.onDraft({ number: d.value })}
          >
            <option value="">{list.length === 0 ? "（无可作废的通知单）" : "请选择"}</option>
            {list.map((n) => (
              <option key={n.number} value={n.number}>
                {noticeLabel(n, deptName)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {notices.kind === "loading" && (
        <Spinner size="extra-tiny" labelPosition="after" label="正在读取通知单…" />
      )}
      {notices.kind === "failed" && <PaneErrorMessage error={notices.error} onRetry={props.onReload} />}
      <Field label="作废理由" required size="small" {...field("reason")}>
        <Textarea
          resize="vertical"
          value={draft.reason}
          disabled={busy}
          onChange={(_e, d) => props.onDraft({ reason: d.value })}
        />
      </Field>
      {props.confirming ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>确定作废 {draft.number}？此操作不可撤销。</MessageBarBody>
          <MessageBarActions>
            <Button size="small" appearance="primary" onClick={props.onConfirm}>
              确定作废
            </Button>
            <Button size="small" onClick={props.onBack}>
              取消
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : (
        <div className={styles.buttons}>
          <Button
            disabled={props.disabled || busy || !props.allowed}
            onClick={props.onVoid}
            data-focus-back="void"
          >
            作废
          </Button>
          <Button appearance="subtle" disabled={busy} onClick={props.onReload}>
            刷新列表
          </Button>
        </div>
      )}
      {!props.allowed && <Caption1 className={styles.muted}>作废通知单需要「督办办公室」角色。</Caption1>}
      <TaskFeedback
        state={state}
        summary={voidSummary}
        onCancel={props.onCancel}
        onDismiss={props.onDismiss}
      />
    </section>
  );
}

export interface VoidNoticeSectionProps {
  deps: PaneDeps;
  disabled: boolean;
  allowed: boolean;
  now: () => Date;
  deptName: (id: string) => string;
  /** Changes when notices were issued elsewhere in the pane: the list is read again. */
  refreshKey?: number;
  /** A notice was voided (its rows went back to 已立项). */
  onVoided?: (() => void) | undefined;
}

export function VoidNoticeSection({
  deps,
  disabled,
  allowed,
  now,
  deptName,
  refreshKey = 0,
  onVoided,
}: VoidNoticeSectionProps) {
  const [years] = useState(() => yearOptions(now()));
  const [draft, setDraft] = useState<VoidDraft>({ year: years[0]!, number: "", reason: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const task = useTask<NoticeResult>();
  const load = useCallback(
    (signal: AbortSignal) => voidableNotices(deps, draft.year, signal),
    // refreshKey: notices issued since are read too.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [deps, draft.year, refreshKey],
  );
  const notices = useLoader(load, "读取通知单失败");

  const edit = (patch: Partial<VoidDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setConfirming(false);
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch)) delete next[key];
      return next;
    });
  };
  const ask = () => {
    const checked = checkVoid(draft.number, draft.reason);
    if (!checked.ok) setErrors(checked.errors);
    else setConfirming(true);
  };
  const confirm = () => {
    setConfirming(false);
    const checked = checkVoid(draft.number, draft.reason);
    if (!checked.ok) return setErrors(checked.errors);
    void task
      .run("正在作废…", "作废通知单失败", (signal, onProgress) =>
        voidNotice(deps, draft.number, checked.reason, signal, onProgress),
      )
      .then((result) => {
        if (!result) return;
        setDraft((d) => ({ ...d, number: "", reason: "" }));
        notices.reload();
        onVoided?.();
      });
  };
  return (
    <VoidNoticeView
      years={years}
      draft={draft}
      notices={notices.state}
      errors={errors}
      confirming={confirming}
      state={task.state}
      disabled={disabled}
      allowed={allowed}
      deptName={deptName}
      onDraft={edit}
      onReload={notices.reload}
      onVoid={ask}
      onConfirm={confirm}
      onBack={() => setConfirming(false)}
      onCancel={task.cancel}
      onDismiss={task.dismiss}
    />
  );
}

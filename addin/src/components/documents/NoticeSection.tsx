import { Button, Caption1, Radio, RadioGroup, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { PaneDeps } from "../common/deps";
import { generateNotices, NOTICE_MODE_LABELS, noticesSummary } from "./documentsController";
import type { TaskState } from "../common/taskState";
import { TaskFeedback } from "../common/TaskFeedback";
import { useTask } from "../common/useTask";
import type { GeneratedNotice, NoticeMode } from "../common/workbook";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export interface NoticeViewProps {
  mode: NoticeMode;
  state: TaskState<GeneratedNotice[]>;
  /** Outside Excel no rows can be selected. */
  disabled: boolean;
  /** Whether the user may issue notices (督办办公室). */
  allowed: boolean;
  onMode: (mode: NoticeMode) => void;
  onGenerate: () => void;
  onCancel: () => void;
  onDismiss: () => void;
}

/** 生成通知单: 一单一事 or 一单多事 from the rows selected in 督办清单. */
export function NoticeView({
  mode,
  state,
  disabled,
  allowed,
  onMode,
  onGenerate,
  onCancel,
  onDismiss,
}: NoticeViewProps) {
  const styles = useStyles();
  const busy = state.running !== null;
  return (
    <section className={styles.root} aria-label="生成通知单">
      <Text weight="semibold">生成通知单（附件1）</Text>
      <Caption1 className={styles.muted}>
        在「督办清单」中选中已立项的行，选择方式后生成。文号由服务器分配，每份通知单写入单独的工作表（存根 +
        正联，A4）。
      </Caption1>
      <RadioGroup
        value={mode}
        disabled={busy}
        aria-label="通知单方式"
        onChange={(_e, d) => onMode(d.value as NoticeMode)}
      >
        {(Object.keys(NOTICE_MODE_LABELS) as NoticeMode[]).map((m) => (
          <Radio key={m} value={m} label={NOTICE_MODE_LABELS[m]} />
        ))}
      </RadioGroup>
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={disabled || busy || !allowed} onClick={onGenerate}>
          生成通知单
        </Button>
      </div>
      {!allowed && <Caption1 className={styles.muted}>下发通知单需要「督办办公室」角色。</Caption1>}
      <TaskFeedback state={state} summary={noticesSummary} onCancel={onCancel} onDismiss={onDismiss} />
    </section>
  );
}

export interface NoticeSectionProps {
  deps: PaneDeps;
  disabled: boolean;
  allowed: boolean;
  /** Called after notices were issued (their rows changed state). */
  onIssued?: () => void;
}

export function NoticeSection({ deps, disabled, allowed, onIssued }: NoticeSectionProps) {
  const [mode, setMode] = useState<NoticeMode>("single");
  const task = useTask<GeneratedNotice[]>();
  const generate = () =>
    void task
      .run("正在生成通知单…", "生成通知单失败", (signal, onProgress) =>
        generateNotices(deps, mode, signal, onProgress),
      )
      .then((result) => {
        if (result && result.length > 0) onIssued?.();
      });
  return (
    <NoticeView
      mode={mode}
      state={task.state}
      disabled={disabled}
      allowed={allowed}
      onMode={setMode}
      onGenerate={generate}
      onCancel={task.cancel}
      onDismiss={task.dismiss}
    />
  );
}

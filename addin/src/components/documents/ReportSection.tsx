import { Button, Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import { STATUS_LABELS } from "../../../../functions/src/domain/types";
import type { ApiItem } from "../../api/client";
import type { Selection } from "../actions/actionsState";
import type { PaneDeps } from "../common/deps";
import { generateReport, generateSiteVisitRecord, hasReport, reprintNotice } from "./documentsController";
import { ItemCard } from "../common/ItemCard";
import type { TaskState } from "../common/taskState";
import { TaskFeedback } from "../common/TaskFeedback";
import { useTask } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export interface ReportViewProps {
  selection: Selection;
  state: TaskState<string>;
  disabled: boolean;
  deptName?: (id: string) => string;
  onRead: () => void;
  onGenerate: (item: ApiItem) => void;
  /** 现场督办记录 of the item (when it has site visits). */
  onSiteVisits?: (item: ApiItem) => void;
  /** 重印通知单 of the item (marked 调整后 after an approved adjustment). */
  onReprint?: (item: ApiItem) => void;
  onCancel: () => void;
  onDismiss: () => void;
}

function hint(selection: Selection): string | null {
  switch (selection.kind) {
    case "none":
      return "在「督办清单」中选中一个已报告或已办结的事项。";
    case "empty":
      return "所选区域没有已提交到服务器的事项。";
    case "many":
      return "报告单按事项生成，请只选中一行。";
    case "one":
      return hasReport(selection.item)
        ? null
        : `该事项状态为「${STATUS_LABELS[selection.item.status]}」，报告后才能生成报告单。`;
  }
}

/** 报告单 (附件2) for the selected reported or closed item. */
export function ReportView({
  selection,
  state,
  disabled,
  deptName,
  onRead,
  onGenerate,
  onSiteVisits,
  onReprint,
  onCancel,
  onDismiss,
}: ReportViewProps) {
  const styles = useStyles();
  const busy = state.running !== null;
  const item = selection.kind === "one" ? selection.item : null;
  const note = hint(selection);
  return (
    <section className={styles.root} aria-label="报告单">
      <Text weight="semibold">报告单（附件2）</Text>
      {item && <ItemCard item={item} {...(deptName ? { deptName } : {})} />}
      {note && <Caption1 className={styles.muted}>{note}</Caption1>}
      <div className={styles.buttons}>
        <Button
          appearance="primary"
          disabled={disabled || busy || !item || !hasReport(item)}
          onClick={() => item && onGenerate(item)}
        >
          生成报告单
        </Button>
        {onReprint && (
          <Button
            disabled={disabled || busy || !item?.noticeNumber || item.status === "registered"}
            onClick={() => item && onReprint(item)}
          >
            重印通知单
          </Button>
        )}
        {onSiteVisits && (
          <Button
            disabled={disabled || busy || !item?.siteVisits?.length}
            onClick={() => item && onSiteVisits(item)}
          >
            生成现场督办记录
          </Button>
        )}
        <Button disabled={disabled || busy} onClick={onRead}>
          读取所选行
        </Button>
      </div>
      <TaskFeedback
        state={state}
        summary={(sheet) => ({
          intent: "success",
          title: sheet.startsWith("现场督办记录")
            ? "已生成现场督办记录"
            : sheet.startsWith("报告单")
              ? "已生成报告单"
              : "已重印通知单",
          lines: [`工作表「${sheet}」`],
        })}
        onCancel={onCancel}
        onDismiss={onDismiss}
      />
    </section>
  );
}

export interface ReportSectionProps {
  deps: PaneDeps;
  selection: Selection;
  disabled: boolean;
  deptName?: (id: string) => string;
  onRead: () => void;
}

export function ReportSection({ deps, selection, disabled, deptName, onRead }: ReportSectionProps) {
  const task = useTask<string>();
  return (
    <ReportView
      selection={selection}
      state={task.state}
      disabled={disabled}
      {...(deptName ? { deptName } : {})}
      onRead={onRead}
      onGenerate={(item) =>
        void task.run("正在生成报告单…", "生成报告单失败", (signal, onProgress) =>
          generateReport(deps, item, signal, onProgress),
        )
      }
      onReprint={(item) =>
        void task.run("正在重印通知单…", "重印通知单失败", (signal, onProgress) =>
          reprintNotice(deps, item, signal, onProgress),
        )
      }
      onSiteVisits={(item) =>
        void task.run("正在生成现场督办记录…", "生成现场督办记录失败", (signal, onProgress) =>
          generateSiteVisitRecord(deps, item, signal, onProgress),
        )
      }
      onCancel={task.cancel}
      onDismiss={task.dismiss}
    />
  );
}

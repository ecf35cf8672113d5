import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import { PaneErrorMessage } from "./ErrorMessage";
import type { Summary } from "../list/listState";
import { ProgressPanel } from "../actions/ProgressPanel";
import { ResultMessage } from "./ResultMessage";
import type { TaskState } from "./taskState";

export interface TaskFeedbackProps<R> {
  state: TaskState<R>;
  /** How a result reads; without it only progress, failure and cancellation are shown. */
  summary?: (result: R) => Summary;
  onCancel?: () => void;
  onDismiss?: () => void;
  /** 重试 after a failure (or 刷新 after a 412). */
  onRetry?: () => void;
}

/** A section task's progress (with 取消), its outcome, its failure in Chinese, or that it was cancelled. */
export function TaskFeedback<R>({ state, summary, onCancel, onDismiss, onRetry }: TaskFeedbackProps<R>) {
  return (
    <>
      {state.running && (
        <ProgressPanel
          message={state.running.message}
          fraction={state.running.fraction}
          {...(onCancel ? { onCancel } : {})}
        />
      )}
      {state.error && <PaneErrorMessage error={state.error} {...(onRetry ? { onRetry } : {})} />}
      {state.cancelled && !state.running && (
        <MessageBar intent="info">
          <MessageBarBody>已取消。</MessageBarBody>
        </MessageBar>
      )}
      {state.result !== null && summary && (
        <ResultMessage summary={summary(state.result)} {...(onDismiss ? { onDismiss } : {})} />
      )}
    </>
  );
}

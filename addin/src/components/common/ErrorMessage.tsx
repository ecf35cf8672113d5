import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ApiError, FieldError } from "../../api/client";
import { STALE_MESSAGE, type PaneError } from "./errors";

const useStyles = makeStyles({
  detail: { overflowWrap: "anywhere" },
  fields: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
});

export interface ErrorMessageProps {
  title: string;
  /** The error to explain; without one, `message` is shown. */
  error?: ApiError;
  message?: string;
  /** Invalid fields to list when they do not come with `error`. */
  fields?: readonly FieldError[];
  intent?: "error" | "warning";
  onRetry?: () => void;
  /** The retry button's text; 重试 unless said otherwise (e.g. 刷新 after a 412). */
  retryLabel?: string;
}

/** A failure explained in Chinese, with the invalid fields listed and a retry button. */
export function ErrorMessage({
  title,
  error,
  message,
  fields,
  intent = "error",
  onRetry,
  retryLabel = "重试",
}: ErrorMessageProps) {
  const styles = useStyles();
  const text = message ?? error?.detail ?? "";
  const listed = fields ?? error?.errors ?? [];
  return (
    <MessageBar intent={intent} layout="multiline" politeness={intent === "error" ? "assertive" : "polite"}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        <span className={styles.detail}>{text}</span>
        {listed.length > 0 && (
          <ul className={styles.fields}>
            {listed.map((field, index) => (
              <li key={`${field.path}-${index}`}>
                {field.path ? `${field.path}：${field.message}` : field.message}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button size="small" onClick={onRetry}>
            {retryLabel}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

export interface PaneErrorMessageProps {
  error: PaneError;
  /** 重试, or 刷新 when someone else changed the data (412). */
  onRetry?: () => void;
  /** Whether the fields are already shown under a form's inputs. */
  hideFields?: boolean;
}

/** Any pane failure (server or Excel); a 412 reads 数据已被他人修改，请刷新 with a 刷新 button. */
export function PaneErrorMessage({ error, onRetry, hideFields = false }: PaneErrorMessageProps) {
  return (
    <ErrorMessage
      title={error.stale ? STALE_MESSAGE : error.title}
      message={
        error.stale ? "该事项在您读取之后已被他人修改。请点「刷新」读取最新版本后再操作。" : error.detail
      }
      fields={hideFields ? [] : error.fields}
      intent={error.offline ? "warning" : "error"}
      {...(onRetry ? { onRetry, retryLabel: error.stale ? "刷新" : "重试" } : {})}
    />
  );
}

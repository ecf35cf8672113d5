import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ApiError } from "../api/client";

const useStyles = makeStyles({
  detail: { overflowWrap: "anywhere" },
  fields: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
});

export interface ErrorMessageProps {
  title: string;
  /** The error to explain; without one, `message` is shown. */
  error?: ApiError;
  message?: string;
  intent?: "error" | "warning";
  onRetry?: () => void;
}

/** A failure explained in Chinese, with the invalid fields listed and a retry button. */
export function ErrorMessage({ title, error, message, intent = "error", onRetry }: ErrorMessageProps) {
  const styles = useStyles();
  const text = message ?? error?.detail ?? "";
  return (
    <MessageBar intent={intent} layout="multiline" politeness={intent === "error" ? "assertive" : "polite"}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        <span className={styles.detail}>{text}</span>
        {error && error.errors.length > 0 && (
          <ul className={styles.fields}>
            {error.errors.map((field, index) => (
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
            重试
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { Summary } from "../list/listState";

const useStyles = makeStyles({
  lines: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    paddingLeft: tokens.spacingHorizontalL,
    overflowWrap: "anywhere",
  },
});

export interface ResultMessageProps {
  summary: Summary;
  onDismiss?: () => void;
}

/** The outcome of a task: a title and a line per point worth knowing. */
export function ResultMessage({ summary, onDismiss }: ResultMessageProps) {
  const styles = useStyles();
  return (
    <MessageBar intent={summary.intent} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{summary.title}</MessageBarTitle>
        {summary.lines.length > 0 && (
          <ul className={styles.lines}>
            {summary.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        )}
      </MessageBarBody>
      {onDismiss && (
        <MessageBarActions>
          <Button size="small" appearance="transparent" onClick={onDismiss}>
            关闭
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

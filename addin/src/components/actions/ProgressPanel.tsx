import { Button, Caption1, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS },
  bar: { flexGrow: 1, minWidth: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  message: { overflowWrap: "anywhere" },
});

export interface ProgressPanelProps {
  message: string;
  /** 0…1; null shows a moving bar while the amount of work is unknown. */
  fraction: number | null;
  /** Shows 取消 when the work can be stopped. */
  onCancel?: () => void;
}

/** Long work in progress, with 取消. */
export function ProgressPanel({ message, fraction, onCancel }: ProgressPanelProps) {
  const styles = useStyles();
  return (
    <div className={styles.root} role="status" aria-live="polite">
      <div className={styles.bar}>
        <Caption1 className={styles.message}>{message}</Caption1>
        <ProgressBar value={fraction ?? undefined} max={1} thickness="large" aria-label={message} />
      </div>
      {onCancel && (
        <Button size="small" onClick={onCancel}>
          取消
        </Button>
      )}
    </div>
  );
}

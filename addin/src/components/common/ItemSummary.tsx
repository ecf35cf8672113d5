import { Caption1, Card, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ErrorMessage } from "./ErrorMessage";
import type { ItemsState } from "./paneStatus";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  count: { display: "flex", alignItems: "baseline", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  number: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorBrandForeground1,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface ItemSummaryProps {
  items: ItemsState;
  onRetry: () => void;
}

/** 督办事项 N 项: how many items the server holds. */
export function ItemSummary({ items, onRetry }: ItemSummaryProps) {
  const styles = useStyles();
  return (
    <Card className={styles.card} aria-label="督办事项">
      {items.kind === "loaded" ? (
        <div className={styles.count} role="status" aria-live="polite">
          <Text weight="semibold">督办事项</Text>
          <span className={styles.number}>{items.count.toLocaleString("zh-CN")}</span>
          <Text>项</Text>
        </div>
      ) : (
        <Text weight="semibold">督办事项</Text>
      )}
      {items.kind === "idle" && <Caption1 className={styles.muted}>连接服务器后显示督办事项数量。</Caption1>}
      {items.kind === "loading" && (
        <Spinner size="extra-tiny" labelPosition="after" label="正在读取督办事项…" />
      )}
      {items.kind === "failed" && (
        <ErrorMessage title="读取督办事项失败" error={items.error} onRetry={onRetry} />
      )}
    </Card>
  );
}

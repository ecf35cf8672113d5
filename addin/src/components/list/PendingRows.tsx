import { Caption1, Card, Text, makeStyles, tokens } from "@fluentui/react-components";
import { pendingSummary } from "./listState";
import type { PendingRow } from "../common/workbook";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
});

/** At most this many rows are named per kind; the rest are counted. */
const NAMED = 12;
/** At most this many rejected rows show their reason. */
const REASONS = 5;

const seqList = (seqs: readonly number[]) =>
  `第 ${seqs.slice(0, NAMED).join("、")} 行${seqs.length > NAMED ? ` 等 ${seqs.length} 行` : ""}`;

/** 待处理的行: what the workbook itself marks as not yet on the server, so nothing waits unseen. */
export function PendingRows({ rows }: { rows: readonly PendingRow[] }) {
  const styles = useStyles();
  if (rows.length === 0) return null;
  const rejected = rows.filter((r) => r.kind === "rejected").slice(0, REASONS);
  return (
    <Card className={styles.card} size="small" aria-label="待处理的行">
      <Text weight="semibold">待处理的行（{rows.length}）</Text>
      <ul className={styles.list}>
        {pendingSummary(rows).map((g) => (
          <li key={g.kind}>
            <Caption1>
              {g.label}：{seqList(g.seqs)}
            </Caption1>
          </li>
        ))}
      </ul>
      {rejected.map((r) => (
        <Caption1 key={r.row} className={styles.muted}>
          第 {r.seq} 行 {r.state}
        </Caption1>
      ))}
      <Caption1 className={styles.muted}>原因写在各行的「提交状态」列；改正后点击「提交更改」。</Caption1>
    </Card>
  );
}

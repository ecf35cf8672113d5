import { Button, Caption1, Card, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { STATUS_LABELS } from "../../../../functions/src/domain/types";
import { PaneErrorMessage } from "../common/ErrorMessage";
import { dateOrDash } from "../common/format";
import type { ConflictEntry } from "./listState";
import type { ConflictChoice } from "../common/workbook";

const useStyles = makeStyles({
  list: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    listStyle: "none",
  },
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  content: { overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export interface ConflictListProps {
  conflicts: readonly ConflictEntry[];
  onResolve: (id: string, choice: ConflictChoice) => void;
  disabled?: boolean;
}

/** Rows whose 提交状态 reads 冲突: the server's values beside a choice of which version stays. */
export function ConflictList({ conflicts, onResolve, disabled = false }: ConflictListProps) {
  const styles = useStyles();
  if (conflicts.length === 0) return null;
  return (
    <section aria-label="冲突">
      <Text weight="semibold">冲突（{conflicts.length} 行）</Text>
      <ul className={styles.list}>
        {conflicts.map((c) => (
          <li key={c.id}>
            <Card className={styles.card} size="small">
              <Text className={styles.content} weight="semibold">
                {c.seq !== undefined ? `第 ${c.seq} 行 ` : ""}
                {c.server?.noticeNumber ? `${c.server.noticeNumber} ` : ""}
                {c.content}
              </Text>
              {c.server && (
                <Caption1 className={styles.muted}>
                  服务器版本：{STATUS_LABELS[c.server.status]}，完成时限{" "}
                  {dateOrDash(c.server.effectiveDeadline ?? c.server.deadline)}
                </Caption1>
              )}
              <Caption1 className={styles.muted}>{c.reason}</Caption1>
              {c.error && <PaneErrorMessage error={c.error} />}
              <div className={styles.buttons}>
                <Button
                  size="small"
                  appearance="primary"
                  disabled={disabled || c.resolving !== null}
                  onClick={() => onResolve(c.id, "server")}
                >
                  采用服务器版本
                </Button>
                <Button
                  size="small"
                  disabled={disabled || c.resolving !== null}
                  onClick={() => onResolve(c.id, "mine")}
                >
                  保留我的修改
                </Button>
                {c.resolving && <Spinner size="extra-tiny" label="正在处理…" labelPosition="after" />}
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}

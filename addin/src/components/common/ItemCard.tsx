import { Badge, Caption1, Card, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { ApiItem } from "../../api/client";
import { STATUS_LABELS, URGENCY_LABELS } from "../../../../functions/src/domain/types";
import { DEADLINE_KIND_LABELS, LIGHT_BADGES, dateOrDash } from "./format";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  content: { overflowWrap: "anywhere" },
  facts: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  pair: { display: "contents" },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
});

export interface ItemCardProps {
  item: ApiItem;
  /** Department id → name. */
  deptName?: (id: string) => string;
}

/** One item at a glance: status, light, deadline in force, notice number. */
export function ItemCard({ item, deptName = (id) => id }: ItemCardProps) {
  const styles = useStyles();
  const light = LIGHT_BADGES[item.light];
  const facts: [string, string][] = [
    ["督办文号", item.noticeNumber ?? "尚未下发"],
    ["牵头部门", deptName(item.leadDept)],
    [
      DEADLINE_KIND_LABELS[item.deadlineKind] ?? "完成时限",
      dateOrDash(item.effectiveDeadline ?? item.deadline),
    ],
  ];
  if (item.effectiveDeadline && item.deadline && item.effectiveDeadline !== item.deadline)
    facts.push(["原定时限", item.deadline]);
  if (item.overdueDays > 0) facts.push(["超期", `${item.overdueDays} 天`]);
  if (item.latestProgress) facts.push(["最新进展", item.latestProgress]);
  if (item.requirements) facts.push(["督办要求", item.requirements]);
  // 三、(一): the office's 拟办意见, beside the item the leader decides on.
  if (item.proposal) facts.push(["拟办意见", item.proposal]);
  if (item.supervisionGroup?.length) facts.push(["督办组", item.supervisionGroup.join("、")]);
  const request = item.adjustmentRequest;
  if (request) {
    const asked = [
      request.proposedDeadline ? `完成时限改为 ${request.proposedDeadline}` : null,
      request.proposedContent ? `督办事项内容改为「${request.proposedContent}」` : null,
      request.proposedRequirements ? `督办要求改为「${request.proposedRequirements}」` : null,
    ].filter(Boolean);
    facts.push(["申请调整", `${asked.join("；")}（${request.by}：${request.reason}）`]);
  }
  return (
    <Card className={styles.card} size="small" aria-label="督办事项">
      <div className={styles.badges}>
        <Badge appearance="tint" color="brand">
          {STATUS_LABELS[item.status]}
        </Badge>
        <Badge appearance="filled" color={light.color}>
          {light.label}
        </Badge>
        {item.urgency !== "normal" && (
          <Badge appearance="outline" color="danger">
            {URGENCY_LABELS[item.urgency]}
          </Badge>
        )}
      </div>
      <Text className={styles.content} weight="semibold">
        {item.content}
      </Text>
      <dl className={styles.facts}>
        {facts.map(([term, value]) => (
          <div key={term} className={styles.pair}>
            <dt className={styles.term}>
              <Caption1>{term}</Caption1>
            </dt>
            <dd className={styles.value}>
              <Caption1>{value}</Caption1>
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

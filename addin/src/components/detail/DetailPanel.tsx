import { Button, Caption1, Divider, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { ApiClient, ApiItem } from "../../api/client";
import type { ItemEvent } from "../../../../functions/src/domain/types";
import { deadlineHistory, timeline } from "./detailModel";
import { describeError, isCancellation, type PaneError } from "../common/errors";
import { PaneErrorMessage } from "../common/ErrorMessage";
import { DEADLINE_KIND_LABELS, dateOrDash, formatCst } from "../common/format";
import { ItemCard } from "../common/ItemCard";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  heading: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  list: {
    margin: 0,
    padding: 0,
    listStyle: "none",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  event: {
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    paddingLeft: tokens.spacingHorizontalS,
    display: "flex",
    flexDirection: "column",
    overflowWrap: "anywhere",
  },
  lines: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

export type EventsState =
  { kind: "loading" } | { kind: "loaded"; events: ItemEvent[] } | { kind: "failed"; error: PaneError };

export interface DetailViewProps {
  item: ApiItem;
  events: EventsState;
  deptName?: (id: string) => string;
  onReload: () => void;
}

/** 详情: the notice, the deadline and its changes, the 报告单, and the history newest first. */
export function DetailView({ item, events, deptName = (id) => id, onReload }: DetailViewProps) {
  const styles = useStyles();
  const loaded = events.kind === "loaded" ? events.events : [];
  const deadlines = deadlineHistory(loaded);
  return (
    <div className={styles.root}>
      <ItemCard item={item} deptName={deptName} />
      <section className={styles.section} aria-label="通知单">
        <Text weight="semibold">通知单</Text>
        <Caption1>
          {item.noticeNumber
            ? `督办文号：${item.noticeNumber}（下发日期 ${dateOrDash(item.issueDate)}）`
            : "尚未下发通知单"}
        </Caption1>
      </section>
      <section className={styles.section} aria-label="完成时限">
        <Text weight="semibold">完成时限</Text>
        <Caption1>原定完成时限：{dateOrDash(item.deadline)}</Caption1>
        <Caption1>
          现行完成时限：{dateOrDash(item.effectiveDeadline)}（{DEADLINE_KIND_LABELS[item.deadlineKind]}）
        </Caption1>
        {deadlines.length > 0 && (
          <ul className={styles.lines}>
            {deadlines.map((d, i) => (
              <li key={i}>
                <Caption1>
                  {d.at} {d.label}（{d.actor}）：{dateOrDash(d.from)} → {dateOrDash(d.to)}
                </Caption1>
              </li>
            ))}
          </ul>
        )}
      </section>
      {(item.noticeNumber || item.assistDepts.length > 0) && (
        <section className={styles.section} aria-label="承办部门">
          <Text weight="semibold">承办部门签收与意见</Text>
          {[item.leadDept, ...item.assistDepts].map((dept) => {
            const ack = item.acknowledgements?.find((a) => a.deptId === dept);
            const opinion = item.assistOpinions?.find((o) => o.deptId === dept);
            const role = dept === item.leadDept ? "牵头" : "协办";
            return (
              <div key={dept} className={styles.section}>
                <Caption1>
                  {deptName(dept)}（{role}）：
                  {ack
                    ? `已签收（${ack.by}，${formatCst(ack.at)}）`
                    : item.noticeNumber
                      ? "未签收"
                      : "尚未下发"}
                </Caption1>
                {opinion && (
                  <Caption1 className={styles.muted}>
                    承办（协办）部门意见：{opinion.opinion}（{opinion.by}，{formatCst(opinion.at)}）
                  </Caption1>
                )}
              </div>
            );
          })}
        </section>
      )}
      {(item.siteVisits?.length ?? 0) > 0 && (
        <section className={styles.section} aria-label="现场督办">
          <Text weight="semibold">现场督办</Text>
          <ul className={styles.lines}>
            {item.siteVisits!.map((v, i) => (
              <li key={i}>
                <Caption1>
                  {v.date} {v.place}（参加：{v.participants}）：{v.findings}
                  {v.followUp ? `；后续要求：${v.followUp}` : ""}（{v.by}记录）
                </Caption1>
              </li>
            ))}
          </ul>
        </section>
      )}
      {item.report && (
        <section className={styles.section} aria-label="报告单">
          <Text weight="semibold">报告单</Text>
          <Caption1>
            完成时间：{item.report.completedFrom} 至 {item.report.completedTo}
          </Caption1>
          <Caption1 className={styles.muted}>完成情况：{item.report.summary}</Caption1>
          <Caption1 className={styles.muted}>牵头部门意见：{item.report.leadOpinion}</Caption1>
          {item.report.assistOpinion && (
            <Caption1 className={styles.muted}>承办（协办）部门意见：{item.report.assistOpinion}</Caption1>
          )}
          {item.archiveNumber && <Caption1>存档编号：{item.archiveNumber}</Caption1>}
          {item.closeOpinion && <Caption1 className={styles.muted}>办结意见：{item.closeOpinion}</Caption1>}
        </section>
      )}
      {item.falseReport && (
        <Caption1 className={styles.muted}>
          {formatCst(item.falseReport.at)} 由 {item.falseReport.by} 认定上报严重失实：
          {item.falseReport.reason}
          {item.falseReport.seriousConsequence === false
            ? "（未造成较大后果）"
            : `（造成较大后果${item.falseReport.consequence ? `：${item.falseReport.consequence}` : ""}${item.falseReport.reportYear ? `，取消 ${item.falseReport.reportYear} 年度评优评先资格` : ""}）`}
        </Caption1>
      )}
      <Divider />
      <section className={styles.section} aria-label="办理记录">
        <div className={styles.heading}>
          <Text weight="semibold">办理记录</Text>
          <Button size="small" appearance="subtle" disabled={events.kind === "loading"} onClick={onReload}>
            刷新
          </Button>
        </div>
        {events.kind === "loading" && (
          <Spinner size="extra-tiny" labelPosition="after" label="正在读取办理记录…" />
        )}
        {events.kind === "failed" && <PaneErrorMessage error={events.error} onRetry={onReload} />}
        {events.kind === "loaded" && (
          <ol className={styles.list}>
            {timeline(loaded, deptName).map((e) => (
              <li key={e.seq} className={styles.event}>
                <Text weight="semibold" size={200}>
                  {e.label}
                </Text>
                <Caption1 className={styles.muted}>
                  {e.at}（北京时间）· {e.actor}
                </Caption1>
                {[...e.lines, ...e.changes].map((line, i) => (
                  <Caption1 key={i}>{line}</Caption1>
                ))}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

export interface DetailPanelProps {
  client: ApiClient;
  /** The one selected item, or null (nothing or several rows selected). */
  item: ApiItem | null;
  deptName?: (id: string) => string;
  /** Read the selected rows (when none is read yet). */
  onRead?: () => void;
  disabled?: boolean;
}

/** 详情 for the selected row: loads the item's events whenever the item changes. */
export function DetailPanel({ client, item, deptName, onRead, disabled = false }: DetailPanelProps) {
  const styles = useStyles();
  const [events, setEvents] = useState<EventsState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const id = item?.id ?? null;
  const version = item?.etag ?? null;

  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    setEvents({ kind: "loading" });
    client.itemEvents(id, controller.signal).then(
      (list) => {
        if (!controller.signal.aborted) setEvents({ kind: "loaded", events: list });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isCancellation(error)) return;
        setEvents({ kind: "failed", error: describeError(error, "读取办理记录失败") });
      },
    );
    return () => controller.abort();
  }, [client, id, version, attempt]);

  if (!item)
    return (
      <div className={styles.section}>
        <Caption1 className={styles.muted}>
          在「督办清单」中选中一行，然后点击「读取所选行」，这里显示该事项的通知单、完成时限变更和办理记录。
        </Caption1>
        {onRead && (
          <div>
            <Button size="small" disabled={disabled} onClick={onRead}>
              读取所选行
            </Button>
          </div>
        )}
      </div>
    );
  return (
    <DetailView
      item={item}
      events={events}
      {...(deptName ? { deptName } : {})}
      onReload={() => setAttempt((n) => n + 1)}
    />
  );
}

import {
  Badge,
  Button,
  Caption1,
  Card,
  Field,
  Input,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useState } from "react";
import type { ApiItem, ReminderOutbox, ReminderView } from "../../api/client";
import type { Department } from "../../../../functions/src/domain/types";
import { todayCst } from "../common/calendar";
import { DepartmentMailSection } from "./DepartmentMailSection";
import type { PaneDeps } from "../common/deps";
import { PaneErrorMessage } from "../common/ErrorMessage";
import { LIGHT_BADGES } from "../common/format";
import type { TaskState } from "../common/taskState";
import { TaskFeedback } from "../common/TaskFeedback";
import {
  canResend,
  loadOutbox,
  loadUrgeItems,
  REMINDER_KIND_LABELS,
  REMINDER_STATE_BADGES,
  reminderDetail,
  replaceItems,
  replaceReminder,
  resendReminder,
  urgeableOverdue,
  urgeGroups,
  urgeItems,
  urgeSummary,
  writeUrgeList,
  type UrgeGroup,
  type UrgeResult,
} from "./urgeModel";
import { useLoader, useTask, type Loaded } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  heading: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  list: {
    margin: 0,
    padding: 0,
    listStyle: "none",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: "flex",
    alignItems: "flex-start",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalXS,
  },
  text: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
});

export interface UrgeViewProps {
  items: Loaded<ApiItem[]>;
  departments: readonly Department[];
  note: string;
  /** Items urged during this visit. */
  urged: ReadonlySet<string>;
  urgeState: TaskState<UrgeResult>;
  sheetState: TaskState<string>;
  disabled: boolean;
  onNote: (note: string) => void;
  onUrge: (items: ApiItem[]) => void;
  onReload: () => void;
  onWriteSheet: () => void;
  onCancel: () => void;
  onDismiss: () => void;
}

function ItemLine({
  item,
  urged,
  busy,
  onUrge,
}: {
  item: ApiItem;
  urged: boolean;
  busy: boolean;
  onUrge: (items: ApiItem[]) => void;
}) {
  const styles = useStyles();
  const light = LIGHT_BADGES[item.light];
  return (
    <li className={styles.item} data-item={item.id}>
      <div className={styles.text}>
        <div className={styles.badges}>
          <Badge appearance="filled" color={light.color} size="small">
            {light.label}
          </Badge>
          {item.overdueDays > 0 && (
            <Badge appearance="tint" color="danger" size="small">
              超期 {item.overdueDays} 天
            </Badge>
          )}
          {urged && (
            <Badge appearance="tint" color="success" size="small">
              已催办
            </Badge>
          )}
        </div>
        <Caption1>
          {item.noticeNumber ? `${item.noticeNumber} ` : ""}
          {item.content}
        </Caption1>
        <Caption1 className={styles.muted}>
          完成时限 {item.effectiveDeadline ?? item.deadline ?? "—"}
          {item.owner ? ` · 责任人 ${item.owner}` : ""}
        </Caption1>
      </div>
      {item.allowedActions.includes("urge") && (
        <Button
          size="small"
          disabled={busy}
          onClick={() => onUrge([item])}
          aria-label={`催办：${item.content}`}
        >
          催办
        </Button>
      )}
    </li>
  );
}

function GroupCard({ group, props }: { group: UrgeGroup; props: UrgeViewProps }) {
  const styles = useStyles();
  const busy = props.urgeState.running !== null;
  const overdue = urgeableOverdue(group);
  return (
    <Card className={styles.card} size="small" aria-label={group.name}>
      <div className={styles.heading}>
        <Text weight="semibold">{group.name}</Text>
        <Caption1 className={styles.muted}>
          超期 {group.overdue} · 临期 {group.dueSoon}
        </Caption1>
      </div>
      {overdue.length > 0 && (
        <div>
          <Button size="small" appearance="primary" disabled={busy} onClick={() => props.onUrge(overdue)}>
            催办本部门超期事项（{overdue.length}）
          </Button>
        </div>
      )}
      <ul className={styles.list}>
        {group.items.map((item) => (
          <ItemLine
            key={item.id}
            item={item}
            urged={props.urged.has(item.id)}
            busy={busy}
            onUrge={props.onUrge}
          />
        ))}
      </ul>
    </Card>
  );
}

export interface OutboxViewProps {
  date: string;
  outbox: Loaded<ReminderOutbox>;
  resendState: TaskState<ReminderView>;
  onResend: (r: ReminderView) => void;
  onReload: () => void;
  onDismiss: () => void;
}

/** 今日催办邮件: the day's outbox, one line per department and kind, with 重新发送 for what was not delivered. */
export function OutboxView({ date, outbox, resendState, onResend, onReload, onDismiss }: OutboxViewProps) {
  const styles = useStyles();
  const busy = resendState.running !== null;
  return (
    <section className={styles.root} aria-label="今日催办邮件">
      <div className={styles.heading}>
        <Text weight="semibold">今日催办邮件（{date}）</Text>
        <Button appearance="subtle" size="small" disabled={outbox.kind === "loading"} onClick={onReload}>
          刷新
        </Button>
      </div>
      <Caption1 className={styles.muted}>
        系统每天北京时间 8:00 按部门发送即将到期提醒和超期催办，每个部门每类每天一封。
      </Caption1>
      <TaskFeedback
        state={resendState}
        summary={(r) => ({
          intent: r.state === "sent" ? "success" : "warning",
          title: r.state === "sent" ? `已重新发送给${r.deptName}` : `${r.deptName}：仍未发送成功`,
          lines: r.lastError ? [r.lastError] : [],
        })}
        onDismiss={onDismiss}
      />
      {outbox.kind === "loading" && <Spinner size="extra-tiny" labelPosition="after" label="正在读取…" />}
      {outbox.kind === "failed" && <PaneErrorMessage error={outbox.error} onRetry={onReload} />}
      {outbox.kind === "loaded" && !outbox.value.calendar.covered && (
        <Caption1 className={styles.muted}>{outbox.value.calendar.note}</Caption1>
      )}
      {outbox.kind === "loaded" && outbox.value.transport === null && (
        <Caption1 className={styles.muted}>
          服务器未配置发信方式（MAIL_SMTP_URL 或 MAIL_GRAPH_SENDER），提醒只记录、不发送。
        </Caption1>
      )}
      {outbox.kind === "loaded" && outbox.value.items.length === 0 && (
        <Caption1 className={styles.muted}>今天还没有催办邮件。</Caption1>
      )}
      {outbox.kind === "loaded" && outbox.value.items.length > 0 && (
        <ul className={styles.list}>
          {outbox.value.items.map((r) => {
            const badge = REMINDER_STATE_BADGES[r.state];
            return (
              <li
                key={`${r.deptId}.${r.kind}`}
                className={styles.item}
                data-reminder={`${r.deptId}.${r.kind}`}
              >
                <div className={styles.text}>
                  <div className={styles.badges}>
                    <Badge appearance="filled" color={badge.color} size="small">
                      {badge.label}
                    </Badge>
                    <Badge appearance="tint" color={r.kind === "overdue" ? "danger" : "warning"} size="small">
                      {REMINDER_KIND_LABELS[r.kind]}
                    </Badge>
                  </div>
                  <Caption1>
                    {r.deptName}：{r.itemCount} 项
                  </Caption1>
                  <Caption1 className={styles.muted}>{reminderDetail(r)}</Caption1>
                  {r.lastError && r.state !== "sent" && (
                    <Caption1 className={styles.muted}>原因：{r.lastError}</Caption1>
                  )}
                </div>
                {canResend(r) && (
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() => onResend(r)}
                    aria-label={`重新发送：${r.deptName}${REMINDER_KIND_LABELS[r.kind]}`}
                  >
                    重新发送
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The outbox with its loading and 重新发送. */
function OutboxSection({ deps, date }: { deps: PaneDeps; date: string }) {
  const load = useCallback((signal: AbortSignal) => loadOutbox(deps, date, signal), [deps, date]);
  const outbox = useLoader(load, "读取催办邮件失败");
  const resend = useTask<ReminderView>();
  const current = outbox.state.kind === "loaded" ? outbox.state.value : null;
  const onResend = (r: ReminderView) =>
    void resend
      .run("正在重新发送…", "重新发送失败", (signal) => resendReminder(deps, r, signal))
      .then((changed) => {
        if (changed && current) outbox.set(replaceReminder(current, changed));
      });
  return (
    <OutboxView
      date={date}
      outbox={outbox.state}
      resendState={resend.state}
      onResend={onResend}
      onReload={outbox.reload}
      onDismiss={resend.dismiss}
    />
  );
}

/** 催办清单: 红灯 and 黄灯 items by lead department, with one-click 催办 and the 催办清单 sheet. */
export function UrgeView(props: UrgeViewProps) {
  const { items, departments, urgeState, sheetState } = props;
  const styles = useStyles();
  const groups = items.kind === "loaded" ? urgeGroups(items.value, departments) : [];
  const busy = urgeState.running !== null || sheetState.running !== null;
  return (
    <section className={styles.root} aria-label="催办清单">
      <Text weight="semibold">催办清单</Text>
      <Caption1 className={styles.muted}>超期（红灯）和临期（黄灯）事项，按牵头部门列出。</Caption1>
      <Field label="催办说明（可选）" size="small" hint="随催办记录一并保存，如督促限期办理的要求">
        <Input size="small" value={props.note} onChange={(_e, d) => props.onNote(d.value)} />
      </Field>
      <div className={styles.buttons}>
        <Button disabled={props.disabled || busy || items.kind !== "loaded"} onClick={props.onWriteSheet}>
          生成催办清单表
        </Button>
        <Button appearance="subtle" disabled={busy || items.kind === "loading"} onClick={props.onReload}>
          刷新
        </Button>
      </div>
      <TaskFeedback
        state={urgeState}
        summary={urgeSummary}
        onCancel={props.onCancel}
        onDismiss={props.onDismiss}
      />
      <TaskFeedback
        state={sheetState}
        summary={(sheet) => ({ intent: "success", title: "已生成催办清单", lines: [`工作表「${sheet}」`] })}
      />
      {items.kind === "loading" && (
        <Spinner size="extra-tiny" labelPosition="after" label="正在读取督办事项…" />
      )}
      {items.kind === "failed" && <PaneErrorMessage error={items.error} onRetry={props.onReload} />}
      {items.kind === "loaded" && groups.length === 0 && (
        <Caption1 className={styles.muted}>当前没有超期或临期的事项。</Caption1>
      )}
      {groups.map((g) => (
        <GroupCard key={g.deptId} group={g} props={props} />
      ))}
    </section>
  );
}

export interface UrgeSectionProps {
  deps: PaneDeps;
  departments: readonly Department[];
  disabled: boolean;
  now: () => Date;
}

export function UrgeSection({ deps, departments, disabled, now }: UrgeSectionProps) {
  const [note, setNote] = useState("");
  const [urged, setUrged] = useState<ReadonlySet<string>>(new Set());
  const load = useCallback((signal: AbortSignal) => loadUrgeItems(deps, signal), [deps]);
  const items = useLoader(load, "读取督办事项失败");
  const urge = useTask<UrgeResult>();
  const sheet = useTask<string>();
  const current = items.state.kind === "loaded" ? items.state.value : null;

  const onUrge = (targets: ApiItem[]) =>
    void urge
      .run("正在催办…", "催办失败", (signal, onProgress) =>
        urgeItems(deps, targets, note, signal, onProgress),
      )
      .then((result) => {
        if (!result || result.done.length === 0) return;
        setUrged((s) => new Set([...s, ...result.done.map((i) => i.id)]));
        if (current) items.set(replaceItems(current, result.done));
      });
  const onWriteSheet = () => {
    if (!current) return;
    void sheet.run("正在生成催办清单…", "生成催办清单失败", (signal) =>
      writeUrgeList(deps, current, todayCst(now()), signal),
    );
  };
  return (
    <>
      <OutboxSection deps={deps} date={todayCst(now())} />
      <UrgeView
        items={items.state}
        departments={departments}
        note={note}
        urged={urged}
        urgeState={urge.state}
        sheetState={sheet.state}
        disabled={disabled}
        onNote={setNote}
        onUrge={onUrge}
        onReload={items.reload}
        onWriteSheet={onWriteSheet}
        onCancel={urge.cancel}
        onDismiss={urge.dismiss}
      />
      <DepartmentMailSection deps={deps} />
    </>
  );
}

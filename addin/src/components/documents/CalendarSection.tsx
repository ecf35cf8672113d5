import {
  Button,
  Caption1,
  Caption1Strong,
  Field,
  Select,
  Spinner,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Fragment, useCallback, useState, type FormEvent } from "react";
import type { CalendarYear, FieldError, Tagged } from "../../api/client";
import {
  type CalendarDraft,
  calendarYears,
  draftFrom,
  type DraftErrors,
  holidayRanges,
  isConflict,
  lineMessages,
  loadCalendar,
  NO_ERRORS,
  parseDraft,
  rangeLine,
  refusedLines,
  saveCalendar,
  savedSummary,
  sourceLine,
  workdayLine,
  yearLabel,
} from "./calendarModel";
import type { PaneDeps } from "../common/deps";
import { ErrorMessage, PaneErrorMessage } from "../common/ErrorMessage";
import type { PaneError } from "../common/errors";
import type { TaskState } from "../common/taskState";
import { TaskFeedback } from "../common/TaskFeedback";
import { useLoader, useTask, type Loaded } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  part: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, minWidth: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, overflowWrap: "anywhere" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  textarea: { width: "100%", minWidth: 0, boxSizing: "border-box" },
  message: { overflowWrap: "anywhere" },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/** The editor's state: the text as typed and the messages on its lines. */
export interface CalendarEditing {
  /** The year as it was read when editing began: its ETag goes with the save, whatever was read since. */
  base: Tagged<CalendarYear>;
  draft: CalendarDraft;
  /** The pane's own check, or the server's 400 led back to the lines it came from. */
  errors: DraftErrors;
  /** What the server refused without naming a line. */
  other: FieldError[];
}

export interface CalendarViewProps {
  years: readonly { value: number; label: string }[];
  year: number;
  read: Loaded<Tagged<CalendarYear>>;
  /** 督办办公室 or 领导小组. */
  canEdit: boolean;
  editing: CalendarEditing | null;
  saveState: TaskState<Tagged<CalendarYear>>;
  onYear: (year: number) => void;
  onReload: () => void;
  onOpen: () => void;
  onDraft: (change: Partial<CalendarDraft>) => void;
  onSave: () => void;
  onClose: () => void;
  /** After a conflict: read the year again and drop the draft. */
  onRefresh: () => void;
  onDismiss: () => void;
}

/** The year's holidays and 调休上班日 as a clerk reads them. */
function CalendarList({ calendar }: { calendar: CalendarYear }) {
  const styles = useStyles();
  if (calendar.source === "weekdays") return null;
  const ranges = holidayRanges(calendar.holidays);
  return (
    <>
      <div className={styles.part}>
        <Caption1Strong>放假安排（{calendar.holidays.length} 天）</Caption1Strong>
        {ranges.length === 0 ? (
          <Caption1 className={styles.muted}>未列放假日期。</Caption1>
        ) : (
          <ul className={styles.list} aria-label="放假安排">
            {ranges.map((r) => (
              <li key={r.from}>
                <Caption1>{rangeLine(r)}</Caption1>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className={styles.part}>
        <Caption1Strong>调休上班日（{calendar.workdays.length} 天）</Caption1Strong>
        {calendar.workdays.length === 0 ? (
          <Caption1 className={styles.muted}>无。</Caption1>
        ) : (
          <ul className={styles.list} aria-label="调休上班日">
            {calendar.workdays.map((d) => (
              <li key={d}>
                <Caption1>{workdayLine(d)}</Caption1>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function CalendarEditor({
  editing,
  busy,
  conflict,
  onDraft,
  onSave,
  onClose,
}: {
  editing: CalendarEditing;
  busy: boolean;
  conflict: boolean;
  onDraft: (change: Partial<CalendarDraft>) => void;
  onSave: () => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const state = (key: keyof DraftErrors) => {
    const messages = lineMessages(editing.errors[key]);
    return messages.length === 0
      ? {}
      : {
          validationState: "error" as const,
          // One line each, the first beside the field's error icon.
          validationMessage: (
            <span className={styles.message}>
              {messages.map((m, i) => (
                <Fragment key={m}>
                  {i > 0 && <br />}
                  {m}
                </Fragment>
              ))}
            </span>
          ),
        };
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave();
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label="录入节假日安排">
      <Field
        label="放假安排"
        size="small"
        hint="每行一个假期：日期和名称，连续几天写起止日期，如 2027-02-06至2027-02-12 春节"
        {...state("holidays")}
      >
        <Textarea
          className={styles.textarea}
          resize="vertical"
          rows={6}
          value={editing.draft.holidays}
          placeholder={"2027-01-01 元旦\n2027-02-06至2027-02-12 春节"}
          disabled={busy}
          onChange={(_e, d) => onDraft({ holidays: d.value })}
        />
      </Field>
      <Field
        label="调休上班日"
        size="small"
        hint="每行一个需要上班的周六或周日，如 2027-02-07"
        {...state("workdays")}
      >
        <Textarea
          className={styles.textarea}
          resize="vertical"
          rows={3}
          value={editing.draft.workdays}
          placeholder="2027-02-07"
          disabled={busy}
          onChange={(_e, d) => onDraft({ workdays: d.value })}
        />
      </Field>
      <div className={styles.buttons}>
        <Button appearance="primary" type="submit" disabled={busy || conflict}>
          {busy ? "正在保存…" : "保存"}
        </Button>
        <Button disabled={busy} onClick={onClose}>
          取消
        </Button>
      </div>
    </form>
  );
}

/** A failed save: a conflict to 刷新 (never overwritten), the lines the server refused, or why it failed. */
function SaveError({
  error,
  editing,
  onRefresh,
}: {
  error: PaneError;
  editing: CalendarEditing | null;
  onRefresh: () => void;
}) {
  if (isConflict(error))
    return (
      <ErrorMessage
        title="节假日安排已被他人修改"
        message="您读取之后，有人保存了新的安排，您的修改没有保存。请点「刷新」读取最新的安排后再修改。"
        onRetry={onRefresh}
        retryLabel="刷新"
      />
    );
  if (error.status === 400)
    return (
      <ErrorMessage
        title={error.title}
        message="服务器未接受这些内容，请按输入框下各行的提示修改后再保存。"
        fields={(editing?.other ?? error.fields).map((f) => ({ path: "", message: f.message }))}
      />
    );
  return <PaneErrorMessage error={error} />;
}

/** 节假日安排: where a year's working days come from, its holidays and 调休上班日, and (office, leader) the editor. */
export function CalendarView(props: CalendarViewProps) {
  const { read, editing, saveState, canEdit } = props;
  const styles = useStyles();
  const busy = saveState.running !== null;
  const calendar = read.kind === "loaded" ? read.value.value : null;
  const conflict = saveState.error !== null && isConflict(saveState.error);
  return (
    <section className={styles.root} aria-label="节假日安排">
      <div className={styles.heading}>
        <Text weight="semibold">节假日安排</Text>
        <Button
          appearance="subtle"
          size="small"
          disabled={busy || read.kind === "loading"}
          onClick={props.onReload}
        >
          刷新
        </Button>
      </div>
      <Caption1 className={styles.muted}>
        催办提醒只在工作日发出，临期天数也按工作日计算：法定节假日不发，调休上班日照常发。
      </Caption1>
      <Field label="年度" size="small">
        <Select
          size="small"
          value={String(props.year)}
          disabled={busy}
          onChange={(_e, d) => props.onYear(Number(d.value))}
        >
          {props.years.map((y) => (
            <option key={y.value} value={y.value}>
              {y.label}
            </option>
          ))}
        </Select>
      </Field>
      {read.kind === "loading" && (
        <Spinner size="extra-tiny" labelPosition="after" label="正在读取节假日安排…" />
      )}
      {read.kind === "failed" && <PaneErrorMessage error={read.error} onRetry={props.onReload} />}
      {calendar && (
        <>
          <Caption1 className={styles.muted} data-source={calendar.source}>
            {sourceLine(calendar)}
          </Caption1>
          {!editing && <CalendarList calendar={calendar} />}
          {!editing && calendar.editable && canEdit && (
            <div className={styles.buttons}>
              <Button appearance="primary" size="small" onClick={props.onOpen}>
                {calendar.source === "weekdays" ? "录入放假安排" : "修改放假安排"}
              </Button>
            </div>
          )}
          {calendar.editable && !canEdit && (
            <Caption1 className={styles.muted}>录入节假日安排需要「督办办公室」或「领导小组」角色。</Caption1>
          )}
          {editing && canEdit && calendar.editable && (
            <CalendarEditor
              editing={editing}
              busy={busy}
              conflict={conflict}
              onDraft={props.onDraft}
              onSave={props.onSave}
              onClose={props.onClose}
            />
          )}
        </>
      )}
      <TaskFeedback
        state={{ ...saveState, error: null }}
        summary={savedSummary}
        onDismiss={props.onDismiss}
      />
      {saveState.error && <SaveError error={saveState.error} editing={editing} onRefresh={props.onRefresh} />}
    </section>
  );
}

export interface CalendarSectionProps {
  deps: PaneDeps;
  /** 督办办公室 or 领导小组 may enter a year chinese-days does not cover. */
  canEdit: boolean;
  now: () => Date;
}

export function CalendarSection({ deps, canEdit, now }: CalendarSectionProps) {
  const [years] = useState(() => {
    const at = now();
    return calendarYears(at).map((value) => ({ value, label: yearLabel(value, at) }));
  });
  const [year, setYear] = useState(years[0]!.value);
  const load = useCallback((signal: AbortSignal) => loadCalendar(deps, year, signal), [deps, year]);
  const read = useLoader(load, "读取节假日安排失败");
  const [editing, setEditing] = useState<CalendarEditing | null>(null);
  const save = useTask<Tagged<CalendarYear>>();
  const current = read.state.kind === "loaded" ? read.state.value : null;

  const onYear = (next: number) => {
    setYear(next);
    setEditing(null);
    save.dismiss();
  };
  const onOpen = () => {
    if (!current) return;
    save.dismiss();
    setEditing({ base: current, draft: draftFrom(current.value), errors: NO_ERRORS, other: [] });
  };
  // Editing a text area clears its messages: its lines may have moved.
  const onDraft = (change: Partial<CalendarDraft>) =>
    setEditing(
      (e) =>
        e && {
          ...e,
          draft: { ...e.draft, ...change },
          errors: {
            holidays: change.holidays === undefined ? e.errors.holidays : [],
            workdays: change.workdays === undefined ? e.errors.workdays : [],
          },
        },
    );
  const onSave = () => {
    if (!editing) return;
    const parsed = parseDraft(editing.draft, year);
    if (!parsed.ok) {
      save.dismiss();
      setEditing({ ...editing, errors: parsed.errors, other: [] });
      return;
    }
    setEditing({ ...editing, errors: NO_ERRORS, other: [] });
    void save
      .run("正在保存节假日安排…", "保存节假日安排失败", async (signal) => {
        try {
          return await saveCalendar(deps, year, parsed.body, editing.base, signal);
        } catch (error) {
          const placed = refusedLines(error, parsed.lines);
          if (placed)
            setEditing(
              (e) =>
                e && {
                  ...e,
                  errors: { holidays: placed.holidays, workdays: placed.workdays },
                  other: placed.other,
                },
            );
          throw error;
        }
      })
      .then((saved) => {
        if (!saved) return;
        read.set(saved);
        setEditing(null);
      });
  };
  const onRefresh = () => {
    setEditing(null);
    save.dismiss();
    read.reload();
  };
  return (
    <CalendarView
      years={years}
      year={year}
      read={read.state}
      canEdit={canEdit}
      editing={editing}
      saveState={save.state}
      onYear={onYear}
      onReload={read.reload}
      onOpen={onOpen}
      onDraft={onDraft}
      onSave={onSave}
      onClose={() => {
        setEditing(null);
        save.dismiss();
      }}
      onRefresh={onRefresh}
      onDismiss={save.dismiss}
    />
  );
}

import {
  Button,
  Caption1,
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { monthSoFar, todayCst, yearOptions } from "../common/calendar";
import type { PaneDeps } from "../common/deps";
import {
  checkBulletin,
  writeBulletin,
  type BulletinRequest,
  type BulletinResult,
} from "./documentsController";
import type { TaskState } from "../common/taskState";
import { TaskFeedback } from "../common/TaskFeedback";
import { useTask } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  dates: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(130px, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface BulletinViewProps {
  request: BulletinRequest;
  years: readonly number[];
  errors: Record<string, string>;
  state: TaskState<BulletinResult>;
  disabled: boolean;
  onChange: (patch: Partial<BulletinRequest>) => void;
  onGenerate: () => void;
  onCancel: () => void;
  onDismiss: () => void;
}

/** 督办通报: a period (this month so far by default), or the year-end 总结通报. */
export function BulletinView({
  request,
  years,
  errors,
  state,
  disabled,
  onChange,
  onGenerate,
  onCancel,
  onDismiss,
}: BulletinViewProps) {
  const styles = useStyles();
  const busy = state.running !== null;
  const field = (name: string) =>
    errors[name] ? { validationState: "error" as const, validationMessage: errors[name] } : {};
  return (
    <section className={styles.root} aria-label="督办通报">
      <Text weight="semibold">督办通报</Text>
      <Caption1 className={styles.muted}>
        统计期间内各部门承办、按期办结、逾期情况，通报批评逾期未办结事项，列出专项、特急、特别重大事项，期间的现场督办和问责；年终总结通报另列各部门评优评先资格。
      </Caption1>
      <RadioGroup
        layout="horizontal"
        value={request.kind}
        disabled={busy}
        aria-label="通报类型"
        onChange={(_e, d) => onChange({ kind: d.value as BulletinRequest["kind"] })}
      >
        <Radio value="period" label="期间通报" />
        <Radio value="year" label="年终总结通报" />
        <Radio value="items" label="随时通报（所选事项）" />
      </RadioGroup>
      {request.kind === "items" ? (
        <Caption1 className={styles.muted}>
          在「督办清单」中选中要通报的事项（专项、特急、特别重大事项可随时通报），本年度至今的办理情况、现场督办和问责一并列出。
        </Caption1>
      ) : request.kind === "period" ? (
        <div className={styles.dates}>
          <Field label="开始日期" size="small" {...field("from")}>
            <Input
              type="date"
              size="small"
              value={request.from}
              disabled={busy}
              onChange={(_e, d) => onChange({ from: d.value })}
            />
          </Field>
          <Field label="结束日期" size="small" {...field("to")}>
            <Input
              type="date"
              size="small"
              value={request.to}
              disabled={busy}
              onChange={(_e, d) => onChange({ to: d.value })}
            />
          </Field>
        </div>
      ) : (
        <Field label="年度" size="small" {...field("year")}>
          <Select
            size="small"
            value={String(request.year)}
            disabled={busy}
            onChange={(_e, d) => onChange({ year: Number(d.value) })}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div>
        <Button appearance="primary" disabled={disabled || busy} onClick={onGenerate}>
          生成督办通报
        </Button>
      </div>
      <TaskFeedback
        state={state}
        summary={(r) => ({ intent: "success", title: `已生成「${r.sheetName}」`, lines: r.lines })}
        onCancel={onCancel}
        onDismiss={onDismiss}
      />
    </section>
  );
}

export interface BulletinSectionProps {
  deps: PaneDeps;
  disabled: boolean;
  now: () => Date;
}

export function BulletinSection({ deps, disabled, now }: BulletinSectionProps) {
  const [years] = useState(() => yearOptions(now()));
  const [request, setRequest] = useState<BulletinRequest>(() => ({
    kind: "period",
    ...monthSoFar(now()),
    year: years[0]!,
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const task = useTask<BulletinResult>();
  const change = (patch: Partial<BulletinRequest>) => {
    setRequest((r) => ({ ...r, ...patch }));
    setErrors({});
  };
  const generate = () => {
    const today = todayCst(now());
    const checked = checkBulletin(request, today);
    if (!checked.ok) return setErrors(checked.errors);
    void task.run("正在生成督办通报…", "生成督办通报失败", (signal, onProgress) =>
      writeBulletin(deps, checked.query, today, signal, onProgress),
    );
  };
  return (
    <BulletinView
      request={request}
      years={years}
      errors={errors}
      state={task.state}
      disabled={disabled}
      onChange={change}
      onGenerate={generate}
      onCancel={task.cancel}
      onDismiss={task.dismiss}
    />
  );
}

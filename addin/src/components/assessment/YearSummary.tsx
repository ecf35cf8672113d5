import { Button, Caption1, Field, Select, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { writeYearSummary, type YearSummaryResult } from "./assessmentModel";
import { finishedMonthsOf, monthLabel, yearOptions } from "../common/calendar";
import type { PaneDeps } from "../common/deps";
import type { Summary } from "../list/listState";
import { TaskFeedback } from "../common/TaskFeedback";
import { useTask } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  picker: { display: "flex", alignItems: "flex-end", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  year: { flexGrow: 1, minWidth: "110px" },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function yearSummary(r: YearSummaryResult): Summary {
  if (!r.sheetName)
    return {
      intent: "info",
      title: `${r.year}年尚无已结束的月份`,
      lines: ["月份结束后才能汇总该月的考核。"],
    };
  const first = r.months[0]!;
  const last = r.months[r.months.length - 1]!;
  return {
    intent: "success",
    title: `已生成「${r.sheetName}」`,
    lines: [`汇总 ${monthLabel(first)} 至 ${monthLabel(last)}，共 ${r.months.length} 个月。`],
  };
}

export interface YearSummarySectionProps {
  deps: PaneDeps;
  inExcel: boolean;
  now: () => Date;
}

/** 年度汇总: each department's deduction for every finished month of a year, written as one sheet. */
export function YearSummarySection({ deps, inExcel, now }: YearSummarySectionProps) {
  const styles = useStyles();
  const [years] = useState(() => yearOptions(now()));
  const [year, setYear] = useState(years[0]!);
  const task = useTask<YearSummaryResult>();
  const busy = task.state.running !== null;
  const months = finishedMonthsOf(year, now());
  return (
    <section className={styles.root} aria-label="年度汇总">
      <Text weight="semibold">年度汇总</Text>
      <div className={styles.picker}>
        <Field className={styles.year} label="年度" size="small">
          <Select
            size="small"
            value={String(year)}
            disabled={busy}
            onChange={(_e, d) => setYear(Number(d.value))}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </Select>
        </Field>
        <Button
          appearance="primary"
          disabled={!inExcel || busy || months.length === 0}
          onClick={() =>
            void task.run("正在汇总…", "生成年度汇总失败", (signal, onProgress) =>
              writeYearSummary(deps, year, now(), signal, onProgress),
            )
          }
        >
          生成年度汇总
        </Button>
      </div>
      <Caption1 className={styles.muted}>
        {months.length === 0
          ? `${year}年尚无已结束的月份。`
          : `将汇总已结束的 ${months.length} 个月（${monthLabel(months[0]!)}至${monthLabel(months[months.length - 1]!)}），未定稿的月份按预览计算。`}
      </Caption1>
      <TaskFeedback
        state={task.state}
        summary={yearSummary}
        onCancel={task.cancel}
        onDismiss={task.dismiss}
      />
    </section>
  );
}

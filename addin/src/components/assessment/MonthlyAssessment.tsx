import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Select,
  Text,
  makeStyles,
  tokens,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { useState } from "react";
import type { DepartmentResult } from "../../../../functions/src/domain/scoring";
import type { AssessmentResult } from "../../api/client";
import {
  assessmentMarkers,
  deductionText,
  finalizable,
  finalizeAssessment,
  formatPoints,
  linesOf,
  loadAssessment,
  ruleLabel,
  writeAssessment,
} from "./assessmentModel";
import { lastFinishedMonth, monthLabel, monthOptions } from "../common/calendar";
import type { PaneDeps } from "../common/deps";
import { TaskFeedback } from "../common/TaskFeedback";
import { useTask } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  picker: { display: "flex", alignItems: "flex-end", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  month: { flexGrow: 1, minWidth: "150px" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  header: { display: "flex", flexDirection: "column", minWidth: 0, textAlign: "left" },
  lines: {
    margin: 0,
    padding: 0,
    listStyle: "none",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  line: {
    display: "flex",
    flexDirection: "column",
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorPaletteRedBorder2}`,
    paddingLeft: tokens.spacingHorizontalS,
    overflowWrap: "anywhere",
  },
});

function DepartmentItem({ result, dept }: { result: AssessmentResult; dept: DepartmentResult }) {
  const styles = useStyles();
  const lines = linesOf(result, dept.deptId);
  return (
    <AccordionItem value={dept.deptId}>
      <AccordionHeader size="small">
        <span className={styles.header}>
          <Text weight="semibold">
            {dept.name} · {deductionText(dept)}
          </Text>
          <Caption1 className={styles.muted}>
            承办 {dept.handled} · 按期办结 {dept.closedOnTime} · 逾期 {dept.overdue} · 评优资格{" "}
            {dept.awardEligible ? "有" : "取消"}
          </Caption1>
        </span>
      </AccordionHeader>
      <AccordionPanel>
        {dept.falseReports.length > 0 && (
          <Caption1 className={styles.muted}>
            上报内容严重失实且造成较大后果，取消本年度评优评先资格：
            {dept.falseReports.map((f) => f.reason).join("；")}
          </Caption1>
        )}
        {(dept.awardLosses ?? []).length > 0 && (
          <Caption1 className={styles.muted}>
            问责取消本年度评优评先资格：{(dept.awardLosses ?? []).map((l) => l.reason).join("；")}
          </Caption1>
        )}
        {lines.length === 0 ? (
          <Caption1 className={styles.muted}>本月无扣分。</Caption1>
        ) : (
          <ul className={styles.lines}>
            {lines.map((l, i) => (
              <li key={`${l.itemId}-${l.rule}-${i}`} className={styles.line}>
                <Caption1>
                  <strong>{ruleLabel(l)}</strong> 扣 {formatPoints(l.points)} 分
                  {l.share ? "（协办分担）" : ""}
                </Caption1>
                <Caption1 className={styles.muted}>
                  {l.noticeNumber ? `${l.noticeNumber} ` : ""}
                  {l.content}
                </Caption1>
                <Caption1>{l.reason}</Caption1>
                {(l.owner || l.leader) && (
                  <Caption1 className={styles.muted}>
                    责任人：{l.owner || "—"}
                    {"\u3000"}分管领导：{l.leader || "—"}
                  </Caption1>
                )}
              </li>
            ))}
          </ul>
        )}
      </AccordionPanel>
    </AccordionItem>
  );
}

export interface AssessmentViewProps {
  result: AssessmentResult;
  /** Whether the user is in the leading group (定稿 is theirs). */
  leader: boolean;
  disabled: boolean;
  busy: boolean;
  onWrite: () => void;
  onFinalize: () => void;
}

/** A month's result: markers, each department's figures with its lines (expandable), and its buttons. */
export function AssessmentView({ result, leader, disabled, busy, onWrite, onFinalize }: AssessmentViewProps) {
  const restoreFocus = useRestoreFocusTarget();
  const styles = useStyles();
  return (
    <div className={styles.root} aria-label={`${monthLabel(result.month)}考核结果`}>
      <div className={styles.badges} role="status">
        {assessmentMarkers(result).map((m) => (
          <Badge
            key={m.text}
            appearance="tint"
            color={m.intent === "success" ? "success" : m.intent === "warning" ? "warning" : "informative"}
          >
            {m.text}
          </Badge>
        ))}
      </div>
      <Caption1 className={styles.muted}>
        {monthLabel(result.month)} · 考核规则第 {result.rulesVersion} 版 · 扣分明细 {result.lines.length} 条
      </Caption1>
      {result.departments.length === 0 ? (
        <Caption1 className={styles.muted}>本月没有需要考核的部门。</Caption1>
      ) : (
        <Accordion multiple collapsible>
          {result.departments.map((d) => (
            <DepartmentItem key={d.deptId} result={result} dept={d} />
          ))}
        </Accordion>
      )}
      <div className={styles.buttons}>
        <Button disabled={disabled || busy} onClick={onWrite}>
          写入工作表
        </Button>
        {finalizable(result, leader) && (
          <Button
            appearance="primary"
            disabled={busy}
            onClick={onFinalize}
            data-action="finalize"
            // The confirmation dialog gives focus back here when it closes (it has no DialogTrigger).
            {...restoreFocus}
          >
            定稿
          </Button>
        )}
      </div>
    </div>
  );
}

export interface MonthlyAssessmentProps {
  deps: PaneDeps;
  leader: boolean;
  /** Outside Excel no sheet can be written (the preview still works). */
  inExcel: boolean;
  now: () => Date;
}

/** 月度考核: pick a month (the last finished CST month by default), 预览, 写入工作表, 定稿. */
export function MonthlyAssessment({ deps, leader, inExcel, now }: MonthlyAssessmentProps) {
  const styles = useStyles();
  const [options] = useState(() => monthOptions(now()));
  const [month, setMonth] = useState(() => lastFinishedMonth(now()));
  const [result, setResult] = useState<AssessmentResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const preview = useTask<AssessmentResult>();
  const sheet = useTask<string>();
  const finalize = useTask<{ result: AssessmentResult; sheetName: string | null }>();
  const busy = [preview, sheet, finalize].some((t) => t.state.running !== null);

  const load = () =>
    void preview
      .run(`正在计算${monthLabel(month)}的考核…`, "读取考核结果失败", (signal) =>
        loadAssessment(deps, month, signal),
      )
      .then((r) => r && setResult(r));
  const write = () => {
    if (result)
      void sheet.run("正在写入工作表…", "写入工作表失败", (signal) => writeAssessment(deps, result, signal));
  };
  const doFinalize = () => {
    setConfirming(false);
    if (!result) return;
    void finalize
      .run("正在定稿…", "定稿失败", (signal, onProgress) =>
        finalizeAssessment(deps, result.month, inExcel, signal, onProgress),
      )
      .then((r) => r && setResult(r.result));
  };

  return (
    <section className={styles.root} aria-label="月度考核">
      <Text weight="semibold">月度考核</Text>
      <div className={styles.picker}>
        <Field className={styles.month} label="考核月份" size="small">
          <Select
            size="small"
            value={month}
            disabled={busy}
            onChange={(_e, d) => {
              setMonth(d.value);
              setResult(null);
            }}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Button appearance="primary" disabled={busy} onClick={load}>
          预览
        </Button>
      </div>
      <TaskFeedback state={preview.state} onCancel={preview.cancel} />
      {result && (
        <AssessmentView
          result={result}
          leader={leader}
          disabled={!inExcel}
          busy={busy}
          onWrite={write}
          onFinalize={() => setConfirming(true)}
        />
      )}
      <TaskFeedback
        state={sheet.state}
        summary={(name) => ({ intent: "success", title: "已写入工作表", lines: [`工作表「${name}」`] })}
        onDismiss={sheet.dismiss}
      />
      <TaskFeedback
        state={finalize.state}
        summary={(r) => ({
          intent: "success",
          title: `${monthLabel(r.result.month)}考核已定稿`,
          lines: r.sheetName ? [`已重新写入工作表「${r.sheetName}」。`] : [],
        })}
        onDismiss={finalize.dismiss}
      />
      <Dialog open={confirming} onOpenChange={(_e, d) => setConfirming(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>定稿{result ? monthLabel(result.month) : ""}考核？</DialogTitle>
            <DialogContent>
              定稿后本月考核结果和所用规则版本将被固定，以后不再随办理情况或规则调整而变化，且不能撤销。
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={doFinalize}>
                确定定稿
              </Button>
              <Button onClick={() => setConfirming(false)}>取消</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </section>
  );
}

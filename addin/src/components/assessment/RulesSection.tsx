import { Button, Caption1, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useCallback, useState } from "react";
import { cstDate } from "../../../../functions/src/domain/dates";
import type { RulesVersion } from "../../../../functions/src/domain/rules";
import type { Tagged } from "../../api/client";
import { rulesSpec } from "../../excel/reportSheets";
import type { PaneDeps } from "../common/deps";
import { ErrorMessage, PaneErrorMessage } from "../common/ErrorMessage";
import type { PaneError } from "../common/errors";
import { RulesForm } from "./RulesForm";
import {
  ALL_TIERS,
  addTier,
  clearError,
  draftFromRules,
  editTier,
  removeTier,
  saveRules,
  SCALAR_PATHS,
  tierPath,
  type RulesDraft,
  type RulesErrors,
} from "./rulesForm";
import { TaskFeedback } from "../common/TaskFeedback";
import { useLoader, useTask } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  table: {
    display: "grid",
    gridTemplateColumns: "1fr auto",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  pair: { display: "contents" },
  term: { overflowWrap: "anywhere" },
  value: { margin: 0, textAlign: "right", fontVariantNumeric: "tabular-nums" },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/** The rules as 「规则 — 分值」 lines, in the order of the 考核规则 sheet. */
export function rulesRows(r: RulesVersion): [string, string][] {
  const tiers = r.r1Tiers.map((t, i, all): [string, string] => {
    const from = i === 0 ? 1 : (all[i - 1]!.maxDays ?? 0) + 1;
    const range = t.maxDays === null ? `${from} 天以上` : `${from}–${t.maxDays} 天`;
    return [`R1 逾期 ${range}`, `${t.points} 分`];
  });
  return [
    ...tiers,
    [
      "系数：普通 / 特急 / 特别重大",
      `${r.urgencyFactors.normal} / ${r.urgencyFactors.urgent} / ${r.urgencyFactors.critical}`,
    ],
    ["R2 未按要求整改", `${r.r2Points} 分`],
    ["R3 逾期未说明", `${r.r3Points} 分`],
    ["R4 迟报", `${r.r4Points} 分`],
    ["协办部门分担比例", String(r.assistShare)],
    ["月度扣分上限", `${r.monthlyCap} 分`],
  ];
}

export function versionLine(r: RulesVersion): string {
  return r.version === 0
    ? "第 0 版（系统默认）"
    : `第 ${r.version} 版，${r.createdBy} 于 ${cstDate(r.createdAt)} 保存`;
}

/** The rules in force, read-only. */
export function RulesView({ rules }: { rules: RulesVersion }) {
  const styles = useStyles();
  return (
    <>
      <Caption1 className={styles.muted}>现行规则：{versionLine(rules)}</Caption1>
      <dl className={styles.table}>
        {rulesRows(rules).map(([term, value]) => (
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
    </>
  );
}

export interface RulesSectionProps {
  deps: PaneDeps;
  /** 督办办公室 or 领导小组 may change the rules. */
  canEdit: boolean;
  inExcel: boolean;
}

interface Editing {
  draft: RulesDraft;
  errors: RulesErrors;
  saving: boolean;
  error: PaneError | null;
}

/** 考核规则: the rules in force, 写入工作表, and (office, leader) a form that saves a new version. */
export function RulesSection({ deps, canEdit, inExcel }: RulesSectionProps) {
  const styles = useStyles();
  const load = useCallback((signal: AbortSignal) => deps.api.getRules(undefined, signal), [deps]);
  const rules = useLoader<Tagged<RulesVersion>>(load, "读取考核规则失败");
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const sheet = useTask<string>();
  const current = rules.state.kind === "loaded" ? rules.state.value : null;

  const edit = (change: (draft: RulesDraft) => RulesDraft, path?: string) =>
    setEditing(
      (e) => e && { ...e, draft: change(e.draft), errors: path ? clearError(e.errors, path) : e.errors },
    );

  const save = async () => {
    if (!editing || !current) return;
    setEditing({ ...editing, saving: true, error: null });
    const outcome = await saveRules(deps, editing.draft, current.etag ?? "");
    if (outcome.kind === "saved") {
      rules.set(outcome.rules);
      setSaved(outcome.rules.value.version);
      setEditing(null);
    } else if (outcome.kind === "invalid")
      setEditing((e) => e && { ...e, saving: false, errors: outcome.errors });
    else if (outcome.kind === "refused")
      setEditing((e) => e && { ...e, saving: false, errors: outcome.errors, error: outcome.error });
    else setEditing((e) => e && { ...e, saving: false });
  };

  /** After a 412: read the rules in force again and start over from them. */
  const refresh = () => {
    setEditing(null);
    setSaved(null);
    rules.reload();
  };

  return (
    <section className={styles.root} aria-label="考核规则">
      <Text weight="semibold">考核规则</Text>
      {rules.state.kind === "loading" && (
        <Spinner size="extra-tiny" labelPosition="after" label="正在读取考核规则…" />
      )}
      {rules.state.kind === "failed" && <PaneErrorMessage error={rules.state.error} onRetry={rules.reload} />}
      {current && <RulesView rules={current.value} />}
      {saved !== null && !editing && (
        <Caption1>已保存为第 {saved} 版，此后未定稿的月份按新版本计算。</Caption1>
      )}
      {current && !editing && (
        <div className={styles.buttons}>
          <Button
            disabled={!inExcel || sheet.state.running !== null}
            onClick={() =>
              void sheet.run("正在写入工作表…", "写入工作表失败", (signal) =>
                deps.excel.renderReport(rulesSpec(current.value), { signal }),
              )
            }
          >
            写入工作表
          </Button>
          {canEdit && (
            <Button
              appearance="primary"
              onClick={() =>
                setEditing({ draft: draftFromRules(current.value), errors: {}, saving: false, error: null })
              }
            >
              修改规则
            </Button>
          )}
        </div>
      )}
      {current && !canEdit && (
        <Caption1 className={styles.muted}>修改考核规则需要「督办办公室」或「领导小组」角色。</Caption1>
      )}
      <TaskFeedback
        state={sheet.state}
        summary={(name) => ({ intent: "success", title: "已写入工作表", lines: [`工作表「${name}」`] })}
        onDismiss={sheet.dismiss}
      />
      {editing && (
        <RulesForm
          draft={editing.draft}
          errors={editing.errors}
          saving={editing.saving}
          onTier={(i, field, value) => edit((d) => editTier(d, i, field, value), tierPath(i, field))}
          onAddTier={() => edit(addTier, ALL_TIERS)}
          onRemoveTier={(i) => edit((d) => removeTier(d, i), ALL_TIERS)}
          onScalar={(name, value) => edit((d) => ({ ...d, [name]: value }), SCALAR_PATHS[name])}
          onSave={() => void save()}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.error &&
        (editing.error.stale ? (
          <ErrorMessage
            title={editing.error.title}
            message={editing.error.detail}
            onRetry={refresh}
            retryLabel="刷新"
          />
        ) : (
          <PaneErrorMessage error={editing.error} hideFields />
        ))}
    </section>
  );
}

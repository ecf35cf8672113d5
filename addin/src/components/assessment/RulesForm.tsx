import { Button, Caption1, Field, Input, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { FormEvent } from "react";
import { RULE_LIMITS } from "../../../../functions/src/domain/rules";
import { SCALAR_PATHS, tierPath, type RulesDraft, type RulesErrors, type TierDraft } from "./rulesForm";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  tier: {
    display: "grid",
    gridTemplateColumns: "1fr 1fr auto",
    alignItems: "end",
    gap: tokens.spacingHorizontalS,
  },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(120px, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

type Scalar = keyof typeof SCALAR_PATHS;

const SCALAR_LABELS: Record<Scalar, { label: string; hint?: string }> = {
  normal: { label: "普通" },
  urgent: { label: "特急" },
  critical: { label: "特别重大" },
  r2Points: { label: "R2 未按要求整改（分）", hint: "在 R1 之外另扣" },
  r3Points: { label: "R3 逾期未说明（分）" },
  r4Points: { label: "R4 迟报（分）" },
  assistShare: { label: "协办部门分担比例", hint: "0～1；0 表示由牵头部门承担" },
  monthlyCap: { label: "月度扣分上限（分/部门）" },
};

export interface RulesFormProps {
  draft: RulesDraft;
  errors: RulesErrors;
  saving: boolean;
  onTier: (index: number, field: keyof TierDraft, value: string) => void;
  onAddTier: () => void;
  onRemoveTier: (index: number) => void;
  onScalar: (name: Scalar, value: string) => void;
  onSave: () => void;
  onClose: () => void;
}

/** The rules edit form: each number checked with rulesSchema, its message under its field. */
export function RulesForm(props: RulesFormProps) {
  const { draft, errors, saving } = props;
  const styles = useStyles();
  const state = (path: string) =>
    errors[path] ? { validationState: "error" as const, validationMessage: errors[path] } : {};
  const scalar = (name: Scalar) => (
    <Field
      key={name}
      label={SCALAR_LABELS[name].label}
      size="small"
      {...(SCALAR_LABELS[name].hint ? { hint: SCALAR_LABELS[name].hint } : {})}
      {...state(SCALAR_PATHS[name])}
    >
      <Input
        size="small"
        inputMode="decimal"
        value={draft[name]}
        onChange={(_e, d) => props.onScalar(name, d.value)}
      />
    </Field>
  );
  const known = new Set<string>([
    "r1Tiers",
    ...Object.values(SCALAR_PATHS),
    ...draft.r1Tiers.flatMap((_, i) => [tierPath(i, "maxDays"), tierPath(i, "points")]),
  ]);
  const others = Object.entries(errors).filter(([path]) => !known.has(path));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSave();
  };
  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-label="修改考核规则">
      <Text weight="semibold">R1 逾期未办结：按逾期天数分档</Text>
      <Caption1 className={styles.muted}>
        各档按天数从少到多排列；最后一档不设上限（留空）。分值再乘以紧急程度系数。
      </Caption1>
      {draft.r1Tiers.map((tier, i) => {
        const last = i === draft.r1Tiers.length - 1;
        return (
          <div key={i} className={styles.tier} role="group" aria-label={`第 ${i + 1} 档`}>
            <Field label={`第 ${i + 1} 档：逾期至（天）`} size="small" {...state(tierPath(i, "maxDays"))}>
              <Input
                size="small"
                inputMode="numeric"
                value={tier.maxDays}
                placeholder={last ? "不设上限" : ""}
                onChange={(_e, d) => props.onTier(i, "maxDays", d.value)}
              />
            </Field>
            <Field label="扣分" size="small" {...state(tierPath(i, "points"))}>
              <Input
                size="small"
                inputMode="decimal"
                value={tier.points}
                onChange={(_e, d) => props.onTier(i, "points", d.value)}
              />
            </Field>
            <Button
              size="small"
              appearance="subtle"
              disabled={draft.r1Tiers.length <= 1}
              onClick={() => props.onRemoveTier(i)}
              aria-label={`删除第 ${i + 1} 档`}
            >
              删除
            </Button>
          </div>
        );
      })}
      {errors.r1Tiers && (
        <Caption1 className={styles.error} role="alert">
          {errors.r1Tiers}
        </Caption1>
      )}
      <div>
        <Button size="small" disabled={draft.r1Tiers.length >= RULE_LIMITS.tiers} onClick={props.onAddTier}>
          增加一档
        </Button>
      </div>
      <Text weight="semibold">紧急程度系数</Text>
      <div className={styles.grid}>{(["normal", "urgent", "critical"] as const).map(scalar)}</div>
      <Text weight="semibold">其他规则</Text>
      <div className={styles.grid}>
        {(["r2Points", "r3Points", "r4Points", "assistShare", "monthlyCap"] as const).map(scalar)}
      </div>
      {others.map(([path, message]) => (
        <Caption1 key={path} className={styles.error} role="alert">
          {message}
        </Caption1>
      ))}
      <div className={styles.buttons}>
        <Button type="submit" appearance="primary" disabled={saving}>
          {saving ? "正在保存…" : "保存为新版本"}
        </Button>
        <Button disabled={saving} onClick={props.onClose}>
          取消修改
        </Button>
      </div>
    </form>
  );
}

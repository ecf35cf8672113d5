import {
  Button,
  Caption1,
  Field,
  Input,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import type { Tagged } from "../../api/client";
import type { Department } from "../../../../functions/src/domain/types";
import {
  checkDrafts,
  draftsFrom,
  loadDepartments,
  type MailDraft,
  type MailErrors,
  saveDepartmentMail,
  serverErrors,
} from "./departmentMailModel";
import type { PaneDeps } from "../common/deps";
import { PaneErrorMessage } from "../common/ErrorMessage";
import { describeError, type PaneError } from "../common/errors";
import { useLoader, type Loaded } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  dept: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalXS,
  },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  input: { width: "100%", minWidth: 0, boxSizing: "border-box" },
});

export interface DepartmentMailViewProps {
  read: Loaded<Tagged<Department[]>>;
  drafts: MailDraft[];
  errors: MailErrors;
  saving: boolean;
  saved: boolean;
  saveError: PaneError | null;
  onEdit: (id: string, change: Partial<MailDraft>) => void;
  onSave: () => void;
  onReload: () => void;
}

/** 部门邮箱: where each department's 催办 mails go, with its ccs. */
export function DepartmentMailView(props: DepartmentMailViewProps) {
  const styles = useStyles();
  const { read, drafts, errors } = props;
  return (
    <section className={styles.root} aria-label="部门邮箱">
      <Text weight="semibold">部门邮箱（催办邮件收件人）</Text>
      <Caption1 className={styles.muted}>
        每个部门的即将到期提醒和超期催办发往其邮箱并抄送所列地址；未设邮箱的部门，提醒记为发送失败。
      </Caption1>
      {read.kind === "loading" && <Spinner size="extra-tiny" labelPosition="after" label="正在读取部门…" />}
      {read.kind === "failed" && <PaneErrorMessage error={read.error} onRetry={props.onReload} />}
      {read.kind === "loaded" && drafts.length === 0 && (
        <Caption1 className={styles.muted}>尚未配置部门。</Caption1>
      )}
      {drafts.map((d) => (
        <div key={d.id} className={styles.dept} data-dept={d.id}>
          <Text>{d.name}</Text>
          <Field
            label="邮箱"
            size="small"
            {...(errors[d.id]?.email
              ? { validationState: "error" as const, validationMessage: errors[d.id]!.email }
              : {})}
          >
            <Input
              className={styles.input}
              size="small"
              type="email"
              value={d.email}
              placeholder="如 safety@example.com"
              aria-label={`${d.name}邮箱`}
              onChange={(_e, v) => props.onEdit(d.id, { email: v.value })}
            />
          </Field>
          <Field
            label="抄送"
            size="small"
            hint="多个地址用逗号分隔"
            {...(errors[d.id]?.cc
              ? { validationState: "error" as const, validationMessage: errors[d.id]!.cc }
              : {})}
          >
            <Input
              className={styles.input}
              size="small"
              value={d.cc}
              aria-label={`${d.name}抄送`}
              onChange={(_e, v) => props.onEdit(d.id, { cc: v.value })}
            />
          </Field>
        </div>
      ))}
      {read.kind === "loaded" && drafts.length > 0 && (
        <div className={styles.buttons}>
          <Button appearance="primary" size="small" disabled={props.saving} onClick={props.onSave}>
            {props.saving ? "正在保存…" : "保存部门邮箱"}
          </Button>
        </div>
      )}
      {props.saved && <Caption1>部门邮箱已保存。</Caption1>}
      {props.saveError && <PaneErrorMessage error={props.saveError} />}
    </section>
  );
}

export function DepartmentMailSection({ deps }: { deps: PaneDeps }) {
  const load = useCallback((signal: AbortSignal) => loadDepartments(deps, signal), [deps]);
  const read = useLoader(load, "读取部门失败");
  const [drafts, setDrafts] = useState<MailDraft[]>([]);
  const [errors, setErrors] = useState<MailErrors>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<PaneError | null>(null);
  const current = read.state.kind === "loaded" ? read.state.value : null;
  useEffect(() => {
    if (current) setDrafts(draftsFrom(current.value));
  }, [current]);

  const onEdit = (id: string, change: Partial<MailDraft>) => {
    setSaved(false);
    setDrafts((list) => list.map((d) => (d.id === id ? { ...d, ...change } : d)));
  };
  const onSave = () => {
    if (!current) return;
    const found = checkDrafts(drafts);
    setErrors(found);
    setSaveError(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    saveDepartmentMail(deps, current, drafts).then(
      (next) => {
        setSaving(false);
        setSaved(true);
        read.set(next);
      },
      (error: unknown) => {
        setSaving(false);
        const e = describeError(error, "保存部门邮箱失败");
        setErrors(serverErrors(current.value, e.fields));
        setSaveError(e);
      },
    );
  };
  return (
    <DepartmentMailView
      read={read.state}
      drafts={drafts}
      errors={errors}
      saving={saving}
      saved={saved}
      saveError={saveError}
      onEdit={onEdit}
      onSave={onSave}
      onReload={read.reload}
    />
  );
}

import {
  Button,
  Caption1,
  Card,
  Field,
  Input,
  Radio,
  RadioGroup,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { FormEvent } from "react";
import { ACTION_LABELS } from "../../../../functions/src/domain/types";
import { ACTION_FORMS, CHOICE_LABELS, CONFIRM_TEXT, isShown } from "./actionForms";
import type { ActionForm as ActionFormState } from "./actionsState";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  note: { color: tokens.colorNeutralForeground3 },
  formError: { color: tokens.colorPaletteRedForeground1 },
});

export interface ActionFormProps {
  form: ActionFormState;
  onChange: (name: string, value: string) => void;
  onSubmit: () => void;
  onCancel: () => void;
}

/** The form of one action; each field's error (the domain's Chinese message) shows under it. */
export function ActionForm({ form, onChange, onSubmit, onCancel }: ActionFormProps) {
  const styles = useStyles();
  const fields = ACTION_FORMS[form.action];
  const label = ACTION_LABELS[form.action];
  const known = new Set(fields.map((f) => f.name));
  const others = Object.entries(form.errors).filter(([name]) => !known.has(name));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Card className={styles.card} size="small" aria-label={label}>
      <Text weight="semibold">{label}</Text>
      {CONFIRM_TEXT[form.action] && <Caption1 className={styles.note}>{CONFIRM_TEXT[form.action]}</Caption1>}
      <form className={styles.form} onSubmit={submit} noValidate>
        {fields
          .filter((f) => isShown(f, form.values))
          .map((f) => {
            const error = form.errors[f.name];
            const value = form.values[f.name] ?? "";
            return (
              <Field
                key={f.name}
                label={f.label}
                required={f.required}
                hint={f.hint}
                validationState={error ? "error" : "none"}
                validationMessage={error}
              >
                {f.kind === "date" ? (
                  <Input type="date" value={value} onChange={(_e, d) => onChange(f.name, d.value)} />
                ) : f.kind === "choice" ? (
                  <RadioGroup
                    layout="horizontal"
                    value={value}
                    data-field={f.name}
                    onChange={(_e, d) => onChange(f.name, d.value)}
                  >
                    {Object.entries(CHOICE_LABELS).map(([v, text]) => (
                      <Radio key={v} value={v} label={text} />
                    ))}
                  </RadioGroup>
                ) : (
                  <Textarea resize="vertical" value={value} onChange={(_e, d) => onChange(f.name, d.value)} />
                )}
              </Field>
            );
          })}
        {others.map(([name, message]) => (
          <Caption1 key={name} className={styles.formError} role="alert">
            {message}
          </Caption1>
        ))}
        <div className={styles.buttons}>
          <Button type="submit" appearance="primary" disabled={form.submitting}>
            {form.submitting ? "正在提交…" : `确认${label}`}
          </Button>
          <Button type="button" disabled={form.submitting} onClick={onCancel}>
            取消
          </Button>
        </div>
      </form>
    </Card>
  );
}

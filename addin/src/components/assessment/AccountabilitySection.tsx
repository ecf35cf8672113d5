import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  Select,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useFocusBack } from "../common/focusBack";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AccountabilityRecord, Department } from "../../../../functions/src/domain/types";
import { ApiError } from "../../api/client";
import {
  type AccountabilityForm,
  checkAccountability,
  emptyForm,
  formFor,
  loadRegister,
  MEASURE_OPTIONS,
  newAccountabilityKey,
  recordLine,
  writeRegister,
} from "./accountabilityModel";
import type { FormErrors } from "../actions/actionForms";
import { yearOptions } from "../common/calendar";
import type { PaneDeps } from "../common/deps";
import { describeError, type PaneError } from "../common/errors";
import { PaneErrorMessage } from "../common/ErrorMessage";
import { TaskFeedback } from "../common/TaskFeedback";
import { useTask } from "../common/useTask";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", alignItems: "flex-end", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1, minWidth: "110px" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, overflowWrap: "anywhere" },
  record: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

export interface AccountabilitySectionProps {
  deps: PaneDeps;
  /** Only the leading group records and revokes. */
  leader: boolean;
  inExcel: boolean;
  departments: readonly Department[];
  deptName: (id: string) => string;
  now: () => Date;
  /** A department head reads only their department's records; null: the whole register. */
  scope?: string | null;
}

/** 问责 (七、(一)): record (the rows selected in 督办清单), the year's register with 撤销, and the 问责台账 sheet. */
export function AccountabilitySection({
  deps,
  leader,
  inExcel,
  departments,
  deptName,
  now,
  scope = null,
}: AccountabilitySectionProps) {
  const styles = useStyles();
  const [years] = useState(() => yearOptions(now()));
  const [year, setYear] = useState(years[0]!);
  const [records, setRecords] = useState<AccountabilityRecord[] | null>(null);
  const [form, setForm] = useState<AccountabilityForm>(emptyForm);
  const [errors, setErrors] = useState<FormErrors>({});
  const [key, setKey] = useState(newAccountabilityKey);
  const [revoking, setRevoking] = useState<{ id: string; reason: string } | null>(null);
  const root = useRef<HTMLElement>(null);
  useFocusBack(root, revoking?.id ?? null, false);
  const [error, setError] = useState<PaneError | null>(null);
  const task = useTask<string>();
  const busy = task.state.running !== null;

  const reload = useCallback(
    (signal?: AbortSignal) =>
      loadRegister(deps, year, signal, scope).then(
        (list) => {
          if (!signal?.aborted) setRecords(list);
        },
        (e: unknown) => {
          if (!signal?.aborted) setError(describeError(e, "读取问责记录失败"));
        },
      ),
    [deps, year, scope],
  );
  useEffect(() => {
    const controller = new AbortController();
    void reload(controller.signal);
    return () => controller.abort();
  }, [reload]);

  const edit = (patch: Partial<AccountabilityForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
  };
  const readRows = () =>
    void task.run("正在读取所选行…", "读取所选行失败", async (signal) => {
      const { ids } = await deps.excel.selectedRows({ signal });
      if (ids.length === 0)
        throw new ApiError({
          status: 400,
          code: "invalid_request",
          title: "没有选中事项",
          detail: "请先在「督办清单」中选中被问责的事项所在的行（已提交到服务器的）。",
        });
      const items = await Promise.all(
        [...new Set(ids)].slice(0, 50).map((id) => deps.api.getItem(id, signal)),
      );
      setForm((f) => formFor(items, f));
      return `已读取 ${items.length} 项事项`;
    });
  const submit = () => {
    const checked = checkAccountability(form);
    if (!checked.ok) return setErrors(checked.errors);
    void task.run("正在记录问责…", "记录问责失败", async (signal) => {
      const saved = await deps.api.recordAccountability(checked.input, key, signal);
      setForm(emptyForm());
      setKey(newAccountabilityKey());
      await reload(signal);
      return `已记录问责：${recordLine(saved, deptName)}`;
    });
  };
  const revoke = () => {
    if (!revoking) return;
    if (!revoking.reason.trim()) return setErrors({ revoke: "撤销理由为必填项" });
    const { id, reason } = revoking;
    void task.run("正在撤销问责…", "撤销问责失败", async (signal) => {
      await deps.api.revokeAccountability(id, reason.trim(), signal);
      setRevoking(null);
      await reload(signal);
      return "已撤销该问责记录（记录保留在台账中，标为已撤销）";
    });
  };
  const writeSheet = () =>
    void task.run("正在写入问责台账…", "写入问责台账失败", async (signal) => {
      const list = await loadRegister(deps, year, signal, scope);
      setRecords(list);
      const sheet = await writeRegister(deps, year, list, signal);
      return `已生成「${sheet}」`;
    });
  const err = (name: string) =>
    errors[name] ? { validationState: "error" as const, validationMessage: errors[name] } : {};

  return (
    <section className={styles.root} aria-label="问责" ref={root}>
      <Text weight="semibold">问责</Text>
      <Caption1 className={styles.muted}>
        对未按要求落实督办事项的部门主要负责人及相关人员问责；「取消评优评先」使该部门失去当年评优评先资格。记录不可修改，只能撤销。
      </Caption1>
      {leader && (
        <div className={styles.root} aria-label="记录问责">
          <div className={styles.row}>
            <Caption1 className={styles.grow}>
              {form.items.length
                ? `问责事项：${form.items.map((i) => i.noticeNumber ?? i.content).join("、")}`
                : "在「督办清单」中选中被问责的事项"}
            </Caption1>
            <Button size="small" disabled={!inExcel || busy} onClick={readRows}>
              读取所选行
            </Button>
          </div>
          {errors.itemIds && (
            <Caption1 role="alert" className={styles.muted}>
              {errors.itemIds}
            </Caption1>
          )}
          <Field label="被问责部门" size="small" required {...err("deptId")}>
            <Select size="small" value={form.deptId} onChange={(_e, d) => edit({ deptId: d.value })}>
              <option value="">请选择</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="问责对象" size="small" required {...err("person")}>
            <Input size="small" value={form.person} onChange={(_e, d) => edit({ person: d.value })} />
          </Field>
          <Field label="问责方式" size="small" required {...err("measure")}>
            <Select
              size="small"
              value={form.measure}
              onChange={(_e, d) => edit({ measure: d.value as AccountabilityForm["measure"] })}
            >
              <option value="">请选择</option>
              {MEASURE_OPTIONS.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="理由" size="small" required {...err("reason")}>
            <Textarea value={form.reason} resize="vertical" onChange={(_e, d) => edit({ reason: d.value })} />
          </Field>
          <Field label="计入考核月份" size="small" hint="留空为本月" {...err("month")}>
            <Input
              size="small"
              type="month"
              value={form.month}
              onChange={(_e, d) => edit({ month: d.value })}
            />
          </Field>
          <div>
            <Button appearance="primary" disabled={busy} onClick={submit}>
              记录问责
            </Button>
          </div>
        </div>
      )}
      <div className={styles.row}>
        <Field className={styles.grow} label="问责台账年度" size="small">
          <Select size="small" value={String(year)} onChange={(_e, d) => setYear(Number(d.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </Select>
        </Field>
        <Button size="small" disabled={!inExcel || busy} onClick={writeSheet}>
          写入问责台账
        </Button>
      </div>
      {error && <PaneErrorMessage error={error} onRetry={() => void reload()} />}
      {records && records.length === 0 && <Caption1 className={styles.muted}>{year} 年无问责记录。</Caption1>}
      {records && records.length > 0 && (
        <ul className={styles.list} aria-label="问责记录">
          {records.map((r) => (
            <li key={r.id} className={styles.record}>
              <Caption1>
                {recordLine(r, deptName)}{" "}
                {r.revoked && (
                  <Badge size="small" appearance="outline" color="subtle">
                    已撤销
                  </Badge>
                )}
              </Caption1>
              {r.revoked && r.revokeReason && (
                <Caption1 className={styles.muted}>撤销理由：{r.revokeReason}</Caption1>
              )}
              {leader && !r.revoked && revoking?.id !== r.id && (
                <div>
                  <Button
                    size="small"
                    appearance="subtle"
                    onClick={() => setRevoking({ id: r.id, reason: "" })}
                    data-focus-back={r.id}
                  >
                    撤销
                  </Button>
                </div>
              )}
              {revoking?.id === r.id && (
                <div className={styles.row}>
                  <Field className={styles.grow} label="撤销理由" size="small" required {...err("revoke")}>
                    <Input
                      size="small"
                      value={revoking.reason}
                      onChange={(_e, d) => {
                        setRevoking({ id: r.id, reason: d.value });
                        setErrors({});
                      }}
                    />
                  </Field>
                  <Button size="small" appearance="primary" disabled={busy} onClick={revoke}>
                    确认撤销
                  </Button>
                  <Button size="small" onClick={() => setRevoking(null)}>
                    取消
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <TaskFeedback
        state={task.state}
        summary={(message) => ({ intent: "success", title: message, lines: [] })}
        onCancel={task.cancel}
        onDismiss={task.dismiss}
      />
    </section>
  );
}

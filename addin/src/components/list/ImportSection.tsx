import { Button, Caption1, Card, Field, Select, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useReducer, useRef, useState } from "react";
import {
  LEDGER_FIELD_LABELS,
  LEDGER_FIELDS,
  mappingProblems,
  type LedgerField,
} from "../../excel/ledgerFields";
import { excerpt } from "../../../../functions/src/domain/text";
import { PaneErrorMessage } from "../common/ErrorMessage";
import {
  checkRows,
  importReducer,
  importRows,
  initialImportState,
  loadSources,
  pickSource,
  type ImportDeps,
  type ImportState,
} from "./importModel";
import { ProgressPanel } from "../actions/ProgressPanel";
import { ResultMessage } from "../common/ResultMessage";
import type { LedgerSource } from "../common/workbook";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  columns: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)",
    gap: tokens.spacingVerticalXS,
    columnGap: tokens.spacingHorizontalS,
    alignItems: "center",
  },
  header: { overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

const sourceKey = (s: LedgerSource) => `${s.kind}:${s.name}`;
export const sourceLabel = (s: LedgerSource): string =>
  s.kind === "table" ? `表格 ${s.name}（${s.sheet}）` : `工作表 ${s.name}`;

export interface ImportViewProps {
  state: ImportState;
  disabled: boolean;
  onPick: (source: LedgerSource) => void;
  onMap: (column: number, field: LedgerField | null) => void;
  onCheck: () => void;
  onImport: () => void;
  onCancel: () => void;
  onClose: () => void;
}

/** 导入现有台账: pick a sheet or table, adjust which column is which field, 检查, then 导入. */
export function ImportView({ state, disabled, ...on }: ImportViewProps) {
  const styles = useStyles();
  const busy = state.progress !== null;
  const problems = state.source ? mappingProblems(state.mapping) : [];
  return (
    <Card className={styles.card} size="small" aria-label="导入现有台账">
      <Text weight="semibold">导入现有台账</Text>
      <Caption1 className={styles.muted}>
        选择已有台账所在的工作表或表格，核对每一列对应的事项字段。「检查」只在台账的「导入结果」列写明每行能否导入；
        「导入」把可导入的行登记为拟办事项，重复导入不会重复登记。
      </Caption1>
      {state.sources && (
        <Field label="台账所在的工作表或表格">
          <Select
            size="small"
            disabled={disabled || busy}
            value={state.source ? sourceKey(state.source) : ""}
            onChange={(_e, d) => {
              const picked = state.sources?.find((s) => sourceKey(s) === d.value);
              if (picked) on.onPick(picked);
            }}
          >
            <option value="">请选择…</option>
            {state.sources.map((s) => (
              <option key={sourceKey(s)} value={sourceKey(s)}>
                {sourceLabel(s)}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {state.source && (
        <>
          <Caption1 className={styles.muted}>
            共 {state.rowCount} 行。每一列对应的字段（已按表头建议）：
          </Caption1>
          <div className={styles.columns}>
            {state.headers.map((header, c) => (
              <Field
                key={c}
                label={header || `第 ${c + 1} 列`}
                hint={state.sample[c] ? `如：${excerpt(state.sample[c]!, 30)}` : undefined}
                className={styles.header}
              >
                <Select
                  size="small"
                  aria-label={`「${header || `第 ${c + 1} 列`}」对应的字段`}
                  disabled={disabled || busy}
                  value={state.mapping[c] ?? ""}
                  onChange={(_e, d) => on.onMap(c, (d.value || null) as LedgerField | null)}
                >
                  <option value="">不导入</option>
                  {LEDGER_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {LEDGER_FIELD_LABELS[f]}
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
          </div>
          {problems.map((p) => (
            <Caption1 key={p} role="alert">
              {p}
            </Caption1>
          ))}
          <div className={styles.buttons}>
            <Button disabled={disabled || busy || problems.length > 0} onClick={on.onCheck}>
              检查
            </Button>
            <Button
              appearance="primary"
              disabled={disabled || busy || problems.length > 0}
              onClick={on.onImport}
            >
              导入
            </Button>
            <Button appearance="subtle" disabled={busy} onClick={on.onClose}>
              关闭
            </Button>
          </div>
        </>
      )}
      {state.progress && (
        <ProgressPanel
          message={state.progress.message}
          fraction={state.progress.fraction}
          onCancel={on.onCancel}
        />
      )}
      {state.error && <PaneErrorMessage error={state.error} />}
      {state.summary && <ResultMessage summary={state.summary} />}
    </Card>
  );
}

export interface ImportSectionProps extends ImportDeps {
  disabled: boolean;
}

/** The section in 清单: a button that opens the import, and the import with its own cancellation. */
export function ImportSection({ disabled, ...deps }: ImportSectionProps) {
  const [open, setOpen] = useState(false);
  const [state, dispatch] = useReducer(importReducer, undefined, initialImportState);
  const running = useRef<AbortController | null>(null);
  const run = (work: (signal: AbortSignal) => Promise<void>) => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    void work(controller.signal).finally(() => {
      if (running.current === controller) running.current = null;
    });
  };
  useEffect(() => () => running.current?.abort(), []);
  if (!open)
    return (
      <div>
        <Button
          appearance="subtle"
          disabled={disabled}
          onClick={() => {
            setOpen(true);
            run((signal) => loadSources(deps, dispatch, signal));
          }}
        >
          导入现有台账
        </Button>
      </div>
    );
  return (
    <ImportView
      state={state}
      disabled={disabled}
      onPick={(source) => run((signal) => pickSource(deps, source, dispatch, signal))}
      onMap={(column, field) => dispatch({ type: "mapped", column, field })}
      onCheck={() => run((signal) => checkRows(deps, state, dispatch, signal))}
      onImport={() => run((signal) => importRows(deps, state, dispatch, signal))}
      onCancel={() => running.current?.abort()}
      onClose={() => setOpen(false)}
    />
  );
}

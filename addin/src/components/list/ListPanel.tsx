import {
  Button,
  Caption1,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { DevIdentity } from "../../api/principal";
import {
  STATUS_LABELS,
  STATUSES,
  type Department,
  type Status,
} from "../../../../functions/src/domain/types";
import { ConflictList } from "./ConflictList";
import { PaneErrorMessage } from "../common/ErrorMessage";
import { filterYears, ownDepartments, type ListFilters, type ListState } from "./listState";
import { PendingRows } from "./PendingRows";
import { ProgressPanel } from "../actions/ProgressPanel";
import { ResultMessage } from "../common/ResultMessage";
import type { ConflictChoice } from "../common/workbook";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  filters: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(130px, 1fr))",
    gap: tokens.spacingVerticalS,
    columnGap: tokens.spacingHorizontalS,
  },
  checks: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalM },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface ListPanelProps {
  state: ListState;
  departments: readonly Department[];
  identity: DevIdentity | null;
  /** Outside Excel nothing here can run. */
  disabled: boolean;
  /** The server cannot be reached: refresh and push wait, local edits stay in the sheet. */
  offline: boolean;
  onFilters: (patch: Partial<ListFilters>) => void;
  onInit: () => void;
  onPull: () => void;
  onPush: () => void;
  onCancel: () => void;
  onResolve: (id: string, choice: ConflictChoice) => void;
  onDismiss: () => void;
  /** 导入现有台账, where the workbook offers it. */
  importSection?: ReactNode;
}

/** 清单: initialise the sheet, refresh it with filters, push the clerk's changes, settle conflicts. */
export function ListPanel(props: ListPanelProps) {
  const { state, departments, identity, disabled, offline } = props;
  const styles = useStyles();
  const { filters, progress } = state;
  const busy = progress !== null;
  const mine = ownDepartments(identity);
  return (
    <div className={styles.root}>
      <div className={styles.filters} role="group" aria-label="筛选">
        <Field label="年度" size="small">
          <Select size="small" value={filters.year} onChange={(_e, d) => props.onFilters({ year: d.value })}>
            <option value="">全部年度</option>
            {filterYears().map((y) => (
              <option key={y} value={y}>
                {y} 年
              </option>
            ))}
          </Select>
        </Field>
        <Field label="状态" size="small">
          <Select
            size="small"
            value={filters.status}
            onChange={(_e, d) => props.onFilters({ status: d.value as Status | "" })}
          >
            <option value="">全部状态</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="牵头部门" size="small">
          <Select
            size="small"
            value={filters.dept}
            disabled={filters.mine}
            onChange={(_e, d) => props.onFilters({ dept: d.value })}
          >
            <option value="">全部部门</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className={styles.checks}>
        <Checkbox
          label="只看本部门"
          checked={filters.mine}
          disabled={mine.length === 0}
          onChange={(_e, d) => props.onFilters({ mine: d.checked === true })}
        />
        <Checkbox
          label="仅超期"
          checked={filters.overdue}
          onChange={(_e, d) => props.onFilters({ overdue: d.checked === true })}
        />
      </div>
      {mine.length === 0 && (
        <Caption1 className={styles.muted}>「只看本部门」需要带部门角色的身份（见「设置」）。</Caption1>
      )}
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={disabled || busy || offline} onClick={props.onPull}>
          刷新
        </Button>
        <Button disabled={disabled || busy || offline} onClick={props.onPush}>
          提交更改
        </Button>
        <Button appearance="subtle" disabled={disabled || busy || offline} onClick={props.onInit}>
          初始化清单
        </Button>
      </div>
      {progress && (
        <ProgressPanel message={progress.message} fraction={progress.fraction} onCancel={props.onCancel} />
      )}
      {offline && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            服务器暂时无法连接。表格中的修改不会丢失，标为待提交
            {state.unsent > 0
              ? "；未发送的行将在服务器恢复后自动提交，每行只提交一次"
              : "，服务器恢复后再提交"}
            。
          </MessageBarBody>
        </MessageBar>
      )}
      {state.error && <PaneErrorMessage error={state.error} />}
      {state.summary && <ResultMessage summary={state.summary} onDismiss={props.onDismiss} />}
      {state.pending && <PendingRows rows={state.pending} />}
      <ConflictList
        conflicts={state.conflicts}
        onResolve={props.onResolve}
        disabled={disabled || busy || offline}
      />
      {props.importSection}
    </div>
  );
}

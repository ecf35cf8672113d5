import {
  Button,
  Caption1,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { type RefObject, useRef, useState } from "react";
import { ACTION_LABELS, type Action } from "../../../../functions/src/domain/types";
import { ActionForm } from "./ActionForm";
import { commonActions, MAX_SELECTED, shortContent } from "./actionsController";
import type { ActionsState } from "./actionsState";
import { PaneErrorMessage } from "../common/ErrorMessage";
import { ItemCard } from "../common/ItemCard";
import { useFocusBack } from "../common/focusBack";
import { ProgressPanel } from "./ProgressPanel";
import { ResultMessage } from "../common/ResultMessage";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  heading: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, overflowWrap: "anywhere" },
});

export interface ActionButtonsProps {
  actions: readonly Action[];
  onOpen: (action: Action) => void;
  disabled?: boolean;
}

/** Exactly the actions the server allows this user on the item (its allowedActions). */
export function ActionButtons({ actions, onOpen, disabled = false }: ActionButtonsProps) {
  const styles = useStyles();
  return (
    <div className={styles.buttons} role="group" aria-label="可执行的操作">
      {actions.map((action) => (
        <Button
          key={action}
          size="small"
          appearance={
            action === "cancel" || action === "flag_false_report" || action === "reject"
              ? "subtle"
              : "secondary"
          }
          disabled={disabled}
          data-action={action}
          data-focus-back={action}
          onClick={() => onOpen(action)}
        >
          {ACTION_LABELS[action]}
        </Button>
      ))}
    </div>
  );
}

export interface ActionsPanelProps {
  state: ActionsState;
  /** Outside Excel the selection cannot be read. */
  disabled: boolean;
  deptName?: (id: string) => string;
  onRead: () => void;
  onOpen: (action: Action) => void;
  onEdit: (name: string, value: string) => void;
  onSubmit: () => void;
  onClose: () => void;
  onBulk: (action: Action) => void;
  onCancel: () => void;
  /** Read the item(s) again after someone else changed them (412). */
  onRefresh: () => void;
}

/** 操作: the selected row(s) and the actions open on them. */
export function ActionsPanel(props: ActionsPanelProps) {
  const { state, disabled, deptName } = props;
  const styles = useStyles();
  const { selection, busy, form } = state;
  const working = busy !== null || (form?.submitting ?? false);
  const root = useRef<HTMLDivElement>(null);
  useFocusBack(root, form?.action ?? null);
  return (
    <div className={styles.root} ref={root}>
      <div className={styles.heading}>
        <Text weight="semibold">所选事项</Text>
        <Button size="small" disabled={disabled || working} onClick={props.onRead}>
          读取所选行
        </Button>
      </div>
      {busy && <ProgressPanel message={busy.message} fraction={busy.fraction} onCancel={props.onCancel} />}
      {selection.kind === "none" && !busy && (
        <Caption1 className={styles.muted}>在「督办清单」中选中一行或多行，然后点击「读取所选行」。</Caption1>
      )}
      {selection.kind === "empty" && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            所选区域没有已提交到服务器的事项。新登记的行请先在「清单」中提交更改。
          </MessageBarBody>
        </MessageBar>
      )}
      {selection.kind === "one" && (
        <>
          <ItemCard item={selection.item} {...(deptName ? { deptName } : {})} />
          {selection.item.allowedActions.length > 0 ? (
            <ActionButtons actions={selection.item.allowedActions} onOpen={props.onOpen} disabled={working} />
          ) : (
            <Caption1 className={styles.muted}>您对该事项当前没有可执行的操作。</Caption1>
          )}
          {form && (
            <ActionForm
              form={form}
              onChange={props.onEdit}
              onSubmit={props.onSubmit}
              onCancel={props.onClose}
            />
          )}
        </>
      )}
      {selection.kind === "many" && <ManySelected {...props} focusRoot={root} />}
      {state.error && (
        <PaneErrorMessage
          error={state.error}
          hideFields={form !== null}
          {...(state.error.stale ? { onRetry: props.onRefresh } : {})}
        />
      )}
      {state.outcome && <ResultMessage summary={state.outcome} />}
    </div>
  );
}

function ManySelected({
  state,
  onBulk,
  focusRoot,
}: ActionsPanelProps & { focusRoot: RefObject<HTMLDivElement | null> }) {
  const styles = useStyles();
  // A bulk action changes many items at once: it is confirmed first.
  const [pending, setPending] = useState<Action | null>(null);
  useFocusBack(focusRoot, pending);
  if (state.selection.kind !== "many") return null;
  const { items, truncated } = state.selection;
  const actions = commonActions(items);
  return (
    <>
      <Text>已选 {items.length} 项</Text>
      <ul className={styles.list}>
        {items.slice(0, 5).map((i) => (
          <li key={i.id}>
            <Caption1>
              {i.noticeNumber ? `${i.noticeNumber} ` : ""}
              {shortContent(i.content)}
            </Caption1>
          </li>
        ))}
        {items.length > 5 && (
          <li>
            <Caption1>…另 {items.length - 5} 项</Caption1>
          </li>
        )}
      </ul>
      {truncated && (
        <Caption1 className={styles.muted}>一次最多处理 {MAX_SELECTED} 行，其余行未读取。</Caption1>
      )}
      {pending ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            确定对所选 {items.length} 项逐项「{ACTION_LABELS[pending]}」？
          </MessageBarBody>
          <MessageBarActions>
            <Button
              size="small"
              appearance="primary"
              onClick={() => {
                setPending(null);
                onBulk(pending);
              }}
            >
              确定
            </Button>
            <Button size="small" onClick={() => setPending(null)}>
              取消
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : actions.length > 0 ? (
        <ActionButtons actions={actions} onOpen={setPending} disabled={state.busy !== null} />
      ) : (
        <Caption1 className={styles.muted}>
          所选事项没有共同的、无需填写内容的操作（审定立项、签收、催办），请逐行操作。
        </Caption1>
      )}
    </>
  );
}

import { Badge, Button, Caption1, Card, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { SsoState } from "../api/sso";
import { ErrorMessage } from "./ErrorMessage";
import { roleLabel, type MeState } from "./identity";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  heading: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  badges: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
  muted: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
});

export interface IdentityCardProps {
  me: MeState;
  deptName?: (id: string) => string;
}

/** 当前身份: who the server says the user is, with the roles that decide what the pane offers. */
export function IdentityCard({ me, deptName }: IdentityCardProps) {
  const styles = useStyles();
  return (
    <Card className={styles.card} size="small" aria-label="当前身份">
      <Text weight="semibold">当前身份</Text>
      {me.kind === "loading" && <Spinner size="extra-tiny" labelPosition="after" label="正在识别身份…" />}
      {me.kind === "failed" && <ErrorMessage title="无法识别身份" error={me.error} intent="warning" />}
      {me.kind === "loaded" && (
        <>
          <Text>{me.me.name}</Text>
          <div className={styles.badges}>
            {me.me.roles.length === 0 && (
              <Badge appearance="outline" color="warning">
                无角色
              </Badge>
            )}
            {me.me.roles.map((r) => (
              <Badge key={r} appearance="tint" color="brand">
                {roleLabel(r, deptName)}
              </Badge>
            ))}
          </div>
          <Caption1 className={styles.muted}>
            用户编号 {me.me.id}
            {me.me.devMode ? " · 服务器处于本地开发模式" : ""}
          </Caption1>
        </>
      )}
    </Card>
  );
}

const SSO_BADGES: Record<
  SsoState["kind"] | "checking",
  { label: string; color: "success" | "warning" | "danger" | "informative" }
> = {
  checking: { label: "正在检查", color: "informative" },
  token: { label: "已登录", color: "success" },
  unavailable: { label: "不可用", color: "warning" },
  failed: { label: "登录失败", color: "danger" },
};

export interface SsoStatusViewProps {
  state: SsoState | null;
  onCheck: () => void;
}

/** Office 单点登录's state: a token was obtained, SSO is not available here, or it failed (with why). */
export function SsoStatusView({ state, onCheck }: SsoStatusViewProps) {
  const styles = useStyles();
  const badge = SSO_BADGES[state?.kind ?? "checking"];
  return (
    <Card className={styles.card} size="small" aria-label="单点登录">
      <div className={styles.heading}>
        <Text weight="semibold">Office 单点登录</Text>
        <Badge appearance="filled" color={badge.color} role="status">
          {badge.label}
        </Badge>
      </div>
      {state?.kind === "token" && (
        <Caption1 className={styles.muted}>已取得访问令牌，请求将以您的 Microsoft 账户身份发送。</Caption1>
      )}
      {(state?.kind === "unavailable" || state?.kind === "failed") && (
        <Caption1 className={styles.muted}>
          {state.reason}
          {state.kind === "failed" && state.code !== null ? `（错误码 ${state.code}）` : ""}
        </Caption1>
      )}
      <div>
        <Button size="small" disabled={state === null} onClick={onCheck}>
          重新检查
        </Button>
      </div>
    </Card>
  );
}

export interface SsoStatusProps {
  check: () => Promise<SsoState>;
}

/** Checks SSO when shown and on 重新检查. */
export function SsoStatus({ check }: SsoStatusProps) {
  const [state, setState] = useState<SsoState | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState(null);
    check().then(
      (s) => live && setState(s),
      () => live && setState({ kind: "failed", reason: "单点登录失败，请稍后重试", code: null }),
    );
    return () => {
      live = false;
    };
  }, [check, attempt]);
  return <SsoStatusView state={state} onCheck={() => setAttempt((n) => n + 1)} />;
}

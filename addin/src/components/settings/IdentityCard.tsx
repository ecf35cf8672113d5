import { Badge, Button, Caption1, Card, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import { PATH_LABELS } from "../../api/auth";
import type { SsoState } from "../../api/sso";
import { ErrorMessage } from "../common/ErrorMessage";
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
  failed: { label: "未登录", color: "danger" },
};

export interface SsoStatusViewProps {
  state: SsoState | null;
  onCheck: () => void;
  /** The 登录 button (interactive sign-in); not shown without it. */
  onSignIn?: () => void;
  /** A sign-in window is open. */
  signingIn?: boolean;
}

/**
 * 登录: which path the pane signs in by (NAA, Office SSO or the dialog), whether it has a token, and when not,
 * why (in Chinese, with what to do) and the 登录 button where signing in can help.
 */
export function SsoStatusView({ state, onCheck, onSignIn, signingIn = false }: SsoStatusViewProps) {
  const styles = useStyles();
  const badge = SSO_BADGES[state?.kind ?? "checking"];
  const path = state && state.kind !== "unavailable" ? state.path : undefined;
  const canSignIn = state?.kind === "failed" && state.canSignIn !== false;
  return (
    <Card className={styles.card} size="small" aria-label="登录">
      <div className={styles.heading}>
        <Text weight="semibold">登录</Text>
        <Badge appearance="filled" color={badge.color} role="status">
          {badge.label}
        </Badge>
      </div>
      {path && <Caption1>登录方式：{PATH_LABELS[path]}</Caption1>}
      {state?.kind === "token" && (
        <Caption1 className={styles.muted}>已取得访问令牌，请求将以您的 Microsoft 账户身份发送。</Caption1>
      )}
      {(state?.kind === "unavailable" || state?.kind === "failed") && (
        <Caption1 className={styles.muted}>
          {state.reason}
          {state.kind === "failed" && state.code !== null ? `（错误码 ${state.code}）` : ""}
        </Caption1>
      )}
      <div className={styles.badges}>
        {onSignIn && canSignIn && (
          <Button size="small" appearance="primary" disabled={signingIn} onClick={onSignIn}>
            {signingIn ? "正在登录…" : "登录"}
          </Button>
        )}
        <Button size="small" disabled={state === null || signingIn} onClick={onCheck}>
          重新检查
        </Button>
      </div>
    </Card>
  );
}

export interface SsoStatusProps {
  /** The silent state (no window). */
  check: () => Promise<SsoState>;
  /** The 登录 button: may open a window. */
  signIn?: () => Promise<SsoState>;
  /** After 登录 obtained a token (the pane reconnects with it). */
  onSignedIn?: () => void;
}

const UNEXPECTED: SsoState = {
  kind: "failed",
  reason: "登录失败：请再点「登录」，仍失败请联系管理员",
  code: null,
};

/** Checks the sign-in state when shown and on 重新检查; 登录 signs in interactively. */
export function SsoStatus({ check, signIn, onSignedIn }: SsoStatusProps) {
  const [state, setState] = useState<SsoState | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [signingIn, setSigningIn] = useState(false);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  useEffect(() => {
    let current = true;
    setState(null);
    check().then(
      (s) => current && setState(s),
      () => current && setState(UNEXPECTED),
    );
    return () => {
      current = false;
    };
  }, [check, attempt]);
  const runSignIn = signIn
    ? () => {
        setSigningIn(true);
        signIn()
          .catch(() => UNEXPECTED)
          .then((s) => {
            if (!live.current) return;
            setSigningIn(false);
            setState(s);
            if (s.kind === "token") onSignedIn?.();
          });
      }
    : undefined;
  return (
    <SsoStatusView
      state={state}
      onCheck={() => setAttempt((n) => n + 1)}
      signingIn={signingIn}
      {...(runSignIn ? { onSignIn: runSignIn } : {})}
    />
  );
}

import {
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Switch,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { ApiClient } from "../../api/client";
import type { PaneSettings } from "../../api/settings";
import { signIn as sessionSignIn, type SsoState } from "../../api/sso";
import { ConnectionCard } from "./ConnectionCard";
import type { MeState } from "./identity";
import { IdentityCard, SsoStatus } from "./IdentityCard";
import type { ConnectionState } from "../common/paneStatus";
import type { Store } from "../list/pendingStore";
import {
  draftFromSettings,
  saveDraft,
  settingsFromDraft,
  testConnection,
  type DraftErrors,
  type SettingsDraft,
} from "./settingsModel";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  group: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  roles: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalM },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

export interface SettingsPanelProps {
  settings: PaneSettings;
  /** Where settings are saved; localStorage unless a test passes its own. */
  storage?: Store | null;
  /** A client for the settings being tried (测试连接 before saving). */
  createClient: (settings: PaneSettings) => ApiClient;
  onSaved: (settings: PaneSettings) => void;
  /** Who the server says the user is (GET /api/me); not shown when absent. */
  me?: MeState;
  deptName?: (id: string) => string;
  /** The sign-in state (NAA, Office SSO or the dialog, silently); shown when no development identity is set. */
  ssoCheck?: () => Promise<SsoState>;
  /** The 登录 button (interactive); the pane's sign-in session unless a test passes its own. */
  signIn?: () => Promise<SsoState>;
}

/** The note on identity in production (DESIGN §2 Identity). */
export function SsoNote() {
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>部署后使用 Office 单点登录</MessageBarTitle>
        部署到 Azure 后，加载项以您的 Microsoft 账户（Microsoft Entra ID）登录：优先使用嵌套应用认证，其次
        Office 单点登录，都不可用时在弹出窗口中登录。角色由管理员在 Entra
        中分配，无需在此填写。下面的开发身份只在本地开发模式下被服务器接受。
      </MessageBarBody>
    </MessageBar>
  );
}

/** 设置: server address, development identity, connection test. */
export function SettingsPanel({
  settings,
  storage,
  createClient,
  onSaved,
  me,
  deptName,
  ssoCheck,
  signIn = sessionSignIn,
}: SettingsPanelProps) {
  const styles = useStyles();
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromSettings(settings));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [saved, setSaved] = useState(false);
  const [test, setTest] = useState<{ connection: ConnectionState; url: string } | null>(null);
  const testing = useRef<AbortController | null>(null);

  useEffect(() => () => testing.current?.abort(), []);

  const edit = (patch: Partial<SettingsDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSaved(false);
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch) as (keyof SettingsDraft)[]) delete next[key];
      return next;
    });
  };

  const save = () => {
    const result = saveDraft(draft, storage);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setSaved(true);
    onSaved(result.settings);
  };

  const runTest = () => {
    const result = settingsFromDraft(draft);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    testing.current?.abort();
    const controller = new AbortController();
    testing.current = controller;
    const client = createClient(result.settings);
    setTest({ connection: { kind: "checking" }, url: client.baseUrl });
    void testConnection(client, controller.signal).then((connection) => {
      if (!controller.signal.aborted) setTest({ connection, url: client.baseUrl });
    });
  };

  const field = (key: keyof SettingsDraft) =>
    errors[key] ? { validationState: "error" as const, validationMessage: errors[key] } : {};

  return (
    <div className={styles.root}>
      {me && <IdentityCard me={me} {...(deptName ? { deptName } : {})} />}
      {ssoCheck && settings.devIdentity === null && (
        // After 登录, the same settings again: the pane makes a new client and reconnects with the token.
        <SsoStatus check={ssoCheck} signIn={signIn} onSignedIn={() => onSaved({ ...settings })} />
      )}
      {settings.devIdentity !== null && (
        <Caption1 className={styles.muted}>
          当前使用开发身份「{settings.devIdentity.name}」，不使用单点登录。
        </Caption1>
      )}
      <div className={styles.group}>
        <Field
          label="服务器地址"
          hint="留空则使用部署时指定的服务器；未指定时用同源的 /api（开发服务器会转发到本地服务）"
          {...field("serverUrl")}
        >
          <Input
            value={draft.serverUrl}
            placeholder="https://duban.azurewebsites.net/api"
            onChange={(_e, d) => edit({ serverUrl: d.value })}
          />
        </Field>
      </div>
      <SsoNote />
      <div className={styles.group}>
        <Switch
          label="使用开发身份（仅本地开发）"
          checked={draft.useDevIdentity}
          onChange={(_e, d) => edit({ useDevIdentity: d.checked })}
        />
        {draft.useDevIdentity && (
          <>
            <Field label="用户编号" required {...field("id")}>
              <Input value={draft.id} onChange={(_e, d) => edit({ id: d.value })} />
            </Field>
            <Field label="姓名" required {...field("name")}>
              <Input value={draft.name} onChange={(_e, d) => edit({ name: d.value })} />
            </Field>
            <Text weight="semibold">角色</Text>
            <div className={styles.roles}>
              <Checkbox
                label="督办办公室"
                checked={draft.office}
                onChange={(_e, d) => edit({ office: d.checked === true })}
              />
              <Checkbox
                label="领导小组"
                checked={draft.leader}
                onChange={(_e, d) => edit({ leader: d.checked === true })}
              />
              <Checkbox
                label="只读"
                checked={draft.viewer}
                onChange={(_e, d) => edit({ viewer: d.checked === true })}
              />
            </div>
            <Field label="所在部门编号" hint="部门角色 dept:<编号>；多个用逗号分隔" {...field("depts")}>
              <Input
                value={draft.depts}
                placeholder="如 safety"
                onChange={(_e, d) => edit({ depts: d.value })}
              />
            </Field>
          </>
        )}
        {!draft.useDevIdentity && (
          <Caption1 className={styles.muted}>
            未设置开发身份：本地开发模式下服务器使用其配置的默认开发身份；部署后使用 Office 单点登录。
          </Caption1>
        )}
      </div>
      <div className={styles.buttons}>
        <Button appearance="primary" onClick={save}>
          保存
        </Button>
        <Button onClick={runTest} disabled={test?.connection.kind === "checking"}>
          测试连接
        </Button>
      </div>
      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>设置已保存，已按新设置重新连接。</MessageBarBody>
        </MessageBar>
      )}
      {test && <ConnectionCard connection={test.connection} serverUrl={test.url} onRetry={runTest} />}
    </div>
  );
}

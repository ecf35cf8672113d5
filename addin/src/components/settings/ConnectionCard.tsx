import { Badge, Button, Caption1, Card, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ErrorMessage } from "../common/ErrorMessage";
import type { ConnectionState } from "../common/paneStatus";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
  },
  details: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalXXS,
  },
  refresh: { marginTop: tokens.spacingVerticalXS },
  facts: { color: tokens.colorNeutralForeground3, overflowWrap: "anywhere" },
});

const BADGES: Record<
  ConnectionState["kind"],
  { label: string; color: "informative" | "success" | "warning" | "danger" }
> = {
  checking: { label: "正在连接", color: "informative" },
  connected: { label: "已连接", color: "success" },
  degraded: { label: "存储不可用", color: "warning" },
  unreachable: { label: "无法连接服务器", color: "danger" },
  failed: { label: "服务器出错", color: "danger" },
};

export interface ConnectionCardProps {
  connection: ConnectionState;
  /** The API address in use, shown so a user can tell support where the pane points. */
  serverUrl: string;
  onRetry: () => void;
}

function failedBadge(status: number): (typeof BADGES)["failed"] {
  if (status === 401) return { label: "未登录", color: "danger" };
  if (status === 403) return { label: "无权限", color: "danger" };
  return BADGES.failed;
}

/** The configured address as a user would type it ("/api" → "https://localhost:3000/api"). */
function absoluteUrl(url: string): string {
  if (typeof window === "undefined") return url;
  try {
    return new URL(url, window.location.href).href;
  } catch {
    return url;
  }
}

/** 服务器连接: whether the functions and their storage can be reached. */
export function ConnectionCard({ connection, serverUrl, onRetry }: ConnectionCardProps) {
  const styles = useStyles();
  const badge = connection.kind === "failed" ? failedBadge(connection.error.status) : BADGES[connection.kind];
  const address = absoluteUrl(serverUrl);
  return (
    <Card className={styles.card} aria-label="服务器连接">
      <div className={styles.heading}>
        <Text weight="semibold">服务器连接</Text>
        <Badge appearance="filled" color={badge.color} role="status">
          {badge.label}
        </Badge>
      </div>
      {connection.kind === "checking" && (
        <Spinner size="extra-tiny" labelPosition="after" label="正在连接服务器…" />
      )}
      {connection.kind === "connected" && (
        <div className={styles.details}>
          <Caption1 className={styles.facts}>服务器：{address}</Caption1>
          {connection.health.storage.latencyMs !== undefined && (
            <Caption1 className={styles.facts}>
              存储响应：{Math.round(connection.health.storage.latencyMs)} 毫秒
            </Caption1>
          )}
          {connection.health.version && (
            <Caption1 className={styles.facts}>服务版本：{connection.health.version}</Caption1>
          )}
          <Button className={styles.refresh} size="small" appearance="secondary" onClick={onRetry}>
            刷新
          </Button>
        </div>
      )}
      {connection.kind === "degraded" && (
        <ErrorMessage
          intent="warning"
          title="存储不可用"
          message={`服务器已连接，但数据存储暂时无法访问，督办事项暂不可读取。${
            connection.health.storage.error ? `（${connection.health.storage.error}）` : ""
          }`}
          onRetry={onRetry}
        />
      )}
      {connection.kind === "unreachable" && (
        <ErrorMessage title="无法连接服务器" error={connection.error} onRetry={onRetry} />
      )}
      {connection.kind === "failed" && (
        <ErrorMessage title={connection.error.title} error={connection.error} onRetry={onRetry} />
      )}
    </Card>
  );
}

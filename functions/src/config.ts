/** Runtime configuration from the environment (DESIGN §3). */
import type { Principal, Role } from "./domain/types.js";
import { type MailConfig, mailConfigFrom } from "./reminders/senders.js";

export interface Config {
  /** Table endpoint: STORAGE_CONNECTION_STRING, else the Function App's own AzureWebJobsStorage. */
  connectionString: string;
  /** Local development mode: trusts x-ms-client-principal, supplies a development identity, honours DUBAN_NOW. */
  devMode: boolean;
  /** App Service Authentication (Easy Auth) is in front of the app, so x-ms-client-principal is genuine. */
  authEnabled: boolean;
  devPrincipal: Principal;
  /** DUBAN_NOW, only in development mode. */
  fixedNow: Date | null;
  corsOrigins: string[];
  version: string;
  /** Table name prefix (letters and digits), so several installations or test runs can share one account. */
  tablePrefix: string;
  /** DUBAN_STORAGE_TIMEOUT_MS: the deadline of one storage operation, retries included (default 5 s). */
  storageTimeoutMs?: number;
  /** How reminders are sent: MAIL_SMTP_URL + MAIL_FROM, or MAIL_GRAPH_SENDER (DESIGN §4). */
  mail?: MailConfig;
}

const truthy = (v: string | undefined) => /^(1|true|yes|on)$/i.test(v ?? "");

function parseDevPrincipal(raw: string | undefined): Principal {
  const fallback: Principal = {
    id: "dev-office",
    name: "开发用户（督办办公室）",
    roles: ["office", "leader"],
  };
  if (!raw) return fallback;
  try {
    const p = JSON.parse(raw) as Partial<Principal>;
    return {
      id: String(p.id ?? fallback.id),
      name: String(p.name ?? fallback.name),
      roles: Array.isArray(p.roles) ? (p.roles.map(String) as Role[]) : fallback.roles,
    };
  } catch {
    // DUBAN_DEV_PRINCIPAL may also be just a comma-separated role list.
    return {
      ...fallback,
      roles: raw
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean) as Role[],
    };
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const devMode = truthy(env.DUBAN_DEV_MODE) || env.AZURE_FUNCTIONS_ENVIRONMENT === "Development";
  let fixedNow: Date | null = null;
  if (devMode && env.DUBAN_NOW) {
    const t = Date.parse(env.DUBAN_NOW);
    if (Number.isNaN(t)) throw new Error(`DUBAN_NOW 不是有效的时间: ${env.DUBAN_NOW}`);
    fixedNow = new Date(t);
  }
  const addinPort = env.ADDIN_PORT ?? "3000";
  return {
    connectionString:
      env.STORAGE_CONNECTION_STRING ?? env.AzureWebJobsStorage ?? "UseDevelopmentStorage=true",
    devMode,
    authEnabled: truthy(env.WEBSITE_AUTH_ENABLED),
    devPrincipal: parseDevPrincipal(env.DUBAN_DEV_PRINCIPAL),
    fixedNow,
    corsOrigins: (env.DUBAN_CORS_ORIGINS ?? (devMode ? `https://localhost:${addinPort}` : ""))
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    version: env.DUBAN_VERSION ?? "0.1.0",
    ...(/^\d{3,6}$/.test(env.DUBAN_STORAGE_TIMEOUT_MS ?? "")
      ? { storageTimeoutMs: Number(env.DUBAN_STORAGE_TIMEOUT_MS) }
      : {}),
    tablePrefix: /^[A-Za-z][A-Za-z0-9]{0,40}$/.test(env.DUBAN_TABLE_PREFIX ?? "")
      ? env.DUBAN_TABLE_PREFIX!
      : "Duban",
    mail: mailConfigFrom(env),
  };
}

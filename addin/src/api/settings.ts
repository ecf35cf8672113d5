// Pane settings kept in the browser's localStorage (per user and machine, not in the workbook).
import { isRole, type DevIdentity } from "./principal";

export const SETTINGS_KEY = "duban.settings";

/** Same origin: the dev server proxies /api to the functions, and production hosts the pane beside them. */
export const DEFAULT_BASE_URL = "/api";

export interface PaneSettings {
  /** The API base (e.g. https://duban.azurewebsites.net/api); empty means same origin /api. */
  serverUrl: string;
  /** Development only: sent as x-ms-client-principal; the functions ignore it outside local development mode. */
  devIdentity: DevIdentity | null;
}

export const DEFAULT_SETTINGS: PaneSettings = { serverUrl: "", devIdentity: null };

type Store = Pick<Storage, "getItem" | "setItem">;

function browserStorage(): Store | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    // Access can throw (storage disabled, sandboxed frame): run with defaults.
    return null;
  }
}

function parseIdentity(value: unknown): DevIdentity | null {
  if (typeof value !== "object" || value === null) return null;
  const { id, name, roles } = value as Record<string, unknown>;
  if (typeof id !== "string" || !id.trim() || typeof name !== "string" || !name.trim()) return null;
  return { id: id.trim(), name: name.trim(), roles: Array.isArray(roles) ? roles.filter(isRole) : [] };
}

/**
 * The server address the deployment put in the pane's URL (`taskpane.html?api=https://…`, written into the
 * production manifest by `npm run manifest -- --api …`): the default for every user who has not set one.
 * Only an https address (or http on localhost) is taken.
 */
export function deployedServerUrl(search: string = globalThis.location?.search ?? ""): string {
  const api = new URLSearchParams(search).get("api")?.trim();
  if (!api) return "";
  try {
    const url = new URL(api);
    const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
    return url.protocol === "https:" || (url.protocol === "http:" && local) ? api : "";
  } catch {
    return "";
  }
}

/** Reads the settings; anything missing or malformed falls back to the defaults. */
export function loadSettings(
  storage: Store | null = browserStorage(),
  deployed: string = deployedServerUrl(),
): PaneSettings {
  const defaults: PaneSettings = { ...DEFAULT_SETTINGS, serverUrl: deployed };
  let raw: string | null;
  try {
    raw = storage?.getItem(SETTINGS_KEY) ?? null;
  } catch {
    raw = null;
  }
  if (!raw) return defaults;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return defaults;
  }
  if (typeof parsed !== "object" || parsed === null) return defaults;
  const record = parsed as Record<string, unknown>;
  const saved = typeof record.serverUrl === "string" ? record.serverUrl.trim() : "";
  return {
    serverUrl: saved || deployed,
    devIdentity: parseIdentity(record.devIdentity),
  };
}

export function saveSettings(settings: PaneSettings, storage: Store | null = browserStorage()): void {
  storage?.setItem(SETTINGS_KEY, JSON.stringify(settings));
}

/**
 * The API base URL for a configured server address: empty → same-origin /api; a bare origin
 * (https://host) gets /api appended, since the functions serve under /api; otherwise used as given.
 */
export function resolveBaseUrl(serverUrl: string): string {
  const trimmed = serverUrl.trim().replace(/\/+$/, "");
  if (!trimmed) return DEFAULT_BASE_URL;
  if (/^https?:\/\/[^/]+$/i.test(trimmed)) return `${trimmed}/api`;
  return trimmed;
}

// What the pane shows about the server, as plain data: loaded through the ApiClient, rendered by App.
import { asApiError, type ApiClient, type ApiError, type HealthStatus } from "../../api/client";

export type ConnectionState =
  | { kind: "checking" }
  /** 已连接 */
  | { kind: "connected"; health: HealthStatus }
  /** 存储不可用: the functions answer but cannot reach Table Storage. */
  | { kind: "degraded"; health: HealthStatus }
  /** 无法连接服务器: no answer at all. */
  | { kind: "unreachable"; error: ApiError }
  /** The server answered with an error (not signed in, no permission, server fault). */
  | { kind: "failed"; error: ApiError };

export type ItemsState =
  /** Not attempted, because the server or its storage is not available. */
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "loaded"; count: number }
  | { kind: "failed"; error: ApiError };

export interface PaneStatus {
  connection: ConnectionState;
  items: ItemsState;
}

export const INITIAL_PANE_STATUS: PaneStatus = { connection: { kind: "checking" }, items: { kind: "idle" } };

export function connectionFromHealth(health: HealthStatus): ConnectionState {
  return health.status === "ok" && health.storage.reachable !== false
    ? { kind: "connected", health }
    : { kind: "degraded", health };
}

/**
 * Checks the server, then counts the items, reporting every intermediate state through `onChange`.
 * Stops silently once `signal` is aborted (the pane was closed or the user retried).
 */
export async function loadPaneStatus(
  client: ApiClient,
  onChange: (status: PaneStatus) => void,
  signal?: AbortSignal,
): Promise<PaneStatus | null> {
  let status: PaneStatus = INITIAL_PANE_STATUS;
  const emit = (next: PaneStatus): boolean => {
    if (signal?.aborted) return false;
    status = next;
    onChange(next);
    return true;
  };
  if (!emit(INITIAL_PANE_STATUS)) return null;

  let connection: ConnectionState;
  try {
    connection = connectionFromHealth(await client.health(signal));
  } catch (error) {
    if (signal?.aborted) return null;
    const apiError = asApiError(error);
    connection = apiError.isNetworkError
      ? { kind: "unreachable", error: apiError }
      : { kind: "failed", error: apiError };
  }
  if (connection.kind !== "connected") return emit({ connection, items: { kind: "idle" } }) ? status : null;
  if (!emit({ connection, items: { kind: "loading" } })) return null;

  let items: ItemsState;
  try {
    items = { kind: "loaded", count: (await client.listAllItems({}, signal)).length };
  } catch (error) {
    if (signal?.aborted) return null;
    items = { kind: "failed", error: asApiError(error) };
  }
  return emit({ connection, items }) ? status : null;
}

/** Re-count the items without re-checking the connection (after a pull or push), keeping the card steady. */
export async function reloadItemCount(client: ApiClient, signal?: AbortSignal): Promise<ItemsState | null> {
  try {
    return { kind: "loaded", count: (await client.listAllItems({}, signal)).length };
  } catch (error) {
    if (signal?.aborted) return null;
    return { kind: "failed", error: asApiError(error) };
  }
}

/**
 * Table Storage plumbing shared by the repositories: clients, JSON properties split under the 64 KiB string
 * limit, and the translation of storage failures into the API's errors (503 when storage is unreachable).
 */
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { RestError, TableClient, TableServiceClient, type TableEntityResult } from "@azure/data-tables";
import { splitUnits } from "../domain/text.js";
import { ApiError, badRequest } from "../http/problem.js";
import { storageTelemetryPolicy } from "../telemetry.js";

/** Table names after the configurable prefix (default "Duban": DubanItems, DubanNotices…). */
export const TABLE_SUFFIXES = {
  items: "Items",
  notices: "Notices",
  reference: "Reference",
  assessments: "Assessments",
  reminders: "Reminders",
  accountability: "Accountability",
} as const;
export type TableKey = keyof typeof TABLE_SUFFIXES;

/** Default deadline of one storage operation, retries included (DUBAN_STORAGE_TIMEOUT_MS overrides). */
export const STORAGE_TIMEOUT_MS = 5_000;

/** The error a storage operation ends with when its deadline passes. */
export class StorageTimeoutError extends Error {
  override readonly name = "StorageTimeoutError";
}

/**
 * A deadline for every storage operation: a hung service (a stopped process, a black-holed connection) would
 * otherwise hold the request, and every request behind it, for as long as the socket lives. Placed per call, so
 * the SDK's retries share the one deadline; the abort stops them.
 */
function deadlinePolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: "dubanStorageDeadline",
    async sendRequest(request, next) {
      const timer = AbortSignal.timeout(timeoutMs);
      // The SDK's AbortSignalLike is the platform's AbortSignal at run time (Node 20).
      const given = request.abortSignal as AbortSignal | undefined;
      request.abortSignal = given ? AbortSignal.any([given, timer]) : timer;
      try {
        return await next(request);
      } catch (e) {
        if (timer.aborted)
          throw Object.assign(new StorageTimeoutError(`storage did not answer within ${timeoutMs} ms`), {
            cause: e,
          });
        throw e;
      }
    },
  };
}

/** Storage clients, created from one connection string (Azure or Azurite). */
export class TableStore {
  readonly clients: Record<TableKey, TableClient>;
  private readonly service: TableServiceClient;
  private ready: Promise<void> | null = null;

  constructor(
    readonly connectionString: string,
    readonly prefix = "Duban",
    /** How long one storage operation (all its retries included) may take before it is abandoned. */
    readonly timeoutMs = STORAGE_TIMEOUT_MS,
  ) {
    const options = {
      allowInsecureConnection: /UseDevelopmentStorage|http:\/\//i.test(connectionString),
      // Fail fast (then 503 + Retry-After) instead of holding the caller for the SDK's default back-off.
      retryOptions: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
      additionalPolicies: [
        { policy: deadlinePolicy(timeoutMs), position: "perCall" as const },
        // One dependency per round trip (a retry is its own) when telemetry is on; a plain pass-through otherwise.
        { policy: storageTelemetryPolicy, position: "perRetry" as const },
      ],
    };
    this.service = TableServiceClient.fromConnectionString(connectionString, options);
    this.clients = Object.fromEntries(
      Object.entries(TABLE_SUFFIXES).map(([key, suffix]) => [
        key,
        TableClient.fromConnectionString(connectionString, `${prefix}${suffix}`, options),
      ]),
    ) as Record<TableKey, TableClient>;
  }

  /** Create the tables once per process (idempotent); retried on the next call if storage was down. */
  ensureTables(): Promise<void> {
    if (!this.ready) {
      this.ready = Promise.all(
        Object.values(this.clients).map((c) =>
          c.createTable().catch((e: unknown) => {
            if (!(e instanceof RestError && e.statusCode === 409)) throw e;
          }),
        ),
      ).then(() => undefined);
      this.ready.catch(() => (this.ready = null));
    }
    return this.ready.catch((e: unknown) => {
      throw storageError(e);
    });
  }

  /** Forget that the tables exist (after TableNotFound: the storage was replaced or wiped). */
  forget(): void {
    this.ready = null;
  }

  /** A cheap round trip that proves the service answers. */
  async ping(): Promise<void> {
    const iter = this.service.listTables().byPage({ maxPageSize: 1 });
    await iter.next();
  }

  table(key: TableKey): TableClient {
    return this.clients[key];
  }
}

/** UTF-16 code units per property, under the 64 KiB string limit. */
export const JSON_CHUNK = 30_000;

/** Write a JSON document into `name`, `name_1`, `name_2`… properties. */
export function jsonProps(name: string, value: unknown): Record<string, string> {
  return jsonTextProps(name, JSON.stringify(value));
}

/** Write JSON text (already serialized) into `name`, `name_1`, `name_2`… properties. */
export function jsonTextProps(name: string, text: string): Record<string, string> {
  const props: Record<string, string> = {};
  // Cut between code points: a part ending in half a surrogate pair is ill-formed UTF-16 that the service
  // stores as U+FFFD (or refuses), and the joined JSON would no longer be the text written.
  splitUnits(text, JSON_CHUNK).forEach((part, i) => (props[i === 0 ? name : `${name}_${i}`] = part));
  return props;
}

/** The JSON text written by jsonProps, its parts joined. */
export function readJsonText(entity: Record<string, unknown>, name: string): string {
  let text = String(entity[name] ?? "null");
  for (let part = 1; typeof entity[`${name}_${part}`] === "string"; part++)
    text += entity[`${name}_${part}`] as string;
  return text;
}

export function readJson<T>(entity: Record<string, unknown>, name: string): T {
  return JSON.parse(readJsonText(entity, name)) as T;
}

export type Entity = TableEntityResult<Record<string, unknown>>;

/** Zero-padded numeric row keys sort as numbers. */
export const pad = (n: number, width = 8) => String(n).padStart(width, "0");

export function statusOf(e: unknown): number | undefined {
  return e instanceof RestError ? e.statusCode : undefined;
}

export const isNotFound = (e: unknown) => statusOf(e) === 404;
export const isConflict = (e: unknown) => statusOf(e) === 409;
export const isPreconditionFailed = (e: unknown) => statusOf(e) === 412;
/** The table itself is gone (a wiped or replaced storage account): not a missing entity. */
export const isTableNotFound = (e: unknown) =>
  statusOf(e) === 404 &&
  /TableNotFound/i.test(`${(e as { code?: string }).code ?? ""} ${(e as Error).message ?? ""}`);

/**
 * Storage failures that are not the caller's fault: the service is unreachable, timing out or throttling.
 * These become 503 with Retry-After; other storage errors are real bugs and propagate.
 */
export function storageError(e: unknown): unknown {
  if (e instanceof ApiError) return e;
  const status = statusOf(e);
  const code = (e as { code?: string } | null)?.code ?? "";
  const unreachable =
    status === undefined &&
    (e instanceof RestError ||
      /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up|aborted/i.test(
        `${code} ${(e as Error)?.message ?? ""}`,
      ));
  if (isTableNotFound(e))
    return Object.assign(
      new ApiError(
        503,
        "storage_unavailable",
        "存储中的数据表不存在（存储可能已被重置），正在重建，请稍后重试",
        {
          retryAfter: 1,
        },
      ),
      { cause: e },
    );
  if (e instanceof StorageTimeoutError)
    return new ApiError(503, "storage_timeout", "存储服务响应超时，请稍后重试", { retryAfter: 5 });
  if (unreachable || status === 503 || status === 500 || status === 502 || status === 504 || status === 429) {
    return new ApiError(503, "storage_unavailable", "存储服务暂时不可用，请稍后重试", { retryAfter: 5 });
  }
  return e;
}

/** Run a storage call, translating unreachable storage into 503. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw storageError(e);
  }
}

/**
 * A paged read resumed from a client's continuation token: the service refusing the token (400) is the
 * client's fault, not a bug.
 */
export async function guardedPage<T>(token: string | undefined, work: () => Promise<T>): Promise<T> {
  try {
    return await guarded(work);
  } catch (e) {
    if (token && statusOf(e) === 400)
      throw Object.assign(badRequest([{ path: "continuationToken", message: "分页令牌无效" }]), { cause: e });
    throw e;
  }
}

/** ETags from transaction sub-responses carry a trailing CR. */
export const cleanEtag = (etag: string | undefined): string | undefined => etag?.trim();

/** Continuation tokens come from the storage SDK; a forged one must be a 400 before it reaches storage. */
import { badRequest } from "./problem.js";

/**
 * A client's continuation token, checked. Storage tokens carry the next keys; `afterKey` tokens (the item list's
 * own, see encodeAfterToken) carry the last key returned.
 */
export function continuationToken(
  value: string | null | undefined,
  options: { afterKey?: boolean } = {},
): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const invalid = () => badRequest([{ path: "continuationToken", message: "分页令牌无效" }]);
  if (value.length > 2000 || !/^[A-Za-z0-9+/=_-]+$/.test(value)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
  } catch {
    throw invalid();
  }
  const t = parsed as { nextPartitionKey?: unknown; nextRowKey?: unknown; after?: unknown } | null;
  if (options.afterKey && t && typeof t === "object" && "after" in t) {
    if (Object.keys(t).length !== 1 || !isStorageKey(t.after)) throw invalid();
    return value;
  }
  if (
    !t ||
    typeof t !== "object" ||
    Array.isArray(t) ||
    !isStorageKey(t.nextPartitionKey) ||
    (t.nextRowKey !== undefined && !isStorageKey(t.nextRowKey))
  )
    throw invalid();
  return value;
}

/**
 * The service hands the next keys over in response headers, so a genuine one is visible ASCII and short; anything
 * else (a lone surrogate, a control character, a kilobyte of text) is forged and would make storage fail.
 */
const isStorageKey = (v: unknown): v is string => typeof v === "string" && /^[\x21-\x7e]{1,1024}$/.test(v);

/** A token that resumes a scan after `key` (a PartitionKey the caller has seen). */
export const encodeAfterToken = (key: string) =>
  Buffer.from(JSON.stringify({ after: key })).toString("base64url");

/** The key an after-token resumes from, or undefined for any other token (a storage one). */
export function decodeAfterToken(token: string | undefined): string | undefined {
  if (!token) return undefined;
  try {
    const t = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { after?: unknown };
    return typeof t.after === "string" ? t.after : undefined;
  } catch {
    return undefined;
  }
}

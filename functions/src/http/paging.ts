/** Continuation tokens come from the storage SDK; a forged one must be a 400 before it reaches storage. */
import { badRequest } from "./problem.js";

export function continuationToken(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  const invalid = () => badRequest([{ path: "continuationToken", message: "分页令牌无效" }]);
  if (value.length > 2000 || !/^[A-Za-z0-9+/=_-]+$/.test(value)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, "base64").toString("utf8"));
  } catch {
    throw invalid();
  }
  const t = parsed as { nextPartitionKey?: unknown; nextRowKey?: unknown } | null;
  if (
    !t ||
    typeof t !== "object" ||
    Array.isArray(t) ||
    typeof t.nextPartitionKey !== "string" ||
    (t.nextRowKey !== undefined && typeof t.nextRowKey !== "string")
  )
    throw invalid();
  return value;
}

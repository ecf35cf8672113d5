/** Helpers shared by the item endpoints: load with 404, answer with the whole item and its ETag. */
import { createHash } from "node:crypto";
import type { Decision } from "../domain/lifecycle.js";
import type { Settings } from "../domain/types.js";
import { itemView } from "../domain/view.js";
import { itemId as itemIdSchema, validate } from "../domain/validation.js";
import type { Deps } from "../deps.js";
import type { StoredItem } from "../storage/items-repo.js";
import type { Call, Reply } from "./endpoint.js";
import { ApiError, badRequest, conflict, forbidden, notFound, preconditionFailed } from "./problem.js";

let settingsCache: { value: Settings; until: number; deps: Deps } | null = null;

/** Settings change rarely; a few seconds of caching spares a read on every answer. */
export async function currentSettings(deps: Deps): Promise<Settings> {
  const now = Date.now();
  if (settingsCache && settingsCache.deps === deps && settingsCache.until > now) return settingsCache.value;
  const { value } = await deps.reference.getSettings();
  settingsCache = { value, until: now + 5_000, deps };
  return value;
}

export function forgetSettings(): void {
  settingsCache = null;
}

export function itemIdParam(call: Call): string {
  const id = call.params.id ?? "";
  const v = validate(itemIdSchema, id);
  if (!v.ok) throw badRequest([{ path: "id", message: "事项编号不正确" }]);
  return id;
}

export async function loadItem(call: Call, id: string): Promise<StoredItem> {
  const found = await call.deps.items.get(id);
  if (!found) throw notFound(`督办事项 ${id} 不存在`);
  return found;
}

/** 412 unless the client's If-Match is the stored ETag. */
export function checkEtag(stored: StoredItem, ifMatch: string): void {
  if (stored.etag !== ifMatch) throw preconditionFailed("该事项已被他人修改，请刷新后再操作");
}

export async function itemReply(call: Call, stored: StoredItem, status = 200): Promise<Reply> {
  const settings = await currentSettings(call.deps);
  return {
    status,
    headers: { ETag: stored.etag },
    body: itemView(stored.item, stored.etag, call.principal, call.now, settings.yellowLightDays),
  };
}

/** Turn a refused decision into its HTTP error. */
export function refuse(decision: Exclude<Decision, { ok: true }>): never {
  switch (decision.kind) {
    case "forbidden":
      throw forbidden(decision.message);
    case "conflict":
      throw conflict(decision.message, { allowedActions: decision.allowedActions });
    case "invalid":
      throw badRequest(decision.errors);
  }
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/** Items are keyed by a time-ordered id, so a scan lists them in creation order. */
export function newItemId(now: Date): string {
  const time = now.getTime().toString(36).padStart(9, "0");
  const rand = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => (b % 36).toString(36)).join("");
  return `${time}${rand}`;
}

export function assertNever(x: never): never {
  throw new ApiError(500, "internal", `unexpected ${String(x)}`);
}

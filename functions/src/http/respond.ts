/** Helpers shared by the item endpoints: load with 404, answer with the whole item and its ETag. */
import { createHash, randomFillSync } from "node:crypto";
import type { Decision } from "../domain/lifecycle.js";
import type { Settings } from "../domain/types.js";
import { itemViewJson } from "../domain/view.js";
import { itemId as itemIdSchema, validate } from "../domain/validation.js";
import type { Deps } from "../deps.js";
import type { StoredItem } from "../storage/items-repo.js";
import type { Call, Reply } from "./endpoint.js";
import { ApiError, badRequest, conflict, forbidden, notFound, preconditionFailed } from "./problem.js";
import { SharedRead } from "./shared-read.js";

const settings = new SharedRead<Settings>(async (deps) => (await deps.reference.getSettings()).value);

/** Settings change rarely; a few seconds of keeping them spares a read on every answer. */
export function currentSettings(deps: Deps): Promise<Settings> {
  return settings.get(deps);
}

export function forgetSettings(): void {
  settings.forget();
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
  const { yellowLightDays } = await currentSettings(call.deps);
  return {
    status,
    headers: { ETag: stored.etag },
    json: itemViewJson(stored.json, stored.item, stored.etag, call.principal, call.now, yellowLightDays),
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

const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
/** Random bytes drawn in blocks: one system call per 512 ids instead of one per id. */
const entropy = new Uint8Array(4096);
let entropyAt = entropy.length;

/** Items are keyed by a time-ordered id, so a scan lists them in creation order. */
export function newItemId(now: Date): string {
  let id = now.getTime().toString(36).padStart(9, "0");
  // 252 = 7 × 36: bytes above it are skipped, so every character is equally likely.
  while (id.length < 17) {
    if (entropyAt >= entropy.length) {
      randomFillSync(entropy);
      entropyAt = 0;
    }
    const b = entropy[entropyAt++]!;
    if (b < 252) id += ID_ALPHABET[b % 36];
  }
  return id;
}

export function assertNever(x: never): never {
  throw new ApiError(500, "internal", `unexpected ${String(x)}`);
}

import { createItem as decideCreate } from "../domain/lifecycle.js";
import { createItemSchema } from "../domain/validation.js";
import { requireRole } from "../http/auth.js";
import { checkDepartments } from "../http/departments.js";
import { type Call, register } from "../http/endpoint.js";
import { conflict } from "../http/problem.js";
import { itemReply, newItemId, refuse, sha256 } from "../http/respond.js";
import type { StoredItem } from "../storage/items-repo.js";

/** POST /api/items — 拟办: register a new item in draft. An Idempotency-Key makes a retried create return the same item. */
export async function createItem(call: Call) {
  requireRole(call.principal, ["office"], "登记督办事项");
  const input = await call.parse(createItemSchema);
  await checkDepartments(call.deps, input);
  let id = newItemId(call.now);
  const key = call.idempotencyKey();
  if (key) {
    const bodyHash = sha256(JSON.stringify(input));
    const reserved = await call.deps.items.reserveKey(sha256(`${call.principal.id}\n${key}`), id, bodyHash);
    if (reserved.bodyHash !== bodyHash)
      throw conflict("该 Idempotency-Key 已用于内容不同的另一次登记", { code: "idempotency_key_reused" });
    id = reserved.id;
    const existing = await call.deps.items.get(id);
    if (existing) return created(call, existing, true);
  }
  const decision = decideCreate(id, input, { principal: call.principal, at: call.now.toISOString() });
  if (!decision.ok) refuse(decision);
  const stored = await call.deps.items.create(decision.item, decision.event);
  if (stored) return created(call, stored, false);
  // A concurrent request with the same key wrote it first: answer as it did.
  const first = await call.deps.items.get(id);
  if (!first) throw new Error(`item ${id} vanished after create`);
  return created(call, first, true);
}

/** Every answer for one Idempotency-Key is the original's (201 and the item as stored), a replay says so. */
async function created(call: Call, stored: StoredItem, replayed: boolean) {
  const reply = await itemReply(call, stored, 201);
  return {
    ...reply,
    headers: {
      ...reply.headers,
      Location: `/api/items/${stored.item.id}`,
      ...(replayed ? { "Idempotent-Replayed": "true" } : {}),
    },
  };
}

export default register({ name: "createItem", methods: ["POST"], route: "items", handler: createItem });

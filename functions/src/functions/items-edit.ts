import { editItem as decideEdit } from "../domain/lifecycle.js";
import { editItemSchema } from "../domain/validation.js";
import { requireRole } from "../http/auth.js";
import { checkDepartments } from "../http/departments.js";
import { type Call, register } from "../http/endpoint.js";
import { checkEtag, itemIdParam, itemReply, loadItem, refuse } from "../http/respond.js";

/** PATCH /api/items/{id} — edit the fields the current state allows (If-Match required). */
export async function editItem(call: Call) {
  requireRole(call.principal, ["office"], "修改督办事项");
  const id = itemIdParam(call);
  const ifMatch = call.ifMatch();
  const input = await call.parse(editItemSchema);
  const stored = await loadItem(call, id);
  checkEtag(stored, ifMatch);
  await checkDepartments(call.deps, input);
  const decision = decideEdit(stored.item, input, { principal: call.principal, at: call.now.toISOString() });
  if (!decision.ok) refuse(decision);
  // Values equal to the stored ones change nothing: no event, and the ETag others hold stays valid.
  if (Object.keys(decision.event.changes).length === 0) return itemReply(call, stored);
  return itemReply(call, await call.deps.items.commit(decision.item, decision.event, stored.etag));
}

export default register({ name: "editItem", methods: ["PATCH"], route: "items/{id}", handler: editItem });

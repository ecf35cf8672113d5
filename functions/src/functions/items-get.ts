import { requireReader } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { itemIdParam, itemReply, loadItem } from "../http/respond.js";

/** GET /api/items/{id} — the item with its ETag and the actions open to the caller. */
export async function getItem(call: Call) {
  requireReader(call.principal);
  return itemReply(call, await loadItem(call, itemIdParam(call)));
}

export default register({ name: "getItem", methods: ["GET"], route: "items/{id}", handler: getItem });

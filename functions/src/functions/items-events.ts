import { requireReader } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { continuationToken } from "../http/paging.js";
import { itemIdParam, loadItem } from "../http/respond.js";

/** GET /api/items/{id}/events — the item's history, oldest first, paged. */
export async function listItemEvents(call: Call) {
  requireReader(call.principal);
  const id = itemIdParam(call);
  const token = continuationToken(call.query.get("continuationToken"));
  await loadItem(call, id);
  const page = await call.deps.items.events(id, token);
  return { body: page };
}

export default register({
  name: "listItemEvents",
  methods: ["GET"],
  route: "items/{id}/events",
  handler: listItemEvents,
});

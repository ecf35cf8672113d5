import { requireReader } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { badRequest } from "../http/problem.js";
import { itemIdParam, loadItem } from "../http/respond.js";

/** GET /api/items/{id}/events — the item's history, oldest first, paged. */
export async function listItemEvents(call: Call) {
  requireReader(call.principal);
  const id = itemIdParam(call);
  await loadItem(call, id);
  const token = call.query.get("continuationToken") ?? undefined;
  if (token !== undefined && token.length > 2000)
    throw badRequest([{ path: "continuationToken", message: "分页令牌无效" }]);
  const page = await call.deps.items.events(id, token).catch((e: unknown) => {
    if (token && e instanceof SyntaxError)
      throw badRequest([{ path: "continuationToken", message: "分页令牌无效" }]);
    throw e;
  });
  return { body: page };
}

export default register({
  name: "listItemEvents",
  methods: ["GET"],
  route: "items/{id}/events",
  handler: listItemEvents,
});

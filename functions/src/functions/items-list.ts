import { cstDate } from "../domain/dates.js";
import { itemViewJson } from "../domain/view.js";
import { itemListQuerySchema } from "../domain/validation.js";
import { requireReader } from "../http/auth.js";
import { type Call, parseQuery, register } from "../http/endpoint.js";
import { badRequest } from "../http/problem.js";
import { continuationToken } from "../http/paging.js";
import { currentSettings } from "../http/respond.js";

/** GET /api/items?year=&status=&dept=&overdue=&awaiting=me&continuationToken=&limit= — a page of items. */
export async function listItems(call: Call) {
  requireReader(call.principal);
  const q = parseQuery(call, itemListQuerySchema);
  const limit = q.limit ? Number(q.limit) : 500;
  if (limit < 1 || limit > 1000) throw badRequest([{ path: "limit", message: "每页条数应为 1–1000" }]);
  const page = await call.deps.items.list(
    {
      ...(q.year ? { year: Number(q.year) } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.dept ? { dept: q.dept } : {}),
      ...(q.overdue === "true" ? { overdueOn: cstDate(call.now) } : {}),
      ...(q.awaiting ? { awaitingLeader: awaitingFor(call) } : {}),
    },
    continuationToken(q.continuationToken, { afterKey: true }),
    limit,
  );
  const { yellowLightDays } = await currentSettings(call.deps);
  // The items' stored JSON is answered as it is, with the derived fields appended (no second serialization).
  const views = page.items.map((s) =>
    itemViewJson(s.json, s.item, s.etag, call.principal, call.now, yellowLightDays),
  );
  return {
    json: `{"items":[${views.join(",")}],"continuationToken":${JSON.stringify(page.continuationToken)}}`,
  };
}

/**
 * 待我审定 (三、(一)): what waits for the caller's decision. Only the leading group decides: anyone else is told
 * so rather than shown an empty list.
 */
function awaitingFor(call: Call): string {
  if (!call.principal.roles.includes("leader"))
    throw badRequest([{ path: "awaiting", message: "待我审定只适用于领导小组成员" }]);
  return call.principal.id;
}

export default register({ name: "listItems", methods: ["GET"], route: "items", handler: listItems });

import { cstYear } from "../domain/dates.js";
import { type Decision, decide, withArchiveNumber } from "../domain/lifecycle.js";
import { formatArchiveNumber } from "../domain/numbering.js";
import { excerpt } from "../domain/text.js";
import { type Action, ACTIONS } from "../domain/types.js";
import { type Call, register } from "../http/endpoint.js";
import { notFound } from "../http/problem.js";
import { checkEtag, currentSettings, itemIdParam, itemReply, loadItem, refuse } from "../http/respond.js";

/** POST /api/items/{id}/actions/{action} — one lifecycle step with its payload (If-Match required). */
export async function itemAction(call: Call) {
  const id = itemIdParam(call);
  const action = call.params.action ?? "";
  if (!(ACTIONS as readonly string[]).includes(action))
    throw notFound(`没有名为「${excerpt(action, 40)}」的操作`);
  const stored = await loadItem(call, id);
  const ifMatch = call.ifMatch();
  const payload = (await call.body()) ?? {};
  const decision = decide(stored.item, action as Action, payload, {
    principal: call.principal,
    at: call.now.toISOString(),
  });
  // Order of refusals: not yours (403), then stale (412: re-read before anything else), then state/payload.
  if (!decision.ok && decision.kind === "forbidden") refuse(decision);
  checkEtag(stored, ifMatch);
  if (!decision.ok) refuse(decision);
  const final = action === "close" ? await withArchive(call, decision) : decision;
  return itemReply(call, await call.deps.items.commit(final.item, final.event, stored.etag));
}

/** 办结 carries the item's 存档编号 (附件2): {archivePrefix}〔year of closing〕n号, one per item, gapless per year. */
async function withArchive(call: Call, decision: Extract<Decision, { ok: true }>) {
  const year = cstYear(call.now);
  const [seq, settings] = await Promise.all([
    call.deps.notices.archiveSeq(year, decision.item.id),
    currentSettings(call.deps),
  ]);
  return withArchiveNumber(decision, formatArchiveNumber(year, seq, settings.archivePrefix ?? "督报"));
}

export default register({
  name: "itemAction",
  methods: ["POST"],
  route: "items/{id}/actions/{action}",
  handler: itemAction,
});

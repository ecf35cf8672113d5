import { voidNoticeSchema } from "../domain/validation.js";
import { itemView } from "../domain/view.js";
import { requireRole } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { bearingItems, refuseVoidIfBlocked, voidItems } from "../http/notices.js";
import { conflict, notFound, preconditionFailed } from "../http/problem.js";
import { currentSettings } from "../http/respond.js";
import { seqParam, yearParam } from "./notices-read.js";

/**
 * POST /api/notices/{year}/{seq}/void {reason} — 作废: the number stays used (shown 作废) and the items return
 * to registered. Refused once any item has been reported or closed. The items move first and the notice is
 * marked last (http/notices.ts says why); repeating it finishes a half-done void.
 */
export async function voidNotice(call: Call) {
  requireRole(call.principal, ["office"], "作废通知单");
  const year = yearParam(call.params.year);
  const seq = seqParam(call.params.seq);
  const { reason } = await call.parse(voidNoticeSchema);
  const ifMatch = call.ifMatchOptional();
  const found = await call.deps.notices.get(year, seq);
  if (!found) throw notFound(`通知单 ${year}-${seq} 不存在`);
  if (ifMatch && ifMatch !== found.etag) throw preconditionFailed("通知单已被他人修改，请刷新后重试");
  const bearing = await bearingItems(call, found.notice);
  if (found.notice.voided && bearing.length === 0) throw conflict(`通知单 ${found.notice.number} 已作废`);
  refuseVoidIfBlocked(found.notice, bearing);
  const notice = found.notice.voided
    ? found.notice
    : { ...found.notice, voided: true, voidedAt: call.now.toISOString(), voidReason: reason };
  const returned = await voidItems(call, notice);
  if (!found.notice.voided) await call.deps.notices.markVoided(notice, found.etag);
  const { yellowLightDays } = await currentSettings(call.deps);
  return {
    body: {
      ...notice,
      items: returned.map((s) => itemView(s.item, s.etag, call.principal, call.now, yellowLightDays)),
    },
  };
}

export default register({
  name: "voidNotice",
  methods: ["POST"],
  route: "notices/{year}/{seq}/void",
  handler: voidNotice,
});

import { RUNNING_STATUSES, STATUS_LABELS } from "../domain/types.js";
import { voidNoticeSchema } from "../domain/validation.js";
import { itemView } from "../domain/view.js";
import { requireRole } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { applyNotice } from "../http/notices.js";
import { conflict, notFound, preconditionFailed } from "../http/problem.js";
import { currentSettings } from "../http/respond.js";
import { seqParam, yearParam } from "./notices-read.js";

/**
 * POST /api/notices/{year}/{seq}/void {reason} — 作废: the number stays used (shown 作废) and the items return
 * to registered. Refused once any item has been reported or closed. Repeating it finishes a half-done void.
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
  let notice = found.notice;
  const items = await Promise.all(notice.itemIds.map((id) => call.deps.items.get(id)));
  const bearing = items.filter(
    (s) => s && s.item.noticeNumber === notice.number && s.item.status !== "cancelled",
  );
  if (notice.voided && bearing.length === 0) throw conflict(`通知单 ${notice.number} 已作废`);
  const blocked = bearing.filter((s) => !RUNNING_STATUSES.includes(s!.item.status));
  if (blocked.length)
    throw conflict(
      `通知单 ${notice.number} 不能作废：${blocked.map((s) => `「${s!.item.content.slice(0, 20)}」已${STATUS_LABELS[s!.item.status]}`).join("；")}`,
    );
  if (!notice.voided) {
    notice = { ...notice, voided: true, voidedAt: call.now.toISOString(), voidReason: reason };
    await call.deps.notices.saveVoided(year, notice, found.etag);
  }
  const stored = await applyNotice(
    call,
    { ...notice, itemIds: bearing.map((s) => s!.item.id) },
    "void_notice",
  );
  const { yellowLightDays } = await currentSettings(call.deps);
  return {
    body: {
      ...notice,
      items: stored.map((s) => itemView(s.item, s.etag, call.principal, call.now, yellowLightDays)),
    },
  };
}

export default register({
  name: "voidNotice",
  methods: ["POST"],
  route: "notices/{year}/{seq}/void",
  handler: voidNotice,
});

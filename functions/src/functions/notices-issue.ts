import { randomUUID } from "node:crypto";
import { cstDate } from "../domain/dates.js";
import { excerpt } from "../domain/text.js";
import { formatNoticeNumber } from "../domain/numbering.js";
import type { Notice } from "../domain/types.js";
import { STATUS_LABELS } from "../domain/types.js";
import { issueNoticeSchema } from "../domain/validation.js";
import { itemView } from "../domain/view.js";
import { requireRole } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { applyIssue, voidItems } from "../http/notices.js";
import { ApiError, badRequest, conflict } from "../http/problem.js";
import { currentSettings, sha256 } from "../http/respond.js";
import type { FieldError } from "../domain/validation.js";

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * POST /api/notices {itemIds, issueDate?} — 下发通知单: check the items, allocate the next number of the CST
 * year (gapless, one transaction with the notice and its Idempotency-Key), then move the items to notified.
 * Retrying with the same Idempotency-Key returns the same notice and finishes any item left behind.
 */
export async function issueNotice(call: Call) {
  requireRole(call.principal, ["office"], "下发通知单");
  const input = await call.parse(issueNoticeSchema);
  const today = cstDate(call.now);
  const issueDate = input.issueDate ?? today;
  if (issueDate > today) throw badRequest([{ path: "issueDate", message: "下发日期不能晚于今天" }]);
  // Numbers of a year that has ended are closed: a notice backdated into it would reopen that year's series.
  // Within the year a date before the item's registration is allowed: notices issued on paper earlier this year
  // are entered after the fact when an office adopts the system.
  if (issueDate.slice(0, 4) !== today.slice(0, 4))
    throw badRequest([{ path: "issueDate", message: `下发日期应在本年度（${today.slice(0, 4)} 年）之内` }]);
  const year = Number(issueDate.slice(0, 4));
  const key = call.idempotencyKey() ?? randomUUID();
  const hash = sha256(`${call.principal.id}\n${key}`);
  const bodyHash = sha256(JSON.stringify({ itemIds: input.itemIds, issueDate: input.issueDate ?? null }));

  // Without an explicit issue date, a retry just after CST midnight on New Year's Eve looks in both years.
  const findReplay = async () =>
    (await call.deps.notices.findByKey(year, hash)) ??
    (input.issueDate ? null : await call.deps.notices.findByKey(year - 1, hash));
  const replay = await findReplay();
  if (replay) return finish(call, replay.notice, false, sameRequest(replay, input.itemIds, bodyHash));

  const loaded = await Promise.all(input.itemIds.map((id) => call.deps.items.get(id)));
  const errors: FieldError[] = [];
  loaded.forEach((s, i) => {
    if (!s) errors.push({ path: `itemIds.${i}`, message: `督办事项 ${input.itemIds[i]} 不存在` });
  });
  if (errors.length) throw badRequest(errors);
  const items = loaded.map((s) => s!.item);
  const problems: string[] = [];
  for (const item of items) {
    const name = `「${excerpt(item.content)}」`;
    if (item.status !== "registered")
      problems.push(`${name}处于「${STATUS_LABELS[item.status]}」状态，须为已立项`);
    else if (!item.deadline) problems.push(`${name}尚未填写完成时限`);
    else if (item.deadline < issueDate)
      problems.push(`${name}的完成时限 ${item.deadline} 早于下发日期 ${issueDate}`);
  }
  const leads = [...new Set(items.map((i) => i.leadDept))];
  if (leads.length > 1) problems.push(`一单多事须为同一牵头部门，当前涉及：${leads.join("、")}`);
  if (problems.length) {
    // The same request (same key) may have issued these very items since the key was looked up: answer as it did.
    const late = await findReplay();
    if (late) return finish(call, late.notice, false, sameRequest(late, input.itemIds, bodyHash));
    throw conflict(`不能下发通知单：${problems.join("；")}`);
  }

  const { numberPrefix } = await currentSettings(call.deps);
  const allocated = await call.deps.notices.allocate(year, hash, bodyHash, (seq): Notice => ({
    year,
    seq,
    number: formatNoticeNumber(year, seq, numberPrefix),
    itemIds: input.itemIds,
    leadDept: leads[0] ?? "",
    issueDate,
    voided: false,
    voidedAt: null,
    voidReason: null,
    createdAt: call.now.toISOString(),
    createdBy: call.principal.name,
  }));
  crashPoint(call, "crash-after-notice-allocated");
  const same = sameRequest(allocated, input.itemIds, bodyHash);
  return finish(call, allocated.notice, allocated.created, same);
}

/** Whether the request that produced a notice is this one (older keys carry no hash: their item ids decide). */
function sameRequest(
  found: { notice: Notice; bodyHash: string | null },
  itemIds: string[],
  bodyHash: string,
) {
  return found.bodyHash ? found.bodyHash === bodyHash : sameIds(found.notice.itemIds, itemIds);
}

/**
 * Fault injection for the fault tests (development mode only): DUBAN_FAULT names a point where this function
 * instance dies as if its host were killed, e.g. between allocating the number and moving the items.
 */
function crashPoint(call: Call, point: string): void {
  if (call.deps.config.devMode && process.env.DUBAN_FAULT === point) process.kill(process.pid, "SIGKILL");
}

async function finish(call: Call, notice: Notice, created: boolean, sameBody: boolean) {
  if (!sameBody)
    throw conflict("该 Idempotency-Key 已用于内容不同的另一次下发", {
      code: "idempotency_key_reused",
      notice,
    });
  if (notice.voided)
    throw conflict(`通知单 ${notice.number} 已作废，不能用原请求再次下发，请重新生成通知单`, {
      code: "notice_voided",
      notice,
    });
  let stored;
  try {
    stored = await applyIssue(call, notice);
  } catch (e) {
    // A number was taken but its items went elsewhere (a concurrent notice, a state change): the number stays
    // used and is shown 作废, and any item already moved goes back, so no live notice points at nothing.
    if (created) await abandon(call, notice);
    throw e;
  }
  const { yellowLightDays } = await currentSettings(call.deps);
  // A replay answers as the original did (201, the same notice), saying it is one.
  return {
    status: 201,
    headers: {
      Location: `/api/notices/${notice.year}/${notice.seq}`,
      ...(created ? {} : { "Idempotent-Replayed": "true" }),
    },
    body: {
      ...notice,
      items: stored.map((s) => itemView(s.item, s.etag, call.principal, call.now, yellowLightDays)),
    },
  };
}

async function abandon(call: Call, notice: Notice): Promise<void> {
  const found = await call.deps.notices.get(notice.year, notice.seq);
  if (!found || found.notice.voided) return;
  const voided: Notice = {
    ...found.notice,
    voided: true,
    voidedAt: call.now.toISOString(),
    voidReason: "下发未完成（事项已由其他通知单下发或状态已变化），本编号作废",
  };
  // Items first, the notice last (as every void): if an item cannot go back, the notice stays in force.
  try {
    await voidItems(call, voided);
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) return;
    throw e;
  }
  await call.deps.notices.markVoided(voided, found.etag);
}

export default register({ name: "issueNotice", methods: ["POST"], route: "notices", handler: issueNotice });

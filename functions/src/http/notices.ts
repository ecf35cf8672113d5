/** Applying a notice to its items (下发 / 作废), each item in its own transaction, safely repeatable. */
import { decide } from "../domain/lifecycle.js";
import type { Notice } from "../domain/types.js";
import type { StoredItem } from "../storage/items-repo.js";
import type { Call } from "./endpoint.js";
import { ApiError, conflict } from "./problem.js";

const ATTEMPTS = 5;

/**
 * Move every item of the notice to `notified` (issue) or back to `registered` (void). An item that already
 * shows the outcome is left alone, so a retried request finishes what a crashed one started.
 */
export async function applyNotice(
  call: Call,
  notice: Notice,
  kind: "issue" | "void_notice",
): Promise<StoredItem[]> {
  const done: StoredItem[] = [];
  const failures: string[] = [];
  for (const id of notice.itemIds) {
    for (let attempt = 1; ; attempt++) {
      const stored = await call.deps.items.get(id);
      if (!stored) {
        failures.push(`${id}：事项不存在`);
        break;
      }
      const item = stored.item;
      const applied =
        kind === "issue" ? item.noticeNumber === notice.number : item.noticeNumber !== notice.number;
      if (applied) {
        done.push(stored);
        break;
      }
      const payload =
        kind === "issue"
          ? { noticeNumber: notice.number, year: notice.year, seq: notice.seq, issueDate: notice.issueDate }
          : { noticeNumber: notice.number, reason: notice.voidReason ?? "" };
      const decision = decide(item, kind, payload, { principal: call.principal, at: call.now.toISOString() });
      if (!decision.ok) {
        failures.push(
          `${item.content.slice(0, 20)}（${id}）：${"message" in decision ? decision.message : "无法处理"}`,
        );
        break;
      }
      try {
        done.push(await call.deps.items.commit(decision.item, decision.event, stored.etag));
        break;
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 412) || attempt >= ATTEMPTS) throw e;
      }
    }
  }
  if (failures.length > 0)
    throw conflict(
      `通知单 ${notice.number} 已${kind === "issue" ? "编号" : "作废"}，但以下事项未能${kind === "issue" ? "下发" : "退回"}：${failures.join("；")}`,
      { notice },
    );
  return done;
}

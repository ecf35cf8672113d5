/**
 * Applying a notice to its items (下发 / 作废), each item in its own transaction, safely repeatable.
 *
 * The invariant: a 作废 notice is never borne by an item outside registered/cancelled, under any interleaving of
 * void, issue, report, close, cancel on any number of instances. Items and the notice live in different
 * partitions, so no transaction spans them; the items' ETags order every race instead:
 * - a void first moves or fences every listed item (each an ETag-conditional commit), and only then marks the
 *   notice voided: a report that wins the race on an item makes the void stop and undo what it did; a report
 *   that loses finds the item back in registered;
 * - the fence (the number in the item's `voidedNotices`) makes the item refuse the voided number for good, so a
 *   retried or late issue of the notice can never reach it after the void.
 */
import { decide, restoreAfterVoid } from "../domain/lifecycle.js";
import { excerpt } from "../domain/text.js";
import { type ItemEvent, type Notice, RUNNING_STATUSES, STATUS_LABELS } from "../domain/types.js";
import type { StoredItem } from "../storage/items-repo.js";
import type { Call } from "./endpoint.js";
import { ApiError, conflict } from "./problem.js";

const ATTEMPTS = 5;

const isStale = (e: unknown) => e instanceof ApiError && e.status === 412;
const label = (s: StoredItem) => `「${excerpt(s.item.content)}」`;

/**
 * Move every item of the notice to `notified`. An item that already bears the number is left alone, so a
 * retried request finishes what a crashed one started; an item fenced against the number is refused.
 */
export async function applyIssue(call: Call, notice: Notice): Promise<StoredItem[]> {
  const done: StoredItem[] = [];
  const failures: string[] = [];
  for (const id of notice.itemIds) {
    for (let attempt = 1; ; attempt++) {
      const stored = await call.deps.items.get(id);
      if (!stored) {
        failures.push(`${id}：事项不存在`);
        break;
      }
      if (stored.item.noticeNumber === notice.number) {
        done.push(stored);
        break;
      }
      const payload = {
        noticeNumber: notice.number,
        year: notice.year,
        seq: notice.seq,
        issueDate: notice.issueDate,
      };
      const decision = decide(stored.item, "issue", payload, {
        principal: call.principal,
        at: call.now.toISOString(),
      });
      if (!decision.ok) {
        const why =
          decision.kind === "invalid" ? decision.errors.map((e) => e.message).join("；") : decision.message;
        failures.push(`${label(stored)}（${id}）：${why}`);
        break;
      }
      try {
        done.push(await call.deps.items.commit(decision.item, decision.event, stored.etag));
        break;
      } catch (e) {
        if (!isStale(e) || attempt >= ATTEMPTS) throw e;
      }
    }
  }
  if (failures.length > 0)
    throw conflict(`通知单 ${notice.number} 已编号，但以下事项未能下发：${failures.join("；")}`, { notice });
  return done;
}

/** Why an item stops a void: it bears the number and has left the running states (reported, closed). */
function blocksVoid(stored: StoredItem, number: string): string | null {
  const { item } = stored;
  if (item.noticeNumber !== number || item.status === "cancelled") return null;
  if (RUNNING_STATUSES.includes(item.status)) return null;
  return `${label(stored)}处于「${STATUS_LABELS[item.status]}」状态`;
}

/** The items of a notice that bear its number and are not cancelled. */
export async function bearingItems(call: Call, notice: Notice): Promise<StoredItem[]> {
  const loaded = await Promise.all(notice.itemIds.map((id) => call.deps.items.get(id)));
  return loaded.filter(
    (s): s is StoredItem => !!s && s.item.noticeNumber === notice.number && s.item.status !== "cancelled",
  );
}

/** Refuse a void, before anything changed, when an item bearing the notice is reported or closed. */
export function refuseVoidIfBlocked(notice: Notice, bearing: StoredItem[]): void {
  const blocked = bearing.map((s) => blocksVoid(s, notice.number)).filter((m): m is string => !!m);
  if (blocked.length) throw conflict(`通知单 ${notice.number} 不能作废：${blocked.join("；")}`);
}

/**
 * 作废's item half: return every item bearing the number to registered and fence every listed item against it.
 * When an item turns out reported or closed (it won a race), every item already moved is restored and the void
 * is refused: the notice stays in force, exactly as before. Returns the items that bore the notice, as now.
 */
export async function voidItems(call: Call, notice: Notice): Promise<StoredItem[]> {
  const moved: { stored: StoredItem; event: ItemEvent }[] = [];
  const returned: StoredItem[] = [];
  const payload = { noticeNumber: notice.number, reason: notice.voidReason ?? "" };
  let blocker: string | null = null;
  outer: for (const id of notice.itemIds) {
    for (let attempt = 1; ; attempt++) {
      const stored = await call.deps.items.get(id);
      if (!stored) break;
      const { item } = stored;
      blocker = blocksVoid(stored, notice.number);
      if (blocker) break outer;
      const bears = item.noticeNumber === notice.number;
      const fenced = item.voidedNotices?.includes(notice.number) ?? false;
      // Only a registered item could still receive the number; others are left as they are.
      if (!bears && (fenced || item.status !== "registered")) break;
      const decision = decide(item, "void_notice", payload, {
        principal: call.principal,
        at: call.now.toISOString(),
      });
      if (!decision.ok) break;
      try {
        const committed = await call.deps.items.commit(decision.item, decision.event, stored.etag);
        moved.push({ stored: committed, event: decision.event });
        if (bears) returned.push(committed);
        break;
      } catch (e) {
        if (!isStale(e) || attempt >= ATTEMPTS) throw e;
      }
    }
  }
  if (!blocker) return returned;
  const unrestored = await restoreMoved(call, moved);
  throw conflict(
    `通知单 ${notice.number} 不能作废：${blocker}` +
      (unrestored.length ? `；以下事项已退回但未能恢复，请核对：${unrestored.join("；")}` : ""),
  );
}

/** Undo the moves of an unfinished void, newest first; the items that changed since are named. */
async function restoreMoved(call: Call, moved: { stored: StoredItem; event: ItemEvent }[]) {
  const unrestored: string[] = [];
  for (const { stored, event } of moved.reverse()) {
    const current = await call.deps.items.get(stored.item.id);
    const decision =
      current &&
      restoreAfterVoid(current.item, event, { principal: call.principal, at: call.now.toISOString() });
    try {
      if (current && decision?.ok) await call.deps.items.commit(decision.item, decision.event, current.etag);
      else unrestored.push(label(stored));
    } catch (e) {
      if (!isStale(e)) throw e;
      unrestored.push(label(stored));
    }
  }
  return unrestored;
}

/** What a caller sees of an item: the stored fold plus the derived 超期, 亮灯 and the actions open to them. */
import { cstDate, daysBetween, overdueDays as daysOverdue } from "./dates.js";
import { allowedActions, editableFields } from "./lifecycle.js";
import { type Action, type Item, type Light, type Principal, RUNNING_STATUSES } from "./types.js";
import type { EditableField } from "./validation.js";

export interface ItemView extends Item {
  light: Light;
  overdueDays: number;
  overdue: boolean;
  allowedActions: Action[];
  editableFields: EditableField[];
  etag: string;
}

/** 超期: the effective deadline has passed while the item is still running (notified, in progress, extension requested). */
export function isOverdue(item: Pick<Item, "status" | "effectiveDeadline">, today: string): boolean {
  return RUNNING_STATUSES.includes(item.status) && !!item.effectiveDeadline && item.effectiveDeadline < today;
}

export function overdueDaysOf(item: Pick<Item, "status" | "effectiveDeadline">, today: string): number {
  return isOverdue(item, today) ? daysOverdue(item.effectiveDeadline, today) : 0;
}

/** 亮灯: red overdue, yellow due within `yellowDays`, green on track, grey closed or cancelled. */
export function lightOf(
  item: Pick<Item, "status" | "effectiveDeadline">,
  today: string,
  yellowDays: number,
): Light {
  if (item.status === "closed" || item.status === "cancelled") return "grey";
  if (isOverdue(item, today)) return "red";
  if (RUNNING_STATUSES.includes(item.status) && item.effectiveDeadline) {
    if (daysBetween(today, item.effectiveDeadline) <= yellowDays) return "yellow";
  }
  return "green";
}

export function itemView(
  item: Item,
  etag: string,
  principal: Principal,
  now: Date,
  yellowDays: number,
): ItemView {
  const today = cstDate(now);
  // Object.assign, not a spread: a spread of the item's ~30 fields plus these builds a slow object that takes
  // three times as long to make and to serialize (a list page is 500 of them).
  return Object.assign({}, item, {
    light: lightOf(item, today, yellowDays),
    overdueDays: overdueDaysOf(item, today),
    overdue: isOverdue(item, today),
    allowedActions: allowedActions(item, principal),
    editableFields: editableFields(item, principal),
    etag,
  });
}

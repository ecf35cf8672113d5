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

/** The fields a view adds to the item, in the order they follow the item's own. */
function derived(item: Item, etag: string, principal: Principal, today: string, yellowDays: number) {
  return {
    light: lightOf(item, today, yellowDays),
    overdueDays: overdueDaysOf(item, today),
    overdue: isOverdue(item, today),
    allowedActions: allowedActions(item, principal),
    editableFields: editableFields(item, principal),
    etag,
  };
}

export function itemView(
  item: Item,
  etag: string,
  principal: Principal,
  now: Date,
  yellowDays: number,
): ItemView {
  // Object.assign, not a spread: a spread of the item's ~30 fields plus these builds a slow object that takes
  // three times as long to make and to serialize (a list page is 500 of them).
  return Object.assign({}, item, derived(item, etag, principal, cstDate(now), yellowDays));
}

/**
 * JSON.stringify(itemView(item, …)), made from `itemJson` = JSON.stringify(item) (the text storage holds) by
 * appending the derived fields: a list page is answered without serializing 500 items again.
 */
export function itemViewJson(
  itemJson: string,
  item: Item,
  etag: string,
  principal: Principal,
  now: Date,
  yellowDays: number,
): string {
  const d = derived(item, etag, principal, cstDate(now), yellowDays);
  // Light, action and field names are plain identifiers: only the ETag needs escaping.
  const extra =
    `"light":"${d.light}","overdueDays":${d.overdueDays},"overdue":${d.overdue},` +
    `"allowedActions":${names(d.allowedActions)},"editableFields":${names(d.editableFields)},` +
    `"etag":${JSON.stringify(etag)}}`;
  const last = itemJson.length - 1;
  if (itemJson.charCodeAt(0) !== 123 || itemJson.charCodeAt(last) !== 125)
    throw new TypeError("item JSON is not an object");
  return last === 1 ? `{${extra}` : `${itemJson.slice(0, last)},${extra}`;
}

const names = (list: readonly string[]) => (list.length === 0 ? "[]" : `["${list.join('","')}"]`);

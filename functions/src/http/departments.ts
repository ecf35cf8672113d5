/** Department ids on an item must name configured departments (once any are configured). */
import type { Deps } from "../deps.js";
import type { FieldError } from "../domain/validation.js";
import { badRequest } from "./problem.js";

let cache: { ids: Promise<Set<string>>; until: number; deps: Deps } | null = null;

/**
 * The configured department ids, cached for a few seconds (every create and edit checks them). Concurrent
 * calls share one read; a failed read is not kept.
 */
function departmentIds(deps: Deps, fresh: boolean): Promise<Set<string>> {
  if (!fresh && cache && cache.deps === deps && cache.until > Date.now()) return cache.ids;
  const entry = {
    ids: deps.reference.getDepartments().then(({ value }) => new Set(value.map((d) => d.id))),
    until: Date.now() + 5_000,
    deps,
  };
  cache = entry;
  entry.ids.catch(() => {
    if (cache === entry) cache = null;
  });
  return entry.ids;
}

export function forgetDepartments(): void {
  cache = null;
}

export async function checkDepartments(
  deps: Deps,
  fields: { leadDept?: string | undefined; assistDepts?: string[] | undefined },
): Promise<void> {
  const wanted = [fields.leadDept, ...(fields.assistDepts ?? [])].filter((d): d is string => d !== undefined);
  let known = await departmentIds(deps, false);
  // A cached list only ever saves a read: anything it does not know is checked against storage again.
  if (known.size === 0 || wanted.some((d) => !known.has(d))) known = await departmentIds(deps, true);
  if (known.size === 0) return; // a fresh installation: no list to check against yet
  const errors: FieldError[] = [];
  if (fields.leadDept !== undefined && !known.has(fields.leadDept))
    errors.push({ path: "leadDept", message: `牵头部门「${fields.leadDept}」不在部门列表中` });
  (fields.assistDepts ?? []).forEach((d, i) => {
    if (!known.has(d)) errors.push({ path: `assistDepts.${i}`, message: `协办部门「${d}」不在部门列表中` });
  });
  if (errors.length) throw badRequest(errors);
}

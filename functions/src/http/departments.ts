/** Department ids on an item must name configured departments (once any are configured). */
import type { Deps } from "../deps.js";
import type { FieldError } from "../domain/validation.js";
import { badRequest } from "./problem.js";
import { SharedRead } from "./shared-read.js";

/** The configured department ids, kept for a few seconds (every create and edit checks them). */
const departments = new SharedRead<Set<string>>(
  async (deps) => new Set((await deps.reference.getDepartments()).value.map((d) => d.id)),
);

export function forgetDepartments(): void {
  departments.forget();
}

export async function checkDepartments(
  deps: Deps,
  fields: { leadDept?: string | undefined; assistDepts?: string[] | undefined },
): Promise<void> {
  const wanted = [fields.leadDept, ...(fields.assistDepts ?? [])].filter((d): d is string => d !== undefined);
  let known = await departments.get(deps);
  // A cached list only ever saves a read: anything it does not know is checked against storage again.
  if (known.size === 0 || wanted.some((d) => !known.has(d))) known = await departments.get(deps, true);
  if (known.size === 0) return; // a fresh installation: no list to check against yet
  const errors: FieldError[] = [];
  if (fields.leadDept !== undefined && !known.has(fields.leadDept))
    errors.push({ path: "leadDept", message: `牵头部门「${fields.leadDept}」不在部门列表中` });
  (fields.assistDepts ?? []).forEach((d, i) => {
    if (!known.has(d)) errors.push({ path: `assistDepts.${i}`, message: `协办部门「${d}」不在部门列表中` });
  });
  if (errors.length) throw badRequest(errors);
}

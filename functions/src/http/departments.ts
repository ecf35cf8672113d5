/** Department ids on an item must name configured departments (once any are configured). */
import type { Deps } from "../deps.js";
import type { FieldError } from "../domain/validation.js";
import { badRequest } from "./problem.js";

export async function checkDepartments(
  deps: Deps,
  fields: { leadDept?: string | undefined; assistDepts?: string[] | undefined },
): Promise<void> {
  const { value: departments } = await deps.reference.getDepartments();
  if (departments.length === 0) return; // a fresh installation: no list to check against yet
  const known = new Set(departments.map((d) => d.id));
  const errors: FieldError[] = [];
  if (fields.leadDept !== undefined && !known.has(fields.leadDept))
    errors.push({ path: "leadDept", message: `牵头部门「${fields.leadDept}」不在部门列表中` });
  (fields.assistDepts ?? []).forEach((d, i) => {
    if (!known.has(d)) errors.push({ path: `assistDepts.${i}`, message: `协办部门「${d}」不在部门列表中` });
  });
  if (errors.length) throw badRequest(errors);
}

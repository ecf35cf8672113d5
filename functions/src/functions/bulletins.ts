import { buildBulletin } from "../domain/bulletin.js";
import { cstDate } from "../domain/dates.js";
import { dateString, validate } from "../domain/validation.js";
import { requireReader } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { badRequest } from "../http/problem.js";
import { yearParam } from "./notices-read.js";

/** GET /api/bulletins?from=&to= or ?year= — 督办通报 figures for a period or the year-end summary. */
export async function getBulletin(call: Call) {
  requireReader(call.principal);
  const today = cstDate(call.now);
  const year = call.query.get("year");
  let from: string;
  let to: string;
  if (year !== null) {
    yearParam(year);
    from = `${year}-01-01`;
    to = `${year}-12-31` < today ? `${year}-12-31` : today;
  } else {
    from = call.query.get("from") ?? "";
    to = call.query.get("to") ?? today;
    const errors = [...dateErrors("from", "开始日期", from), ...dateErrors("to", "结束日期", to)];
    if (errors.length) throw badRequest(errors);
    if (to < from) throw badRequest([{ path: "to", message: "结束日期不能早于开始日期" }]);
  }
  const [histories, departments] = await Promise.all([
    call.deps.items.allHistories(),
    call.deps.reference.getDepartments(),
  ]);
  return {
    body: {
      ...buildBulletin({ from, to, histories, departments: departments.value }),
      year: year ? Number(year) : null,
    },
  };
}

function dateErrors(path: string, label: string, value: string) {
  const v = validate(dateString, value);
  return v.ok ? [] : [{ path, message: `${label}${v.errors[0]!.message}` }];
}

export default register({ name: "getBulletin", methods: ["GET"], route: "bulletins", handler: getBulletin });

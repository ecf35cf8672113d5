import { awardEligibility, buildBulletin } from "../domain/bulletin.js";
import { cstDate } from "../domain/dates.js";
import { dateString, itemId, validate } from "../domain/validation.js";
import { requireReader } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { badRequest } from "../http/problem.js";
import { yearParam } from "./notices-read.js";

/**
 * GET /api/bulletins?from=&to= or ?year= — 督办通报 figures for a period or the year-end summary (with each
 * department's 评优评先 eligibility); `itemIds=a,b` — 随时通报 (六、(三)) on chosen items, this year to date
 * unless from/to say otherwise.
 */
export async function getBulletin(call: Call) {
  requireReader(call.principal);
  const today = cstDate(call.now);
  const year = call.query.get("year");
  const chosen = chosenItems(call.query.get("itemIds"));
  let from: string;
  let to: string;
  if (chosen && year === null && call.query.get("from") === null) {
    from = `${today.slice(0, 4)}-01-01`;
    to = call.query.get("to") ?? today;
    const errors = dateErrors("to", "结束日期", to);
    if (errors.length) throw badRequest(errors);
  } else if (year !== null) {
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
  const years = [...new Set([Number(from.slice(0, 4)), Number(to.slice(0, 4))])];
  const [all, departments, records] = await Promise.all([
    call.deps.items.allHistories(),
    call.deps.reference.getDepartments(),
    Promise.all(years.map((y) => call.deps.accountability.forYear(y))).then((r) => r.flat()),
  ]);
  const histories = chosen ? all.filter((h) => chosen.has(h[0]?.itemId ?? "")) : all;
  if (chosen && histories.length < chosen.size) {
    const found = new Set(histories.map((h) => h[0]?.itemId));
    const missing = [...chosen].filter((id) => !found.has(id));
    throw badRequest([{ path: "itemIds", message: `督办事项不存在：${missing.join("、")}` }]);
  }
  const accountability = chosen ? records.filter((r) => r.itemIds.some((id) => chosen.has(id))) : records;
  return {
    body: {
      ...buildBulletin({ from, to, histories, departments: departments.value, accountability }),
      year: year ? Number(year) : null,
      itemIds: chosen ? [...chosen] : null,
      ...(year !== null
        ? {
            awardEligibility: awardEligibility({
              year: Number(year),
              histories: all,
              departments: departments.value,
              accountability: records,
            }),
          }
        : {}),
    },
  };
}

/** `itemIds=a,b,c`: the items of a 随时通报 (1–200 ids), or null when not asked. */
function chosenItems(value: string | null): Set<string> | null {
  if (value === null) return null;
  const ids = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0 || ids.length > 200 || ids.some((id) => !validate(itemId, id).ok))
    throw badRequest([{ path: "itemIds", message: "督办事项应为 1–200 个以逗号分隔的事项编号" }]);
  return new Set(ids);
}

function dateErrors(path: string, label: string, value: string) {
  const v = validate(dateString, value);
  return v.ok ? [] : [{ path, message: `${label}${v.errors[0]!.message}` }];
}

export default register({ name: "getBulletin", methods: ["GET"], route: "bulletins", handler: getBulletin });

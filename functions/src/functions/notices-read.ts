import { BUSINESS_YEARS, cstYear } from "../domain/dates.js";
import { validate, yearString } from "../domain/validation.js";
import { requireReader } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { continuationToken } from "../http/paging.js";
import { badRequest, notFound } from "../http/problem.js";

export function yearParam(value: string | null | undefined, path = "year"): number {
  if (!value || !validate(yearString, value).ok)
    throw badRequest([
      { path, message: `年度应为 ${BUSINESS_YEARS.min}–${BUSINESS_YEARS.max} 之间的四位年份` },
    ]);
  return Number(value);
}

export function seqParam(value: string | undefined): number {
  if (!value || !/^\d{1,6}$/.test(value) || Number(value) < 1)
    throw badRequest([{ path: "seq", message: "通知单序号应为正整数" }]);
  return Number(value);
}

/** GET /api/notices?year= — the notices of a CST year (default: this year), in number order. */
export async function listNotices(call: Call) {
  requireReader(call.principal);
  const y = call.query.get("year");
  const year = y === null ? cstYear(call.now) : yearParam(y);
  const page = await call.deps.notices.list(year, continuationToken(call.query.get("continuationToken")));
  return { body: page };
}

/** GET /api/notices/{year}/{seq} */
export async function getNotice(call: Call) {
  requireReader(call.principal);
  const found = await call.deps.notices.get(yearParam(call.params.year), seqParam(call.params.seq));
  if (!found) throw notFound(`通知单 ${call.params.year}-${call.params.seq} 不存在`);
  return { headers: { ETag: found.etag }, body: found.notice };
}

export const listNoticesRoute = register({
  name: "listNotices",
  methods: ["GET"],
  route: "notices",
  handler: listNotices,
});
export const getNoticeRoute = register({
  name: "getNotice",
  methods: ["GET"],
  route: "notices/{year}/{seq}",
  handler: getNotice,
});

import { cstMonthRange } from "../domain/dates.js";
import { type Assessment, scoreMonth } from "../domain/scoring.js";
import { monthParam, validate } from "../domain/validation.js";
import { requireReader, requireRole } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { ApiError, badRequest, conflict } from "../http/problem.js";

function month(call: Call): string {
  const m = call.params.month ?? "";
  if (!validate(monthParam, m).ok) throw badRequest([{ path: "month", message: "月份应为 YYYY-MM" }]);
  return m;
}

/** Score a month from the stored events with the rules in force. `complete` is false while the month runs. */
async function preview(call: Call, m: string): Promise<Assessment & { complete: boolean }> {
  const [histories, rules, departments, accountability] = await Promise.all([
    call.deps.items.allHistories(),
    call.deps.reference.currentRules(),
    call.deps.reference.getDepartments(),
    call.deps.accountability.forYear(Number(m.slice(0, 4))),
  ]);
  const result = scoreMonth({ month: m, histories, rules, departments: departments.value, accountability });
  return {
    ...result,
    computedAt: call.now.toISOString(),
    complete: cstMonthRange(m).end.getTime() < call.now.getTime(),
  };
}

/** GET /api/assessments/{yyyy-mm} — the frozen result once finalized, else a preview. */
export async function getAssessment(call: Call) {
  requireReader(call.principal);
  const m = month(call);
  const frozen = await call.deps.assessments.getFinal(m);
  if (frozen) return { body: { ...frozen, complete: true } };
  return { body: await preview(call, m) };
}

/** POST /api/assessments/{yyyy-mm}/finalize — 定稿 (leader): freeze the month with the rules version used. */
export async function finalizeAssessment(call: Call) {
  requireRole(call.principal, ["leader"], "考核定稿");
  const m = month(call);
  if (await call.deps.assessments.getFinal(m)) throw conflict(`${m} 的考核已定稿，不能重复定稿`);
  const result = await preview(call, m);
  if (!result.complete) throw new ApiError(409, "month_not_finished", `${m} 尚未结束，不能定稿`);
  const frozen: Assessment = {
    ...result,
    finalized: true,
    finalizedAt: call.now.toISOString(),
    finalizedBy: call.principal.name,
  };
  if (!(await call.deps.assessments.saveFinal(frozen))) throw conflict(`${m} 的考核已定稿，不能重复定稿`);
  return { status: 201, body: frozen };
}

export const routes = [
  register({ name: "getAssessment", methods: ["GET"], route: "assessments/{month}", handler: getAssessment }),
  register({
    name: "finalizeAssessment",
    methods: ["POST"],
    route: "assessments/{month}/finalize",
    handler: finalizeAssessment,
  }),
];

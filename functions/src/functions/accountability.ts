import { cstMonth } from "../domain/dates.js";
import { type AccountabilityRecord } from "../domain/types.js";
import {
  accountabilitySchema,
  deptId as deptIdSchema,
  revokeSchema,
  validate,
} from "../domain/validation.js";
import { hasRole, requireReader, requireRole } from "../http/auth.js";
import { checkDepartments } from "../http/departments.js";
import { type Call, register } from "../http/endpoint.js";
import { continuationToken } from "../http/paging.js";
import { ApiError, badRequest, conflict, forbidden, notFound } from "../http/problem.js";
import { newItemId, sha256 } from "../http/respond.js";
import { yearParam } from "./notices-read.js";

/**
 * POST /api/accountability {itemIds, deptId, person, measure, reason, month?} — 问责 (七、(一)), by the leading
 * group. The record is immutable; an Idempotency-Key makes a retried request return the same record.
 */
export async function recordAccountability(call: Call) {
  requireRole(call.principal, ["leader"], "记录问责");
  const input = await call.parse(accountabilitySchema);
  const month = input.month ?? cstMonth(call.now);
  const loaded = await Promise.all(input.itemIds.map((id) => call.deps.items.get(id)));
  const missing = loaded.flatMap((s, i) =>
    s ? [] : [{ path: `itemIds.${i}`, message: `督办事项 ${input.itemIds[i]} 不存在` }],
  );
  if (missing.length) throw badRequest(missing);
  try {
    await checkDepartments(call.deps, { leadDept: input.deptId });
  } catch (e) {
    if (e instanceof ApiError && e.status === 400)
      throw badRequest([{ path: "deptId", message: `部门「${input.deptId}」不在部门列表中` }]);
    throw e;
  }
  const key = call.idempotencyKey();
  const bodyHash = sha256(JSON.stringify({ ...input, month }));
  const id = `${month.slice(0, 4)}-${key ? sha256(`${call.principal.id}\n${key}`).slice(0, 22) : newItemId(call.now)}`;
  const record: Omit<AccountabilityRecord, "revoked" | "revokedAt" | "revokedBy" | "revokeReason"> = {
    id,
    itemIds: input.itemIds,
    deptId: input.deptId,
    person: input.person,
    measure: input.measure,
    reason: input.reason,
    month,
    createdAt: call.now.toISOString(),
    createdBy: call.principal.name,
  };
  const saved = await call.deps.accountability.add(record, bodyHash);
  if (!saved.created && saved.bodyHash !== bodyHash)
    throw conflict("该 Idempotency-Key 已用于内容不同的另一条问责记录", { code: "idempotency_key_reused" });
  const stored = await call.deps.accountability.get(id);
  return {
    status: 201,
    headers: {
      Location: `/api/accountability/${id}`,
      ...(saved.created ? {} : { "Idempotent-Replayed": "true" }),
    },
    body: stored,
  };
}

function recordId(call: Call): string {
  const id = call.params.id ?? "";
  if (!/^\d{4}-[A-Za-z0-9_-]{1,40}$/.test(id))
    throw badRequest([{ path: "id", message: "问责记录编号不正确" }]);
  return id;
}

/** POST /api/accountability/{id}/revoke {reason} — 撤销 one record (leader); the record itself stays. */
export async function revokeAccountability(call: Call) {
  requireRole(call.principal, ["leader"], "撤销问责");
  const id = recordId(call);
  const { reason } = await call.parse(revokeSchema);
  const found = await call.deps.accountability.get(id);
  if (!found) throw notFound(`问责记录 ${id} 不存在`);
  if (found.revoked) throw conflict("该问责记录已撤销");
  const done = await call.deps.accountability.revoke(id, {
    revokedAt: call.now.toISOString(),
    revokedBy: call.principal.name,
    revokeReason: reason,
  });
  if (!done) throw conflict("该问责记录已撤销");
  return { body: await call.deps.accountability.get(id) };
}

/**
 * GET /api/accountability?year=&deptId=&continuationToken= — the register, paged. A department head sees the
 * records of their own department.
 */
export async function listAccountability(call: Call) {
  requireReader(call.principal);
  const year =
    call.query.get("year") === null
      ? Number(cstMonth(call.now).slice(0, 4))
      : yearParam(call.query.get("year"));
  const seesAll = hasRole(call.principal, "office", "leader", "viewer");
  const own = call.principal.roles.filter((r) => r.startsWith("dept:")).map((r) => r.slice(5));
  // A department head's list is their own department's, asked or not.
  const dept = call.query.get("deptId") ?? (seesAll ? undefined : own[0]);
  if (dept !== undefined && !validate(deptIdSchema, dept).ok)
    throw badRequest([{ path: "deptId", message: "部门编号不正确" }]);
  if (!seesAll && (!dept || !own.includes(dept))) throw forbidden("部门负责人只能查看本部门的问责记录");
  const page = await call.deps.accountability.list(
    year,
    dept,
    continuationToken(call.query.get("continuationToken")),
  );
  return { body: page };
}

export const routes = [
  register({
    name: "recordAccountability",
    methods: ["POST"],
    route: "accountability",
    handler: recordAccountability,
  }),
  register({
    name: "listAccountability",
    methods: ["GET"],
    route: "accountability",
    handler: listAccountability,
  }),
  register({
    name: "revokeAccountability",
    methods: ["POST"],
    route: "accountability/{id}/revoke",
    handler: revokeAccountability,
  }),
];

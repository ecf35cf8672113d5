import { rulesSchema } from "../domain/rules.js";
import { departmentsSchema, settingsSchema } from "../domain/validation.js";
import { requireReader, requireRole } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";
import { badRequest, notFound, preconditionFailed } from "../http/problem.js";
import { forgetDepartments } from "../http/departments.js";
import { forgetSettings } from "../http/respond.js";
import { rulesEtag } from "../storage/reference-repo.js";

const etagHeader = (etag: string | null): Record<string, string> => (etag ? { ETag: etag } : {});

/** GET /api/departments — [{id, name, head}] */
export async function getDepartments(call: Call) {
  requireReader(call.principal);
  const doc = await call.deps.reference.getDepartments();
  return { headers: etagHeader(doc.etag), body: doc.value };
}

/** PUT /api/departments — replace the list whole (office or leader; If-Match once it exists). */
export async function putDepartments(call: Call) {
  requireRole(call.principal, ["office", "leader"], "维护部门");
  const list = await call.parse(departmentsSchema);
  const ifMatch = call.ifMatchOptional();
  const unchanged = await unchangedDoc(call.deps.reference.getDepartments(), list, ifMatch);
  if (unchanged) return { headers: etagHeader(unchanged.etag), body: unchanged.value };
  const doc = await call.deps.reference.putDepartments(list, ifMatch);
  forgetDepartments();
  return { headers: etagHeader(doc.etag), body: doc.value };
}

/** GET /api/settings — company name, notice number prefix, yellow-light days. */
export async function getSettings(call: Call) {
  requireReader(call.principal);
  const doc = await call.deps.reference.getSettings();
  return { headers: etagHeader(doc.etag), body: doc.value };
}

export async function putSettings(call: Call) {
  requireRole(call.principal, ["office", "leader"], "修改系统设置");
  const settings = await call.parse(settingsSchema);
  const ifMatch = call.ifMatchOptional();
  const unchanged = await unchangedDoc(call.deps.reference.getSettings(), settings, ifMatch);
  if (unchanged) return { headers: etagHeader(unchanged.etag), body: unchanged.value };
  const doc = await call.deps.reference.putSettings(settings, ifMatch);
  forgetSettings();
  return { headers: etagHeader(doc.etag), body: doc.value };
}

/** GET /api/rules[?version=N] — the rules in force (or a past version); GET .../versions lists all. */
export async function getRules(call: Call) {
  requireReader(call.principal);
  const v = call.query.get("version");
  if (v !== null) {
    if (!/^\d{1,6}$/.test(v)) throw badRequest([{ path: "version", message: "规则版本应为非负整数" }]);
    const found = await call.deps.reference.rulesVersion(Number(v));
    if (!found) throw notFound(`考核规则第 ${v} 版不存在`);
    return { headers: { ETag: rulesEtag(found.version) }, body: found };
  }
  const current = await call.deps.reference.currentRules();
  return { headers: { ETag: rulesEtag(current.version) }, body: current };
}

/** PUT /api/rules — save a new version (office or leader); If-Match must name the version read. */
export async function putRules(call: Call) {
  requireRole(call.principal, ["office", "leader"], "修改考核规则");
  const ifMatch = call.ifMatch();
  const rules = await call.parse(rulesSchema);
  const current = await call.deps.reference.currentRules();
  if (ifMatch !== rulesEtag(current.version)) throw preconditionFailed("考核规则已被他人修改，请刷新后重试");
  // The same rules again are no new version: nothing changes, and the version others hold stays current.
  const { version: _v, createdAt: _a, createdBy: _b, ...inForce } = current;
  if (sameJson(inForce, rules)) return { headers: { ETag: rulesEtag(current.version) }, body: current };
  const saved = await call.deps.reference.addRulesVersion(
    rules,
    current.version,
    call.now.toISOString(),
    call.principal.name,
  );
  return { status: 201, headers: { ETag: rulesEtag(saved.version) }, body: saved };
}

/** Key order aside, whether two JSON values are equal. */
function sameJson(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

/**
 * A PUT of what is stored already, by someone who read the current version: no write, the ETag stays (a new
 * ETag would make everyone else's edit fail with 412 for nothing). Null when it changes something.
 */
async function unchangedDoc<T>(
  current: Promise<{ value: T; etag: string | null }>,
  value: unknown,
  ifMatch: string | null,
) {
  const doc = await current;
  return doc.etag !== null && doc.etag === ifMatch && sameJson(doc.value, value) ? doc : null;
}

export const routes = [
  register({ name: "getDepartments", methods: ["GET"], route: "departments", handler: getDepartments }),
  register({ name: "putDepartments", methods: ["PUT"], route: "departments", handler: putDepartments }),
  register({ name: "getSettings", methods: ["GET"], route: "settings", handler: getSettings }),
  register({ name: "putSettings", methods: ["PUT"], route: "settings", handler: putSettings }),
  register({ name: "getRules", methods: ["GET"], route: "rules", handler: getRules }),
  register({ name: "putRules", methods: ["PUT"], route: "rules", handler: putRules }),
];

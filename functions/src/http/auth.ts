/**
 * Identity (DESIGN §2): App Service Authentication puts the caller in x-ms-client-principal (base64 JSON).
 * The header is trusted only when App Service Authentication is on or in local development mode; in
 * development a request without it gets the configured development identity. Otherwise: 401.
 */
import type { Config } from "../config.js";
import { cutCodePoints } from "../domain/text.js";
import type { Principal, Role } from "../domain/types.js";
import { ApiError } from "./problem.js";

interface ClientPrincipal {
  auth_typ?: string;
  name_typ?: string;
  role_typ?: string;
  claims?: { typ?: unknown; val?: unknown }[];
  userId?: string;
  userDetails?: string;
  userRoles?: unknown[];
}

const OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
const ROLE_RE = /^(office|leader|viewer|dept:[A-Za-z0-9_-]{1,64})$/;

export function encodePrincipal(p: Principal): string {
  const claims = [
    { typ: "name", val: p.name },
    { typ: OBJECT_ID, val: p.id },
    ...p.roles.map((r) => ({ typ: "roles", val: r })),
  ];
  return Buffer.from(
    JSON.stringify({ auth_typ: "aad", name_typ: "name", role_typ: "roles", claims }),
    "utf8",
  ).toString("base64");
}

/** Decode the header; null when it is not a well-formed client principal. */
export function decodePrincipal(header: string): Principal | null {
  let parsed: ClientPrincipal;
  try {
    parsed = JSON.parse(Buffer.from(header, "base64").toString("utf8")) as ClientPrincipal;
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object") return null;
  // Only string claims count: a value that is an object (even one whose toString is not a function) is ignored.
  const claims = Array.isArray(parsed.claims)
    ? parsed.claims.filter(
        (c): c is { typ: string; val: string } =>
          !!c && typeof c === "object" && typeof c.typ === "string" && typeof c.val === "string",
      )
    : [];
  const nameTyp = parsed.name_typ ?? "name";
  const roleTyp = parsed.role_typ ?? "roles";
  const claim = (...typs: string[]) => claims.find((c) => typs.includes(c.typ))?.val;
  const name = claim(nameTyp, "name", "preferred_username") ?? parsed.userDetails;
  const id = claim(OBJECT_ID, "oid", "sub") ?? parsed.userId ?? name;
  const roles = [
    ...claims.filter((c) => c.typ === roleTyp || c.typ === "roles").map((c) => c.val),
    ...(Array.isArray(parsed.userRoles) ? parsed.userRoles.filter((r) => typeof r === "string") : []),
  ].filter((r): r is Role => ROLE_RE.test(r));
  if (typeof name !== "string" || !name || typeof id !== "string" || !id) return null;
  // Cut on code points: the name is recorded on every event, and half a surrogate pair cannot be stored.
  return { id: cutCodePoints(id, 128), name: cutCodePoints(name, 100), roles: [...new Set(roles)] };
}

/** Decoded headers: a user sends the same header on every call (bounded, oldest dropped first). */
const decoded = new Map<string, Principal | null>();

function decodeCached(header: string): Principal | null {
  let p = decoded.get(header);
  if (p === undefined) {
    p = decodePrincipal(header);
    if (p) Object.freeze(p.roles);
    decoded.set(header, p ? Object.freeze(p) : null);
    if (decoded.size > 500) decoded.delete(decoded.keys().next().value!);
  }
  return p;
}

export function resolvePrincipal(header: string | null, config: Config): Principal {
  const trusted = config.authEnabled || config.devMode;
  if (header && trusted) {
    const p = header.length <= 16_384 ? decodeCached(header) : decodePrincipal(header);
    if (!p) throw new ApiError(401, "unauthenticated", "身份信息（x-ms-client-principal）无法解析");
    return p;
  }
  if (config.devMode) return config.devPrincipal;
  throw new ApiError(
    401,
    "unauthenticated",
    header ? "未启用 App Service 身份验证，不接受 x-ms-client-principal" : "请先登录",
  );
}

export const hasRole = (p: Principal, ...roles: Role[]) => roles.some((r) => p.roles.includes(r));

export function requireRole(p: Principal, roles: Role[], what: string): void {
  if (!hasRole(p, ...roles)) throw new ApiError(403, "forbidden", `您没有${what}的权限`);
}

/** Any authenticated principal with at least one role may read. */
export function requireReader(p: Principal): void {
  if (p.roles.length === 0)
    throw new ApiError(403, "forbidden", "您尚未被分配任何角色，请联系督办工作办公室");
}

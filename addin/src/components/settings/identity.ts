// Who the server says the user is (GET /api/me), as the pane uses it: to show the name and roles, and to hide what
// the user cannot do (the server enforces the matrix; the pane only hides). Pure.
import { asApiError, type ApiClient, type ApiError, type Me } from "../../api/client";
import { isRole, type DevIdentity } from "../../api/principal";

export type MeState =
  | { kind: "loading" }
  | { kind: "loaded"; me: Me }
  /** Not signed in, or the server is away: nothing privileged is shown. */
  | { kind: "failed"; error: ApiError };

export const ROLE_LABELS: Record<string, string> = {
  office: "督办办公室",
  leader: "领导小组",
  viewer: "只读",
};

/** A role in Chinese; a department role names the department. */
export function roleLabel(role: string, deptName: (id: string) => string = (id) => id): string {
  if (role.startsWith("dept:")) return `部门：${deptName(role.slice(5))}`;
  return ROLE_LABELS[role] ?? role;
}

/** "王文员 · 督办办公室、部门：综合部" */
export function describeMe(me: Me, deptName?: (id: string) => string): string {
  const roles = me.roles.map((r) => roleLabel(r, deptName));
  return roles.length ? `${me.name} · ${roles.join("、")}` : `${me.name} · 无角色`;
}

/** The user's roles once known; none while loading or when /me failed. */
export function rolesOf(state: MeState | null | undefined): readonly string[] {
  return state?.kind === "loaded" ? state.me.roles : [];
}

/** Whether the user holds any of `roles`. */
export function hasRole(state: MeState | null | undefined, ...roles: string[]): boolean {
  const own = rolesOf(state);
  return roles.some((r) => own.includes(r));
}

/** 定稿 is the leading group's (DESIGN §1 Roles). */
export const canFinalize = (state: MeState | null | undefined) => hasRole(state, "leader");
/** 修改考核规则: the office or the leading group. */
export const canEditRules = (state: MeState | null | undefined) => hasRole(state, "office", "leader");
/**
 * Whose 问责 records the user may read: null for the whole register (office, leading group, viewers), else the
 * department a department head is head of (the server refuses them the whole register).
 */
export function accountabilityScope(state: MeState | null | undefined): string | null {
  if (hasRole(state, "office", "leader", "viewer")) return null;
  const dept = rolesOf(state).find((r) => r.startsWith("dept:"));
  return dept ? dept.slice(5) : null;
}
/** 下发/作废通知单: the office. */
export const canIssueNotices = (state: MeState | null | undefined) => hasRole(state, "office");

export async function loadMe(api: ApiClient, signal?: AbortSignal): Promise<MeState> {
  try {
    return { kind: "loaded", me: await api.me(signal) };
  } catch (error) {
    return { kind: "failed", error: asApiError(error) };
  }
}

/** The identity whose departments 只看本部门 filters on: the server's view of the user, else the dev identity. */
export function identityOf(state: MeState, devIdentity: DevIdentity | null): DevIdentity | null {
  if (state.kind !== "loaded") return devIdentity;
  return { id: state.me.id, name: state.me.name, roles: state.me.roles.filter(isRole) };
}

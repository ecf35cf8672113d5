import { requireReader } from "../http/auth.js";
import { type Call, register } from "../http/endpoint.js";

/** GET /api/me — who the server thinks the caller is (name and roles), so the pane can adapt. */
export async function me(call: Call) {
  requireReader(call.principal);
  const depts = call.principal.roles.filter((r) => r.startsWith("dept:")).map((r) => r.slice(5));
  return {
    body: {
      id: call.principal.id,
      name: call.principal.name,
      roles: call.principal.roles,
      departments: depts,
      devMode: call.deps.config.devMode,
    },
  };
}

export default register({ name: "me", methods: ["GET"], route: "me", handler: me });

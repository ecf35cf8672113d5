import type { Role } from "../../../functions/src/domain/types";

/** A development identity, sent the way App Service Authentication would send a signed-in user. */
export interface DevIdentity {
  /** Stable user id (the Entra object id in production). */
  id: string;
  /** Display name, usually Chinese. */
  name: string;
  roles: Role[];
}

/** The header App Service Authentication (Easy Auth) sets for an authenticated caller. */
export const PRINCIPAL_HEADER = "x-ms-client-principal";

const OBJECT_ID_CLAIM = "http://schemas.microsoft.com/identity/claims/objectidentifier";

/** Base64 of the UTF-8 bytes; plain btoa() throws on characters outside Latin-1 (Chinese names). */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** The `x-ms-client-principal` value for an identity: base64 JSON with name, object id and role claims. */
export function encodePrincipal(identity: DevIdentity): string {
  const principal = {
    auth_typ: "aad",
    name_typ: "name",
    role_typ: "roles",
    claims: [
      { typ: "name", val: identity.name },
      { typ: OBJECT_ID_CLAIM, val: identity.id },
      ...identity.roles.map((role) => ({ typ: "roles", val: role })),
    ],
  };
  return base64Utf8(JSON.stringify(principal));
}

const FIXED_ROLES: readonly string[] = ["office", "leader", "viewer"];

export function isRole(value: unknown): value is Role {
  if (typeof value !== "string") return false;
  return FIXED_ROLES.includes(value) || /^dept:[A-Za-z0-9_-]+$/.test(value);
}

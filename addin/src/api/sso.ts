/**
 * What the rest of the pane imports for sign-in: the Office SSO details (./auth/officeSso.ts) and the pane's
 * sign-in session (./auth/index.ts: NAA, then Office SSO, then the dialog).
 */
import { sharedAuth } from "./auth";
import { officeSsoAttempt, ssoUnavailableReason, type SsoEnvironment, type SsoState } from "./auth/officeSso";

export {
  deployedSsoClientId,
  deployedTenantId,
  SSO_ERRORS,
  ssoEnvironment,
  ssoUnavailableReason,
  tokenExpiry,
  type AuthPath,
  type OfficeRuntimeAuth,
  type SsoEnvironment,
  type SsoState,
} from "./auth/officeSso";

/**
 * The sign-in state 设置 shows. Without an environment: the pane's session, silently (whichever path this host
 * takes; a cached token counts). With one: a single silent Office SSO attempt in that environment.
 */
export async function officeSsoToken(env?: SsoEnvironment): Promise<SsoState> {
  if (!env) return sharedAuth().check();
  const unavailable = ssoUnavailableReason(env);
  if (unavailable !== null || !env.auth) return { kind: "unavailable", reason: unavailable ?? "" };
  return officeSsoAttempt(env.auth);
}

/** The 登录 button: the pane's session, interactively. */
export function signIn(): Promise<SsoState> {
  return sharedAuth().signIn();
}

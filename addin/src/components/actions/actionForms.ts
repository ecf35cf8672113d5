// The form of each lifecycle action (DESIGN §2 payloads), validated with the domain's own schemas so the pane
// shows the server's Chinese messages before anything is sent. Pure. The fields themselves are in
// actionFields.ts (no zod); this module adds the validation and is loaded with the 操作 tab or on first submit.
import type { Action } from "../../../../functions/src/domain/types";
import { actionSchemas, validate } from "../../../../functions/src/domain/validation";
import { ACTION_FORMS, formErrors, isShown, type FormErrors, type FormValues } from "./actionFields";

export * from "./actionFields";

/**
 * The payload for `action`, or the errors to show under the fields. Blank fields are left out, so a missing
 * required field reads "…为必填项" exactly as the server would say it.
 */
export function validateActionForm(
  action: Action,
  values: FormValues,
): { ok: true; payload: Record<string, unknown> } | { ok: false; errors: FormErrors } {
  const payload: Record<string, string | boolean> = {};
  for (const f of ACTION_FORMS[action]) {
    if (!isShown(f, values)) continue;
    const value = (values[f.name] ?? "").trim();
    if (f.kind === "choice") {
      if (value === "yes" || value === "no") payload[f.name] = value === "yes";
    } else if (value) payload[f.name] = value;
  }
  const result = validate(actionSchemas[action], payload);
  if (result.ok) return { ok: true, payload: result.value as Record<string, unknown> };
  return { ok: false, errors: formErrors(result.errors) };
}

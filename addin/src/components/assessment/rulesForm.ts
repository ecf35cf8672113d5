// 考核规则's edit form as data: the draft as typed (text), turned into a rules document and checked with the
// domain's own schema (rulesSchema) before anything is sent, so each field shows the server's Chinese message.
// Pure but for saveRules, which sends through the API client.
import {
  RULE_LIMITS,
  rulesSchema,
  type Rules,
  type RulesVersion,
} from "../../../../functions/src/domain/rules";
import { validate } from "../../../../functions/src/domain/validation";
import { ApiError, type FieldError, type Tagged } from "../../api/client";
import type { PaneDeps } from "../common/deps";
import { describeError, isCancellation, type PaneError } from "../common/errors";

export interface TierDraft {
  /** Blank on the last, open-ended tier. */
  maxDays: string;
  points: string;
}

export interface RulesDraft {
  r1Tiers: TierDraft[];
  normal: string;
  urgent: string;
  critical: string;
  r2Points: string;
  r3Points: string;
  r4Points: string;
  assistShare: string;
  monthlyCap: string;
}

/** Scalar fields of the draft with the path rulesSchema reports them under. */
export const SCALAR_PATHS: Record<Exclude<keyof RulesDraft, "r1Tiers">, string> = {
  normal: "urgencyFactors.normal",
  urgent: "urgencyFactors.urgent",
  critical: "urgencyFactors.critical",
  r2Points: "r2Points",
  r3Points: "r3Points",
  r4Points: "r4Points",
  assistShare: "assistShare",
  monthlyCap: "monthlyCap",
};

/** The path of a tier's field, as rulesSchema reports it ("r1Tiers.0.maxDays"). */
export const tierPath = (index: number, field: keyof TierDraft) => `r1Tiers.${index}.${field}`;

/** Error message per schema path ("r2Points", "r1Tiers.1.points", "r1Tiers" for the list as a whole). */
export type RulesErrors = Record<string, string>;

const text = (n: number) => String(n);

export function draftFromRules(rules: Rules): RulesDraft {
  return {
    r1Tiers: rules.r1Tiers.map((t) => ({
      maxDays: t.maxDays === null ? "" : text(t.maxDays),
      points: text(t.points),
    })),
    normal: text(rules.urgencyFactors.normal),
    urgent: text(rules.urgencyFactors.urgent),
    critical: text(rules.urgencyFactors.critical),
    r2Points: text(rules.r2Points),
    r3Points: text(rules.r3Points),
    r4Points: text(rules.r4Points),
    assistShare: text(rules.assistShare),
    monthlyCap: text(rules.monthlyCap),
  };
}

const FULL_WIDTH = /[０-９．－＋]/g;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;

/**
 * A typed number: blank is left out (so the schema says …为必填项), text that is not a number is passed as typed
 * (so it says …应为数字), full-width digits are accepted.
 */
export function parseNumber(value: string): number | string | undefined {
  const trimmed = value.trim().replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!trimmed) return undefined;
  return NUMBER.test(trimmed) ? Number(trimmed) : value.trim();
}

/** The document the draft stands for, unchecked (numbers where the text was a number). */
export function rulesInput(draft: RulesDraft): Record<string, unknown> {
  return {
    r1Tiers: draft.r1Tiers.map((t) => ({
      // A blank upper bound is an open-ended tier (only the last may be; the schema says so otherwise).
      maxDays: t.maxDays.trim() === "" ? null : parseNumber(t.maxDays),
      points: parseNumber(t.points),
    })),
    urgencyFactors: {
      normal: parseNumber(draft.normal),
      urgent: parseNumber(draft.urgent),
      critical: parseNumber(draft.critical),
    },
    r2Points: parseNumber(draft.r2Points),
    r3Points: parseNumber(draft.r3Points),
    r4Points: parseNumber(draft.r4Points),
    assistShare: parseNumber(draft.assistShare),
    monthlyCap: parseNumber(draft.monthlyCap),
  };
}

export function rulesErrors(errors: readonly FieldError[]): RulesErrors {
  const out: RulesErrors = {};
  for (const e of errors) if (!(e.path in out)) out[e.path] = e.message;
  return out;
}

/** The rules to send, or the message under each wrong field. */
export function checkRules(
  draft: RulesDraft,
): { ok: true; rules: Rules } | { ok: false; errors: RulesErrors } {
  const result = validate(rulesSchema, rulesInput(draft));
  if (result.ok) return { ok: true, rules: result.value };
  return { ok: false, errors: rulesErrors(result.errors) };
}

// ---------------------------------------------------------------- editing the draft

export function addTier(draft: RulesDraft): RulesDraft {
  if (draft.r1Tiers.length >= RULE_LIMITS.tiers) return draft;
  // A new tier goes before the open-ended last one, which stays last.
  const tiers = [...draft.r1Tiers];
  const last = tiers.pop();
  const previous = tiers[tiers.length - 1];
  const from = previous ? Number(previous.maxDays) || 0 : 0;
  tiers.push({ maxDays: String(from + 15), points: last?.points ?? "1" });
  if (last) tiers.push(last);
  return { ...draft, r1Tiers: tiers };
}

export function removeTier(draft: RulesDraft, index: number): RulesDraft {
  if (draft.r1Tiers.length <= 1) return draft;
  const tiers = draft.r1Tiers.filter((_, i) => i !== index);
  // The last tier is always open-ended.
  const last = tiers[tiers.length - 1];
  if (last) tiers[tiers.length - 1] = { ...last, maxDays: "" };
  return { ...draft, r1Tiers: tiers };
}

export function editTier(
  draft: RulesDraft,
  index: number,
  field: keyof TierDraft,
  value: string,
): RulesDraft {
  return {
    ...draft,
    r1Tiers: draft.r1Tiers.map((t, i) => (i === index ? { ...t, [field]: value } : t)),
  };
}

/** Clears every tier's message (a tier added or removed renumbers them). */
export const ALL_TIERS = "r1Tiers.*";

/** The errors left once a field is edited: its own message goes (the list-wide one too, for a tier). */
export function clearError(errors: RulesErrors, path: string): RulesErrors {
  const next = { ...errors };
  if (path === ALL_TIERS)
    for (const key of Object.keys(next)) if (key.startsWith("r1Tiers")) delete next[key];
  delete next[path];
  if (path.startsWith("r1Tiers")) delete next.r1Tiers;
  return next;
}

// ---------------------------------------------------------------- saving

export const RULES_STALE_MESSAGE = "规则已被他人修改，请刷新";

export type SaveRulesOutcome =
  | { kind: "invalid"; errors: RulesErrors }
  | { kind: "saved"; rules: Tagged<RulesVersion> }
  | { kind: "refused"; error: PaneError; errors: RulesErrors }
  | { kind: "cancelled" };

/** Check the draft with rulesSchema; only valid rules are sent, with the ETag of the version they were read at. */
export async function saveRules(
  deps: PaneDeps,
  draft: RulesDraft,
  etag: string,
  signal?: AbortSignal,
): Promise<SaveRulesOutcome> {
  const checked = checkRules(draft);
  if (!checked.ok) return { kind: "invalid", errors: checked.errors };
  try {
    return { kind: "saved", rules: await deps.api.putRules(checked.rules, etag, signal) };
  } catch (error) {
    if (isCancellation(error)) return { kind: "cancelled" };
    const described = describeError(error, "保存考核规则失败");
    if (error instanceof ApiError && error.status === 412)
      return {
        kind: "refused",
        error: { ...described, title: RULES_STALE_MESSAGE, detail: `${RULES_STALE_MESSAGE}后再修改。` },
        errors: {},
      };
    return { kind: "refused", error: described, errors: rulesErrors(described.fields) };
  }
}

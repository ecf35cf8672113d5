/**
 * The rules of the monthly performance deductions (月度绩效考核, DESIGN §1): a versioned document, since the
 * amounts are the company's to set (制度七：“扣减一定分值”). A finalized month stores the version it used.
 * Pure data and its schema; the scoring itself is in scoring.ts.
 */
import { z } from "zod";

export interface R1Tier {
  /** Overdue days up to and including this many fall in the tier; `null` on the last, open-ended tier. */
  maxDays: number | null;
  points: number;
}

export interface Rules {
  /** R1 逾期未办结: tiers by overdue days, ascending; the last has `maxDays: null`. */
  r1Tiers: R1Tier[];
  /** R1 multiplier by the item's 紧急程度. */
  urgencyFactors: { normal: number; urgent: number; critical: number };
  /** R2 未按要求整改: added on top of R1 when the overdue deadline is a rectification deadline. */
  r2Points: number;
  /** R3 逾期未说明. */
  r3Points: number;
  /** R4 迟报. */
  r4Points: number;
  /** Share of every line an assisting department bears on its own line (0: the lead department bears it all). */
  assistShare: number;
  /** Per department and month, the deduction after the cap. */
  monthlyCap: number;
}

export interface RulesVersion extends Rules {
  version: number;
  createdAt: string;
  createdBy: string;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The defaults of DESIGN §1 (frozen: copy before changing). */
export const DEFAULT_RULES: Rules = deepFreeze({
  r1Tiers: [
    { maxDays: 15, points: 1 },
    { maxDays: 30, points: 2 },
    { maxDays: null, points: 3 },
  ],
  urgencyFactors: { normal: 1, urgent: 1.5, critical: 2 },
  r2Points: 2,
  r3Points: 1,
  r4Points: 0.5,
  assistShare: 0,
  monthlyCap: 10,
});

/** Upper bounds that no sensible rules document reaches (a typo guard, not policy). */
export const RULE_LIMITS = { points: 100, maxDays: 3660, factor: 10, tiers: 10, cap: 100 } as const;

/** Points, factors and shares are kept in hundredths by the scoring: at most two decimals. */
const hasTwoDecimalsAtMost = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;
const twoDecimals = { message: "最多保留两位小数" };

const amount = (min: number, max: number) =>
  z.number().min(min).max(max).refine(hasTwoDecimalsAtMost, twoDecimals);

const tierSchema = z.strictObject({
  // A refinement rather than .int(), so the message says 应为整数 whatever the issue carries.
  maxDays: z
    .number()
    .refine(Number.isInteger, { message: "应为整数" })
    .min(1)
    .max(RULE_LIMITS.maxDays)
    .nullable(),
  points: amount(0, RULE_LIMITS.points),
});

const tiersSchema = z
  .array(tierSchema)
  .min(1)
  .max(RULE_LIMITS.tiers)
  .superRefine((tiers, ctx) => {
    let previous: number | null = null;
    tiers.forEach((tier, i) => {
      const last = i === tiers.length - 1;
      if (last && tier.maxDays !== null)
        ctx.addIssue({ code: "custom", path: [i, "maxDays"], message: "最后一档应不设上限（留空）" });
      if (!last && tier.maxDays === null)
        ctx.addIssue({ code: "custom", path: [i, "maxDays"], message: "只有最后一档可以不设上限" });
      if (tier.maxDays !== null) {
        if (previous !== null && tier.maxDays <= previous)
          ctx.addIssue({
            code: "custom",
            path: [i, "maxDays"],
            message: `应大于上一档的上限 ${previous} 天（各档须按逾期天数从少到多排列）`,
          });
        previous = tier.maxDays;
      }
    });
  });

/** The rules document as `PUT /api/rules` accepts it: every number checked, errors name the field path. */
export const rulesSchema = z.strictObject({
  r1Tiers: tiersSchema,
  urgencyFactors: z.strictObject({
    normal: amount(0.01, RULE_LIMITS.factor),
    urgent: amount(0.01, RULE_LIMITS.factor),
    critical: amount(0.01, RULE_LIMITS.factor),
  }),
  r2Points: amount(0, RULE_LIMITS.points),
  r3Points: amount(0, RULE_LIMITS.points),
  r4Points: amount(0, RULE_LIMITS.points),
  assistShare: amount(0, 1),
  monthlyCap: amount(0.01, RULE_LIMITS.cap),
});

// The schema's output is exactly the Rules interface (checked at compile time both ways).
type SchemaRules = z.output<typeof rulesSchema>;
const _schemaMatchesRules: [SchemaRules] extends [Rules]
  ? [Rules] extends [SchemaRules]
    ? true
    : never
  : never = true;
void _schemaMatchesRules;

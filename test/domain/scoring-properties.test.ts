import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, cstDate, cstMonthRange, startOfCstDay } from "../../functions/src/domain/dates.js";
import { TRANSITIONS } from "../../functions/src/domain/lifecycle.js";
import { type Rules, rulesSchema } from "../../functions/src/domain/rules.js";
import { scoreMonth } from "../../functions/src/domain/scoring.js";
import { ACTIONS, type ItemEvent, URGENCIES } from "../../functions/src/domain/types.js";
import { DEPARTMENTS, rulesVersion, story } from "./scoring-fixtures.js";

const DEPT_IDS = ["aq", "js", "zh", "wz"]; // wz is not configured
const MONTHS = ["2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01"];
const DAY = 86_400_000;

/** How far the clock moves before a step: minutes to weeks, or exactly onto a CST midnight (±1 ms). */
const gapArb = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 8 * DAY }).map((ms) => ({ ms })), weight: 6 },
  { arbitrary: fc.integer({ min: 8 * DAY, max: 40 * DAY }).map((ms) => ({ ms })), weight: 1 },
  { arbitrary: fc.constantFrom(-1, 0, 1).map((edge) => ({ edge })), weight: 2 },
);

const stepArb = fc.record({
  pick: fc.nat(),
  gap: gapArb,
  dayOffset: fc.integer({ min: -10, max: 60 }),
  assist: fc.subarray(DEPT_IDS),
});

const itemArb = fc.record({
  lead: fc.constantFrom(...DEPT_IDS),
  assist: fc.subarray(DEPT_IDS, { maxLength: 2 }),
  urgency: fc.constantFrom(...URGENCIES),
  deadlineOffset: fc.integer({ min: 0, max: 45 }),
  startOffset: fc.integer({ min: 0, max: 75 * DAY }),
  steps: fc.array(stepArb, { maxLength: 25 }),
});

type ItemSpec = typeof itemArb extends fc.Arbitrary<infer T> ? T : never;
type Kind = (typeof ACTIONS)[number] | "issue" | "void_notice" | "edit";

/** A random valid history: at each step a random action the state allows, at a random later instant. */
function history(id: string, spec: ItemSpec): ItemEvent[] {
  let t = startOfCstDay("2026-08-01").getTime() + spec.startOffset;
  const assist = spec.assist.filter((d) => d !== spec.lead);
  const s = story(id).at(new Date(t).toISOString());
  s.create({
    leadDept: spec.lead,
    assistDepts: assist,
    urgency: spec.urgency,
    deadline: addDays(cstDate(t), spec.deadlineOffset),
  });
  let seq = 0;
  for (const step of spec.steps) {
    const item = s.current();
    const kinds: Kind[] = ([...ACTIONS, "issue", "void_notice"] as const).filter((k) => {
      const spec = TRANSITIONS[k] as {
        from: readonly string[];
        precondition?: (i: typeof item) => string | null;
      };
      // 签收 moves the story on only as the lead department's, from 已下发; 协办意见 and 现场督办 never score.
      if (k === "acknowledge" && item.status !== "notified") return false;
      if (k === "assist_opinion" || k === "site_visit") return false;
      return spec.from.includes(item.status) && !spec.precondition?.(item);
    });
    if (["draft", "registered", "notified", "in_progress", "extension_requested"].includes(item.status))
      kinds.push("edit");
    if (kinds.length === 0) break;
    // Withdrawing an item ends its story: keep it rare so histories reach the later states.
    const moves = step.pick % 12 === 0 ? kinds : kinds.filter((k) => k !== "cancel" && k !== "reject");
    // Instants only move forward.
    if ("ms" in step.gap) t += step.gap.ms;
    else t = startOfCstDay(addDays(cstDate(t), 1)).getTime() + step.gap.edge;
    t = Math.max(t, Date.parse(s.events().at(-1)!.at) + 1);
    s.at(new Date(t).toISOString());
    const today = cstDate(t);
    const kind = moves[step.pick % moves.length]!;
    switch (kind) {
      case "approve":
        s.approve();
        break;
      case "reject":
        s.reject();
        break;
      case "issue":
        // A notice cannot be issued with a deadline before its issue date: move the deadline first.
        if (item.deadline! <= today) s.edit({ deadline: addDays(today, Math.abs(step.dayOffset) + 1) });
        s.issue({ seq: ++seq });
        break;
      case "void_notice":
        s.voidNotice();
        break;
      case "acknowledge":
        s.acknowledge();
        break;
      case "urge":
        s.urge();
        break;
      case "progress":
        s.progress();
        break;
      case "request_extension":
        s.requestExtension();
        break;
      case "approve_extension":
        s.approveExtension(addDays(today, Math.abs(step.dayOffset) + 1));
        break;
      case "reject_extension":
        s.rejectExtension();
        break;
      case "report":
        s.report();
        break;
      case "close":
        s.close();
        break;
      case "return":
        s.return(addDays(today, Math.abs(step.dayOffset)));
        break;
      case "cancel":
        s.cancel();
        break;
      case "flag_false_report":
        s.flagFalseReport();
        break;
      case "edit": {
        const lead = item.leadDept;
        const chosen = step.assist.filter((d) => d !== lead);
        const next = item.mode === "joint" && chosen.length === 0 ? item.assistDepts : chosen;
        if (item.status === "draft" || item.status === "registered")
          s.edit({
            assistDepts: next,
            urgency: URGENCIES[step.pick % 3]!,
            deadline: addDays(today, step.dayOffset),
          });
        else s.edit({ assistDepts: next });
        break;
      }
    }
  }
  return s.events();
}

const historiesArb = fc
  .array(itemArb, { minLength: 1, maxLength: 6 })
  .map((specs) => specs.map((spec, i) => history(`item-${i}`, spec)));

const hundredths = (n: number) => fc.integer({ min: 0, max: n * 100 }).map((h) => h / 100);

/** Random valid rules (checked against the schema). */
const rulesArb: fc.Arbitrary<Rules> = fc
  .record({
    bounds: fc.uniqueArray(fc.integer({ min: 1, max: 90 }), { maxLength: 3 }),
    points: fc.array(hundredths(5), { minLength: 4, maxLength: 4 }),
    factors: fc.array(
      fc.integer({ min: 1, max: 300 }).map((h) => h / 100),
      { minLength: 3, maxLength: 3 },
    ),
    r2: hundredths(3),
    r3: hundredths(3),
    r4: hundredths(3),
    share: fc.constantFrom(0, 0.33, 0.5, 1),
    cap: fc.integer({ min: 1, max: 2000 }).map((h) => h / 100),
  })
  .map(({ bounds, points, factors, r2, r3, r4, share, cap }) => ({
    r1Tiers: [...[...bounds].sort((a, b) => a - b), null].map((maxDays, i) => ({
      maxDays,
      points: points[i]!,
    })),
    urgencyFactors: { normal: factors[0]!, urgent: factors[1]!, critical: factors[2]! },
    r2Points: r2,
    r3Points: r3,
    r4Points: r4,
    assistShare: share,
    monthlyCap: cap,
  }));

const score = (month: string, histories: readonly (readonly ItemEvent[])[], rules: Rules) =>
  scoreMonth({ month, histories, rules: rulesVersion(rules), departments: DEPARTMENTS });

describe("考核结果的性质（随机的合法事项历史）", () => {
  it("随机生成的规则都通过规则校验", () => {
    fc.assert(
      fc.property(rulesArb, (rules) => {
        expect(rulesSchema.safeParse(rules).success).toBe(true);
      }),
    );
  });

  it("已过去月份的结果不受月末之后追加的任何事件影响", () => {
    fc.assert(
      fc.property(historiesArb, fc.constantFrom(...MONTHS), rulesArb, (histories, month, rules) => {
        const end = cstMonthRange(month).end.getTime();
        const cut = histories.map((h) => h.filter((e) => Date.parse(e.at) <= end));
        expect(score(month, histories, rules)).toEqual(score(month, cut, rules));
      }),
      { numRuns: 300 },
    );
  });

  it("结果与事项历史的先后顺序无关", () => {
    fc.assert(
      fc.property(
        historiesArb,
        fc.constantFrom(...MONTHS),
        rulesArb,
        fc.infiniteStream(fc.nat()),
        (histories, month, rules, random) => {
          const shuffled = [...histories];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = random.next().value % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          expect(score(month, shuffled, rules)).toEqual(score(month, histories, rules));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("扣分不超过上限、最多两位小数；每一行分值为正；合计等于各行之和", () => {
    fc.assert(
      fc.property(historiesArb, fc.constantFrom(...MONTHS), rulesArb, (histories, month, rules) => {
        const a = score(month, histories, rules);
        for (const line of a.lines) {
          expect(line.points).toBeGreaterThan(0);
          expect(Math.round(line.points * 100) / 100).toBe(line.points);
          expect(line.reason).toMatch(/分$/);
        }
        for (const d of a.departments) {
          expect(d.deduction).toBeLessThanOrEqual(rules.monthlyCap);
          expect(d.deduction).toBe(Math.min(d.rawPoints, rules.monthlyCap));
          expect(Math.round(d.deduction * 100) / 100).toBe(d.deduction);
          const sum = a.lines
            .filter((l) => l.deptId === d.deptId)
            .reduce((s, l) => s + Math.round(l.points * 100), 0);
          expect(Math.round(d.rawPoints * 100)).toBe(sum);
          expect(d.capped).toBe(d.rawPoints > rules.monthlyCap);
          expect(d.overdue).toBeLessThanOrEqual(d.handled);
        }
        expect(a.departments.slice(0, 3).map((d) => d.deptId)).toEqual(["aq", "js", "zh"]);
      }),
      { numRuns: 300 },
    );
  });
});

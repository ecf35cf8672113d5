/**
 * Properties of the lifecycle over random histories: random (action, principal, payload) steps are offered to
 * decide/editItem, and only the decisions it accepts become events.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, cstDate } from "../../functions/src/domain/dates.js";
import {
  allowedActions,
  allowedMove,
  decide,
  type Decision,
  editItem,
  foldEvents,
} from "../../functions/src/domain/lifecycle.js";
import { formatNoticeNumber } from "../../functions/src/domain/numbering.js";
import { itemView, itemViewJson } from "../../functions/src/domain/view.js";
import {
  ACTIONS,
  type Action,
  type EventKind,
  type Item,
  type ItemEvent,
  type Status,
} from "../../functions/src/domain/types.js";
import { anItemInput, PRINCIPALS, type PrincipalKind, Story, validPayload } from "../support/factories.js";

type StepKind = Action | "issue" | "void_notice" | "edit";
const STEP_KINDS: StepKind[] = [...ACTIONS, "issue", "void_notice", "edit"];
const WHO_KINDS = Object.keys(PRINCIPALS) as PrincipalKind[];

/** The arrows of the DESIGN §1 diagram (plus the unchanged-state actions), written out by hand. */
const EDGES = new Set([
  "draft>registered",
  "draft>cancelled",
  "registered>notified",
  "registered>cancelled",
  "notified>in_progress",
  "notified>registered",
  "notified>cancelled",
  "in_progress>extension_requested",
  "in_progress>reported",
  "in_progress>registered",
  "in_progress>cancelled",
  "extension_requested>in_progress",
  "extension_requested>registered",
  "extension_requested>cancelled",
  "reported>closed",
  "reported>in_progress",
  "reported>cancelled",
  // unchanged: edits, urge, progress, flag_false_report
  "draft>draft",
  "registered>registered",
  "notified>notified",
  "in_progress>in_progress",
  "extension_requested>extension_requested",
  "reported>reported",
  "closed>closed",
]);

interface RandomStep {
  /** Guided steps pick among the moves the state currently offers, so histories get deep. */
  guided: boolean;
  /** Whether a guided step may also pick a move that ends or rewinds the story (cancel, reject, void). */
  detour: boolean;
  pick: number;
  kind: StepKind;
  who: PrincipalKind;
  payload: "valid" | "empty" | "unknown-field";
  hours: number;
  dayOffset: number;
}

const stepArb: fc.Arbitrary<RandomStep> = fc.record({
  guided: fc.constantFrom(true, true, true, false),
  detour: fc.constantFrom(true, false, false, false),
  pick: fc.noBias(fc.nat({ max: 1_000_000 })),
  kind: fc.constantFrom(...STEP_KINDS),
  who: fc.constantFrom(...WHO_KINDS),
  payload: fc.constantFrom("valid", "valid", "valid", "empty", "unknown-field"),
  hours: fc.integer({ min: 0, max: 24 * 20 }),
  dayOffset: fc.integer({ min: -5, max: 60 }),
});

/** Steering only: the (kind, principal) pairs worth trying in this state. The checks never rely on it. */
const DETOURS: readonly StepKind[] = ["cancel", "reject", "void_notice"];
function offered(item: Item, detour: boolean): { kind: StepKind; who: PrincipalKind }[] {
  const moves = WHO_KINDS.flatMap((who) =>
    allowedActions(item, PRINCIPALS[who]).map((kind): { kind: StepKind; who: PrincipalKind } => ({
      kind,
      who,
    })),
  );
  if (item.status === "registered") moves.push({ kind: "issue", who: "office" });
  if (item.noticeNumber && item.status !== "reported" && item.status !== "closed")
    moves.push({ kind: "void_notice", who: "office" });
  return detour ? moves : moves.filter((m) => !DETOURS.includes(m.kind));
}

function payloadFor(kind: StepKind, step: RandomStep, today: string): Record<string, unknown> {
  if (step.payload === "empty") return {};
  let p: Record<string, unknown>;
  if (kind === "edit")
    p =
      step.dayOffset % 2 === 0 ? { owner: `责任人${step.dayOffset}` } : { content: `内容${step.dayOffset}` };
  else if (kind === "issue" || kind === "void_notice") p = {};
  else {
    p = validPayload(kind, today);
    // Vary the dates: some extensions in the past, some rectification deadlines in the past (refused),
    // some reports completed tomorrow (refused).
    if (kind === "approve_extension") p.deadline = addDays(today, step.dayOffset);
    if (kind === "return") p.deadline = addDays(today, step.dayOffset);
    if (kind === "report") p.completedTo = addDays(today, (step.dayOffset % 3) - 1);
    if (kind === "report" && (p.completedTo as string) < (p.completedFrom as string))
      p.completedFrom = p.completedTo;
  }
  return step.payload === "unknown-field" ? { ...p, 备注: "多余的字段" } : p;
}

interface Run {
  events: ItemEvent[];
  snapshots: Item[];
  item: Item;
}

function play(
  steps: RandomStep[],
  check: (prev: Item, kind: StepKind, who: PrincipalKind, step: RandomStep, d: Decision) => void,
): Run {
  const story = new Story(anItemInput(), "2026-01-05T01:00:00.000Z");
  const snapshots = [story.item];
  let clock = Date.parse(story.item.createdAt);
  let nextSeq = 1;
  for (const step of steps) {
    const prev = story.item;
    let { kind, who } = step;
    if (step.guided) {
      const moves = offered(prev, step.detour);
      if (moves.length > 0) ({ kind, who } = moves[step.pick % moves.length]!);
    }
    clock += step.hours * 60 * 60 * 1000 + 1000;
    const at = new Date(clock).toISOString();
    const today = cstDate(at);
    const ctx = { principal: PRINCIPALS[who], at };
    const payload = payloadFor(kind, step, today);
    let d: Decision;
    if (kind === "edit") d = editItem(prev, payload, ctx);
    else if (kind === "issue") {
      const year = Number(today.slice(0, 4));
      d = decide(
        prev,
        "issue",
        { noticeNumber: formatNoticeNumber(year, nextSeq), year, seq: nextSeq, issueDate: today },
        ctx,
      );
      if (d.ok) nextSeq += 1;
    } else if (kind === "void_notice")
      d = decide(prev, "void_notice", { noticeNumber: prev.noticeNumber, reason: "作废" }, ctx);
    else d = decide(prev, kind, payload, ctx);
    check(prev, kind, who, step, d);
    if (d.ok) {
      story.accept(d);
      snapshots.push(story.item);
    }
  }
  return { events: story.events, snapshots, item: story.item };
}

const TERMINAL: readonly Status[] = ["closed", "cancelled"];
const historyArb = fc.array(stepArb, { minLength: 1, maxLength: 60, size: "max" });
const RUNS = { numRuns: 300 };

describe("随机操作序列下的生命周期性质", () => {
  it("事件折叠后总等于最后的事项，任一前缀的折叠等于当时的事项", () => {
    fc.assert(
      fc.property(historyArb, (steps) => {
        const run = play(steps, () => {});
        expect(foldEvents(run.events)).toStrictEqual(run.item);
        run.events.forEach((_e, i) =>
          expect(foldEvents(run.events.slice(0, i + 1))).toStrictEqual(run.snapshots[i]),
        );
      }),
      RUNS,
    );
  });

  it("每一步状态变化都是流程图允许的", () => {
    fc.assert(
      fc.property(historyArb, (steps) => {
        const run = play(steps, () => {});
        let status: Status | null = null;
        for (const e of run.events) {
          const after: Status = (e.changes.status?.after as Status | undefined) ?? status!;
          if (e.changes.status) expect(e.changes.status.before).toBe(status);
          expect(allowedMove(e.kind as EventKind, status, after)).toBe(true);
          if (status !== null) expect(EDGES.has(`${status}>${after}`)).toBe(true);
          else expect([e.kind, after]).toEqual(["create", "draft"]);
          status = after;
        }
      }),
      RUNS,
    );
  });

  it("已办结、已撤销的事项不再变化，唯有已办结事项可被认定一次严重失实", () => {
    let terminalSeen = 0;
    fc.assert(
      fc.property(historyArb, (steps) => {
        play(steps, (prev, kind, who, _step, d) => {
          if (!TERMINAL.includes(prev.status)) return;
          terminalSeen += 1;
          const mayFlag =
            prev.status === "closed" && kind === "flag_false_report" && who === "leader" && !prev.falseReport;
          if (!d.ok) return;
          expect(mayFlag).toBe(true);
          expect(d.item.status).toBe(prev.status);
          expect(d.item.falseReport).not.toBeNull();
        });
      }),
      RUNS,
    );
    expect(terminalSeen).toBeGreaterThan(0); // the property was actually exercised
  });

  it("allowedActions 与 decide 一致：不在列表中的操作被拒（403/409），列表中的操作不会因权限或状态被拒", () => {
    const reached = new Set<Status>();
    fc.assert(
      fc.property(historyArb, (steps) => {
        const run = play(steps, (prev, kind, who, step, d) => {
          if (kind === "edit" || kind === "issue" || kind === "void_notice") return;
          const listed = allowedActions(prev, PRINCIPALS[who]).includes(kind);
          if (!listed) {
            expect(d.ok).toBe(false);
            expect(d.ok ? "ok" : d.kind).toMatch(/^(forbidden|conflict)$/);
          } else if (step.payload === "unknown-field") {
            expect(d.ok ? "ok" : d.kind).toBe("invalid");
          } else {
            expect(d.ok ? "ok" : d.kind).toMatch(/^(ok|invalid)$/);
          }
        });
        for (const s of run.snapshots) reached.add(s.status);
      }),
      RUNS,
    );
    // Guided steps make the random histories reach every state.
    expect([...reached].sort()).toEqual([
      "cancelled",
      "closed",
      "draft",
      "extension_requested",
      "in_progress",
      "notified",
      "registered",
      "reported",
    ]);
  });
});

describe("列表的事项 JSON", () => {
  it("由存储的事项 JSON 拼出的答复与逐项序列化的视图完全相同（任何状态、任何用户、任何日期）", () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.integer({ min: -30, max: 400 }),
        fc.integer({ min: 0, max: 10 }),
        (steps, day, yellow) => {
          const run = play(steps, () => {});
          const now = new Date(Date.parse(run.item.createdAt) + day * 86_400_000);
          for (const item of run.snapshots)
            for (const who of WHO_KINDS) {
              const view = itemView(item, `W/"${item.version}"`, PRINCIPALS[who], now, yellow);
              const text = itemViewJson(
                JSON.stringify(item),
                item,
                `W/"${item.version}"`,
                PRINCIPALS[who],
                now,
                yellow,
              );
              expect(text).toBe(JSON.stringify(view));
            }
        },
      ),
      { numRuns: 100 },
    );
  });
});

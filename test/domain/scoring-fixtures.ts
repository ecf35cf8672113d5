/**
 * Fixture builders for the scoring tests: a `story` drives one item through the real lifecycle (createItem /
 * decide / editItem) with fixed principals and explicit instants, so the events are exactly what the server
 * would store.
 *
 *   story("i1").create({ leadDept: "aq", deadline: "2026-10-10", urgency: "urgent" })
 *     .on("2026-09-01").approve().issue({ seq: 3 }).acknowledge()
 *     .on("2026-10-15").report().events()
 *
 * `on(date)` puts the clock at 10:00 CST that day; `at(iso)` at an exact instant. Every step moves the clock
 * one minute on, so steps written one after another stay in order.
 */
import { addDays, cstDate, startOfCstDay } from "../../functions/src/domain/dates.js";
import { createItem, type Decision, decide, editItem } from "../../functions/src/domain/lifecycle.js";
import { formatNoticeNumber } from "../../functions/src/domain/numbering.js";
import { DEFAULT_RULES, type Rules, type RulesVersion } from "../../functions/src/domain/rules.js";
import type { Department, Item, ItemEvent, Principal, Urgency } from "../../functions/src/domain/types.js";
import { createItemSchema, type EditItemInput } from "../../functions/src/domain/validation.js";

export const OFFICE: Principal = { id: "u-office", name: "督办办公室 王文员", roles: ["office"] };
export const LEADER: Principal = { id: "u-leader", name: "领导小组 李组长", roles: ["leader"] };
export const deptPrincipal = (id: string): Principal => ({
  id: `u-dept-${id}`,
  name: `${id}部门负责人`,
  roles: [`dept:${id}`],
});

/** The configured departments of most tests, in their configured order. */
export const DEPARTMENTS: Department[] = [
  { id: "aq", name: "安全评价部", head: "张部长" },
  { id: "js", name: "技术质量部", head: "刘部长" },
  { id: "zh", name: "综合办公室", head: "王主任" },
];

/** A rules version: the defaults with `overrides`. */
export function rulesVersion(overrides: Partial<Rules> = {}, version = 1): RulesVersion {
  return {
    ...structuredClone(DEFAULT_RULES),
    ...overrides,
    version,
    createdAt: "2026-01-01T00:00:00.000Z",
    createdBy: "领导小组 李组长",
  };
}

/** 10:00 CST (or `time`, "HH:MM") on a CST date, as an ISO instant. */
export function cst(date: string, time = "10:00"): string {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return new Date(startOfCstDay(date).getTime() + (h * 60 + m) * 60_000).toISOString();
}

export interface CreateFields {
  leadDept?: string;
  assistDepts?: string[];
  urgency?: Urgency;
  deadline?: string | null;
  content?: string;
  mode?: "tracking" | "joint" | "onsite";
}

export class Story {
  private item: Item | null = null;
  private readonly list: ItemEvent[] = [];
  private clock = cst("2026-09-01");

  constructor(readonly id: string) {}

  /** Put the clock at an exact instant. */
  at(iso: string): this {
    this.clock = new Date(iso).toISOString();
    return this;
  }

  /** Put the clock at a CST date (10:00 CST unless `time` says otherwise). */
  on(date: string, time = "10:00"): this {
    return this.at(cst(date, time));
  }

  /** The item as it stands after the last step. */
  current(): Item {
    if (!this.item) throw new Error("事项尚未登记");
    return this.item;
  }

  /** Every event so far, in seq order. */
  events(): ItemEvent[] {
    return [...this.list];
  }

  create(fields: CreateFields = {}): this {
    const input = createItemSchema.parse({
      source: "decision",
      content: fields.content ?? `督办事项${this.id}`,
      leadDept: fields.leadDept ?? "aq",
      assistDepts: fields.assistDepts ?? [],
      mode: fields.mode ?? ((fields.assistDepts ?? []).length > 0 ? "joint" : "tracking"),
      supervisionGroup: ["督办工作办公室"],
      urgency: fields.urgency ?? "normal",
      deadline: fields.deadline === undefined ? "2026-10-10" : fields.deadline,
    });
    return this.record(createItem(this.id, input, this.ctx(OFFICE)));
  }

  edit(fields: EditItemInput): this {
    return this.record(editItem(this.current(), fields, this.ctx(OFFICE)));
  }

  approve(): this {
    return this.act("approve", {}, LEADER);
  }

  reject(): this {
    return this.act("reject", { reason: "不予立项" }, LEADER);
  }

  /** 下发通知单 陕秦安督字〔year〕seq号 (year: the CST year of the issue date). */
  issue(opts: { seq?: number; issueDate?: string } = {}): this {
    const issueDate = opts.issueDate ?? cstDate(this.clock);
    const year = Number(issueDate.slice(0, 4));
    const seq = opts.seq ?? 1;
    return this.act("issue", { noticeNumber: formatNoticeNumber(year, seq), year, seq, issueDate }, OFFICE);
  }

  voidNotice(): this {
    return this.act(
      "void_notice",
      { noticeNumber: this.current().noticeNumber, reason: "通知单有误" },
      OFFICE,
    );
  }

  acknowledge(): this {
    return this.act("acknowledge", {}, this.lead());
  }

  urge(): this {
    return this.act("urge", { note: "请抓紧办理" }, OFFICE);
  }

  progress(note = "正在办理"): this {
    return this.act("progress", { note }, this.lead());
  }

  requestExtension(proposedDeadline?: string): this {
    return this.act(
      "request_extension",
      {
        reason: "外部资料未到位",
        measures: "已协调对方加快提供",
        proposedDeadline: proposedDeadline ?? "2027-06-30",
      },
      this.lead(),
    );
  }

  approveExtension(deadline: string): this {
    return this.act("approve_extension", { deadline }, LEADER);
  }

  rejectExtension(): this {
    return this.act("reject_extension", { comment: "理由不充分" }, LEADER);
  }

  report(): this {
    const today = cstDate(this.clock);
    const issued = this.current().issueDate ?? today;
    return this.act(
      "report",
      {
        completedFrom: issued < today ? issued : today,
        completedTo: today,
        summary: "已按要求完成",
        leadOpinion: "同意报送",
      },
      this.lead(),
    );
  }

  close(): this {
    return this.act("close", { opinion: "同意办结" }, LEADER);
  }

  /** 退回整改 with a rectification deadline. */
  return(deadline: string): this {
    return this.act("return", { opinion: "整改不到位，退回重办", deadline }, LEADER);
  }

  cancel(): this {
    return this.act("cancel", { reason: "决策调整" }, LEADER);
  }

  flagFalseReport(reason = "上报内容严重失实", seriousConsequence = true): this {
    return this.act(
      "flag_false_report",
      { reason, seriousConsequence, ...(seriousConsequence ? { consequence: "造成较大后果" } : {}) },
      LEADER,
    );
  }

  /** create → approve → issue → acknowledge, from `date` on (one minute apart). */
  running(fields: CreateFields = {}, date = "2026-09-01", seq = 1): this {
    return this.on(date).create(fields).approve().issue({ seq }).acknowledge();
  }

  private lead(): Principal {
    return deptPrincipal(this.current().leadDept);
  }

  private ctx(principal: Principal) {
    return { principal, at: this.clock };
  }

  private act(kind: Parameters<typeof decide>[1], payload: unknown, principal: Principal): this {
    return this.record(decide(this.current(), kind, payload, this.ctx(principal)));
  }

  private record(decision: Decision): this {
    if (!decision.ok) throw new Error(`fixture step refused: ${JSON.stringify(decision)}`);
    this.item = decision.item;
    this.list.push(decision.event);
    this.clock = new Date(Date.parse(this.clock) + 60_000).toISOString();
    return this;
  }
}

export const story = (id: string) => new Story(id);

/** The CST date `days` after `date` (re-exported for readable test tables). */
export const plusDays = addDays;

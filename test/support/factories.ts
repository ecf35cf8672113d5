/**
 * Small fixture factories for the domain tests: principals, item inputs, items, and a `Story` that drives an
 * item through its lifecycle with createItem/decide/editItem, keeping every event, on a clock that advances.
 */
import { addDays, cstDate } from "../../functions/src/domain/dates.js";
import {
  createItem,
  decide,
  type Decision,
  editItem,
  type IssuePayload,
  type VoidPayload,
} from "../../functions/src/domain/lifecycle.js";
import { formatNoticeNumber } from "../../functions/src/domain/numbering.js";
import type { Action, Item, ItemEvent, Principal, Status } from "../../functions/src/domain/types.js";
import {
  type CreateItemInput,
  createItemSchema,
  type EditItemInput,
} from "../../functions/src/domain/validation.js";

// ---------------------------------------------------------------- principals

export const office: Principal = { id: "u-office", name: "综合部 王文员", roles: ["office"] };
export const leader: Principal = { id: "u-leader", name: "领导小组 李组长", roles: ["leader"] };
export const viewer: Principal = { id: "u-viewer", name: "只读 赵查看", roles: ["viewer"] };

/** A department principal: `dept("a")` has the role `dept:a`. */
export function dept(id: string): Principal {
  return { id: `u-dept-${id}`, name: `部门${id}负责人`, roles: [`dept:${id}`] };
}

/** The departments the default item uses: a leads, b assists, c is unrelated. */
export const LEAD = "a";
export const ASSIST = "b";
export const UNRELATED = "c";

/** Every principal kind the lifecycle matrix distinguishes, by a short Chinese-readable name. */
export const PRINCIPALS = {
  office,
  leader,
  viewer,
  lead: dept(LEAD),
  assist: dept(ASSIST),
  other: dept(UNRELATED),
} as const;
export type PrincipalKind = keyof typeof PRINCIPALS;

export const PRINCIPAL_LABELS: Record<PrincipalKind, string> = {
  office: "督办办公室",
  leader: "领导小组",
  viewer: "只读用户",
  lead: "牵头部门",
  assist: "协办部门",
  other: "无关部门",
};

// ---------------------------------------------------------------- items

/** A valid create-item input (parsed through the real schema, so defaults are applied). */
export function anItemInput(
  overrides: Partial<Record<keyof CreateItemInput, unknown>> = {},
): CreateItemInput {
  return createItemSchema.parse({
    source: "decision",
    content: "落实总经理办公会关于安全评价报告质量提升的决定",
    requirements: "按季度报送进展，年底前形成制度文件",
    supervisedDept: "技术部",
    leadDept: LEAD,
    assistDepts: [ASSIST],
    owner: "张三",
    leader: "刘副总经理",
    mode: "joint",
    supervisionGroup: ["督办工作办公室 王主任", "安全部"],
    urgency: "normal",
    deadline: "2026-12-31",
    ...overrides,
  });
}

export const START = "2026-03-02T01:00:00.000Z"; // 2026-03-02 09:00 CST

/** A draft item created by the office, then with `overrides` laid over it (for tests that need a raw shape). */
export function anItem(overrides: Partial<Item> = {}): Item {
  const d = createItem("item-1", anItemInput(), { principal: office, at: START });
  if (!d.ok) throw new Error("fixture item could not be created");
  return { ...d.item, ...overrides };
}

// ---------------------------------------------------------------- payloads

/** A valid payload for each action, given the CST date of the decision. */
export function validPayload(kind: Action, today: string): Record<string, unknown> {
  switch (kind) {
    case "approve":
      return { comment: "同意立项" };
    case "reject":
      return { reason: "不属于督办范围" };
    case "acknowledge":
      return {};
    case "urge":
      return { note: "请抓紧办理" };
    case "progress":
      return { note: "已完成初稿" };
    case "request_extension":
      return {
        reason: "上级文件尚未下达",
        measures: "先行起草，文件下达后一周内定稿",
        proposedDeadline: "2027-03-31",
      };
    case "approve_extension":
      return { deadline: "2027-03-31", comment: "同意延期" };
    case "reject_extension":
      return { comment: "不同意延期，请按期完成" };
    case "report":
      return {
        completedFrom: addDays(today, -7),
        completedTo: today,
        summary: "已按要求完成制度起草并印发",
        leadOpinion: "同意报结",
      };
    case "close":
      return { opinion: "同意办结" };
    case "return":
      return { opinion: "材料不全，退回整改", deadline: addDays(today, 10) };
    case "cancel":
      return { reason: "决策事项已调整" };
    case "flag_false_report":
      return {
        reason: "报告单所述完成情况与现场核查不符",
        seriousConsequence: true,
        consequence: "造成客户投诉",
      };
    case "assist_opinion":
      return { opinion: "协办部门同意报结" };
    case "site_visit":
      return {
        date: today,
        place: "技术部办公室",
        participants: "督办办公室王主任、技术部张部长",
        findings: "资料已基本齐全",
      };
  }
}

// ---------------------------------------------------------------- the story of one item

export type Step =
  | { kind: Action; by: Principal; payload?: Record<string, unknown> }
  | { kind: "issue"; payload?: Partial<IssuePayload> }
  | { kind: "void_notice"; payload?: Partial<VoidPayload> }
  | { kind: "edit"; by?: Principal; input: EditItemInput };

/**
 * One item's life: its current snapshot and every event so far. Each step happens one hour after the last.
 * `do` throws on a refused step (fixture setup must succeed); `try` returns the decision untouched.
 */
export class Story {
  item: Item;
  readonly events: ItemEvent[] = [];
  private clock: number;
  private nextSeq = 1;

  constructor(input: CreateItemInput = anItemInput(), at: string = START, id = "item-1") {
    this.clock = Date.parse(at);
    const d = createItem(id, input, { principal: office, at: new Date(this.clock).toISOString() });
    if (!d.ok) throw new Error(`fixture create refused: ${JSON.stringify(d)}`);
    this.item = d.item;
    this.events.push(d.event);
  }

  /** The instant of the next step (ISO). */
  get now(): string {
    return new Date(this.clock + 60 * 60 * 1000).toISOString();
  }

  /** The CST date of the next step. */
  get today(): string {
    return cstDate(this.now);
  }

  /** Moves the clock to an instant (for steps that must happen on a given day). */
  at(instant: string): this {
    this.clock = Date.parse(instant) - 60 * 60 * 1000;
    return this;
  }

  try(step: Step): Decision {
    const at = this.now;
    switch (step.kind) {
      case "edit":
        return editItem(this.item, step.input, { principal: step.by ?? office, at });
      case "issue": {
        const seq = this.nextSeq;
        const year = Number(cstDate(at).slice(0, 4));
        const payload: IssuePayload = {
          noticeNumber: formatNoticeNumber(year, seq),
          year,
          seq,
          issueDate: cstDate(at),
          ...step.payload,
        };
        return decide(this.item, "issue", payload, { principal: office, at });
      }
      case "void_notice":
        return decide(
          this.item,
          "void_notice",
          { noticeNumber: this.item.noticeNumber, reason: "通知单内容有误", ...step.payload },
          { principal: office, at },
        );
      default:
        return decide(this.item, step.kind, step.payload ?? validPayload(step.kind, cstDate(at)), {
          principal: step.by,
          at,
        });
    }
  }

  do(...steps: Step[]): this {
    for (const step of steps) {
      const d = this.try(step);
      if (!d.ok) throw new Error(`fixture step ${step.kind} refused: ${JSON.stringify(d)}`);
      this.accept(d);
      if (step.kind === "issue") this.nextSeq += 1;
    }
    return this;
  }

  /** Records a successful decision as the new state of the story. */
  accept(d: Decision): this {
    if (!d.ok) throw new Error("cannot accept a refused decision");
    this.item = d.item;
    this.events.push(d.event);
    this.clock = Date.parse(d.event.at);
    return this;
  }
}

/** The shortest path from a new draft to each state (DESIGN §1). */
export const PATH_TO: Record<Status, Step[]> = {
  draft: [],
  registered: [{ kind: "approve", by: leader }],
  notified: [{ kind: "approve", by: leader }, { kind: "issue" }],
  in_progress: [
    { kind: "approve", by: leader },
    { kind: "issue" },
    { kind: "acknowledge", by: PRINCIPALS.lead },
  ],
  extension_requested: [
    { kind: "approve", by: leader },
    { kind: "issue" },
    { kind: "acknowledge", by: PRINCIPALS.lead },
    { kind: "request_extension", by: PRINCIPALS.lead },
  ],
  reported: [
    { kind: "approve", by: leader },
    { kind: "issue" },
    { kind: "acknowledge", by: PRINCIPALS.lead },
    { kind: "report", by: PRINCIPALS.lead },
  ],
  closed: [
    { kind: "approve", by: leader },
    { kind: "issue" },
    { kind: "acknowledge", by: PRINCIPALS.lead },
    { kind: "report", by: PRINCIPALS.lead },
    { kind: "close", by: leader },
  ],
  cancelled: [{ kind: "reject", by: leader }],
};

/** A story whose item has reached `status` by the shortest path. */
export function storyIn(status: Status, input?: CreateItemInput): Story {
  return new Story(input).do(...PATH_TO[status]);
}

/** An item in `status`, reached by real decisions. */
export function itemIn(status: Status, input?: CreateItemInput): Item {
  return storyIn(status, input).item;
}

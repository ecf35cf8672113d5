/**
 * The lifecycle of a 督办事项 as the policy and DESIGN §1 describe it. The expected outcomes come from the
 * matrix written out by hand below, never from TRANSITIONS itself.
 */
import { describe, expect, it } from "vitest";
import {
  allowedActions,
  allowedMove,
  applyEvent,
  createItem,
  decide,
  restoreAfterVoid,
  type Decision,
  editItem,
  editableFields,
  foldEvents,
  IllegalHistoryError,
  itemAt,
} from "../../functions/src/domain/lifecycle.js";
import {
  ACTION_LABELS,
  ACTIONS,
  type Action,
  type Item,
  type ItemEvent,
  type Status,
  STATUS_LABELS,
  STATUSES,
} from "../../functions/src/domain/types.js";
import type { EditableField } from "../../functions/src/domain/validation.js";
import {
  anItemInput,
  leader,
  office,
  PRINCIPAL_LABELS,
  PRINCIPALS,
  type PrincipalKind,
  START,
  Story,
  storyIn,
  validPayload,
  viewer,
} from "../support/factories.js";

type Kind = Action | "issue" | "void_notice";

// ---------------------------------------------------------------- the matrix, by hand from DESIGN §1

/** From each state, the state each action leads to (an action absent from a state is a 409 there). */
const MOVES: Record<Status, Partial<Record<Kind, Status>>> = {
  draft: { approve: "registered", reject: "cancelled", cancel: "cancelled" },
  // 作废 on a registered item only fences the number off it (a late issue of the voided notice is refused).
  registered: { issue: "notified", void_notice: "registered", cancel: "cancelled" },
  notified: {
    acknowledge: "in_progress",
    urge: "notified",
    progress: "notified",
    site_visit: "notified",
    void_notice: "registered",
    cancel: "cancelled",
  },
  in_progress: {
    request_extension: "extension_requested",
    report: "reported",
    urge: "in_progress",
    progress: "in_progress",
    assist_opinion: "in_progress",
    site_visit: "in_progress",
    void_notice: "registered",
    cancel: "cancelled",
  },
  extension_requested: {
    approve_extension: "in_progress",
    reject_extension: "in_progress",
    urge: "extension_requested",
    progress: "extension_requested",
    assist_opinion: "extension_requested",
    site_visit: "extension_requested",
    void_notice: "registered",
    cancel: "cancelled",
  },
  reported: {
    close: "closed",
    return: "in_progress",
    flag_false_report: "reported",
    cancel: "cancelled",
    assist_opinion: "reported",
    site_visit: "reported",
  },
  closed: { flag_false_report: "closed" },
  cancelled: {},
};

/** Who may ever take each action (anyone else gets a 403, whatever the state). */
const WHO: Record<Kind, readonly PrincipalKind[]> = {
  approve: ["leader"],
  reject: ["leader"],
  issue: ["office"],
  void_notice: ["office"],
  acknowledge: ["lead", "assist"],
  urge: ["office"],
  progress: ["lead", "assist"],
  assist_opinion: ["assist"],
  site_visit: ["office", "leader"],
  request_extension: ["lead"],
  approve_extension: ["leader"],
  reject_extension: ["leader"],
  report: ["lead"],
  close: ["leader"],
  return: ["leader"],
  cancel: ["leader"],
  flag_false_report: ["leader"],
};

const KINDS = Object.keys(WHO) as Kind[];
const WHO_KINDS = Object.keys(PRINCIPALS) as PrincipalKind[];

type Expected = { outcome: "ok"; to: Status } | { outcome: "forbidden" } | { outcome: "conflict" };

/**
 * Moves that differ by who takes them: an assisting department's 签收 records its own signature and leaves the
 * state as it is (the lead department's moves the item to 办理中, in MOVES).
 */
const BY_WHO: Partial<Record<Kind, Partial<Record<PrincipalKind, Partial<Record<Status, Status>>>>>> = {
  acknowledge: {
    assist: { notified: "notified", in_progress: "in_progress", extension_requested: "extension_requested" },
  },
};

const moveOf = (state: Status, kind: Kind, who: PrincipalKind): Status | undefined => {
  const special = BY_WHO[kind]?.[who];
  return special ? special[state] : MOVES[state][kind];
};

function expected(state: Status, kind: Kind, who: PrincipalKind): Expected {
  if (!WHO[kind].includes(who)) return { outcome: "forbidden" };
  const to = moveOf(state, kind, who);
  return to ? { outcome: "ok", to } : { outcome: "conflict" };
}

/** The lifecycle actions (issue and void_notice are not among them: they belong to the notice endpoints). */
function expectedAllowed(state: Status, who: PrincipalKind): Action[] {
  return ACTIONS.filter((a) => WHO[a].includes(who) && moveOf(state, a, who) !== undefined);
}

const label = (kind: Kind) =>
  kind === "issue" ? "下发通知单" : kind === "void_notice" ? "作废通知单" : ACTION_LABELS[kind];

/** Take one action with a valid payload on the story's item, as the given principal. */
function attempt(story: Story, kind: Kind, who: PrincipalKind): Decision {
  const by = PRINCIPALS[who];
  if (kind === "issue") {
    const year = 2026;
    const at = story.now;
    const payload = { noticeNumber: "陕秦安督字〔2026〕9号", year, seq: 9, issueDate: "2026-03-02" };
    return decide(story.item, "issue", payload, { principal: by, at });
  }
  if (kind === "void_notice")
    return decide(
      story.item,
      "void_notice",
      { noticeNumber: story.item.noticeNumber, reason: "填错" },
      { principal: by, at: story.now },
    );
  return decide(story.item, kind, validPayload(kind, story.today), { principal: by, at: story.now });
}

function ok(d: Decision): Extract<Decision, { ok: true }> {
  if (!d.ok) throw new Error(`expected success, got ${JSON.stringify(d)}`);
  return d;
}

function refused<K extends "forbidden" | "conflict" | "invalid">(
  d: Decision,
  kind: K,
): Extract<Decision, { ok: false; kind: K }> {
  expect(d.ok ? "ok" : d.kind).toBe(kind);
  return d as Extract<Decision, { ok: false; kind: K }>;
}

describe("生命周期矩阵（DESIGN §1）", () => {
  it("矩阵覆盖全部 15 个事项操作以及下发、作废通知单", () => {
    expect(new Set(KINDS)).toEqual(new Set<Kind>([...ACTIONS, "issue", "void_notice"]));
    expect(KINDS).toHaveLength(17);
  });

  describe.each(STATUSES.map((s) => [STATUS_LABELS[s], s] as const))("「%s」事项", (_label, state) => {
    const cases = KINDS.flatMap((kind) =>
      WHO_KINDS.map((who) => {
        const e = expected(state, kind, who);
        const result =
          e.outcome === "ok"
            ? `成功，进入「${STATUS_LABELS[e.to]}」`
            : e.outcome === "forbidden"
              ? "无权限（403）"
              : "当前状态不允许（409）";
        return { name: `${PRINCIPAL_LABELS[who]}「${label(kind)}」：${result}`, kind, who, e };
      }),
    );

    it.each(cases)("$name", ({ kind, who, e }) => {
      const story = storyIn(state);
      const before = story.item;
      const untouched = structuredClone(before);
      const d = attempt(story, kind, who);
      if (e.outcome === "ok") {
        const { item, event } = ok(d);
        expect(item.status).toBe(e.to);
        expect(item.version).toBe(before.version + 1);
        expect(event.kind).toBe(kind);
        expect(event.seq).toBe(before.version + 1);
        expect(event.actor).toBe(PRINCIPALS[who].name);
        expect(allowedMove(kind, state, item.status)).toBe(true);
      } else if (e.outcome === "forbidden") {
        expect(refused(d, "forbidden").message).toContain("权限");
      } else {
        const c = refused(d, "conflict");
        expect(c.message).toContain(STATUS_LABELS[state]);
        expect(new Set(c.allowedActions)).toEqual(new Set(expectedAllowed(state, who)));
      }
      expect(before).toStrictEqual(untouched); // a decision never mutates the item it was given
    });

    it.each(WHO_KINDS.map((who) => ({ who, name: PRINCIPAL_LABELS[who] })))(
      "$name 可用的操作恰为矩阵所列",
      ({ who }) => {
        const item = storyIn(state).item;
        expect(new Set(allowedActions(item, PRINCIPALS[who]))).toEqual(new Set(expectedAllowed(state, who)));
      },
    );
  });

  it("只读用户在任何状态下都没有可用操作", () => {
    for (const s of STATUSES) expect(allowedActions(storyIn(s).item, viewer)).toEqual([]);
  });

  it("无权限优先于状态冲突，状态冲突优先于内容错误", () => {
    const draft = storyIn("draft").item;
    refused(decide(draft, "close", {}, { principal: viewer, at: START }), "forbidden");
    refused(decide(draft, "close", {}, { principal: leader, at: START }), "conflict");
    refused(decide(storyIn("reported").item, "close", {}, { principal: leader, at: START }), "invalid");
  });
});

// ---------------------------------------------------------------- 立项

describe("立项：办公室提出拟办意见，领导审定", () => {
  it("督办办公室登记的事项处于拟办状态", () => {
    const d = ok(createItem("item-9", anItemInput(), { principal: office, at: START }));
    expect(d.item.status).toBe("draft");
    expect(d.item.createdBy).toBe(office.name);
    expect(d.item.noticeNumber).toBeNull();
    expect(d.item.effectiveDeadline).toBeNull();
    expect(d.event).toMatchObject({ kind: "create", seq: 1, itemId: "item-9", actorId: office.id });
  });

  it.each([leader, viewer, PRINCIPALS.lead])("只有督办工作办公室可以登记督办事项（$name 不能）", (p) => {
    expect(
      refused(createItem("item-9", anItemInput(), { principal: p, at: START }), "forbidden").message,
    ).toContain("督办工作办公室");
  });

  it("领导小组审定后事项进入已立项", () => {
    const story = storyIn("draft").do({ kind: "approve", by: leader, payload: {} });
    expect(story.item.status).toBe("registered");
  });

  it("不予立项须说明理由，之后事项已撤销", () => {
    const story = storyIn("draft");
    const d = refused(story.try({ kind: "reject", by: leader, payload: {} }), "invalid");
    expect(d.errors).toEqual([{ path: "reason", message: expect.stringContaining("理由") }]);
    story.do({ kind: "reject", by: leader, payload: { reason: "不属于督办范围" } });
    expect(story.item.status).toBe("cancelled");
    expect(allowedActions(story.item, leader)).toEqual([]);
  });
});

// ---------------------------------------------------------------- 督办：下发通知单

describe("督办：发出通知单，提出要求和时限", () => {
  it("下发后事项带有文号，通知单上的完成时限开始生效", () => {
    const story = storyIn("registered").at("2026-04-01T02:00:00Z");
    story.do({ kind: "issue" });
    expect(story.item).toMatchObject({
      status: "notified",
      noticeNumber: "陕秦安督字〔2026〕1号",
      noticeYear: 2026,
      noticeSeq: 1,
      issueDate: "2026-04-01",
      deadline: "2026-12-31",
      effectiveDeadline: "2026-12-31",
      deadlineKind: "original",
    });
  });

  it("未填写完成时限的事项不能下发通知单", () => {
    const story = storyIn("registered", anItemInput({ deadline: null }));
    const d = refused(story.try({ kind: "issue" }), "conflict");
    expect(d.message).toContain("完成时限");
    expect(story.item.noticeNumber).toBeNull();
  });

  it("通知单作废后事项回到已立项，文号和生效时限被清除", () => {
    const story = storyIn("in_progress");
    expect(story.item.noticeNumber).toBe("陕秦安督字〔2026〕1号");
    story.do({ kind: "void_notice" });
    expect(story.item).toMatchObject({
      status: "registered",
      noticeNumber: null,
      noticeYear: null,
      noticeSeq: null,
      issueDate: null,
      effectiveDeadline: null,
      deadline: "2026-12-31",
    });
    const voided = story.events.at(-1)!;
    expect(voided.changes.noticeNumber).toEqual({ before: "陕秦安督字〔2026〕1号", after: null });
  });

  it("作废后重新下发，事项得到新的文号", () => {
    const story = storyIn("notified").do({ kind: "void_notice" }, { kind: "issue" });
    expect(story.item.status).toBe("notified");
    expect(story.item.noticeNumber).toBe("陕秦安督字〔2026〕2号");
  });

  it("作废的文号从此不能再下发到该事项（迟到或重试的下发被拒，指明文号）", () => {
    const story = storyIn("notified");
    const number = story.item.noticeNumber!;
    story.do({ kind: "void_notice" });
    expect(story.item.voidedNotices).toEqual([number]);
    const late = decide(
      story.item,
      "issue",
      { noticeNumber: number, year: 2026, seq: 1, issueDate: story.today },
      { principal: PRINCIPALS.office, at: story.now },
    );
    expect(late.ok).toBe(false);
    expect(!late.ok && late.kind === "invalid" && late.errors[0]!.message).toContain(number);
  });

  it("通知单在事项下发前作废：已立项的事项状态不变，只记下该文号作废", () => {
    const story = storyIn("registered");
    story.do({ kind: "void_notice", payload: { noticeNumber: "陕秦安督字〔2026〕7号" } });
    expect(story.item).toMatchObject({
      status: "registered",
      noticeNumber: null,
      voidedNotices: ["陕秦安督字〔2026〕7号"],
    });
  });

  it("未完成的作废被撤回：事项恢复到作废前的状态、文号和生效时限，作废记录也撤回", () => {
    const story = storyIn("in_progress");
    const before = { ...story.item };
    story.do({ kind: "void_notice" });
    const voidEvent = story.events.at(-1)!;
    const restored = restoreAfterVoid(story.item, voidEvent, { principal: PRINCIPALS.office, at: story.now });
    expect(restored?.ok).toBe(true);
    const { item, event } = restored as Extract<Decision, { ok: true }>;
    expect(event.kind).toBe("restore_notice");
    expect(item).toMatchObject({
      status: "in_progress",
      noticeNumber: before.noticeNumber,
      effectiveDeadline: before.effectiveDeadline,
      issueDate: before.issueDate,
    });
    expect(item.voidedNotices ?? []).toEqual([]);
    expect(foldEvents([...story.events, event])).toEqual(item);
  });

  it("作废之后事项又有了变化：不能撤回（由调用方报告）", () => {
    const story = storyIn("in_progress");
    story.do({ kind: "void_notice" });
    const voidEvent = story.events.at(-1)!;
    story.do({ kind: "cancel", by: PRINCIPALS.leader });
    expect(
      restoreAfterVoid(story.item, voidEvent, { principal: PRINCIPALS.office, at: story.now }),
    ).toBeNull();
  });

  it("牵头部门签收后事项进入办理中", () => {
    const story = storyIn("notified").do({ kind: "acknowledge", by: PRINCIPALS.lead });
    expect(story.item.status).toBe("in_progress");
  });
});

// ---------------------------------------------------------------- 催办

describe("催办：掌握动态，督促限期办理", () => {
  it("催办和报送进展不改变状态，进展记为最新进展", () => {
    const story = storyIn("in_progress")
      .do({ kind: "urge", by: office, payload: { note: "请于本周五前报送进展" } })
      .do({ kind: "progress", by: PRINCIPALS.assist, payload: { note: "协办部门已提供数据" } });
    expect(story.item.status).toBe("in_progress");
    expect(story.item.latestProgress).toBe("协办部门已提供数据");
    expect(story.events.at(-2)!.payload).toEqual({ note: "请于本周五前报送进展" });
  });

  it("报送进展须填写说明", () => {
    const d = refused(
      storyIn("notified").try({ kind: "progress", by: PRINCIPALS.lead, payload: {} }),
      "invalid",
    );
    expect(d.errors).toEqual([{ path: "note", message: "说明为必填项" }]);
  });

  it("申请延期须说明理由并提出后续办理举措", () => {
    const d = refused(
      storyIn("in_progress").try({
        kind: "request_extension",
        by: PRINCIPALS.lead,
        payload: { reason: "上级文件未下达" },
      }),
      "invalid",
    );
    expect(d.errors).toEqual([{ path: "measures", message: expect.stringContaining("后续办理举措") }]);
  });

  it("领导小组同意延期：生效时限改为新时限，原完成时限保留", () => {
    const story = storyIn("extension_requested").do({
      kind: "approve_extension",
      by: leader,
      payload: { deadline: "2027-03-31" },
    });
    expect(story.item).toMatchObject({
      status: "in_progress",
      deadline: "2026-12-31",
      effectiveDeadline: "2027-03-31",
      deadlineKind: "extension",
    });
    expect(story.events.at(-1)!.changes).toMatchObject({
      effectiveDeadline: { before: "2026-12-31", after: "2027-03-31" },
      deadlineKind: { before: "original", after: "extension" },
      status: { before: "extension_requested", after: "in_progress" },
    });
    expect(story.events.at(-1)!.changes.deadline).toBeUndefined();
  });

  it("同意延期须给出有效的新时限", () => {
    const d = refused(
      storyIn("extension_requested").try({
        kind: "approve_extension",
        by: leader,
        payload: { deadline: "2027-02-30" },
      }),
      "invalid",
    );
    expect(d.errors).toEqual([{ path: "deadline", message: expect.stringContaining("完成时限") }]);
  });

  it("驳回延期：回到办理中，时限不变，须说明意见", () => {
    const story = storyIn("extension_requested");
    expect(
      refused(story.try({ kind: "reject_extension", by: leader, payload: {} }), "invalid").errors[0]!.path,
    ).toBe("comment");
    story.do({ kind: "reject_extension", by: leader });
    expect(story.item).toMatchObject({
      status: "in_progress",
      effectiveDeadline: "2026-12-31",
      deadlineKind: "original",
    });
  });

  it("调整协办部门后，新的协办部门可以报送进展，原协办部门不再可以", () => {
    const story = storyIn("in_progress").do({ kind: "edit", input: { assistDepts: ["c"] } });
    expect(story.try({ kind: "progress", by: PRINCIPALS.other, payload: { note: "已介入" } }).ok).toBe(true);
    refused(story.try({ kind: "progress", by: PRINCIPALS.assist, payload: { note: "已介入" } }), "forbidden");
  });
});

// ---------------------------------------------------------------- 办结

describe("办结：报告反馈，填写报告单", () => {
  it("办结报告未填写完成情况时指出「完成情况」", () => {
    const story = storyIn("in_progress");
    const { summary: _omit, ...payload } = validPayload("report", story.today);
    const d = refused(story.try({ kind: "report", by: PRINCIPALS.lead, payload }), "invalid");
    expect(d.errors).toEqual([{ path: "summary", message: expect.stringContaining("完成情况") }]);
  });

  it("办结报告把报告单各栏记入事项", () => {
    const story = storyIn("in_progress").at("2026-06-10T02:00:00Z");
    const payload = {
      completedFrom: "2026-03-03",
      completedTo: "2026-06-10",
      summary: "制度已印发",
      leadOpinion: "同意报结",
      assistOpinion: "无异议",
    };
    story.do({ kind: "report", by: PRINCIPALS.lead, payload });
    expect(story.item.status).toBe("reported");
    expect(story.item.report).toEqual({ ...payload, reportedAt: "2026-06-10T02:00:00.000Z" });
  });

  it("完成时间（止）晚于今天（北京时间）的报告被拒绝", () => {
    // 2026-06-30T15:30Z is 23:30 on 30 June in Beijing: 1 July is still tomorrow.
    const story = storyIn("in_progress").at("2026-06-30T15:30:00Z");
    const payload = { ...validPayload("report", "2026-06-30"), completedTo: "2026-07-01" };
    const d = refused(story.try({ kind: "report", by: PRINCIPALS.lead, payload }), "invalid");
    expect(d.errors).toEqual([{ path: "completedTo", message: expect.stringContaining("今天") }]);
    // An hour later it is 1 July in Beijing, whatever the server's zone.
    story.at("2026-06-30T16:30:00Z");
    expect(story.try({ kind: "report", by: PRINCIPALS.lead, payload }).ok).toBe(true);
  });

  it("完成时间（止）早于完成时间（起）的报告被拒绝", () => {
    const story = storyIn("in_progress");
    const payload = {
      ...validPayload("report", story.today),
      completedFrom: "2026-03-02",
      completedTo: "2026-03-01",
    };
    const d = refused(story.try({ kind: "report", by: PRINCIPALS.lead, payload }), "invalid");
    expect(d.errors[0]!.path).toBe("completedTo");
  });

  it("领导小组办结：记录办结意见和办结日期（北京时间）", () => {
    const story = storyIn("reported").at("2026-12-31T16:30:00Z");
    story.do({ kind: "close", by: leader, payload: { opinion: "同意办结" } });
    expect(story.item).toMatchObject({
      status: "closed",
      closeOpinion: "同意办结",
      closedDate: "2027-01-01",
    });
  });

  it("退回整改：回到办理中，整改时限成为生效时限，报告单清空", () => {
    const story = storyIn("reported").at("2026-06-01T02:00:00Z");
    story.do({ kind: "return", by: leader, payload: { opinion: "材料不全", deadline: "2026-06-15" } });
    expect(story.item).toMatchObject({
      status: "in_progress",
      deadline: "2026-12-31",
      effectiveDeadline: "2026-06-15",
      deadlineKind: "rectification",
      report: null,
    });
  });

  it("整改时限早于今天的退回被拒绝，当天为时限可以", () => {
    const story = storyIn("reported").at("2026-06-01T02:00:00Z");
    const d = refused(
      story.try({ kind: "return", by: leader, payload: { opinion: "材料不全", deadline: "2026-05-31" } }),
      "invalid",
    );
    expect(d.errors).toEqual([{ path: "deadline", message: expect.stringContaining("整改") }]);
    expect(
      story.try({ kind: "return", by: leader, payload: { opinion: "材料不全", deadline: "2026-06-01" } }).ok,
    ).toBe(true);
  });

  it("整改后再次报告、办结", () => {
    const story = storyIn("reported").do(
      { kind: "return", by: leader },
      { kind: "report", by: PRINCIPALS.lead },
      { kind: "close", by: leader },
    );
    expect(story.item.status).toBe("closed");
    expect(story.item.deadlineKind).toBe("rectification");
  });
});

// ---------------------------------------------------------------- 考核：上报严重失实

describe("上报内容严重失实", () => {
  it("领导小组可认定已办结事项上报严重失实，记录理由和认定人", () => {
    const story = storyIn("closed").do({
      kind: "flag_false_report",
      by: leader,
      payload: { reason: "与现场不符", seriousConsequence: true, consequence: "客户据此作出错误决策" },
    });
    expect(story.item.status).toBe("closed");
    expect(story.item.falseReport).toEqual({
      reason: "与现场不符",
      at: story.events.at(-1)!.at,
      by: leader.name,
      seriousConsequence: true,
      consequence: "客户据此作出错误决策",
      reportYear: 2026,
    });
  });

  it("认定时须回答两个问题：是否严重失实（理由）、是否造成较大后果；造成较大后果的须写明后果", () => {
    const closed = storyIn("closed");
    const missing = refused(
      closed.try({ kind: "flag_false_report", by: leader, payload: { reason: "不符" } }),
      "invalid",
    );
    expect(missing.errors.map((e) => e.path)).toEqual(["seriousConsequence"]);
    const noConsequence = refused(
      closed.try({
        kind: "flag_false_report",
        by: leader,
        payload: { reason: "不符", seriousConsequence: true },
      }),
      "invalid",
    );
    expect(noConsequence.errors.map((e) => e.path)).toEqual(["consequence"]);
    const minor = closed.do({
      kind: "flag_false_report",
      by: leader,
      payload: { reason: "个别数据有出入", seriousConsequence: false },
    });
    expect(minor.item.falseReport).toMatchObject({ seriousConsequence: false, consequence: null });
  });

  it("同一事项不能重复认定严重失实", () => {
    const story = storyIn("reported").do({ kind: "flag_false_report", by: leader });
    const d = refused(story.try({ kind: "flag_false_report", by: leader }), "conflict");
    expect(d.message).toContain("严重失实");
    expect(d.allowedActions).not.toContain("flag_false_report");
    expect(allowedActions(story.item, leader)).toEqual(["site_visit", "close", "return", "cancel"]);
  });

  it("已认定失实的已办结事项不再有任何可用操作", () => {
    const story = storyIn("closed").do({ kind: "flag_false_report", by: leader });
    expect(allowedActions(story.item, leader)).toEqual([]);
  });
});

describe("撤销", () => {
  it("撤销须说明理由", () => {
    const d = refused(
      storyIn("notified").try({ kind: "cancel", by: leader, payload: { reason: "  " } }),
      "invalid",
    );
    expect(d.errors).toEqual([{ path: "reason", message: "理由不能为空" }]);
  });
});

// ---------------------------------------------------------------- 修改

describe("修改：随状态收紧可改字段", () => {
  const NEW_VALUES: Record<EditableField, unknown> = {
    source: "superior",
    content: "新的督办事项内容",
    requirements: "新的质量要求",
    supervisedDept: "安全部",
    leadDept: "d",
    assistDepts: ["b", "c"],
    owner: "李四",
    leader: "王副总经理",
    mode: "onsite",
    urgency: "urgent",
    deadline: "2026-11-30",
    proposal: "建议由技术部牵头，安全部协办",
    leaderId: "u-leader-wang",
    supervisionGroup: ["督办办公室 王主任"],
  };
  const ALL = Object.keys(NEW_VALUES) as EditableField[];
  const AFTER_ISSUE: EditableField[] = [
    "requirements",
    "owner",
    "leader",
    "leaderId",
    "mode",
    "assistDepts",
    "supervisionGroup",
  ];
  const EDITABLE: Record<Status, EditableField[]> = {
    draft: ALL,
    // 拟办意见 is the draft's: once the leader decided, it stays as it was.
    registered: ALL.filter((f) => f !== "proposal"),
    notified: AFTER_ISSUE,
    in_progress: AFTER_ISSUE,
    extension_requested: AFTER_ISSUE,
    reported: [],
    closed: [],
    cancelled: [],
  };

  const cases = STATUSES.flatMap((state) =>
    ALL.map((field) => ({
      state,
      field,
      name: `「${STATUS_LABELS[state]}」事项${EDITABLE[state].includes(field) ? "可以" : "不能"}修改 ${field}`,
    })),
  );

  it.each(cases)("$name", ({ state, field }) => {
    const item = storyIn(state).item;
    const d = editItem(
      item,
      { [field]: NEW_VALUES[field] },
      { principal: office, at: "2026-04-01T00:00:00Z" },
    );
    if (EDITABLE[state].includes(field)) {
      const { item: next, event } = ok(d);
      expect(next[field]).toEqual(NEW_VALUES[field]);
      expect(next.status).toBe(state);
      expect(event.kind).toBe("edit");
      expect(Object.keys(event.changes)).toEqual([field]);
      expect(event.changes[field]).toEqual({ before: item[field], after: NEW_VALUES[field] });
    } else {
      expect(refused(d, "conflict").message).toContain(STATUS_LABELS[state]);
    }
  });

  it.each(STATUSES.map((s) => ({ s, name: STATUS_LABELS[s] })))("「$name」时办公室可改的字段", ({ s }) => {
    expect(new Set(editableFields(storyIn(s).item, office))).toEqual(new Set(EDITABLE[s]));
    expect(editableFields(storyIn(s).item, leader)).toEqual([]);
  });

  it("拒绝修改时用中文指出不能修改的字段", () => {
    const d = refused(
      editItem(itemInState("in_progress"), { content: "改", deadline: "2027-01-01" }, at()),
      "conflict",
    );
    expect(d.message).toContain("督办事项内容");
    expect(d.message).toContain("完成时限");
    expect(d.message).not.toMatch(/content|deadline/);
  });

  it.each((["reported", "closed", "cancelled"] as const).map((s) => ({ s, name: STATUS_LABELS[s] })))(
    "「$name」事项连空修改也被拒绝（不会留下无法回放的事件）",
    ({ s }) => {
      refused(editItem(itemInState(s), {}, at()), "conflict");
    },
  );
  it("只有督办办公室可以修改", () => {
    for (const p of [leader, viewer, PRINCIPALS.lead])
      refused(editItem(itemInState("draft"), { owner: "李四" }, { principal: p, at: START }), "forbidden");
  });

  it("修改后牵头部门出现在协办部门中被拒绝", () => {
    const d = refused(editItem(itemInState("draft"), { leadDept: "b" }, at()), "invalid");
    expect(d.errors).toEqual([{ path: "assistDepts", message: "协办部门不能包含牵头部门" }]);
  });

  it("联合督办清空协办部门被拒绝", () => {
    const d = refused(editItem(itemInState("in_progress"), { assistDepts: [] }, at()), "invalid");
    expect(d.errors).toEqual([{ path: "assistDepts", message: expect.stringContaining("联合督办") }]);
    expect(editItem(itemInState("in_progress"), { assistDepts: [], mode: "tracking" }, at()).ok).toBe(true);
  });

  function itemInState(s: Status): Item {
    return storyIn(s).item;
  }
  function at() {
    return { principal: office, at: "2026-04-01T00:00:00Z" };
  }
});

// ---------------------------------------------------------------- 事件与历史

/** A whole life: every kind of step, including an edit, an extension, a return and a voided notice. */
function wholeLife(): { story: Story; snapshots: Item[] } {
  const story = new Story();
  const snapshots: Item[] = [story.item];
  const steps = [
    { kind: "edit", input: { owner: "李四", deadline: "2026-10-10" } },
    { kind: "approve", by: leader },
    { kind: "issue" },
    { kind: "void_notice" },
    { kind: "issue" },
    { kind: "acknowledge", by: PRINCIPALS.lead },
    { kind: "urge", by: office },
    { kind: "progress", by: PRINCIPALS.assist },
    { kind: "edit", input: { requirements: "补充：附照片" } },
    { kind: "request_extension", by: PRINCIPALS.lead },
    { kind: "approve_extension", by: leader },
    { kind: "report", by: PRINCIPALS.lead },
    { kind: "return", by: leader },
    { kind: "report", by: PRINCIPALS.lead },
    { kind: "close", by: leader },
    { kind: "flag_false_report", by: leader },
  ] as const;
  for (const step of steps) {
    story.do(step);
    snapshots.push(story.item);
  }
  return { story, snapshots };
}

describe("每个变化都是事件，事项是事件的折叠", () => {
  it("整个生命周期的事件折叠后与最后一次决定得到的事项完全一致", () => {
    const { story } = wholeLife();
    expect(story.item.status).toBe("closed");
    expect(story.events).toHaveLength(17);
    expect(foldEvents(story.events)).toStrictEqual(story.item);
  });

  it("任一前缀的折叠等于当时的事项", () => {
    const { story, snapshots } = wholeLife();
    story.events.forEach((_e, i) => {
      expect(foldEvents(story.events.slice(0, i + 1))).toStrictEqual(snapshots[i]);
    });
  });

  it("事件序号从 1 连续递增，时间不倒流", () => {
    const { story } = wholeLife();
    expect(story.events.map((e) => e.seq)).toEqual(story.events.map((_e, i) => i + 1));
    const times = story.events.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("登记事件记录全部初始字段（含空值），折叠后的事项不缺字段", () => {
    const story = new Story();
    const created = story.events[0]!;
    expect(created.changes.noticeNumber).toEqual({ before: null, after: null });
    expect(created.changes.content).toEqual({ before: null, after: story.item.content });
    expect(Object.keys(foldEvents(story.events)).sort()).toEqual(Object.keys(story.item).sort());
  });

  it("事件记录操作人、时间、内容以及变化字段的前后值，不记录未变字段", () => {
    const story = storyIn("in_progress").at("2026-05-06T03:00:00Z");
    story.do({ kind: "report", by: PRINCIPALS.lead });
    const e = story.events.at(-1)!;
    expect(e).toMatchObject({
      itemId: "item-1",
      kind: "report",
      at: "2026-05-06T03:00:00.000Z",
      actor: PRINCIPALS.lead.name,
      actorId: PRINCIPALS.lead.id,
      payload: validPayload("report", "2026-05-06"),
    });
    expect(Object.keys(e.changes).sort()).toEqual(["report", "status"]);
    expect(e.changes.status).toEqual({ before: "in_progress", after: "reported" });
    expect(e.changes.report!.before).toBeNull();
  });

  it("itemAt 给出某一时刻的事项：登记之前没有，之后为当时的状态", () => {
    const { story, snapshots } = wholeLife();
    const first = Date.parse(story.events[0]!.at);
    expect(itemAt(story.events, new Date(first - 1))).toBeNull();
    const i = 6; // just after the acknowledgement
    expect(itemAt(story.events, new Date(story.events[i]!.at))).toStrictEqual(snapshots[i]);
    expect(itemAt(story.events, new Date(Date.parse(story.events[i + 1]!.at) - 1))).toStrictEqual(
      snapshots[i],
    );
  });
});

describe("伪造或错乱的历史被拒绝", () => {
  const forge = (base: ItemEvent, patch: Partial<ItemEvent>): ItemEvent => ({ ...base, ...patch });

  it("办理中的事项不能凭一条「办结」事件直接办结", () => {
    const story = storyIn("in_progress");
    const forged = forge(story.events.at(-1)!, {
      seq: story.item.version + 1,
      kind: "close",
      changes: { status: { before: "in_progress", after: "closed" } },
    });
    expect(() => applyEvent(story.item, forged)).toThrow(IllegalHistoryError);
    expect(() => foldEvents([...story.events, forged])).toThrow(/办结|已办结/);
  });

  it("序号跳号或重复的事件被拒绝", () => {
    const story = storyIn("notified");
    const last = story.events.at(-1)!;
    const before = foldEvents(story.events.slice(0, -1));
    expect(() => applyEvent(before, forge(last, { seq: last.seq + 1 }))).toThrow(/序号/);
    expect(() => applyEvent(story.item, last)).toThrow(/序号/);
    expect(() => foldEvents([story.events[0]!, story.events[2]!])).toThrow(IllegalHistoryError);
  });

  it("第一条事件必须是登记，登记只能有一次", () => {
    const story = storyIn("registered");
    const approve = forge(story.events[1]!, { seq: 1 });
    expect(() => applyEvent(null, approve)).toThrow(IllegalHistoryError);
    const again = forge(story.events[0]!, { seq: 3 });
    expect(() => applyEvent(story.item, again)).toThrow(IllegalHistoryError);
    expect(() => foldEvents([])).toThrow(IllegalHistoryError);
  });

  it("不认识的事件类型被拒绝", () => {
    const story = storyIn("draft");
    const forged = { ...story.events[0]!, seq: 2, kind: "teleport", changes: {} } as unknown as ItemEvent;
    expect(() => applyEvent(story.item, forged)).toThrow(IllegalHistoryError);
  });

  it("其他事项的事件不能折叠进本事项", () => {
    const mine = storyIn("draft");
    const other = new Story(anItemInput(), START, "item-2").do({ kind: "approve", by: leader });
    expect(() => applyEvent(mine.item, other.events[1]!)).toThrow(IllegalHistoryError);
  });

  it("已办结事项上的「修改」事件被拒绝", () => {
    const story = storyIn("closed");
    const forged = forge(story.events.at(-1)!, {
      seq: story.item.version + 1,
      kind: "edit",
      changes: { content: { before: story.item.content, after: "篡改" } },
    });
    expect(() => applyEvent(story.item, forged)).toThrow(IllegalHistoryError);
  });
});

/**
 * 制度六、(二) 目标责任制与设计 §1 的角色矩阵：督办办公室登记、修改、下发、催办；领导小组立项、延期审批、
 * 办结、退回、撤销、认定失实；部门只处理本部门牵头的事项（协办部门可报送进展）；只读用户只能看。
 * 服务器执行这张矩阵：无权 → 403 且事项不变；状态不允许 → 409 并给出可做的操作；没有的操作 → 404。
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../functions/src/domain/types.js";
import {
  type Answer,
  dept,
  invoke,
  leader,
  newItem,
  office,
  type TestEnv,
  testEnv,
  viewer,
} from "../support/api.js";

type Kind = "office" | "leader" | "viewer" | "lead" | "assist" | "other";
type State =
  "draft" | "registered" | "notified" | "in_progress" | "extension_requested" | "reported" | "closed";

const PRINCIPALS: Record<Kind, Principal> = {
  office,
  leader,
  viewer,
  lead: dept("tech"),
  assist: dept("safety"),
  other: dept("audit"),
};
const KIND_LABELS: Record<Kind, string> = {
  office: "督办办公室",
  leader: "领导小组",
  viewer: "只读用户",
  lead: "牵头部门",
  assist: "协办部门",
  other: "无关部门",
};
const KINDS = Object.keys(PRINCIPALS) as Kind[];
const STATE_LABELS: Record<State, string> = {
  draft: "拟办",
  registered: "已立项",
  notified: "已下发",
  in_progress: "办理中",
  extension_requested: "申请延期",
  reported: "已报告",
  closed: "已办结",
};

/** DESIGN §1, written out independently of the source: who may take each action, and a state where it applies. */
const MATRIX: {
  action: string;
  label: string;
  state: State;
  allowed: Kind[];
  payload: Record<string, unknown>;
}[] = [
  { action: "approve", label: "立项", state: "draft", allowed: ["leader"], payload: { comment: "同意" } },
  {
    action: "reject",
    label: "不予立项",
    state: "draft",
    allowed: ["leader"],
    payload: { reason: "不属于督办范围" },
  },
  { action: "acknowledge", label: "签收", state: "notified", allowed: ["lead", "assist"], payload: {} },
  {
    action: "assist_opinion",
    label: "协办部门意见",
    state: "in_progress",
    allowed: ["assist"],
    payload: { opinion: "协办部门无异议" },
  },
  {
    action: "site_visit",
    label: "现场督办",
    state: "in_progress",
    allowed: ["office", "leader"],
    payload: { date: "2026-11-01", place: "技术部", participants: "王主任", findings: "进展正常" },
  },
  { action: "urge", label: "催办", state: "in_progress", allowed: ["office"], payload: { note: "请抓紧" } },
  {
    action: "progress",
    label: "报送进展",
    state: "notified",
    allowed: ["lead", "assist"],
    payload: { note: "已启动" },
  },
  {
    action: "request_extension",
    label: "申请延期",
    state: "in_progress",
    allowed: ["lead"],
    payload: { reason: "上级文件未下达", measures: "下达后一周内完成", proposedDeadline: "2027-03-31" },
  },
  {
    action: "approve_extension",
    label: "同意延期",
    state: "extension_requested",
    allowed: ["leader"],
    payload: { deadline: "2027-03-31" },
  },
  {
    action: "reject_extension",
    label: "驳回延期",
    state: "extension_requested",
    allowed: ["leader"],
    payload: { comment: "请按期完成" },
  },
  {
    action: "report",
    label: "办结报告",
    state: "in_progress",
    allowed: ["lead"],
    payload: {
      completedFrom: "2026-10-01",
      completedTo: "2026-11-01",
      summary: "已完成",
      leadOpinion: "同意报结",
    },
  },
  {
    action: "close",
    label: "办结",
    state: "reported",
    allowed: ["leader"],
    payload: { opinion: "同意办结" },
  },
  {
    action: "return",
    label: "退回整改",
    state: "reported",
    allowed: ["leader"],
    payload: { opinion: "材料不全", deadline: "2026-11-30" },
  },
  {
    action: "cancel",
    label: "撤销",
    state: "in_progress",
    allowed: ["leader"],
    payload: { reason: "决策已调整" },
  },
  {
    action: "flag_false_report",
    label: "认定上报严重失实",
    state: "closed",
    allowed: ["leader"],
    payload: { reason: "与现场核查不符", seriousConsequence: true, consequence: "造成客户投诉" },
  },
];

const REPORT = {
  completedFrom: "2026-10-01",
  completedTo: "2026-11-01",
  summary: "已完成",
  leadOpinion: "同意报结",
};

let env: TestEnv;
beforeAll(() => {
  env = testEnv(); // clock: 2026-11-02 10:00 CST
});

const read = (id: string, as: Principal = office) => invoke(env.deps, "getItem", { as, params: { id } });

async function act(
  as: Principal,
  id: string,
  action: string,
  body: unknown = {},
  ifMatch?: string,
): Promise<Answer> {
  const etag = ifMatch ?? (await read(id)).body.etag;
  return invoke(env.deps, "itemAction", { as, params: { id, action }, body, ifMatch: etag });
}

async function must(answer: Promise<Answer>, status = 200): Promise<Answer> {
  const a = await answer;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a;
}

/** A 联合督办 item (tech leads, safety assists) brought to `state` by the right roles. */
async function itemIn(state: State): Promise<string> {
  const created = await must(
    invoke(env.deps, "createItem", {
      as: office,
      body: newItem({
        leadDept: "tech",
        assistDepts: ["safety"],
        mode: "joint",
        supervisionGroup: ["督办办公室"],
      }),
    }),
    201,
  );
  const id: string = created.body.id;
  const path: [Principal, string, unknown][] = [];
  if (state === "draft") return id;
  await must(act(leader, id, "approve"));
  if (state === "registered") return id;
  await must(invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [id] } }), 201);
  if (state === "notified") return id;
  path.push([PRINCIPALS.lead, "acknowledge", {}]);
  if (state === "extension_requested")
    path.push([
      PRINCIPALS.lead,
      "request_extension",
      { reason: "原因", measures: "举措", proposedDeadline: "2027-06-30" },
    ]);
  if (state === "reported" || state === "closed") path.push([PRINCIPALS.lead, "report", REPORT]);
  if (state === "closed") path.push([leader, "close", { opinion: "同意办结" }]);
  for (const [as, action, body] of path) await must(act(as, id, action, body));
  const now = await read(id);
  expect(now.body.status).toBe(state);
  return id;
}

function expectProblem(answer: Answer, status: number) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(answer.body.status).toBe(status);
  expect(answer.body.detail).toMatch(/[\u4e00-\u9fff]/);
  expect(answer.body.title).toMatch(/[\u4e00-\u9fff]/);
}

describe.concurrent("角色矩阵：每个操作只有有权的角色能做", () => {
  for (const row of MATRIX) {
    const wrong = KINDS.filter((k) => !row.allowed.includes(k));
    it(`「${row.label}」（${row.action}）只能由${row.allowed.map((k) => KIND_LABELS[k]).join("或")}在「${STATE_LABELS[row.state]}」状态做，${wrong.map((k) => KIND_LABELS[k]).join("、")}得到 403 且事项不变`, async () => {
      const id = await itemIn(row.state);
      const before = await read(id);
      for (const kind of wrong) {
        const answer = await act(PRINCIPALS[kind], id, row.action, row.payload, before.body.etag);
        expectProblem(answer, 403);
        expect(answer.body.code).toBe("forbidden");
        const after = await read(id);
        expect(after.body.etag, `${KIND_LABELS[kind]}被拒后 ETag 不应改变`).toBe(before.body.etag);
        expect(after.body.status).toBe(row.state);
        expect(after.body.version).toBe(before.body.version);
      }
      // The refused attempts left no trace in the history.
      const events = await invoke(env.deps, "listItemEvents", { as: office, params: { id } });
      expect(events.body.items).toHaveLength(before.body.version);
      // The same action in the same state is open to the right role(s).
      for (const kind of row.allowed) {
        const view = await read(id, PRINCIPALS[kind]);
        expect(view.body.allowedActions).toContain(row.action);
        const ok = await act(PRINCIPALS[kind], id, row.action, row.payload);
        expect(ok.status, JSON.stringify(ok.body)).toBe(200);
        expect(ok.body.etag).not.toBe(before.body.etag);
      }
      // and appears in allowedActions of nobody else
      for (const kind of wrong)
        expect((await read(id, PRINCIPALS[kind])).body.allowedActions).not.toContain(row.action);
    });
  }

  it("部门对其他部门牵头的事项签收、报送进展、报告 → 403，对本部门牵头的事项可以", async () => {
    const techItem = await itemIn("notified");
    const finCreated = await must(
      invoke(env.deps, "createItem", {
        as: office,
        body: newItem({ leadDept: "fin", content: "财务部牵头的事项" }),
      }),
      201,
    );
    const finItem: string = finCreated.body.id;
    await must(act(leader, finItem, "approve"));
    await must(invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [finItem] } }), 201);
    const tech = dept("tech");
    const before = await read(finItem);
    expectProblem(await act(tech, finItem, "acknowledge"), 403);
    expectProblem(await act(tech, finItem, "progress", { note: "越权进展" }), 403);
    expect((await read(finItem)).body.etag).toBe(before.body.etag);
    expect((await read(finItem, tech)).body.allowedActions).toEqual([]);
    // 同一部门负责人对本部门的事项可以签收
    await must(act(tech, techItem, "acknowledge"));
    // 财务部在自己的事项上可以签收，技术部再报告 → 403
    await must(act(dept("fin"), finItem, "acknowledge"));
    expectProblem(await act(tech, finItem, "report", REPORT), 403);
    expect((await read(finItem)).body.status).toBe("in_progress");
  });

  it("下发通知单只能由督办办公室，领导、部门、只读用户 → 403，事项仍为已立项", async () => {
    const id = await itemIn("registered");
    const before = await read(id);
    for (const as of [leader, viewer, PRINCIPALS.lead]) {
      const answer = await invoke(env.deps, "issueNotice", { as, body: { itemIds: [id] } });
      expectProblem(answer, 403);
    }
    const after = await read(id);
    expect(after.body.etag).toBe(before.body.etag);
    expect(after.body.status).toBe("registered");
    expect(after.body.noticeNumber).toBeNull();
  });
});

describe("状态不允许的操作 → 409 并给出可做的操作", () => {
  it("已立项的事项再审定立项 → 409，allowedActions 为领导此时可做的操作", async () => {
    const id = await itemIn("registered");
    const before = await read(id);
    const answer = await act(leader, id, "approve", {});
    expectProblem(answer, 409);
    expect(answer.body.detail).toContain("已立项");
    expect(answer.body.allowedActions).toEqual(["cancel"]);
    expect((await read(id)).body.etag).toBe(before.body.etag);
  });

  it("牵头部门未签收就报告 → 409，可做的是签收和报送进展", async () => {
    const id = await itemIn("notified");
    const before = await read(id);
    const answer = await act(PRINCIPALS.lead, id, "report", REPORT);
    expectProblem(answer, 409);
    expect(answer.body.allowedActions).toEqual(["acknowledge", "progress"]);
    const after = await read(id);
    expect(after.body.etag).toBe(before.body.etag);
    expect(after.body.report).toBeNull();
  });

  it("已撤销的事项上，任何操作由其有权角色提出都 → 409，allowedActions 为空", async () => {
    const id = await itemIn("draft");
    await must(act(leader, id, "reject", { reason: "不予立项" }));
    const before = await read(id);
    expect(before.body.status).toBe("cancelled");
    for (const row of MATRIX) {
      const answer = await act(PRINCIPALS[row.allowed[0]!], id, row.action, row.payload, before.body.etag);
      expectProblem(answer, 409);
      expect(answer.body.code).toBe("conflict");
      expect(answer.body.allowedActions, row.action).toEqual([]);
    }
    expect((await read(id)).body.etag).toBe(before.body.etag);
  });

  it("已认定失实的事项不能再次认定 → 409", async () => {
    const id = await itemIn("closed");
    await must(
      act(leader, id, "flag_false_report", {
        reason: "与现场核查不符",
        seriousConsequence: true,
        consequence: "造成客户投诉",
      }),
    );
    const before = await read(id, leader);
    expect(before.body.allowedActions).toEqual([]);
    const again = await act(leader, id, "flag_false_report", {
      reason: "再次认定",
      seriousConsequence: true,
      consequence: "造成客户投诉",
    });
    expectProblem(again, 409);
    expect(again.body.allowedActions).toEqual([]);
    expect((await read(id)).body.etag).toBe(before.body.etag);
  });
});

describe("没有的操作 → 404", () => {
  for (const name of ["publish", "APPROVE", "issue", "void_notice", "__proto__", "constructor", "edit"]) {
    it(`操作名「${name}」→ 404 problem+json，事项不变`, async () => {
      const id = await itemIn("registered");
      const before = await read(id);
      const answer = await act(office, id, name, {}, before.body.etag);
      expectProblem(answer, 404);
      expect((await read(id)).body.etag).toBe(before.body.etag);
    });
  }

  it("不存在的事项上的操作 → 404", async () => {
    const answer = await act(leader, "nosuchitem000", "approve", {}, '"x"');
    expectProblem(answer, 404);
    expect(answer.body.detail).toContain("nosuchitem000");
  });
});

describe("登记与修改只能由督办办公室", () => {
  it("领导小组、部门、只读用户登记 → 403，列表中没有新事项", async () => {
    const own = testEnv();
    for (const as of [leader, viewer, dept("tech")]) {
      const answer = await invoke(own.deps, "createItem", { as, body: newItem() });
      expectProblem(answer, 403);
      expect(answer.body.detail).toContain("登记");
    }
    const list = await invoke(own.deps, "listItems", { as: office });
    expect(list.body.items).toEqual([]);
  });

  it("领导小组、牵头部门、只读用户修改 → 403，事项不变", async () => {
    const id = await itemIn("draft");
    const before = await read(id);
    for (const as of [leader, viewer, PRINCIPALS.lead, PRINCIPALS.assist]) {
      const answer = await invoke(env.deps, "editItem", {
        as,
        params: { id },
        body: { content: "被越权修改的内容" },
        ifMatch: before.body.etag,
      });
      expectProblem(answer, 403);
    }
    const after = await read(id);
    expect(after.body.etag).toBe(before.body.etag);
    expect(after.body.content).toBe(before.body.content);
  });

  it("只读用户可以读取，但没有任何可做的操作和可改的字段", async () => {
    const id = await itemIn("in_progress");
    const view = await read(id, viewer);
    expect(view.status).toBe(200);
    expect(view.body.allowedActions).toEqual([]);
    expect(view.body.editableFields).toEqual([]);
    const asOffice = await read(id, office);
    expect(asOffice.body.editableFields).toEqual([
      "requirements",
      "owner",
      "leader",
      "leaderId",
      "mode",
      "assistDepts",
      "supervisionGroup",
    ]);
  });
});

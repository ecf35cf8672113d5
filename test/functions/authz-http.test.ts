/**
 * The full role × action × department matrix (DESIGN §1 “Roles”, §2 Identity) over real HTTP: the local host,
 * the caller named by the x-ms-client-principal header exactly as App Service Authentication sends it.
 *
 * The expected matrix is written out by hand from DESIGN §1, not derived from the source:
 * - office 督办办公室: create, edit, issue, urge, void a notice;
 * - leader 领导小组: approve, reject, approve/reject extension, close, return, cancel, flag false report,
 *   finalize a month;
 * - dept:<id>: acknowledge, progress, request extension, report — only on items its department leads;
 *   progress also as an assisting department;
 * - viewer: reads only.
 * Reference data (PUT departments, settings, rules): DESIGN names no role; our reading is that they are kept by
 * the 督办办公室 and the 领导小组 (the company sets the deduction amounts), never by a department or a viewer.
 *
 * Items are brought to the state where each action applies through the handlers (invoke); only the decisive
 * request goes over HTTP. A refusal leaves the item unchanged, so one item serves every refused principal and
 * then the allowed one(s).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../functions/src/domain/types.js";
import type { LocalHost } from "../../functions/src/local/host.js";
import {
  type Answer,
  dept,
  HttpClient,
  invoke,
  leader,
  newItem,
  office,
  startHost,
  type TestEnv,
  testEnv,
  viewer,
} from "../support/api.js";

type Kind = "office" | "leader" | "viewer" | "lead" | "assist" | "other";
const KINDS: Kind[] = ["office", "leader", "viewer", "lead", "assist", "other"];
const PRINCIPALS: Record<Kind, Principal> = {
  office,
  leader,
  viewer,
  lead: dept("tech"), // the item's lead department
  assist: dept("safety"), // its assisting department (联合督办)
  other: dept("audit"), // a department with nothing to do with it
};
const LABELS: Record<Kind, string> = {
  office: "督办办公室",
  leader: "领导小组",
  viewer: "只读用户",
  lead: "牵头部门",
  assist: "协办部门",
  other: "无关部门",
};
const DEPARTMENTS = [
  { id: "tech", name: "技术部", head: "张三" },
  { id: "safety", name: "安全部", head: "李四" },
  { id: "audit", name: "审计部", head: "王五" },
];

type State = "draft" | "notified" | "in_progress" | "extension_requested" | "reported" | "closed";

/**
 * Expected statuses, by hand from DESIGN §1, for each action taken on an item in a state where it applies.
 * Columns: office, leader, viewer, lead dept (tech), assisting dept (safety), unrelated dept (audit).
 */
// prettier-ignore
const EXPECTED_ACTIONS: Record<string, Statuses> = {
  //                   office leader viewer lead assist other
  approve:            [403,   200,   403,   403, 403,   403],
  reject:             [403,   200,   403,   403, 403,   403],
  acknowledge:        [403,   403,   403,   200, 200,   403],
  urge:               [200,   403,   403,   403, 403,   403],
  progress:           [403,   403,   403,   200, 200,   403],
  assist_opinion:     [403,   403,   403,   403, 200,   403],
  site_visit:         [200,   200,   403,   403, 403,   403],
  request_extension:  [403,   403,   403,   200, 403,   403],
  approve_extension:  [403,   200,   403,   403, 403,   403],
  reject_extension:   [403,   200,   403,   403, 403,   403],
  report:             [403,   403,   403,   200, 403,   403],
  close:              [403,   200,   403,   403, 403,   403],
  return:             [403,   200,   403,   403, 403,   403],
  cancel:             [403,   200,   403,   403, 403,   403],
  flag_false_report:  [403,   200,   403,   403, 403,   403],
};
type Statuses = [number, number, number, number, number, number];

/** The state each action is tried in (one where the lifecycle allows it), and a valid payload. */
const SETUP: Record<string, { state: State; payload: Record<string, unknown> }> = {
  approve: { state: "draft", payload: { comment: "同意" } },
  reject: { state: "draft", payload: { reason: "不属于督办范围" } },
  acknowledge: { state: "notified", payload: {} },
  urge: { state: "in_progress", payload: { note: "请抓紧" } },
  progress: { state: "in_progress", payload: { note: "已完成初稿" } },
  assist_opinion: { state: "in_progress", payload: { opinion: "协办部门无异议" } },
  site_visit: {
    state: "in_progress",
    payload: { date: "2026-11-01", place: "技术部", participants: "王主任", findings: "进展正常" },
  },
  request_extension: {
    state: "in_progress",
    payload: { reason: "上级文件未下达", measures: "下达后一周内完成", proposedDeadline: "2027-03-31" },
  },
  approve_extension: { state: "extension_requested", payload: { deadline: "2027-03-31" } },
  reject_extension: { state: "extension_requested", payload: { comment: "请按期完成" } },
  report: {
    state: "in_progress",
    payload: {
      completedFrom: "2026-10-01",
      completedTo: "2026-11-01",
      summary: "已完成",
      leadOpinion: "同意报结",
    },
  },
  close: { state: "reported", payload: { opinion: "同意办结" } },
  return: { state: "reported", payload: { opinion: "材料不全", deadline: "2026-11-30" } },
  cancel: { state: "in_progress", payload: { reason: "决策已调整" } },
  flag_false_report: {
    state: "closed",
    payload: { reason: "与现场核查不符", seriousConsequence: true, consequence: "造成客户投诉" },
  },
};
const ACTION_MATRIX = Object.entries(EXPECTED_ACTIONS).map(([action, expect]) => ({
  action,
  expect,
  ...SETUP[action]!,
}));

const REPORT = {
  completedFrom: "2026-10-01",
  completedTo: "2026-11-01",
  summary: "已完成",
  leadOpinion: "同意报结",
};

let env: TestEnv;
let host: LocalHost;
const client = (k: Kind) => new HttpClient(host.url, PRINCIPALS[k]);

beforeAll(async () => {
  env = testEnv(); // clock: 2026-11-02 10:00 CST
  expect((await invoke(env.deps, "putDepartments", { as: office, body: DEPARTMENTS })).status).toBe(200);
  host = await startHost(env);
});

afterAll(async () => {
  await host?.close();
});

async function must(answer: Promise<Answer>, status = 200): Promise<Answer> {
  const a = await answer;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a;
}

async function act(as: Principal, id: string, action: string, body: unknown = {}) {
  const read = await invoke(env.deps, "getItem", { as: office, params: { id } });
  return must(invoke(env.deps, "itemAction", { as, params: { id, action }, body, ifMatch: read.body.etag }));
}

/** A 联合督办 item (tech leads, safety assists) brought to `state` by the right roles, through the handlers. */
async function itemIn(state: State | "registered"): Promise<string> {
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
  if (state === "draft") return id;
  await act(leader, id, "approve");
  if (state === "registered") return id;
  await must(invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [id] } }), 201);
  if (state === "notified") return id;
  await act(PRINCIPALS.lead, id, "acknowledge");
  if (state === "extension_requested")
    await act(PRINCIPALS.lead, id, "request_extension", {
      reason: "原因",
      measures: "举措",
      proposedDeadline: "2027-06-30",
    });
  if (state === "reported" || state === "closed") await act(PRINCIPALS.lead, id, "report", REPORT);
  if (state === "closed") await act(leader, id, "close", { opinion: "同意办结" });
  return id;
}

function expectForbidden(answer: Answer, what: string) {
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(403);
  expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status: 403, code: "forbidden" });
  expect(answer.body.detail).toMatch(/[\u4e00-\u9fff]/);
}

describe.concurrent("15 个操作 × 6 类身份（HTTP，x-ms-client-principal）", () => {
  it("矩阵覆盖 DESIGN 的全部 15 个操作", () => {
    expect(Object.keys(EXPECTED_ACTIONS)).toHaveLength(15);
    expect(Object.keys(SETUP).sort()).toEqual(Object.keys(EXPECTED_ACTIONS).sort());
  });
  for (const row of ACTION_MATRIX) {
    const refused = KINDS.filter((_, i) => row.expect[i] === 403);
    const allowed = KINDS.filter((_, i) => row.expect[i] !== 403);
    it(`${row.action}（${row.state}）：${allowed.map((k) => LABELS[k]).join("、")} 200；${refused.map((k) => LABELS[k]).join("、")} 403`, async () => {
      const id = await itemIn(row.state);
      const path = `/items/${id}/actions/${row.action}`;
      const before = await client("office").get(`/items/${id}`);
      expect(before.status).toBe(200);
      expect(before.body.status).toBe(row.state);

      // What each principal is offered matches the matrix (the add-in hides exactly what the server refuses).
      for (const k of KINDS) {
        const view = await client(k).get(`/items/${id}`);
        expect(view.status, `${LABELS[k]} 读取`).toBe(200);
        if (allowed.includes(k)) expect(view.body.allowedActions, LABELS[k]).toContain(row.action);
        else expect(view.body.allowedActions, LABELS[k]).not.toContain(row.action);
      }

      const got: Record<string, number> = {};
      for (const k of refused) {
        const answer = await client(k).post(path, row.payload, { ifMatch: before.body.etag });
        got[k] = answer.status;
        expectForbidden(answer, `${row.action} by ${LABELS[k]}`);
      }
      const after = await client("office").get(`/items/${id}`);
      expect(after.body.etag, "被拒后事项不变").toBe(before.body.etag);
      expect(after.body.status).toBe(row.state);

      for (const k of allowed) {
        const current = await client("office").get(`/items/${id}`);
        const answer = await client(k).post(path, row.payload, { ifMatch: current.body.etag });
        got[k] = answer.status;
        expect(answer.status, `${row.action} by ${LABELS[k]}: ${JSON.stringify(answer.body)}`).toBe(200);
        expect(answer.body.id).toBe(id);
        expect(answer.headers.get("etag")).toBe(answer.body.etag);
      }
      expect(KINDS.map((k) => got[k])).toEqual(row.expect);
    });
  }
});

describe("登记、修改、下发、作废、定稿、参考资料 × 6 类身份（HTTP）", () => {
  // Columns: office, leader, viewer, lead dept, assisting dept, unrelated dept.
  const EXPECTED: Record<string, number[]> = {
    createItem: [201, 403, 403, 403, 403, 403],
    editItem: [200, 403, 403, 403, 403, 403],
    issueNotice: [201, 403, 403, 403, 403, 403],
    voidNotice: [200, 403, 403, 403, 403, 403],
    finalizeAssessment: [403, 201, 403, 403, 403, 403],
    putRules: [201, 201, 403, 403, 403, 403],
    putSettings: [200, 200, 403, 403, 403, 403],
    putDepartments: [200, 200, 403, 403, 403, 403],
    // Reads are open to every principal with a role.
    readItem: [200, 200, 200, 200, 200, 200],
    readAssessment: [200, 200, 200, 200, 200, 200],
  };
  const got: Record<string, number[]> = {};
  const record = (what: string, k: Kind, status: number) => {
    (got[what] ??= Array<number>(KINDS.length).fill(0))[KINDS.indexOf(k)] = status;
  };
  /** Refused kinds first (nothing changes), then the allowed ones in column order. */
  const order = (what: string) => [
    ...KINDS.filter((_, i) => EXPECTED[what]![i] === 403),
    ...KINDS.filter((_, i) => EXPECTED[what]![i] !== 403),
  ];

  it("登记 POST /api/items：只有办公室（201），其余 403 且没有新事项", async () => {
    const own = testEnv();
    const ownHost = await startHost(own);
    try {
      for (const k of order("createItem")) {
        const api = new HttpClient(ownHost.url, PRINCIPALS[k]);
        const answer = await api.post("/items", newItem({ content: `由${LABELS[k]}登记` }));
        record("createItem", k, answer.status);
        if (answer.status === 403) {
          expectForbidden(answer, LABELS[k]);
          const list = await api.get("/items");
          expect(list.body.items).toEqual([]);
        }
      }
    } finally {
      await ownHost.close();
    }
    expect(got.createItem).toEqual(EXPECTED.createItem);
  });

  it("修改 PATCH /api/items/{id}：只有办公室，事项被拒后不变", async () => {
    const id = await itemIn("draft");
    const before = await client("office").get(`/items/${id}`);
    for (const k of order("editItem")) {
      const current = await client("office").get(`/items/${id}`);
      const answer = await client(k).patch(
        `/items/${id}`,
        { content: `由${LABELS[k]}修改` },
        { ifMatch: current.body.etag },
      );
      record("editItem", k, answer.status);
      if (answer.status === 403) {
        expectForbidden(answer, LABELS[k]);
        expect((await client("office").get(`/items/${id}`)).body.etag).toBe(before.body.etag);
      } else expect(answer.body.content).toBe(`由${LABELS[k]}修改`);
    }
    expect(got.editItem).toEqual(EXPECTED.editItem);
  });

  it("下发 POST /api/notices 与作废 POST /api/notices/{year}/{seq}/void：只有办公室", async () => {
    const id = await itemIn("registered");
    let notice: { year: number; seq: number } | null = null;
    for (const k of order("issueNotice")) {
      const answer = await client(k).post("/notices", { itemIds: [id] });
      record("issueNotice", k, answer.status);
      if (answer.status === 403) {
        expectForbidden(answer, LABELS[k]);
        const item = await client("office").get(`/items/${id}`);
        expect(item.body.status).toBe("registered");
        expect(item.body.noticeNumber).toBeNull();
      } else notice = answer.body;
    }
    expect(got.issueNotice).toEqual(EXPECTED.issueNotice);
    expect(notice).not.toBeNull();

    const path = `/notices/${notice!.year}/${notice!.seq}/void`;
    for (const k of order("voidNotice")) {
      const answer = await client(k).post(path, { reason: "内容有误，重新下发" });
      record("voidNotice", k, answer.status);
      if (answer.status === 403) {
        expectForbidden(answer, LABELS[k]);
        const read = await client("office").get(`/notices/${notice!.year}/${notice!.seq}`);
        expect(read.body.voided).toBe(false);
      } else expect(answer.body.voided).toBe(true);
    }
    expect(got.voidNotice).toEqual(EXPECTED.voidNotice);
    expect((await client("office").get(`/items/${id}`)).body.status).toBe("registered");
  });

  it("定稿 POST /api/assessments/{month}/finalize：只有领导小组（201）", async () => {
    for (const k of order("finalizeAssessment")) {
      const answer = await client(k).post("/assessments/2026-10/finalize");
      record("finalizeAssessment", k, answer.status);
      if (answer.status === 403) {
        expectForbidden(answer, LABELS[k]);
        expect((await client(k).get("/assessments/2026-10")).body.finalized).toBe(false);
      } else expect(answer.body.finalized).toBe(true);
    }
    expect(got.finalizeAssessment).toEqual(EXPECTED.finalizeAssessment);
  });

  it("考核规则 PUT /api/rules：办公室、领导小组可以（各存一个新版本），部门、只读用户 403", async () => {
    for (const k of order("putRules")) {
      const current = await client("office").get("/rules");
      const { version, createdAt: _c, createdBy: _b, ...doc } = current.body;
      const answer = await client(k).put(
        "/rules",
        { ...doc, r4Points: (doc.r4Points % 5) + 1 },
        { ifMatch: current.headers.get("etag")! },
      );
      record("putRules", k, answer.status);
      if (answer.status === 403) {
        expectForbidden(answer, LABELS[k]);
        expect((await client("office").get("/rules")).body.version).toBe(version);
      } else expect(answer.body.version).toBe(version + 1);
    }
    expect(got.putRules).toEqual(EXPECTED.putRules);
  });

  it("系统设置 PUT /api/settings 与部门 PUT /api/departments：办公室、领导小组可以，部门、只读用户 403", async () => {
    for (const [what, path, make] of [
      [
        "putSettings",
        "/settings",
        (k: Kind) => ({
          companyName: `${LABELS[k]}设置的公司`,
          numberPrefix: "陕秦安督字",
          yellowLightDays: 3,
        }),
      ],
      [
        "putDepartments",
        "/departments",
        (k: Kind) => [...DEPARTMENTS, { id: `d-${k}`, name: `${LABELS[k]}部` }],
      ],
    ] as const) {
      for (const k of order(what)) {
        const current = await client("office").get(path);
        const etag = current.headers.get("etag");
        const answer = await client(k).put(path, make(k), etag ? { ifMatch: etag } : {});
        record(what, k, answer.status);
        if (answer.status === 403) {
          expectForbidden(answer, `${what} ${LABELS[k]}`);
          expect((await client("office").get(path)).body).toEqual(current.body);
        } else expect((await client("viewer").get(path)).body).toMatchObject(make(k));
      }
      expect(got[what], what).toEqual(EXPECTED[what]);
    }
  });

  it("读取：每类身份都能读事项和考核", async () => {
    const id = await itemIn("in_progress");
    for (const k of KINDS) {
      record("readItem", k, (await client(k).get(`/items/${id}`)).status);
      record("readAssessment", k, (await client(k).get("/assessments/2026-11")).status);
    }
    expect(got.readItem).toEqual(EXPECTED.readItem);
    expect(got.readAssessment).toEqual(EXPECTED.readAssessment);
  });
});

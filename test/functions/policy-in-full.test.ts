/**
 * 制度全文（DESIGN §4）经由接口：拟办意见与待我审定、上级部署事项的下发要求、协办部门签收与意见、联合督办的督办组、
 * 现场督办记录、调整（不只延期）、问责台账、严重失实且造成较大后果、随时通报、存档编号。
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
  TestClock,
  viewer,
} from "../support/api.js";

const DEPARTMENTS = [
  { id: "tech", name: "技术部", head: "张三" },
  { id: "safety", name: "安全部", head: "李四" },
  { id: "fin", name: "财务部", head: "赵六" },
];
const tech = dept("tech");
const safety = dept("safety");
const fin = dept("fin");
const leaderWang: Principal = { id: "u-leader-wang", name: "王副总经理", roles: ["leader"] };
const leaderLi: Principal = { id: "u-leader-li", name: "李副总经理", roles: ["leader"] };

function ok(answer: Answer, status = 200) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body;
}

class Desk {
  constructor(readonly env: TestEnv) {}
  static async open(clock = new TestClock("2026-11-02T02:00:00Z")) {
    const env = testEnv({ clock });
    ok(await invoke(env.deps, "putDepartments", { as: office, body: DEPARTMENTS }));
    return new Desk(env);
  }
  at(iso: string) {
    this.env.clock.set(iso);
    return this;
  }
  async read(id: string) {
    return ok(await invoke(this.env.deps, "getItem", { as: office, params: { id } }));
  }
  async act(id: string, action: string, as: Principal, body: unknown = {}) {
    const item = await this.read(id);
    return invoke(this.env.deps, "itemAction", { as, params: { id, action }, ifMatch: item.etag, body });
  }
  async must(id: string, action: string, as: Principal, body: unknown = {}) {
    return ok(await this.act(id, action, as, body));
  }
  async create(fields: Record<string, unknown> = {}) {
    return ok(await invoke(this.env.deps, "createItem", { as: office, body: newItem(fields) }), 201);
  }
  async registered(fields: Record<string, unknown> = {}, by: Principal = leader) {
    const item = await this.create(fields);
    await this.must(item.id, "approve", by, {});
    return item.id as string;
  }
  async issue(ids: string[]) {
    return invoke(this.env.deps, "issueNotice", { as: office, body: { itemIds: ids } });
  }
  async running(fields: Record<string, unknown> = {}) {
    const id = await this.registered(fields);
    ok(await this.issue([id]), 201);
    await this.must(id, "acknowledge", tech);
    return id;
  }
  async reported(fields: Record<string, unknown> = {}) {
    const id = await this.running(fields);
    await this.must(id, "report", tech, {
      completedFrom: "2026-10-20",
      completedTo: "2026-11-01",
      summary: "已按要求完成",
      leadOpinion: "同意报结",
    });
    return id;
  }
  async list(query: Record<string, string>, as: Principal = office) {
    return invoke(this.env.deps, "listItems", { as, query });
  }
}

describe("三、(一) 拟办意见与领导审定", () => {
  let desk: Desk;
  beforeAll(async () => (desk = await Desk.open()));

  it("办公室登记时写拟办意见；审定前可改，审定后不能再改", async () => {
    const item = await desk.create({
      proposal: "建议由技术部牵头，年底前完成",
      leader: "王副总经理",
      leaderId: leaderWang.id,
    });
    expect(item).toMatchObject({ proposal: "建议由技术部牵头，年底前完成", leaderId: leaderWang.id });
    const edited = ok(
      await invoke(desk.env.deps, "editItem", {
        as: office,
        params: { id: item.id },
        ifMatch: item.etag,
        body: { proposal: "建议由技术部牵头、安全部协办" },
      }),
    );
    await desk.must(item.id, "approve", leaderWang);
    const after = await desk.read(item.id);
    const refused = await invoke(desk.env.deps, "editItem", {
      as: office,
      params: { id: item.id },
      ifMatch: after.etag,
      body: { proposal: "再改" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain("拟办意见");
    expect(edited.proposal).toBe("建议由技术部牵头、安全部协办");
  });

  it("待我审定（?awaiting=me）：指定了分管领导的只给该领导，未指定的给每位领导；拟办、申请延期、已报告都算", async () => {
    const d = await Desk.open();
    const forWang = await d.create({ content: "给王副总审定", leaderId: leaderWang.id });
    const forLi = await d.create({ content: "给李副总审定", leaderId: leaderLi.id });
    const anyone = await d.create({ content: "未指定领导" });
    const reported = await d.reported({ content: "已报告待办结", leaderId: leaderWang.id });
    const ids = async (p: Principal) =>
      (ok(await d.list({ awaiting: "me" }, p)).items as { id: string }[]).map((i) => i.id).sort();
    expect(await ids(leaderWang)).toEqual([forWang.id, anyone.id, reported].sort());
    expect(await ids(leaderLi)).toEqual([forLi.id, anyone.id].sort());
    const notLeader = await d.list({ awaiting: "me" }, office);
    expect(notLeader.status).toBe(400);
    expect(notLeader.body.errors[0].path).toBe("awaiting");
  });
});

describe("六、(二) 上级部署事项：下发前须写明分管领导、牵头部门、责任人、完成时限和质量要求", () => {
  it("缺项时 409 逐项指出；补齐后可以下发", async () => {
    const desk = await Desk.open();
    const id = await desk.registered({ source: "superior", owner: "", leader: "", requirements: "" });
    const refused = await desk.issue([id]);
    expect(refused.status).toBe(409);
    for (const field of ["分管领导", "责任人", "质量要求"]) expect(refused.body.detail).toContain(field);
    const item = await desk.read(id);
    ok(
      await invoke(desk.env.deps, "editItem", {
        as: office,
        params: { id },
        ifMatch: item.etag,
        body: { owner: "张三", leader: "王副总经理", requirements: "按省局文件要求" },
      }),
    );
    ok(await desk.issue([id]), 201);
  });
});

describe("协办部门：各自签收，各自写意见；报告单逐部门列出", () => {
  let desk: Desk;
  let id: string;
  beforeAll(async () => {
    desk = await Desk.open();
    id = await desk.registered({
      mode: "joint",
      assistDepts: ["safety", "fin"],
      supervisionGroup: ["督办办公室 王主任", "安全部 李部长"],
    });
    ok(await desk.issue([id]), 201);
  });

  it("协办部门签收不改变状态，只记下签收；牵头部门签收后进入办理中", async () => {
    const signed = await desk.must(id, "acknowledge", safety);
    expect(signed.status).toBe("notified");
    expect(signed.acknowledgements).toEqual([expect.objectContaining({ deptId: "safety", by: safety.name })]);
    const again = await desk.act(id, "acknowledge", safety);
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain("已签收");
    const lead = await desk.must(id, "acknowledge", tech);
    expect(lead.status).toBe("in_progress");
    expect(lead.acknowledgements.map((a: { deptId: string }) => a.deptId)).toEqual(["safety", "tech"]);
    // 财务部 can still sign once the item is 办理中.
    expect((await desk.must(id, "acknowledge", fin)).acknowledgements).toHaveLength(3);
  });

  it("协办部门写自己的承办（协办）意见；再写一次替换自己的，不影响别的部门；牵头部门不能代写", async () => {
    await desk.must(id, "assist_opinion", safety, { opinion: "安全部已完成现场核查" });
    await desk.must(id, "assist_opinion", fin, { opinion: "财务部无异议" });
    const replaced = await desk.must(id, "assist_opinion", safety, { opinion: "安全部同意报结" });
    expect(
      replaced.assistOpinions.map((o: { deptId: string; opinion: string }) => [o.deptId, o.opinion]),
    ).toEqual([
      ["fin", "财务部无异议"],
      ["safety", "安全部同意报结"],
    ]);
    expect((await desk.act(id, "assist_opinion", tech, { opinion: "代写" })).status).toBe(403);
  });

  it("联合督办写明督办组；不写督办组的联合督办登记 400", async () => {
    expect((await desk.read(id)).supervisionGroup).toEqual(["督办办公室 王主任", "安全部 李部长"]);
    const bad = await invoke(desk.env.deps, "createItem", {
      as: office,
      body: newItem({ mode: "joint", assistDepts: ["safety"] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain("supervisionGroup");
  });
});

describe("四、(三) 现场督办是记录，不是标签", () => {
  it("办公室或领导记录日期、地点、参加人员、情况和后续要求；部门不能记录；日期不能晚于今天", async () => {
    const desk = await Desk.open();
    const id = await desk.running();
    const visit = {
      date: "2026-11-01",
      place: "技术部会议室",
      participants: "督办办公室王主任、技术部张部长",
      findings: "报告初稿已完成，数据核对中",
      followUp: "11月10日前报送终稿",
    };
    const after = await desk.must(id, "site_visit", office, visit);
    expect(after.siteVisits).toEqual([expect.objectContaining({ ...visit, by: office.name })]);
    expect(after.status).toBe("in_progress");
    expect((await desk.act(id, "site_visit", tech, visit)).status).toBe(403);
    const future = await desk.act(id, "site_visit", leader, { ...visit, date: "2026-11-20" });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].path).toBe("date");
    const history = ok(await invoke(desk.env.deps, "listItemEvents", { as: office, params: { id } }));
    expect(history.items.at(-1)).toMatchObject({ kind: "site_visit", payload: visit });
  });
});

describe("三、(三) 调整：不只延期，也可调整内容或督办要求，领导同意什么就改什么", () => {
  it("部门提出调整内容和新时限；领导只同意调整内容：内容改了、时限不变，历史有改前改后", async () => {
    const desk = await Desk.open();
    const id = await desk.running({ content: "编制三季度安全评价报告", deadline: "2026-12-31" });
    const none = await desk.act(id, "request_extension", tech, { reason: "范围有变", measures: "调整范围" });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe("proposedDeadline");
    const asked = await desk.must(id, "request_extension", tech, {
      reason: "客户要求合并四季度内容",
      measures: "合并编制",
      proposedDeadline: "2027-01-31",
      proposedContent: "编制三、四季度安全评价报告",
    });
    expect(asked.adjustmentRequest).toMatchObject({
      proposedDeadline: "2027-01-31",
      proposedContent: "编制三、四季度安全评价报告",
    });
    const approved = await desk.must(id, "approve_extension", leader, {
      content: "编制三、四季度安全评价报告",
      comment: "同意合并，时限不变",
    });
    expect(approved).toMatchObject({
      status: "in_progress",
      content: "编制三、四季度安全评价报告",
      effectiveDeadline: "2026-12-31",
      adjustmentRequest: null,
    });
    expect(approved.adjustedAt).toBe(approved.updatedAt);
    const history = ok(await invoke(desk.env.deps, "listItemEvents", { as: office, params: { id } }));
    expect(history.items.at(-1).changes.content).toEqual({
      before: "编制三季度安全评价报告",
      after: "编制三、四季度安全评价报告",
    });
  });
});

describe("附件2 存档编号：办结时由服务器分配，每项一个，按办结年度连续编号", () => {
  it("一单多事的两项各得一个存档编号，依次为 督报〔2026〕1号、2号", async () => {
    const desk = await Desk.open();
    const a = await desk.registered({ content: "一单多事甲" });
    const b = await desk.registered({ content: "一单多事乙" });
    ok(await desk.issue([a, b]), 201);
    for (const id of [a, b]) {
      await desk.must(id, "acknowledge", tech);
      await desk.must(id, "report", tech, {
        completedFrom: "2026-10-20",
        completedTo: "2026-11-01",
        summary: "完成",
        leadOpinion: "同意",
      });
    }
    const closedA = await desk.must(a, "close", leader, { opinion: "同意办结" });
    const closedB = await desk.must(b, "close", leader, { opinion: "同意办结" });
    expect(closedA.archiveNumber).toBe("督报〔2026〕1号");
    expect(closedB.archiveNumber).toBe("督报〔2026〕2号");
  });
});

describe("七、(一) 问责台账", () => {
  it("领导小组记录、列出、撤销；记录不可改，撤销另记；办公室和部门不能记录", async () => {
    const desk = await Desk.open();
    const id = await desk.running();
    const body = {
      itemIds: [id],
      deptId: "tech",
      person: "张三（责任人）",
      measure: "interview",
      reason: "逾期未办结且未说明情况",
    };
    expect((await invoke(desk.env.deps, "recordAccountability", { as: office, body })).status).toBe(403);
    const made = ok(await invoke(desk.env.deps, "recordAccountability", { as: leader, body }), 201);
    expect(made).toMatchObject({ ...body, month: "2026-11", createdBy: leader.name, revoked: false });
    const bad = await invoke(desk.env.deps, "recordAccountability", {
      as: leader,
      body: { ...body, measure: "fine", deptId: "nope" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(["measure"]);
    const revoked = ok(
      await invoke(desk.env.deps, "revokeAccountability", {
        as: leader,
        params: { id: made.id },
        body: { reason: "经复核情况属实已说明" },
      }),
    );
    expect(revoked).toMatchObject({ id: made.id, revoked: true, revokeReason: "经复核情况属实已说明" });
    const twice = await invoke(desk.env.deps, "revokeAccountability", {
      as: leader,
      params: { id: made.id },
      body: { reason: "再撤" },
    });
    expect(twice.status).toBe(409);
    const list = ok(
      await invoke(desk.env.deps, "listAccountability", { as: viewer, query: { year: "2026" } }),
    );
    expect(list.items).toEqual([revoked]);
    // A department head sees their own department's records (asked or not), never another's.
    const mine = await invoke(desk.env.deps, "listAccountability", { as: safety, query: { year: "2026" } });
    expect(ok(mine).items).toEqual([]);
    expect(
      ok(await invoke(desk.env.deps, "listAccountability", { as: tech, query: { year: "2026" } })).items,
    ).toEqual([revoked]);
    const other = await invoke(desk.env.deps, "listAccountability", {
      as: safety,
      query: { year: "2026", deptId: "tech" },
    });
    expect(other.status).toBe(403);
  });

  it("月度考核：当月的问责记录列在考核结果中，扣分明细写明责任人和分管领导", async () => {
    const desk = await Desk.open(new TestClock("2026-10-02T02:00:00Z"));
    const id = await desk.running({ deadline: "2026-10-10", owner: "张三", leader: "王副总经理" });
    ok(
      await invoke(desk.env.deps, "recordAccountability", {
        as: leader,
        body: { itemIds: [id], deptId: "tech", person: "张三", measure: "criticism", reason: "逾期" },
      }),
      201,
    );
    desk.at("2026-11-02T02:00:00Z");
    const month = ok(
      await invoke(desk.env.deps, "getAssessment", { as: office, params: { month: "2026-10" } }),
    );
    expect(month.accountability).toEqual([expect.objectContaining({ measure: "criticism", person: "张三" })]);
    expect(month.lines[0]).toMatchObject({ itemId: id, owner: "张三", leader: "王副总经理" });
  });
});

describe("评优评先：严重失实且造成较大后果才取消，且取消的是所报工作的年度；问责取消评优评先取消其年度", () => {
  async function flagged(when: string, seriousConsequence: boolean) {
    // 12月报告、12月办结；次年1月认定失实。
    const desk = await Desk.open(new TestClock("2026-12-01T02:00:00Z"));
    const id = await desk.running({ deadline: "2026-12-31" });
    await desk.must(id, "report", tech, {
      completedFrom: "2026-12-01",
      completedTo: "2026-12-01",
      summary: "完成",
      leadOpinion: "同意",
    });
    await desk.must(id, "close", leader, { opinion: "同意办结" });
    desk.at(when);
    await desk.must(id, "flag_false_report", leader, {
      reason: "报告所述成果并未形成",
      seriousConsequence,
      ...(seriousConsequence ? { consequence: "客户据此申报，被监管部门通报" } : {}),
    });
    const year = async (y: string) =>
      (
        ok(await invoke(desk.env.deps, "getBulletin", { as: office, query: { year: y } }))
          .awardEligibility as {
          deptId: string;
          eligible: boolean;
          reasons: string[];
        }[]
      ).find((d) => d.deptId === "tech")!;
    return { desk, year };
  }

  it("1月认定12月工作严重失实且造成较大后果：取消的是上一年度（2026），2027 年不受影响", async () => {
    const { year } = await flagged("2027-01-15T02:00:00Z", true);
    expect((await year("2026")).eligible).toBe(false);
    expect((await year("2026")).reasons[0]).toContain("严重失实");
    expect((await year("2027")).eligible).toBe(true);
  });

  it("认定失实但未造成较大后果：不取消评优评先", async () => {
    const { year, desk } = await flagged("2027-01-15T02:00:00Z", false);
    expect((await year("2026")).eligible).toBe(true);
    const jan = ok(
      await invoke(desk.env.deps, "getAssessment", { as: office, params: { month: "2027-01" } }),
    );
    expect(jan.departments.find((d: { deptId: string }) => d.deptId === "tech").awardEligible).toBe(true);
  });

  it("问责「取消评优评先」取消该年度；撤销后恢复", async () => {
    const desk = await Desk.open(new TestClock("2026-11-02T02:00:00Z"));
    const id = await desk.running();
    const made = ok(
      await invoke(desk.env.deps, "recordAccountability", {
        as: leader,
        body: { itemIds: [id], deptId: "tech", person: "技术部", measure: "award_loss", reason: "屡次逾期" },
      }),
      201,
    );
    const eligibility = async () =>
      (
        ok(await invoke(desk.env.deps, "getBulletin", { as: office, query: { year: "2026" } }))
          .awardEligibility as {
          deptId: string;
          eligible: boolean;
        }[]
      ).find((d) => d.deptId === "tech")!.eligible;
    expect(await eligibility()).toBe(false);
    const nov = ok(
      await invoke(desk.env.deps, "getAssessment", { as: office, params: { month: "2026-11" } }),
    );
    expect(nov.departments.find((d: { deptId: string }) => d.deptId === "tech").awardEligible).toBe(false);
    ok(
      await invoke(desk.env.deps, "revokeAccountability", {
        as: leader,
        params: { id: made.id },
        body: { reason: "复核后撤销" },
      }),
    );
    expect(await eligibility()).toBe(true);
  });
});

describe("六、(三) 随时通报", () => {
  it("专项事项进入紧急通报部分；选定事项可随时通报；通报列出期间的现场督办和问责", async () => {
    const desk = await Desk.open();
    const special = await desk.running({ source: "special", content: "专项整治" });
    const normal = await desk.running({ content: "普通事项" });
    await desk.must(special, "site_visit", office, {
      date: "2026-11-02",
      place: "现场",
      participants: "王主任",
      findings: "进展正常",
    });
    ok(
      await invoke(desk.env.deps, "recordAccountability", {
        as: leader,
        body: { itemIds: [special], deptId: "tech", person: "张三", measure: "criticism", reason: "进度慢" },
      }),
      201,
    );
    const period = ok(
      await invoke(desk.env.deps, "getBulletin", {
        as: office,
        query: { from: "2026-11-01", to: "2026-11-02" },
      }),
    );
    expect(period.urgentItems.map((i: { itemId: string }) => i.itemId)).toEqual([special]);
    expect(period.urgentItems[0]).toMatchObject({ requirements: "按公司质量要求完成", mode: "tracking" });
    expect(period.siteVisits).toEqual([expect.objectContaining({ itemId: special, place: "现场" })]);
    expect(period.accountability).toEqual([
      expect.objectContaining({ person: "张三", measureLabel: "通报批评" }),
    ]);
    const chosen = ok(await invoke(desk.env.deps, "getBulletin", { as: office, query: { itemIds: normal } }));
    expect(chosen.itemIds).toEqual([normal]);
    expect(chosen.totals.total).toBe(1);
    expect(chosen.siteVisits).toEqual([]);
    const missing = await invoke(desk.env.deps, "getBulletin", { as: office, query: { itemIds: "nope" } });
    expect(missing.status).toBe(400);
  });
});

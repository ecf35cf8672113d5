/**
 * 督办清单的登记、读取、修改与查询（设计 §2）：ETag 防止覆盖他人的修改，Idempotency-Key 防止重复登记，
 * 只能改当前状态允许的字段，列表按年度、状态、部门、超期筛选并分页，输入有误时逐项指出字段，
 * 亮灯与超期天数按北京时间计算。
 */
import { describe, expect, it } from "vitest";
import type { Principal } from "../../functions/src/domain/types.js";
import { type Answer, dept, invoke, leader, newItem, office, type TestEnv, testEnv } from "../support/api.js";

async function must(answer: Promise<Answer>, status = 200): Promise<Answer> {
  const a = await answer;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a;
}

function expectProblem(answer: Answer, status: number) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ status });
  expect(answer.body.title).toMatch(/[\u4e00-\u9fff]/);
  expect(answer.body.detail).toMatch(/[\u4e00-\u9fff]/);
  expect(Array.isArray(answer.body.errors)).toBe(true);
}

const paths = (answer: Answer) => (answer.body.errors as { path: string }[]).map((e) => e.path);

/** Small client bound to one test environment. */
function api(env: TestEnv) {
  const self = {
    create: (body: unknown = newItem(), as: Principal = office, idempotencyKey?: string) =>
      invoke(env.deps, "createItem", { as, body, ...(idempotencyKey ? { idempotencyKey } : {}) }),
    get: (id: string, as: Principal = office) => invoke(env.deps, "getItem", { as, params: { id } }),
    edit: (id: string, body: unknown, ifMatch?: string, headers?: Record<string, string>) =>
      invoke(env.deps, "editItem", {
        as: office,
        params: { id },
        body,
        ...(ifMatch ? { ifMatch } : {}),
        ...(headers ? { headers } : {}),
      }),
    action: (
      as: Principal,
      id: string,
      action: string,
      body: unknown,
      ifMatch?: string,
      headers?: Record<string, string>,
    ) =>
      invoke(env.deps, "itemAction", {
        as,
        params: { id, action },
        body,
        ...(ifMatch ? { ifMatch } : {}),
        ...(headers ? { headers } : {}),
      }),
    list: (query: Record<string, string> = {}) => invoke(env.deps, "listItems", { as: office, query }),
    ids: async (query: Record<string, string> = {}) => {
      const a = await must(self.list(query));
      return (a.body.items as { id: string }[]).map((i) => i.id);
    },
    /** Act with the current ETag. */
    step: async (as: Principal, id: string, action: string, body: unknown = {}) =>
      must(self.action(as, id, action, body, (await self.get(id)).body.etag)),
    history: async (id: string) => {
      const a = await must(invoke(env.deps, "listItemEvents", { as: office, params: { id } }));
      return a.body.items as { kind: string; actor: string; changes: Record<string, unknown> }[];
    },
    issue: (ids: string[]) =>
      must(invoke(env.deps, "issueNotice", { as: office, body: { itemIds: ids } }), 201),
    /** Create and bring to `notified` (approve, issue). */
    notified: async (body: unknown) => {
      const { body: item } = await must(self.create(body), 201);
      await self.step(leader, item.id, "approve");
      await self.issue([item.id]);
      return item.id as string;
    },
  };
  return self;
}

describe("ETag：不覆盖他人的修改", () => {
  it("用过期的 ETag 修改 → 412，保存的事项是他人修改后的样子", async () => {
    const t = api(testEnv());
    const { body: created } = await must(t.create(), 201);
    const first = await must(t.edit(created.id, { owner: "李四" }, created.etag));
    expect(first.body.owner).toBe("李四");
    const stale = await t.edit(created.id, { owner: "王五" }, created.etag);
    expectProblem(stale, 412);
    expect(stale.body.code).toBe("stale_etag");
    const now = await t.get(created.id);
    expect(now.body.owner).toBe("李四");
    expect(now.body.etag).toBe(first.body.etag);
    expect(now.body.version).toBe(2);
  });

  it("用过期的 ETag 做操作 → 412，状态不变，历史中没有这一步", async () => {
    const t = api(testEnv());
    const { body: created } = await must(t.create(), 201);
    await must(t.edit(created.id, { owner: "李四" }, created.etag));
    const stale = await t.action(leader, created.id, "approve", { comment: "同意" }, created.etag);
    expectProblem(stale, 412);
    const now = await t.get(created.id);
    expect(now.body.status).toBe("draft");
    const history = await t.history(created.id);
    expect(history.map((e) => e.kind)).toEqual(["create", "edit"]);
  });

  it("修改和操作缺少 If-Match → 428，事项不变", async () => {
    const t = api(testEnv());
    const { body: created } = await must(t.create(), 201);
    const edit = await t.edit(created.id, { owner: "李四" });
    expectProblem(edit, 428);
    expect(edit.body.detail).toContain("If-Match");
    const action = await t.action(leader, created.id, "approve", {});
    expectProblem(action, 428);
    const now = await t.get(created.id);
    expect(now.body.etag).toBe(created.etag);
    expect(now.body.owner).toBe(created.owner);
    expect(now.body.status).toBe("draft");
  });

  it("If-Match 为 * 或不是 ETag → 400，错误指向 If-Match，事项不变", async () => {
    const t = api(testEnv());
    const { body: created } = await must(t.create(), 201);
    for (const value of ["*", "abc", '"unterminated']) {
      const edit = await t.edit(created.id, { owner: "李四" }, undefined, { "if-match": value });
      expectProblem(edit, 400);
      expect(paths(edit)).toEqual(["If-Match"]);
      const action = await t.action(leader, created.id, "approve", {}, undefined, { "if-match": value });
      expectProblem(action, 400);
      expect(paths(action)).toEqual(["If-Match"]);
    }
    expect((await t.get(created.id)).body.etag).toBe(created.etag);
  });
});

describe("登记：Idempotency-Key 防止重复", () => {
  it("同一 Idempotency-Key 重试登记 → 同一事项，列表中只有一项", async () => {
    const t = api(testEnv());
    const first = await must(t.create(newItem(), office, "row-17-push-1"), 201);
    const retry = await t.create(newItem(), office, "row-17-push-1");
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get("etag")).toBe(retry.body.etag);
    expect(await t.ids()).toEqual([first.body.id]);
  });

  it("同一 Idempotency-Key 用于内容不同的登记 → 409，不产生第二项", async () => {
    const t = api(testEnv());
    const first = await must(t.create(newItem(), office, "row-18"), 201);
    const other = await t.create(newItem({ content: "另一件事" }), office, "row-18");
    expectProblem(other, 409);
    expect(other.body.detail).toContain("Idempotency-Key");
    expect(await t.ids()).toEqual([first.body.id]);
  });

  it("不同用户用相同的 Idempotency-Key 各自登记，互不混淆", async () => {
    const t = api(testEnv());
    const office2: Principal = { id: "u-office-2", name: "综合部 刘文员", roles: ["office"] };
    const a = await must(t.create(newItem(), office, "k-1"), 201);
    const b = await must(t.create(newItem(), office2, "k-1"), 201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.createdBy).toBe(office2.name);
  });

  it("同一 Idempotency-Key 的 20 个并发登记：全部答 201、同一事项，列表中只有一项", async () => {
    const t = api(testEnv());
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.create(newItem(), office, "burst")));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await t.ids()).toEqual([answers[0]!.body.id]);
  });

  it("没有 Idempotency-Key 的两次登记是两项", async () => {
    const t = api(testEnv());
    await must(t.create(), 201);
    await must(t.create(), 201);
    expect(await t.ids()).toHaveLength(2);
  });
});

describe("修改：只能改当前状态允许的字段", () => {
  it("拟办状态可改内容，历史记录改前改后", async () => {
    const t = api(testEnv());
    const { body: created } = await must(t.create(), 201);
    const edited = await must(
      t.edit(created.id, { content: "改后的督办内容", deadline: "2027-01-15" }, created.etag),
    );
    expect(edited.headers.get("etag")).toBe(edited.body.etag);
    expect(edited.body).toMatchObject({ content: "改后的督办内容", deadline: "2027-01-15", status: "draft" });
    const history = await t.history(created.id);
    expect(history[1]).toMatchObject({
      kind: "edit",
      actor: office.name,
      changes: {
        content: { before: "完成年度安全评价报告编制", after: "改后的督办内容" },
        deadline: { before: "2026-12-31", after: "2027-01-15" },
      },
    });
  });

  it("下发后改督办事项内容 → 409 并指出督办事项内容；可改责任人", async () => {
    const t = api(testEnv());
    const id = await t.notified(newItem());
    const before = await t.get(id);
    expect(before.body.editableFields).not.toContain("content");
    const refused = await t.edit(id, { content: "下发后偷改", owner: "李四" }, before.body.etag);
    expectProblem(refused, 409);
    expect(refused.body.detail).toContain("督办事项内容");
    expect(refused.body.detail).not.toContain("责任人");
    const deadline = await t.edit(id, { deadline: "2027-06-30" }, before.body.etag);
    expectProblem(deadline, 409);
    expect(deadline.body.detail).toContain("完成时限");
    const unchanged = await t.get(id);
    expect(unchanged.body.etag).toBe(before.body.etag);
    expect(unchanged.body.content).toBe(before.body.content);
    expect(unchanged.body.owner).toBe(before.body.owner);
    const ok = await must(t.edit(id, { owner: "李四" }, before.body.etag));
    expect(ok.body.owner).toBe("李四");
  });

  it("已办结的事项不能修改 → 409", async () => {
    const t = api(testEnv());
    const id = await t.notified(newItem());
    await t.step(dept("tech"), id, "acknowledge");
    await t.step(dept("tech"), id, "report", {
      completedFrom: "2026-10-01",
      completedTo: "2026-11-01",
      summary: "已完成",
      leadOpinion: "同意",
    });
    await t.step(leader, id, "close", { opinion: "同意办结" });
    const before = await t.get(id);
    const refused = await t.edit(id, { owner: "李四" }, before.body.etag);
    expectProblem(refused, 409);
    expect((await t.get(id)).body.etag).toBe(before.body.etag);
  });

  it("修改不认识的字段、空修改 → 400，逐项指出字段", async () => {
    const t = api(testEnv());
    const { body: created } = await must(t.create(), 201);
    const unknown = await t.edit(created.id, { status: "closed", noticeNumber: "x" }, created.etag);
    expectProblem(unknown, 400);
    expect(paths(unknown)).toEqual(expect.arrayContaining(["noticeNumber", "status"]));
    const empty = await t.edit(created.id, {}, created.etag);
    expectProblem(empty, 400);
    expect((await t.get(created.id)).body.etag).toBe(created.etag);
  });
});

describe("输入校验：逐项指出字段，不写入任何数据", () => {
  it("督办事项内容 2001 字 → 400 指出督办事项内容，列表为空；2000 字可以登记", async () => {
    const t = api(testEnv());
    const tooLong = await t.create(newItem({ content: "督".repeat(2001) }));
    expectProblem(tooLong, 400);
    expect(tooLong.body.code).toBe("invalid_input");
    expect(tooLong.body.errors).toEqual([
      { path: "content", message: expect.stringContaining("督办事项内容") },
    ]);
    expect(tooLong.body.errors[0].message).toContain("2000");
    expect(await t.ids()).toEqual([]);
    const max = await must(t.create(newItem({ content: "督".repeat(2000) })), 201);
    expect(max.body.content).toHaveLength(2000);
  });

  it("多个字段有误时每个字段都被指出", async () => {
    const t = api(testEnv());
    const bad = await t.create(
      newItem({ source: "rumour", content: "", deadline: "2026-02-30", urgency: "asap", leadDept: "技术部" }),
    );
    expectProblem(bad, 400);
    expect(paths(bad).sort()).toEqual(["content", "deadline", "leadDept", "source", "urgency"]);
    const messages = (bad.body.errors as { message: string }[]).map((e) => e.message).join("；");
    for (const label of ["事项来源", "督办事项内容", "完成时限", "紧急程度", "牵头部门"])
      expect(messages).toContain(label);
    expect(await t.ids()).toEqual([]);
  });

  it("不是 JSON 的请求内容 → 400 而不是 500", async () => {
    const env = testEnv();
    const answer = await invoke(env.deps, "createItem", { as: office, raw: "{content: 1" });
    expectProblem(answer, 400);
  });

  it("以 = + - @ 开头的文字原样保存、原样读回", async () => {
    const t = api(testEnv());
    const texts = {
      content: "=SUM(A1)",
      requirements: "+1",
      owner: "-2",
      leader: "@x",
      supervisedDept: '=HYPERLINK("http://x","y")',
    };
    const created = await must(t.create(newItem(texts)), 201);
    expect(created.body).toMatchObject(texts);
    expect((await t.get(created.body.id)).body).toMatchObject(texts);
    const listed = await must(t.list());
    expect(listed.body.items[0]).toMatchObject(texts);
    const edited = await must(t.edit(created.body.id, { owner: "=1+1" }, created.body.etag));
    expect(edited.body.owner).toBe("=1+1");
  });

  it("配置部门后，不在部门列表中的牵头部门 → 400 指出牵头部门，协办部门逐项指出，不写入", async () => {
    const env = testEnv();
    const t = api(env);
    await must(
      invoke(env.deps, "putDepartments", {
        as: office,
        body: [
          { id: "tech", name: "技术部", head: "张部长" },
          { id: "safety", name: "安全部", head: "李部长" },
        ],
      }),
    );
    const unknownLead = await t.create(newItem({ leadDept: "marketing" }));
    expectProblem(unknownLead, 400);
    expect(unknownLead.body.errors).toEqual([
      { path: "leadDept", message: expect.stringContaining("牵头部门") },
    ]);
    expect(unknownLead.body.errors[0].message).toContain("marketing");
    const unknownAssist = await t.create(newItem({ assistDepts: ["safety", "nope"] }));
    expectProblem(unknownAssist, 400);
    expect(paths(unknownAssist)).toEqual(["assistDepts.1"]);
    expect(await t.ids()).toEqual([]);
    const ok = await must(t.create(newItem({ leadDept: "tech", assistDepts: ["safety"] })), 201);
    const edit = await t.edit(ok.body.id, { leadDept: "marketing" }, ok.body.etag);
    expectProblem(edit, 400);
    expect(paths(edit)).toEqual(["leadDept"]);
    expect((await t.get(ok.body.id)).body.leadDept).toBe("tech");
  });
});

describe("列表：按年度、状态、部门、超期筛选，分页不重不漏", () => {
  it("按年度（北京时间）、状态、部门（含协办）、超期筛选", async () => {
    const env = testEnv();
    const t = api(env);
    // 2025-12-31 23:30 CST：属于 2025 年
    env.clock.set("2025-12-31T15:30:00Z");
    const y2025 = (
      await must(t.create(newItem({ content: "2025 年拟办", leadDept: "tech", deadline: "2026-01-02" })), 201)
    ).body.id;
    // 2026-01-01 00:30 CST（纽约仍是 2025 年）：属于 2026 年
    env.clock.set("2025-12-31T16:30:00Z");
    const a = await t.notified(
      newItem({ content: "A", leadDept: "tech", assistDepts: ["safety"], deadline: "2026-01-10" }),
    );
    env.clock.advance(1000); // items list in the order they were registered
    const b = await t.notified(newItem({ content: "B", leadDept: "fin", deadline: "2026-01-05" }));
    await t.step(dept("fin"), b, "acknowledge");
    env.clock.advance(1000);
    const c = (
      await must(t.create(newItem({ content: "C", leadDept: "safety", deadline: "2026-01-03" })), 201)
    ).body.id;
    env.clock.advance(1000);
    const d = await t.notified(
      newItem({ content: "D", leadDept: "fin", assistDepts: ["tech"], deadline: "2026-03-01" }),
    );

    expect(await t.ids()).toEqual([y2025, a, b, c, d]);
    expect(await t.ids({ year: "2025" })).toEqual([y2025]);
    expect(await t.ids({ year: "2026" })).toEqual([a, b, c, d]);
    expect(await t.ids({ status: "notified" })).toEqual([a, d]);
    expect(await t.ids({ status: "draft" })).toEqual([y2025, c]);
    expect(await t.ids({ status: "in_progress" })).toEqual([b]);
    expect(await t.ids({ dept: "tech" })).toEqual([y2025, a, d]);
    expect(await t.ids({ dept: "safety" })).toEqual([a, c]);
    expect(await t.ids({ dept: "fin" })).toEqual([b, d]);
    expect(await t.ids({ dept: "tec" })).toEqual([]);

    // 2026-01-06 08:00 CST：B（1 月 5 日到期）超期；C 拟办中不计超期
    env.clock.set("2026-01-06T00:00:00Z");
    expect(await t.ids({ overdue: "true" })).toEqual([b]);
    // 2026-01-10 23:59:59 CST：A 到期当天仍未超期
    env.clock.set("2026-01-10T15:59:59Z");
    expect(await t.ids({ overdue: "true" })).toEqual([b]);
    // 2026-01-11 00:00 CST：A 超期
    env.clock.set("2026-01-10T16:00:00Z");
    const overdue = await must(t.list({ overdue: "true" }));
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([a, b]);
    expect(overdue.body.items.map((i: { overdueDays: number }) => i.overdueDays)).toEqual([1, 6]);
    expect(await t.ids({ overdue: "true", dept: "tech" })).toEqual([a]);
    expect(await t.ids({ overdue: "true", status: "in_progress" })).toEqual([b]);
  });

  it("筛选参数有误 → 400 指出参数", async () => {
    const t = api(testEnv());
    for (const [query, path] of [
      [{ status: "finished" }, "status"],
      [{ year: "26" }, "year"],
      [{ dept: "技术部" }, "dept"],
      [{ overdue: "yes" }, "overdue"],
      [{ limit: "0" }, "limit"],
      [{ limit: "abc" }, "limit"],
      [{ colour: "red" }, "colour"],
    ] as const) {
      const answer = await t.list(query);
      expectProblem(answer, 400);
      expect(paths(answer), JSON.stringify(query)).toEqual([path]);
    }
  });

  it("7 项每页 3 项：用分页令牌翻页，每项恰好出现一次", async () => {
    const env = testEnv();
    const t = api(env);
    const created: string[] = [];
    for (let i = 1; i <= 7; i++) {
      env.clock.advance(1000);
      created.push((await must(t.create(newItem({ content: `第 ${i} 项` })), 201)).body.id);
    }
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page: Answer = await must(t.list({ limit: "3", ...(token ? { continuationToken: token } : {}) }));
      pageSizes.push(page.body.items.length);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
      token = page.body.continuationToken;
      expect(++pages).toBeLessThan(10);
    } while (token);
    expect(pageSizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(created);
    expect(new Set(seen).size).toBe(7);
  });

  it("按部门翻页：每页尽量装满（不出现空页），不超过每页条数，每项恰好出现一次", async () => {
    const env = testEnv();
    const t = api(env);
    const mine: string[] = [];
    // 12 items; the department leads or assists every third one (4), spread over the whole list.
    for (let i = 1; i <= 12; i++) {
      env.clock.advance(1000);
      const body =
        i % 3 === 0
          ? newItem({
              content: `第 ${i} 项`,
              leadDept: i % 2 === 0 ? "safety" : "tech",
              assistDepts: i % 2 === 0 ? [] : ["safety"],
            })
          : newItem({ content: `第 ${i} 项`, leadDept: "fin" });
      const id = (await must(t.create(body), 201)).body.id as string;
      if (i % 3 === 0) mine.push(id);
    }
    const pages: string[][] = [];
    let token: string | null = null;
    do {
      const page: Answer = await must(
        t.list({ dept: "safety", limit: "3", ...(token ? { continuationToken: token } : {}) }),
      );
      pages.push(page.body.items.map((i: { id: string }) => i.id));
      token = page.body.continuationToken;
      expect(pages.length).toBeLessThan(10);
    } while (token);
    // Storage holds 12 items: pages of 3 read on until they are full, so 4 items come in 2 pages, not 4.
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(pages.flat()).toEqual(mine);
  });

  it("内容很长、存储中分成几段的事项，在列表中完整读回（按部门筛选时也一样）", async () => {
    const env = testEnv();
    const t = api(env);
    const short = (await must(t.create(newItem({ content: "短的一项", leadDept: "safety" })), 201)).body;
    const stored = (await env.deps.items.get(short.id))!;
    // Longer than three storage properties: the repository splits the JSON; written directly (no API limit applies).
    const long = { ...stored.item, id: `${short.id}x`, content: `长${"督办".repeat(40_000)}"\\末` };
    const [event] = (await env.deps.items.allEvents(short.id)).map((e) => ({ ...e, itemId: long.id }));
    expect(await env.deps.items.create(long, event!)).not.toBeNull();
    for (const query of [{}, { dept: "safety" }, { limit: "1" }] as Record<string, string>[]) {
      const items: { id: string; content: string; etag: string }[] = [];
      let token: string | null = null;
      do {
        const page: Answer = await must(t.list({ ...query, ...(token ? { continuationToken: token } : {}) }));
        items.push(...page.body.items);
        token = page.body.continuationToken;
      } while (token);
      expect(items.map((i) => i.id)).toEqual([short.id, long.id]);
      expect(items[0]!.content).toBe("短的一项");
      expect(items[1]!.content).toBe(long.content);
      expect(items[1]!.etag).toBe((await t.get(long.id)).body.etag);
    }
  });

  for (const [name, token] of [
    ["不是 base64 的文字", "not a token!!"],
    ["base64 但不是 JSON", Buffer.from("hello").toString("base64")],
    ["base64 的 null", Buffer.from("null").toString("base64")],
    ["分区键不是文字", Buffer.from(JSON.stringify({ nextPartitionKey: { a: 1 } })).toString("base64")],
    ["超长令牌", "x".repeat(3000)],
  ] as const) {
    it(`无效的分页令牌（${name}）→ 400 指出 continuationToken，而不是 500`, async () => {
      const t = api(testEnv());
      await must(t.create(), 201);
      const answer = await t.list({ continuationToken: token });
      expectProblem(answer, 400);
      expect(paths(answer)).toEqual(["continuationToken"]);
    });
  }

  it("事项历史的无效分页令牌 → 400 而不是 500", async () => {
    const env = testEnv();
    const t = api(env);
    const { body: created } = await must(t.create(), 201);
    for (const token of ["not a token!!", Buffer.from("null").toString("base64")]) {
      const answer = await invoke(env.deps, "listItemEvents", {
        as: office,
        params: { id: created.id },
        query: { continuationToken: token },
      });
      expectProblem(answer, 400);
      expect(paths(answer)).toEqual(["continuationToken"]);
    }
  });
});

describe("亮灯与超期天数（北京时间）", () => {
  it("到期前 4 天绿灯，3 天内黄灯，到期当天仍黄灯，次日 0 点起红灯并计超期天数；延期后按新时限；办结灰灯", async () => {
    const env = testEnv();
    const t = api(env);
    const tech = dept("tech");
    const id = await t.notified(newItem({ deadline: "2026-11-10" }));
    await t.step(tech, id, "acknowledge");
    const look = async (iso: string) => {
      env.clock.set(iso);
      const item = (await t.get(id)).body;
      const listed = (await must(t.list())).body.items.find((i: { id: string }) => i.id === id);
      expect(listed).toMatchObject({ light: item.light, overdueDays: item.overdueDays });
      return { light: item.light, overdueDays: item.overdueDays, overdue: item.overdue };
    };
    expect(await look("2026-11-06T15:59:59Z")).toEqual({ light: "green", overdueDays: 0, overdue: false }); // 11-06 23:59:59 CST
    expect(await look("2026-11-06T16:00:00Z")).toEqual({ light: "yellow", overdueDays: 0, overdue: false }); // 11-07 00:00 CST
    expect(await look("2026-11-10T15:59:59Z")).toEqual({ light: "yellow", overdueDays: 0, overdue: false }); // 11-10 23:59:59 CST
    expect(await look("2026-11-10T16:00:00Z")).toEqual({ light: "red", overdueDays: 1, overdue: true }); // 11-11 00:00 CST
    expect(await look("2026-11-20T04:00:00Z")).toEqual({ light: "red", overdueDays: 10, overdue: true });

    // 延期到 11 月 30 日后，11 月 20 日为绿灯
    await t.step(tech, id, "request_extension", {
      reason: "设备未到货",
      measures: "到货后三日内完成",
      proposedDeadline: "2027-06-30",
    });
    expect((await t.get(id)).body.light).toBe("red"); // 申请期间仍按原时限计超期
    await t.step(leader, id, "approve_extension", { deadline: "2026-11-30" });
    expect(await look("2026-11-20T04:00:00Z")).toEqual({ light: "green", overdueDays: 0, overdue: false });
    expect(await look("2026-11-27T04:00:00Z")).toEqual({ light: "yellow", overdueDays: 0, overdue: false });

    await t.step(tech, id, "report", {
      completedFrom: "2026-11-01",
      completedTo: "2026-11-27",
      summary: "完成",
      leadOpinion: "同意",
    });
    await t.step(leader, id, "close", { opinion: "同意办结" });
    expect(await look("2026-12-31T04:00:00Z")).toEqual({ light: "grey", overdueDays: 0, overdue: false });
  });

  it("黄灯提前天数可设置：改为 5 天后，到期前 5 天即黄灯", async () => {
    const env = testEnv();
    const t = api(env);
    const id = await t.notified(newItem({ deadline: "2026-11-10" }));
    env.clock.set("2026-11-05T04:00:00Z"); // 11-05 12:00 CST，还有 5 天
    expect((await t.get(id)).body.light).toBe("green");
    await must(
      invoke(env.deps, "putSettings", {
        as: office,
        body: {
          companyName: "陕西秦安煤矿安全评价事务有限公司",
          numberPrefix: "陕秦安督字",
          yellowLightDays: 5,
        },
      }),
    );
    expect((await t.get(id)).body.light).toBe("yellow");
  });

  it("拟办、已立项的事项即使时限已过也不计超期；撤销为灰灯", async () => {
    const env = testEnv();
    const t = api(env);
    const { body: draft } = await must(t.create(newItem({ deadline: "2026-10-01" })), 201);
    expect(draft).toMatchObject({ light: "green", overdueDays: 0, overdue: false });
    await t.step(leader, draft.id, "cancel", { reason: "决策调整" });
    expect((await t.get(draft.id)).body).toMatchObject({
      status: "cancelled",
      light: "grey",
      overdueDays: 0,
    });
  });
});

/**
 * What a careless or hostile client sends gets a clear Chinese 4xx naming the field, never a 500, and nothing it
 * sends is stored half-read: forged paging tokens, odd identity claims, bodies that are not JSON or not UTF-8,
 * cross-site simple requests, dates a hundred years off, edits that change nothing.
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
} from "../support/api.js";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

function expectProblem(answer: Answer, status: number, path?: string) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.detail).toMatch(/[\u4e00-\u9fff]/);
  if (path) expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(path);
}

const DEPARTMENTS = [
  { id: "tech", name: "技术部", head: "张三" },
  { id: "safety", name: "安全部", head: "李四" },
];

async function setUp(env: TestEnv) {
  expect((await invoke(env.deps, "putDepartments", { as: office, body: DEPARTMENTS })).status).toBe(200);
}

async function registered(env: TestEnv, overrides: Record<string, unknown> = {}) {
  const created = await invoke(env.deps, "createItem", { as: office, body: newItem(overrides) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const approved = await invoke(env.deps, "itemAction", {
    as: leader,
    params: { id: created.body.id, action: "approve" },
    ifMatch: created.body.etag,
    body: {},
  });
  expect(approved.status).toBe(200);
  return approved.body as { id: string; etag: string };
}

describe("伪造的分页令牌：400 指明 continuationToken，而不是 500", () => {
  const env = testEnv();
  const forged = [
    b64(JSON.stringify({ nextPartitionKey: "\ud800" })),
    b64(JSON.stringify({ nextPartitionKey: "a\u0000b", nextRowKey: "item" })),
    b64(JSON.stringify({ nextPartitionKey: "x".repeat(1500) })),
    b64(JSON.stringify({ nextPartitionKey: "1!8!MjAyNg--", nextRowKey: "\udfff" })),
  ];
  const routes: [string, Record<string, string>, Record<string, string>][] = [
    ["listItems", {}, {}],
    ["listItems", {}, { dept: "tech" }],
    ["listItemEvents", { id: "abc" }, {}],
    ["listNotices", {}, { year: "2026" }],
  ];
  for (const [route, params, query] of routes)
    it(`${route} ${JSON.stringify(query)}`, async () => {
      for (const token of forged) {
        const res = await invoke(env.deps, route, {
          as: office,
          params,
          query: { ...query, continuationToken: token },
        });
        expectProblem(res, 400, "continuationToken");
      }
    });
});

describe("身份声明的值不是字符串：401，而不是 500", () => {
  const env = testEnv();
  const header = (claims: unknown[], extra: Record<string, unknown> = {}) =>
    b64(JSON.stringify({ auth_typ: "aad", name_typ: "name", role_typ: "roles", claims, ...extra }));
  const cases = {
    角色声明是对象: header([
      { typ: "name", val: "王文员" },
      { typ: "roles", val: { toString: 1 } },
    ]),
    姓名声明是对象: header([
      { typ: "name", val: { toString: 1 } },
      { typ: "roles", val: "office" },
    ]),
    "userRoles 中有对象": header([{ typ: "name", val: "王文员" }], { userRoles: [{ valueOf: 1 }] }),
    声明不是对象: header([null, 5, "roles"]),
  };
  for (const [what, value] of Object.entries(cases))
    it(what, async () => {
      const res = await invoke(env.deps, "listItems", {
        as: null,
        headers: { "x-ms-client-principal": value },
      });
      expect(res.status).toBeLessThan(500);
      expect([401, 403]).toContain(res.status);
    });

  it("姓名按字符截断，不把一个表情或扩展汉字劈成两半", async () => {
    const name = "部".repeat(99) + "😀" + "尾";
    const p: Principal = { id: "u-long", name, roles: ["office"] };
    const res = await invoke(env.deps, "me", { as: p });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("部".repeat(99) + "😀");
  });
});

describe("请求体：只收 application/json 的 UTF-8 文本", () => {
  let host: LocalHost;
  const env = testEnv();
  beforeAll(async () => {
    await setUp(env);
    host = await startHost(env);
  });
  afterAll(() => host.close());

  const post = (body: BodyInit, headers: Record<string, string>) =>
    fetch(`${host.url}/items`, { method: "POST", body, headers });

  it("text/plain 的 JSON（浏览器跨站“简单请求”）：415，什么也没写", async () => {
    const res = await post(JSON.stringify(newItem()), { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect((await res.json()).detail).toContain("application/json");
    const res2 = await post(JSON.stringify(newItem()), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res2.status).toBe(415);
    const list = await new HttpClient(host.url).get("/items");
    expect(list.body.items).toEqual([]);
  });

  it("没有 Content-Type 的请求体：415", async () => {
    const res = await fetch(`${host.url}/items`, {
      method: "POST",
      body: new Blob([JSON.stringify(newItem())]),
    });
    expect(res.status).toBe(415);
  });

  it("不是有效 UTF-8 的请求体：400，不以 U+FFFD 存入", async () => {
    const good = Buffer.from(JSON.stringify(newItem({ content: "内容ABC" })), "utf8");
    const at = good.indexOf(Buffer.from("ABC"));
    good[at] = 0xff; // a byte that never occurs in UTF-8
    const res = await post(good, { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/UTF-8/);
    const list = await new HttpClient(host.url).get("/items");
    expect(list.body.items).toEqual([]);
  });

  it("来自未允许来源的写请求：403；允许的来源照常", async () => {
    const evil = await post(JSON.stringify(newItem()), {
      "content-type": "application/json",
      origin: "https://evil.example",
    });
    expect(evil.status).toBe(403);
    expect((await evil.json()).detail).toContain("来源");
    const nullOrigin = await post(JSON.stringify(newItem()), {
      "content-type": "application/json",
      origin: "null",
    });
    expect(nullOrigin.status).toBe(403);
    const pane = await post(JSON.stringify(newItem()), {
      "content-type": "application/json",
      origin: "https://localhost:3000",
    });
    expect(pane.status).toBe(201);
    // Reading from another origin is harmless (CORS keeps the answer from the page): still 200.
    const read = await fetch(`${host.url}/items`, { headers: { origin: "https://evil.example" } });
    expect(read.status).toBe(200);
  });
});

describe("日期要有合理的范围", () => {
  const env = testEnv();
  beforeAll(() => setUp(env));

  it("下发日期 1900-01-01：400 指明 issueDate，不占编号", async () => {
    const item = await registered(env);
    const res = await invoke(env.deps, "issueNotice", {
      as: office,
      body: { itemIds: [item.id], issueDate: "1900-01-01" },
    });
    expectProblem(res, 400, "issueDate");
    const list = await invoke(env.deps, "listNotices", { as: office, query: { year: "1900" } });
    expect(list.status).toBe(400);
  });

  it("下发到已经过去的年度（今天 2026-11-02，下发日期 2025-12-30）：400", async () => {
    const item = await registered(env);
    const res = await invoke(env.deps, "issueNotice", {
      as: office,
      body: { itemIds: [item.id], issueDate: "2025-12-30" },
    });
    expectProblem(res, 400, "issueDate");
    expect(res.body.errors[0].message).toContain("2026");
  });

  async function inProgress() {
    const item = await registered(env);
    const issued = await invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [item.id] } });
    expect(issued.status).toBe(201);
    const ack = await invoke(env.deps, "itemAction", {
      as: dept("tech"),
      params: { id: item.id, action: "acknowledge" },
      ifMatch: issued.body.items[0].etag,
      body: {},
    });
    expect(ack.status).toBe(200);
    return ack.body as { id: string; etag: string };
  }

  it("申请延期的建议时限 2000-01-01（过去）：400 指明 proposedDeadline", async () => {
    const item = await inProgress();
    const res = await invoke(env.deps, "itemAction", {
      as: dept("tech"),
      params: { id: item.id, action: "request_extension" },
      ifMatch: item.etag,
      body: { reason: "设备未到", measures: "加紧协调", proposedDeadline: "2000-01-01" },
    });
    expectProblem(res, 400, "proposedDeadline");
  });

  it("办结报告的完成时间（起）1900-01-01、早于登记前一年：400 指明 completedFrom", async () => {
    const item = await inProgress();
    for (const completedFrom of ["1900-01-01", "2025-10-01"]) {
      const res = await invoke(env.deps, "itemAction", {
        as: dept("tech"),
        params: { id: item.id, action: "report" },
        ifMatch: item.etag,
        body: { completedFrom, completedTo: "2026-11-01", summary: "已完成", leadOpinion: "同意" },
      });
      expectProblem(res, 400, "completedFrom");
    }
  });

  it("通报 year=0000、年份 1900 的期间、登记 1900 年的完成时限：400", async () => {
    expectProblem(
      await invoke(env.deps, "getBulletin", { as: office, query: { year: "0000" } }),
      400,
      "year",
    );
    expectProblem(
      await invoke(env.deps, "getBulletin", { as: office, query: { from: "1900-01-01", to: "2026-01-01" } }),
      400,
      "from",
    );
    expectProblem(
      await invoke(env.deps, "createItem", { as: office, body: newItem({ deadline: "1900-12-31" }) }),
      400,
      "deadline",
    );
    expectProblem(await invoke(env.deps, "listItems", { as: office, query: { year: "0001" } }), 400, "year");
  });
});

describe("什么也没改的修改", () => {
  const env = testEnv();
  beforeAll(() => setUp(env));

  it("PATCH 与现值相同：200，不记修改事件，ETag 不变（别人手里的 ETag 仍然有效）", async () => {
    const created = await invoke(env.deps, "createItem", { as: office, body: newItem() });
    const same = await invoke(env.deps, "editItem", {
      as: office,
      params: { id: created.body.id },
      ifMatch: created.body.etag,
      body: { content: created.body.content, owner: created.body.owner },
    });
    expect(same.status).toBe(200);
    expect(same.body.etag).toBe(created.body.etag);
    expect(same.headers.get("etag")).toBe(created.body.etag);
    const events = await invoke(env.deps, "listItemEvents", { as: office, params: { id: created.body.id } });
    expect(events.body.items.map((e: { kind: string }) => e.kind)).toEqual(["create"]);
    const other = await invoke(env.deps, "editItem", {
      as: office,
      params: { id: created.body.id },
      ifMatch: created.body.etag,
      body: { owner: "新责任人" },
    });
    expect(other.status).toBe(200);
  });
});

describe("什么也没改的保存（部门、设置、考核规则）", () => {
  it("与现值相同的 PUT：ETag 不变、不产生新的规则版本；有改动的照常保存", async () => {
    const env = testEnv();
    await setUp(env);
    const deps = await invoke(env.deps, "getDepartments", { as: office });
    const again = await invoke(env.deps, "putDepartments", {
      as: office,
      body: [...deps.body].reverse().reverse(),
      ifMatch: deps.headers.get("etag")!,
    });
    expect(again.status).toBe(200);
    expect(again.headers.get("etag")).toBe(deps.headers.get("etag"));

    const settings = await invoke(env.deps, "getSettings", { as: office });
    const put = await invoke(env.deps, "putSettings", {
      as: office,
      body: settings.body,
      ...(settings.headers.get("etag") ? { ifMatch: settings.headers.get("etag")! } : {}),
    });
    expect(put.status).toBe(200);
    const put2 = await invoke(env.deps, "putSettings", {
      as: office,
      body: put.body,
      ifMatch: put.headers.get("etag")!,
    });
    expect(put2.headers.get("etag")).toBe(put.headers.get("etag"));

    const rules = await invoke(env.deps, "getRules", { as: office });
    const { version: _v, createdAt: _a, createdBy: _b, ...body } = rules.body;
    const same = await invoke(env.deps, "putRules", {
      as: office,
      body,
      ifMatch: rules.headers.get("etag")!,
    });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(rules.body.version);
    const changed = await invoke(env.deps, "putRules", {
      as: office,
      body: { ...body, monthlyCap: body.monthlyCap + 1 },
      ifMatch: rules.headers.get("etag")!,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(201);
    expect(changed.body.version).toBe(rules.body.version + 1);
  });
});

describe("健康检查：便宜，且不打扰其他请求", () => {
  it("匿名的健康检查不重建表缓存，每次至多一次存储往返", async () => {
    const env = testEnv();
    await setUp(env);
    let ensures = 0;
    const ensure = env.deps.tables.ensureTables.bind(env.deps.tables);
    env.deps.tables.ensureTables = () => {
      ensures++;
      return ensure();
    };
    let forgets = 0;
    const forget = env.deps.tables.forget.bind(env.deps.tables);
    env.deps.tables.forget = () => {
      forgets++;
      forget();
    };
    for (let i = 0; i < 20; i++) {
      const res = await invoke(env.deps, "health", { as: null });
      expect(res.body.storage.reachable).toBe(true);
    }
    expect(forgets).toBe(0);
    expect(ensures).toBeLessThanOrEqual(1);
  });
});

describe("部门筛选的分页：不返回带令牌的空页", () => {
  it("limit=1 翻完安全部的两项：每页恰好一项，最后一页没有令牌", async () => {
    const env = testEnv();
    await setUp(env);
    for (let i = 0; i < 25; i++)
      await invoke(env.deps, "createItem", { as: office, body: newItem({ content: `技术部 ${i}` }) });
    for (let i = 0; i < 2; i++) {
      await invoke(env.deps, "createItem", {
        as: office,
        body: newItem({ content: `安全部 ${i}`, leadDept: "safety" }),
      });
      for (let j = 0; j < 25; j++)
        await invoke(env.deps, "createItem", { as: office, body: newItem({ content: `技术部 ${i}-${j}` }) });
    }
    const pages: number[] = [];
    let token: string | undefined;
    do {
      const res = await invoke(env.deps, "listItems", {
        as: office,
        query: { dept: "safety", limit: "1", ...(token ? { continuationToken: token } : {}) },
      });
      expect(res.status).toBe(200);
      pages.push(res.body.items.length);
      token = res.body.continuationToken ?? undefined;
    } while (token && pages.length < 10);
    expect(pages).toEqual([1, 1]);
  });
});

/**
 * `POST /admin/functions/urgeTimer` with `{"input":""}` (DESIGN §3): the Functions host's convention for running a
 * non-HTTP function now. The local host runs the daily 催办 job at once in local development mode (202, no body);
 * outside it the path does not exist (404); a bad body is 400.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../functions/src/local/host.js";
import {
  type Answer,
  invoke,
  leader,
  newItem,
  office,
  startHost,
  type TestEnv,
  testEnv,
} from "../support/api.js";

async function must(answer: Promise<Answer>, status = 200): Promise<Answer> {
  const a = await answer;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a;
}

/** An item issued on 2026-11-02 (CST) with deadline 2026-11-05: overdue from 11-06. */
async function overdueItem(env: TestEnv): Promise<string> {
  const created = await must(
    invoke(env.deps, "createItem", {
      as: office,
      body: newItem({ content: "手动触发催办的超期事项", deadline: "2026-11-05" }),
    }),
    201,
  );
  const id = created.body.id as string;
  await must(
    invoke(env.deps, "itemAction", {
      as: leader,
      params: { id, action: "approve" },
      ifMatch: created.body.etag,
      body: {},
    }),
  );
  await must(invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [id] } }), 201);
  return id;
}

async function urges(env: TestEnv, id: string) {
  const { body } = await must(invoke(env.deps, "listItemEvents", { as: office, params: { id } }));
  return (body.items as { kind: string; actorId: string; at: string }[]).filter((e) => e.kind === "urge");
}

const admin = (host: LocalHost, init: RequestInit = {}, name = "urgeTimer") =>
  fetch(`http://127.0.0.1:${host.port}/admin/functions/${name}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ input: "" }),
    ...init,
  });

describe("本地开发模式：POST /admin/functions/urgeTimer 立即运行每日催办", () => {
  let env: TestEnv;
  let host: LocalHost;
  beforeAll(async () => {
    env = testEnv();
    host = await startHost(env);
  });
  afterAll(() => host.close());

  it('{"input":""}：202、无内容，超期事项记下系统自动催办；同一天再运行不重复催办', async () => {
    const id = await overdueItem(env);
    env.clock.set("2026-11-12T01:00:00Z"); // 2026-11-12 09:00 CST: 6 days overdue
    expect(await urges(env, id)).toEqual([]);

    const res = await admin(host);
    expect(res.status).toBe(202);
    expect(await res.text()).toBe("");
    const first = await urges(env, id);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ actorId: "system", at: "2026-11-12T01:00:00.000Z" });

    expect((await admin(host)).status).toBe(202);
    // dailyUrge: the name the timer is registered under in the Functions host.
    expect((await admin(host, {}, "dailyUrge")).status).toBe(202);
    expect(await urges(env, id)).toHaveLength(1);
  });

  it.each([
    ["不是 JSON", "input="],
    ["空内容", ""],
    ["缺少 input", "{}"],
    ["input 不是字符串", '{"input":1}'],
    ["数组", '[""]'],
    ["null", "null"],
  ])("请求内容无效（%s）：400 problem+json（中文）", async (_name, body) => {
    const res = await admin(host, { body });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toMatch(/[\u4e00-\u9fff]/);
  });

  it("不是 JSON 的内容类型：415；别的网页发来的（Origin 不在允许之列）：403；过大：413；GET：405", async () => {
    expect((await admin(host, { headers: { "Content-Type": "text/plain" } })).status).toBe(415);
    const foreign = await admin(host, {
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
    });
    expect(foreign.status).toBe(403);
    const huge = await admin(host, { body: JSON.stringify({ input: "x".repeat(300 * 1024) }) });
    expect(huge.status).toBe(413);
    const get = await fetch(`http://127.0.0.1:${host.port}/admin/functions/urgeTimer`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });
});

describe("非开发模式：没有这个接口", () => {
  let env: TestEnv;
  let host: LocalHost;
  beforeAll(async () => {
    env = testEnv({ config: { devMode: false } });
    host = await startHost(env);
  });
  afterAll(() => host.close());

  it("POST /admin/functions/urgeTimer：404，什么也不运行", async () => {
    const dev = testEnv({ prefix: env.prefix, clock: env.clock });
    const id = await overdueItem(dev);
    env.clock.set("2026-11-12T01:00:00Z");
    const res = await admin(host);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await urges(dev, id)).toEqual([]);
  });
});

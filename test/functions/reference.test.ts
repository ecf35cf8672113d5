/**
 * 基础资料（设计 §2）：部门、系统设置（公司名称、文号前缀、黄灯提前天数）和月度考核规则。
 * 部门与设置整体替换，首次保存不需 If-Match，以后须带读取时的 ETag；考核规则按版本保存，旧版本不变；
 * 只有督办办公室和领导小组可以修改。
 */
import { describe, expect, it } from "vitest";
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
  TABLE_ETAG,
} from "../support/api.js";

async function must(answer: Promise<Answer>, status = 200): Promise<Answer> {
  const a = await answer;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a;
}

function expectProblem(answer: Answer, status: number) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(answer.body.status).toBe(status);
  expect(answer.body.detail).toMatch(/[\u4e00-\u9fff]/);
}

const paths = (answer: Answer) => (answer.body.errors as { path: string }[]).map((e) => e.path);
const messages = (answer: Answer) =>
  (answer.body.errors as { message: string }[]).map((e) => e.message).join("；");

const get = (env: TestEnv, route: string, as: Principal = office, query?: Record<string, string>) =>
  invoke(env.deps, route, { as, ...(query ? { query } : {}) });
const put = (env: TestEnv, route: string, body: unknown, ifMatch?: string, as: Principal = office) =>
  invoke(env.deps, route, { as, body, ...(ifMatch ? { ifMatch } : {}) });

const DEPARTMENTS = [
  { id: "tech", name: "技术部", head: "张部长" },
  { id: "safety", name: "安全部", head: "李部长" },
  { id: "fin", name: "财务部" },
];

const SETTINGS = {
  companyName: "陕西秦安煤矿安全评价事务有限公司",
  numberPrefix: "陕秦安督字",
  yellowLightDays: 3,
  remindBeforeDays: 3,
  remindOnWorkingDaysOnly: true,
  archivePrefix: "督报",
};

/** The rules document without its version metadata, as PUT accepts it. */
const RULES = {
  r1Tiers: [
    { maxDays: 15, points: 1 },
    { maxDays: 30, points: 2 },
    { maxDays: null, points: 3 },
  ],
  urgencyFactors: { normal: 1, urgent: 1.5, critical: 2 },
  r2Points: 2,
  r3Points: 1,
  r4Points: 0.5,
  assistShare: 0,
  monthlyCap: 10,
};

describe("部门", () => {
  it("未配置时为空列表；首次保存不需 If-Match，再次保存不带 → 428，带过期的 → 412，带当前的 → 成功", async () => {
    const env = testEnv();
    const empty = await must(get(env, "getDepartments"));
    expect(empty.body).toEqual([]);
    expect(empty.headers.get("etag")).toBeNull();

    const first = await must(put(env, "putDepartments", DEPARTMENTS));
    const etag1 = first.headers.get("etag")!;
    expect(etag1).toMatch(TABLE_ETAG);
    expect(first.body).toEqual([...DEPARTMENTS.slice(0, 2), { id: "fin", name: "财务部", head: "" }]);
    const read = await must(get(env, "getDepartments", viewer));
    expect(read.body).toEqual(first.body);
    expect(read.headers.get("etag")).toBe(etag1);

    const withoutIfMatch = await put(env, "putDepartments", [DEPARTMENTS[0]]);
    expectProblem(withoutIfMatch, 428);
    const second = await must(
      put(env, "putDepartments", [...DEPARTMENTS, { id: "audit", name: "审计部" }], etag1, leader),
    );
    const etag2 = second.headers.get("etag")!;
    expect(etag2).toMatch(TABLE_ETAG);
    expect(etag2).not.toBe(etag1);
    const stale = await put(env, "putDepartments", [DEPARTMENTS[0]], etag1);
    expectProblem(stale, 412);

    const now = await must(get(env, "getDepartments"));
    expect(now.body.map((d: { id: string }) => d.id)).toEqual(["tech", "safety", "fin", "audit"]);
    expect(now.headers.get("etag")).toBe(etag2);
  });

  it("部门编号、名称有误或重复 → 400 逐项指出，列表不变", async () => {
    const env = testEnv();
    const saved = await must(put(env, "putDepartments", DEPARTMENTS));
    const etag = saved.headers.get("etag")!;
    const bad = await put(
      env,
      "putDepartments",
      [
        { id: "技术部", name: "技术部" },
        { id: "tech", name: "" },
        { id: "tech", name: "技术二部" },
        { id: "ok", name: "正常", colour: "red" },
      ],
      etag,
    );
    expectProblem(bad, 400);
    expect(paths(bad).sort()).toEqual(["0.id", "1.name", "2.id", "3.colour"]);
    expect(messages(bad)).toContain("名称");
    expect(messages(bad)).toContain("重复");
    const notAList = await put(env, "putDepartments", { tech: "技术部" }, etag);
    expectProblem(notAList, 400);
    const now = await must(get(env, "getDepartments"));
    expect(now.body).toEqual(saved.body);
    expect(now.headers.get("etag")).toBe(etag);
  });

  it("部门邮箱与抄送（催办提醒的收件人）：保存、读回；地址有误 → 400 逐项指出", async () => {
    const env = testEnv();
    const withMail = [
      {
        id: "tech",
        name: "技术部",
        head: "张部长",
        email: "tech@qinan.example",
        ccEmails: ["zhang@qinan.example"],
      },
      { id: "fin", name: "财务部", email: "" },
    ];
    const saved = await must(put(env, "putDepartments", withMail));
    expect(saved.body).toEqual([
      {
        id: "tech",
        name: "技术部",
        head: "张部长",
        email: "tech@qinan.example",
        ccEmails: ["zhang@qinan.example"],
      },
      { id: "fin", name: "财务部", head: "" },
    ]);
    const bad = await put(
      env,
      "putDepartments",
      [{ id: "tech", name: "技术部", email: "not an address", ccEmails: ["ok@qinan.example", "坏地址"] }],
      saved.headers.get("etag")!,
    );
    expectProblem(bad, 400);
    expect(paths(bad).sort()).toEqual(["0.ccEmails.1", "0.email"]);
    expect(messages(bad)).toContain("邮箱");
  });

  it("部门负责人、只读用户不能修改部门 → 403，但可以读取", async () => {
    const env = testEnv();
    await must(put(env, "putDepartments", DEPARTMENTS));
    const { headers } = await must(get(env, "getDepartments"));
    for (const as of [dept("tech"), viewer]) {
      const refused = await put(env, "putDepartments", [{ id: "x", name: "越权" }], headers.get("etag")!, as);
      expectProblem(refused, 403);
      await must(get(env, "getDepartments", as));
    }
    const now = await must(get(env, "getDepartments"));
    expect(now.body).toHaveLength(3);
    expect(now.headers.get("etag")).toBe(headers.get("etag"));
  });
});

describe("系统设置", () => {
  it("默认值：公司名称、文号前缀陕秦安督字、黄灯提前 3 天", async () => {
    const env = testEnv();
    const answer = await must(get(env, "getSettings", dept("tech")));
    expect(answer.body).toEqual(SETTINGS);
    expect(answer.headers.get("etag")).toBeNull();
  });

  it("首次保存不需 If-Match；再次保存不带 → 428，带过期的 → 412，带当前的 → 成功", async () => {
    const env = testEnv();
    const first = await must(put(env, "putSettings", { ...SETTINGS, companyName: "秦安公司" }));
    const etag1 = first.headers.get("etag")!;
    expect(etag1).toMatch(TABLE_ETAG);
    expect(first.body.companyName).toBe("秦安公司");

    expectProblem(await put(env, "putSettings", SETTINGS), 428);
    const second = await must(put(env, "putSettings", { ...SETTINGS, yellowLightDays: 5 }, etag1, leader));
    const etag2 = second.headers.get("etag")!;
    expect(etag2).toMatch(TABLE_ETAG);
    expect(etag2).not.toBe(etag1);
    expectProblem(await put(env, "putSettings", { ...SETTINGS, yellowLightDays: 7 }, etag1), 412);

    const now = await must(get(env, "getSettings"));
    expect(now.body).toEqual({ ...SETTINGS, yellowLightDays: 5 });
    expect(now.headers.get("etag")).toBe(etag2);
  });

  it("设置有误 → 400 逐项指出字段，设置不变", async () => {
    const env = testEnv();
    const saved = await must(put(env, "putSettings", SETTINGS));
    const etag = saved.headers.get("etag")!;
    const bad = await put(
      env,
      "putSettings",
      { companyName: "", numberPrefix: "陕〔督", yellowLightDays: 31 },
      etag,
    );
    expectProblem(bad, 400);
    expect(paths(bad).sort()).toEqual(["companyName", "numberPrefix", "yellowLightDays"]);
    for (const label of ["公司名称", "文号前缀", "黄灯提前天数"]) expect(messages(bad)).toContain(label);
    const fraction = await put(env, "putSettings", { ...SETTINGS, yellowLightDays: 1.5 }, etag);
    expectProblem(fraction, 400);
    expect(paths(fraction)).toEqual(["yellowLightDays"]);
    const digits = await put(env, "putSettings", { ...SETTINGS, numberPrefix: "督字2026" }, etag);
    expect(paths(digits)).toEqual(["numberPrefix"]);
    const missing = await put(env, "putSettings", { companyName: "秦安" }, etag);
    expectProblem(missing, 400);
    expect(paths(missing).sort()).toEqual(["numberPrefix", "yellowLightDays"]);
    const now = await must(get(env, "getSettings"));
    expect(now.body).toEqual(SETTINGS);
    expect(now.headers.get("etag")).toBe(etag);
  });

  it("催办设置：到期前提醒的工作日数（0–30）与仅在工作日提醒", async () => {
    const env = testEnv();
    const saved = await must(
      put(env, "putSettings", { ...SETTINGS, remindBeforeDays: 5, remindOnWorkingDaysOnly: false }),
    );
    expect(saved.body).toMatchObject({ remindBeforeDays: 5, remindOnWorkingDaysOnly: false });
    const bad = await put(
      env,
      "putSettings",
      { ...SETTINGS, remindBeforeDays: 31, remindOnWorkingDaysOnly: "yes" },
      saved.headers.get("etag")!,
    );
    expectProblem(bad, 400);
    expect(paths(bad).sort()).toEqual(["remindBeforeDays", "remindOnWorkingDaysOnly"]);
  });

  it("部门负责人、只读用户不能修改设置 → 403", async () => {
    const env = testEnv();
    for (const as of [dept("tech"), viewer])
      expectProblem(await put(env, "putSettings", SETTINGS, undefined, as), 403);
    const now = await must(get(env, "getSettings"));
    expect(now.headers.get("etag")).toBeNull(); // never saved
  });

  it("改文号前缀后，下一份通知单用新前缀，已发的文号不变", async () => {
    const env = testEnv();
    const ids: string[] = [];
    for (const content of ["第一件", "第二件"]) {
      env.clock.advance(1000);
      const { body } = await must(
        invoke(env.deps, "createItem", { as: office, body: newItem({ content }) }),
        201,
      );
      await must(
        invoke(env.deps, "itemAction", {
          as: leader,
          params: { id: body.id, action: "approve" },
          body: {},
          ifMatch: body.etag,
        }),
      );
      ids.push(body.id);
    }
    const first = await must(
      invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [ids[0]] } }),
      201,
    );
    expect(first.body.number).toBe("陕秦安督字〔2026〕1号");
    await must(put(env, "putSettings", { ...SETTINGS, numberPrefix: "秦安督办" }));
    const second = await must(
      invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [ids[1]] } }),
      201,
    );
    expect(second.body.number).toBe("秦安督办〔2026〕2号");
    const item2 = await must(invoke(env.deps, "getItem", { as: office, params: { id: ids[1]! } }));
    expect(item2.body.noticeNumber).toBe("秦安督办〔2026〕2号");
    const item1 = await must(invoke(env.deps, "getItem", { as: office, params: { id: ids[0]! } }));
    expect(item1.body.noticeNumber).toBe("陕秦安督字〔2026〕1号");
  });
});

describe("月度考核规则（按版本保存）", () => {
  it("未保存时为第 0 版默认规则，ETag 为 rules-v0", async () => {
    const env = testEnv();
    const answer = await must(get(env, "getRules", viewer));
    expect(answer.body).toMatchObject({ ...RULES, version: 0 });
    expect(answer.headers.get("etag")).toBe('"rules-v0"');
  });

  it("带 If-Match rules-v0 保存 → 201 第 1 版；再用 rules-v0 → 412；第 0 版仍可读取", async () => {
    const env = testEnv();
    expectProblem(await put(env, "putRules", { ...RULES, r2Points: 3 }), 428);
    const saved = await must(put(env, "putRules", { ...RULES, r2Points: 3 }, '"rules-v0"', leader), 201);
    expect(saved.body).toMatchObject({ ...RULES, r2Points: 3, version: 1, createdBy: leader.name });
    expect(saved.headers.get("etag")).toBe('"rules-v1"');

    const stale = await put(env, "putRules", { ...RULES, r2Points: 4 }, '"rules-v0"');
    expectProblem(stale, 412);

    const current = await must(get(env, "getRules"));
    expect(current.body).toMatchObject({ version: 1, r2Points: 3 });
    expect(current.headers.get("etag")).toBe('"rules-v1"');
    const v0 = await must(get(env, "getRules", office, { version: "0" }));
    expect(v0.body).toMatchObject({ ...RULES, version: 0 });
    const v1 = await must(get(env, "getRules", office, { version: "1" }));
    expect(v1.body).toMatchObject({ version: 1, r2Points: 3 });

    const next = await must(put(env, "putRules", { ...RULES, monthlyCap: 8 }, '"rules-v1"'), 201);
    expect(next.body.version).toBe(2);
    expect((await must(get(env, "getRules", office, { version: "1" }))).body.monthlyCap).toBe(10);
  });

  it("不存在的版本 → 404，版本号有误 → 400", async () => {
    const env = testEnv();
    expectProblem(await get(env, "getRules", office, { version: "9" }), 404);
    const bad = await get(env, "getRules", office, { version: "-1" });
    expectProblem(bad, 400);
    expect(paths(bad)).toEqual(["version"]);
  });

  it("规则数值有误 → 400 逐项指出字段，不产生新版本", async () => {
    const env = testEnv();
    const bad = await put(
      env,
      "putRules",
      {
        ...RULES,
        r1Tiers: [
          { maxDays: 15, points: 1 },
          { maxDays: 10, points: 2 },
          { maxDays: null, points: -1 },
        ],
        urgencyFactors: { normal: 1, urgent: 1.234, critical: 2 },
        r2Points: -1,
        monthlyCap: "10",
      },
      '"rules-v0"',
    );
    expectProblem(bad, 400);
    expect(paths(bad).sort()).toEqual(
      ["monthlyCap", "r1Tiers.1.maxDays", "r1Tiers.2.points", "r2Points", "urgencyFactors.urgent"].sort(),
    );
    const text = messages(bad);
    for (const label of ["月度扣分上限", "逾期天数上限", "分值", "R2 未按要求整改分值", "特急"])
      expect(text).toContain(label);
    expect(text).toContain("两位小数");
    const current = await must(get(env, "getRules"));
    expect(current.body.version).toBe(0);
  });

  it("部门负责人、只读用户不能修改规则 → 403，规则仍为第 0 版", async () => {
    const env = testEnv();
    for (const as of [dept("tech"), viewer])
      expectProblem(await put(env, "putRules", { ...RULES, r2Points: 9 }, '"rules-v0"', as), 403);
    expect((await must(get(env, "getRules"))).body.version).toBe(0);
  });
});

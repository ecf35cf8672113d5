/**
 * The OpenAPI document describes every answer (issue 15): real answers of every route, in several states, are
 * validated against the document the API serves (JSON Schema 2020-12, Ajv), errors against the problem+json
 * schema; every operation must have been answered at least once here, so a new route or action without a
 * described answer fails by name instead of being skipped; the document passes `redocly lint` with no error.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApi, undescribedRoutes } from "../../functions/src/functions/openapi.js";
import { runDailyUrge } from "../../functions/src/functions/urge-timer.js";
import { ACTIONS } from "../../functions/src/domain/types.js";
import { actionSchemas, createItemSchema, validate } from "../../functions/src/domain/validation.js";
import { ROUTES } from "../../functions/src/routes.js";
import {
  type Answer,
  type CallOptions,
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

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  responses: Record<string, Json>;
}
type Doc = ReturnType<typeof buildOpenApi>;

const ROOT = path.resolve(import.meta.dirname, "../..");
let env: TestEnv;
let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true });
/** operationId → statuses answered in this file. */
const seen = new Map<string, Set<number>>();

function operationFor(route: string, options: CallOptions): { path: string; op: Operation } {
  const def = ROUTES.find((r) => r.name === route)!;
  const p =
    def.name === "itemAction" ? `/api/items/{id}/actions/${options.params!.action}` : `/api/${def.route}`;
  const op = (doc.paths[p] as Record<string, Operation> | undefined)?.[def.methods[0]!.toLowerCase()];
  if (!op) throw new Error(`OpenAPI 文档没有 ${def.methods[0]} ${p}（路由 ${route}）`);
  return { path: p, op };
}

const resolve = (r: Json): Json =>
  typeof r.$ref === "string"
    ? (doc.components.responses as Record<string, Json>)[r.$ref.split("/").pop()!]!
    : r;

/** Validate one real answer against what the document says of its operation and status. */
function conforms(route: string, options: CallOptions, answer: Answer): void {
  const { path: p, op } = operationFor(route, options);
  const where = `${op.operationId} ${p} → ${answer.status}`;
  const described = op.responses[String(answer.status)];
  expect(described, `${where}：文档没有描述这个状态的应答`).toBeDefined();
  const response = resolve(described!);
  const content = response.content as Record<string, { schema: Json }> | undefined;
  const type = (answer.headers.get("content-type") ?? "").split(";")[0]!.trim();
  expect(content, `${where}：文档没有描述应答内容（在 openapi.ts 的 ANSWERS 中补上）`).toBeDefined();
  expect(Object.keys(content!), `${where}：内容类型 ${type}`).toContain(type);
  const validator = ajv.compile({
    $ref: `openapi.json#/components/schemas/${schemaId(content![type]!.schema)}`,
  });
  const ok = validator(answer.body);
  expect(
    ok,
    `${where}：应答不符合文档：${explain(validator.errors)}\n${JSON.stringify(answer.body).slice(0, 800)}`,
  ).toBe(true);
  for (const [h, r] of Object.entries((response.headers as Record<string, Json> | undefined) ?? {})) {
    const header = (doc.components.headers as Record<string, Json>)[String(r.$ref).split("/").pop()!]!;
    if (header.required) expect(answer.headers.get(h), `${where}：缺少应答头 ${h}`).toMatch(/\S/);
  }
  const statuses = seen.get(op.operationId) ?? new Set<number>();
  statuses.add(answer.status);
  seen.set(op.operationId, statuses);
}

/** Ajv's errors with what they name (the undescribed field, the allowed values), so a failure says what to add. */
const explain = (
  errors: { instancePath: string; message?: string; params: Record<string, unknown> }[] | null | undefined,
) =>
  (errors ?? [])
    .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`)
    .join("; ") + "（在 functions/src/domain/answers.ts 中描述）";

/** Every answer's schema is a component (so the test can name it); inline ones are put there by the test. */
function schemaId(schema: Json): string {
  if (typeof schema.$ref === "string") return schema.$ref.split("/").pop()!;
  const id = `Inline${ajvInline.size}`;
  ajvInline.set(id, schema);
  ajv.addSchema(schema, `openapi.json#/components/schemas/${id}`);
  return id;
}
const ajvInline = new Map<string, Json>();

async function call(route: string, options: CallOptions = {}, status?: number): Promise<Answer> {
  const answer = await invoke(env.deps, route, { as: office, ...options });
  if (status !== undefined) expect(answer.status, `${route}: ${JSON.stringify(answer.body)}`).toBe(status);
  conforms(route, options, answer);
  return answer;
}

/** Candidate payloads per action: the first one the action's schema accepts is sent (schemas grow over time). */
const PAYLOADS: Record<string, unknown[]> = {
  approve: [{ comment: "同意立项" }],
  reject: [{ reason: "不属于督办范围" }],
  acknowledge: [{}],
  urge: [{ note: "请抓紧办理" }],
  progress: [{ note: "已完成初稿" }],
  assist_opinion: [{ opinion: "同意牵头部门意见" }],
  site_visit: [{ date: "2026-11-02", place: "技术部", participants: "督办组", findings: "进度正常" }],
  request_extension: [{ reason: "外部评审推迟", measures: "加派人手", proposedDeadline: "2027-01-31" }],
  approve_extension: [{ deadline: "2027-01-31", comment: "同意" }],
  reject_extension: [{ comment: "不同意延期" }],
  report: [
    {
      completedFrom: "2026-11-01",
      completedTo: "2026-11-02",
      summary: "报告已编制完成",
      leadOpinion: "同意报结",
    },
  ],
  close: [{ opinion: "同意办结" }],
  return: [{ opinion: "请补充附件", deadline: "2026-12-20" }],
  cancel: [{ reason: "决策调整" }],
  flag_false_report: [{ reason: "进度数据不实", seriousConsequence: false }, { reason: "进度数据不实" }],
};

function payload(action: string): unknown {
  const schema = (actionSchemas as Record<string, Parameters<typeof validate>[0]>)[action];
  const found = (PAYLOADS[action] ?? []).find((p) => schema && validate(schema, p).ok);
  if (!found) throw new Error(`测试缺少操作 ${action} 的有效请求体：在 PAYLOADS 中补上`);
  return found;
}

async function act(
  id: string,
  etag: string,
  action: string,
  as = office,
  status = 200,
  overrides: Json = {},
): Promise<Answer> {
  const body = { ...(payload(action) as Json), ...overrides };
  return call("itemAction", { as, params: { id, action }, ifMatch: etag, body }, status);
}

beforeAll(async () => {
  env = testEnv();
  doc = (await invoke(env.deps, "openapi", { as: null })).body as Doc;
  ajv.addSchema({ $id: "openapi.json", components: doc.components });
});

describe("OpenAPI 文档描述每一个应答", () => {
  it("路由表中每个路由都有描述的应答", () => {
    expect(undescribedRoutes(ROUTES), "这些路由没有在 openapi.ts 的 ANSWERS 中描述应答").toEqual([]);
  });

  it("文档里每个例子符合它的结构", () => {
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, Operation>>))
      for (const [method, op] of Object.entries(ops))
        for (const [status, r] of Object.entries(op.responses)) {
          const content = resolve(r).content as
            Record<string, { schema: Json; example?: unknown }> | undefined;
          for (const media of Object.values(content ?? {})) {
            expect(media.example, `${method} ${p} ${status} 缺少例子`).toBeDefined();
            const v = ajv.compile({ $ref: `openapi.json#/components/schemas/${schemaId(media.schema)}` });
            expect(v(media.example), `${method} ${p} ${status}: ${explain(v.errors)}`).toBe(true);
          }
        }
  });

  it("健康检查、当前用户、文档本身与基础资料的应答符合文档", async () => {
    await call("health", { as: null }, 200);
    await call("me", {}, 200);
    await call("openapi", { as: null }, 200);
    const deps = await call("getDepartments", {}, 200);
    const saved = await call(
      "putDepartments",
      {
        body: [
          { id: "tech", name: "技术部", head: "张部长" },
          {
            id: "ops",
            name: "生产部",
            head: "赵部长",
            email: "ops@example.com",
            ccEmails: ["boss@example.com"],
          },
        ],
        ...(deps.headers.get("etag") ? { ifMatch: deps.headers.get("etag")! } : {}),
      },
      200,
    );
    await call("putDepartments", { body: [], ifMatch: 'W/"stale"' }, 412);
    await call("getDepartments", { as: viewer }, 200);
    expect(saved.body).toHaveLength(2);
    const settings = await call("getSettings", {}, 200);
    await call(
      "putSettings",
      {
        body: { companyName: "测试公司", numberPrefix: "测督字", yellowLightDays: 5 },
        ...(settings.headers.get("etag") ? { ifMatch: settings.headers.get("etag")! } : {}),
      },
      200,
    );
    const rules = await call("getRules", {}, 200);
    const { version: _v, createdAt: _a, createdBy: _b, ...doc0 } = rules.body as Json;
    const v1 = await call(
      "putRules",
      { body: { ...doc0, monthlyCap: 12 }, ifMatch: rules.headers.get("etag")! },
      201,
    );
    await call("putRules", { body: { ...doc0, monthlyCap: 12 }, ifMatch: v1.headers.get("etag")! }, 200);
    await call("getRules", { query: { version: "0" } }, 200);
    await call("getRules", { query: { version: "99" } }, 404);
    await call("putRules", { body: { ...doc0 } }, 428);
    await call("putSettings", { body: {}, as: viewer }, 403);
    await call("getCalendar", { params: { year: "2026" } }, 200);
    await call("getCalendar", { params: { year: "2027" }, as: viewer }, 200);
    const year = {
      holidays: [{ date: "2027-01-01", name: "元旦" }],
      workdays: ["2027-02-14"],
    };
    const entered = await call("putCalendar", { params: { year: "2027" }, body: year }, 200);
    await call(
      "putCalendar",
      { params: { year: "2027" }, body: year, ifMatch: entered.headers.get("etag")! },
      200,
    );
    await call("putCalendar", { params: { year: "2027" }, body: year }, 428);
    await call("putCalendar", { params: { year: "2026" }, body: year }, 409);
    await call(
      "putCalendar",
      { params: { year: "2027" }, body: { holidays: [], workdays: ["2027-02-15"] } },
      400,
    );
    await call("getCalendar", { params: { year: "2027" } }, 200);
  });

  it("事项从登记到办结、撤销、作废的每一步应答符合文档", async () => {
    const created = await call("createItem", { body: newItem(), idempotencyKey: "answers-1" }, 201);
    await call("createItem", { body: newItem(), idempotencyKey: "answers-1" }, 201);
    await call("createItem", { body: { ...newItem(), deadline: "明天" } }, 400);
    await call("createItem", { body: newItem(), as: viewer }, 403);
    await call("createItem", { raw: "source=decision", headers: { "content-type": "text/plain" } }, 415);
    let item = created.body as Json;
    const id = item.id as string;
    await call("getItem", { params: { id } }, 200);
    await call("getItem", { params: { id: "nosuchitem" } }, 404);
    item = (
      await call("editItem", { params: { id }, ifMatch: item.etag as string, body: { owner: "李四" } }, 200)
    ).body as Json;
    await call("editItem", { params: { id }, ifMatch: 'W/"stale"', body: { owner: "王五" } }, 412);
    await call("editItem", { params: { id }, body: { owner: "王五" } }, 428);
    // An action the state does not allow: 409 with the allowed actions.
    await act(id, item.etag as string, "acknowledge", dept("tech"), 409);

    const step = async (action: string, as = office, overrides: Json = {}) => {
      item = (await act(id, item.etag as string, action, as, 200, overrides)).body as Json;
    };
    await step("approve", leader);
    const issued = await call("issueNotice", { body: { itemIds: [id] }, idempotencyKey: "answers-n1" }, 201);
    await call("issueNotice", { body: { itemIds: [id] }, idempotencyKey: "answers-n1" }, 201);
    item = (await call("getItem", { params: { id } })).body as Json;
    await step("acknowledge", dept("tech"));
    await step("urge");
    await step("progress", dept("tech"));
    if (ACTIONS.includes("site_visit" as never)) await step("site_visit");
    await step("request_extension", dept("tech"));
    await step("approve_extension", leader);
    await step("request_extension", dept("tech"), { proposedDeadline: "2027-02-28" });
    await step("reject_extension", leader);
    await step("report", dept("tech"));
    await step("return", leader);
    await step("report", dept("tech"));
    await step("close", leader);
    await step("flag_false_report", leader);
    await call("listItemEvents", { params: { id } }, 200);
    await call("listItemEvents", { params: { id }, query: { continuationToken: "not a token" } }, 400);

    // 联合督办 with an assisting department: its opinion, then 撤销.
    const joint = (
      await call(
        "createItem",
        {
          // 督办组 is required for a joint item once the schema knows it (DESIGN §4).
          body: [
            newItem({
              mode: "joint",
              assistDepts: ["ops"],
              supervisionGroup: ["督办办公室 王文员"],
              deadline: "2026-11-20",
            }),
            newItem({ mode: "joint", assistDepts: ["ops"], deadline: "2026-11-20" }),
          ].find((b) => validate(createItemSchema, b).ok),
        },
        201,
      )
    ).body as Json;
    let j = joint;
    j = (await act(j.id as string, j.etag as string, "approve", leader)).body as Json;
    const second = await call("issueNotice", { body: { itemIds: [j.id] } }, 201);
    j = (second.body as { items: Json[] }).items[0]!;
    j = (await act(j.id as string, j.etag as string, "acknowledge", dept("tech"))).body as Json;
    if (ACTIONS.includes("assist_opinion" as never))
      j = (await act(j.id as string, j.etag as string, "assist_opinion", dept("ops"))).body as Json;
    await act(j.id as string, j.etag as string, "cancel", leader);

    // 不予立项, and a notice voided: its item goes back to 已立项.
    const draft = (await call("createItem", { body: newItem() }, 201)).body as Json;
    await act(draft.id as string, draft.etag as string, "reject", leader);
    let v = (await call("createItem", { body: newItem() }, 201)).body as Json;
    v = (await act(v.id as string, v.etag as string, "approve", leader)).body as Json;
    const third = (await call("issueNotice", { body: { itemIds: [v.id] } }, 201)).body as Json;
    const where = { year: String(third.year), seq: String(third.seq) };
    await call("getNotice", { params: where }, 200);
    await call("getNotice", { params: { year: "2026", seq: "999" } }, 404);
    await call("voidNotice", { params: where, body: { reason: "内容调整，重新下发" } }, 200);
    await call("voidNotice", { params: where, body: { reason: "再次作废" } }, 409);
    await call("listNotices", {}, 200);
    await call("listNotices", { query: { year: "1999" } }, 400);
    expect((issued.body as Json).number).toMatch(/〔2026〕\d+号$/);

    await call("listItems", {}, 200);
    await call("listItems", { query: { status: "closed", dept: "tech", year: "2026", limit: "2" } }, 200);
    await call("listItems", { query: { overdue: "true" }, as: dept("ops") }, 200);
    await call("listItems", { query: { status: "nonsense" } }, 400);
  });

  it("月度考核、督办通报与催办发件箱的应答符合文档", async () => {
    // An overdue item: the daily run urges it and writes a reminder for a department without an email (failed).
    let o = (await call("createItem", { body: newItem({ deadline: "2026-11-10" }) }, 201)).body as Json;
    o = (await act(o.id as string, o.etag as string, "approve", leader)).body as Json;
    await call("issueNotice", { body: { itemIds: [o.id] } }, 201);
    // 问责 (DESIGN §4), where the route table has it: recorded, listed, one revoked.
    if (ROUTES.some((r) => r.name === "recordAccountability")) {
      const record = {
        itemIds: [o.id],
        deptId: "tech",
        person: "张三",
        measure: "criticism",
        reason: "逾期未办结且未说明情况",
      };
      const kept = (
        await call("recordAccountability", { as: leader, body: record, idempotencyKey: "acc-1" }, 201)
      ).body as Json;
      await call("recordAccountability", { as: leader, body: record, idempotencyKey: "acc-1" }, 201);
      const loss = (
        await call("recordAccountability", { as: leader, body: { ...record, measure: "award_loss" } }, 201)
      ).body as Json;
      await call("recordAccountability", { body: record }, 403);
      await call("recordAccountability", { as: leader, body: { ...record, measure: "fine" } }, 400);
      await call(
        "revokeAccountability",
        { as: leader, params: { id: loss.id as string }, body: { reason: "复核后撤销" } },
        200,
      );
      await call(
        "revokeAccountability",
        { as: leader, params: { id: loss.id as string }, body: { reason: "再次撤销" } },
        409,
      );
      await call(
        "revokeAccountability",
        { as: leader, params: { id: "2026-nosuchrecord" }, body: { reason: "无" } },
        404,
      );
      await call("listAccountability", {}, 200);
      await call("listAccountability", { as: dept("tech"), query: { deptId: "tech", year: "2026" } }, 200);
      await call("listAccountability", { as: dept("ops"), query: { deptId: "tech" } }, 403);
      expect(kept.revoked).toBe(false);
    }
    await call("getAssessment", { params: { month: "2026-10" } }, 200);
    await call("getAssessment", { params: { month: "2026-11" } }, 200);
    await call("finalizeAssessment", { params: { month: "2026-10" }, as: leader }, 201);
    await call("finalizeAssessment", { params: { month: "2026-10" }, as: leader }, 409);
    await call("finalizeAssessment", { params: { month: "2026-10" } }, 403);
    await call("getAssessment", { params: { month: "2026-10" } }, 200);
    await call("getAssessment", { params: { month: "2026-13" } }, 400);
    await call("getBulletin", { query: { from: "2026-10-01", to: "2026-11-30" } }, 200);
    await call("getBulletin", { query: { year: "2026" } }, 200);
    await call("getBulletin", { query: { itemIds: o.id as string } }, 200); // 随时通报
    await call("getBulletin", { query: { from: "2026-12-01", to: "2026-11-01" } }, 400);

    env.clock.set("2026-11-16T02:00:00Z"); // a Monday, the item 6 days overdue
    await runDailyUrge(env.deps, () => undefined);
    const outbox = await call("listReminders", { query: { date: "2026-11-16" } }, 200);
    const row = (outbox.body as { items: Json[] }).items.find((r) => r.kind === "overdue")!;
    expect(row.state).toBe("failed");
    const params = { date: "2026-11-16", deptId: row.deptId as string, kind: "overdue" };
    await call("resendReminder", { params }, 200);
    await call("resendReminder", { params: { ...params, deptId: "nobody" } }, 404);
    await call("listReminders", { as: dept("tech") }, 403);
    await call("listReminders", { query: { date: "yesterday" } }, 400);
  });

  it("经本地宿主的真实 HTTP 应答同样符合文档", async () => {
    const host = await startHost(env);
    try {
      const client = new HttpClient(host.url);
      const created = await client.post("/items", newItem(), { idempotencyKey: "answers-http" });
      conforms("createItem", {}, created);
      const id = (created.body as Json).id as string;
      conforms("getItem", { params: { id } }, await client.get(`/items/${id}`));
      conforms("listItems", {}, await client.get("/items", { query: { limit: "5" } }));
      conforms("getItem", { params: { id: "nosuchitem" } }, await client.get("/items/nosuchitem"));
      conforms("openapi", {}, await client.withIdentity(null).get("/openapi.json"));
      conforms("health", {}, await client.withIdentity(null).get("/health"));
    } finally {
      await host.close();
    }
  });

  it("每个操作都至少有一个真实应答被验证过（新增的路由或操作须在这里补上调用）", () => {
    const operations = Object.values(doc.paths as Record<string, Record<string, Operation>>).flatMap((ops) =>
      Object.values(ops).map((op) => op.operationId),
    );
    const missing = operations.filter((id) => ![...(seen.get(id) ?? [])].some((s) => s >= 200 && s < 300));
    expect(missing, "这些操作没有被验证过成功的应答").toEqual([]);
  });
});

describe("openapi.json 通过标准检查（Redocly CLI，recommended 规则）", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "duban-openapi-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("redocly lint 没有错误，也没有警告", () => {
    const file = path.join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(buildOpenApi(ROUTES)));
    const res = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules/@redocly/cli/bin/cli.js"), "lint", file, "--format=json"],
      {
        cwd: dir,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", CI: "true" },
      },
    );
    const report = JSON.parse(res.stdout.slice(res.stdout.indexOf("{"))) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string }[];
    };
    const listed = report.problems.map((p) => `${p.ruleId}: ${p.message}`).join("\n");
    expect(report.totals.errors, listed).toBe(0);
    expect(report.totals.warnings, listed).toBe(0);
    expect(res.status, res.stderr).toBe(0);
  }, 120_000);
});

import { z } from "zod";
import { API_ROUTES } from "../api-routes.js";
import { rulesSchema } from "../domain/rules.js";
import { ACTION_LABELS, ACTIONS } from "../domain/types.js";
import {
  accountabilitySchema,
  actionSchemas,
  createItemSchema,
  departmentsSchema,
  editItemSchema,
  issueNoticeSchema,
  revokeSchema,
  calendarYearSchema,
  settingsSchema,
  voidNoticeSchema,
} from "../domain/validation.js";
import * as A from "../domain/answers.js";
import { type Call, register, type RouteDef } from "../http/endpoint.js";
import { examples, problemExample } from "./openapi-examples.js";

const SUMMARIES: Record<string, string> = {
  health: "健康检查：服务与存储是否可达",
  me: "当前用户（姓名与角色）",
  listItems: "督办事项列表（分页，可按年度、状态、部门、超期筛选）",
  createItem: "登记督办事项（拟办），Idempotency-Key 可保证重试不重复",
  getItem: "读取督办事项（带 ETag）",
  editItem: "修改当前状态允许的字段（须 If-Match）",
  itemAction: "生命周期操作（须 If-Match）",
  listItemEvents: "事项历史",
  issueNotice: "下发通知单：分配文号并将事项置为已下发（Idempotency-Key 可保证重试不重复编号）",
  listNotices: "通知单列表",
  getNotice: "读取通知单",
  voidNotice: "作废通知单（文号保留，事项退回已立项）",
  getAssessment: "月度考核（定稿后返回冻结结果，否则为预览）",
  finalizeAssessment: "月度考核定稿（领导小组）",
  getBulletin: "督办通报数据（?from=&to= 或 ?year=）",
  getDepartments: "部门列表",
  putDepartments: "整体替换部门列表",
  getSettings: "系统设置",
  putSettings: "修改系统设置",
  getRules: "考核规则（当前版本或 ?version=）",
  putRules: "保存考核规则新版本（须 If-Match）",
  listReminders: "催办提醒发件箱：某日（?date=，默认今天）每个部门、每类提醒的发送状态（办公室、领导小组）",
  resendReminder: "重新发送一份未送达的催办提醒（办公室）",
  recordAccountability: "记录问责（领导小组；Idempotency-Key 可保证重试不重复）",
  listAccountability: "问责台账（分页，?year=&deptId=）",
  revokeAccountability: "撤销一条问责记录（领导小组；记录本身保留）",
  getCalendar: "某年的法定节假日与调休上班日（催办提醒按此计算工作日）",
  putCalendar: "录入 chinese-days 尚未包含的年份的放假安排（办公室、领导小组；再次修改须 If-Match）",
  openapi: "本文档",
};

const BODIES: Record<string, z.ZodType> = {
  createItem: createItemSchema,
  editItem: editItemSchema,
  issueNotice: issueNoticeSchema,
  voidNotice: voidNoticeSchema,
  putDepartments: departmentsSchema,
  putSettings: settingsSchema,
  putRules: rulesSchema,
  recordAccountability: accountabilitySchema,
  revokeAccountability: revokeSchema,
  putCalendar: calendarYearSchema,
};

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/**
 * Every 2xx answer of every route: its status(es), the schema of its body (domain/answers.ts) and its example.
 * A new route gets its line here; a route without one is listed by `undescribedRoutes()` and fails
 * test/functions/openapi-answers.test.ts with its name.
 */
interface Answer {
  status: number[];
  schema: z.ZodType;
  /** Response headers besides Content-Type. */
  headers?: ("ETag" | "ETag?" | "Location" | "Idempotent-Replayed")[];
  description: string;
}

const answer = (
  status: number | number[],
  schema: z.ZodType,
  description: string,
  headers?: Answer["headers"],
): Answer => ({
  status: Array.isArray(status) ? status : [status],
  schema,
  description,
  ...(headers ? { headers } : {}),
});

export const ANSWERS: Record<string, Answer> = {
  health: answer(200, A.healthAnswer, "服务在运行；status 说明存储是否可达"),
  me: answer(200, A.meAnswer, "当前用户"),
  listItems: answer(200, A.itemPageAnswer, "一页事项"),
  createItem: answer(201, A.itemViewAnswer, "已登记（重放时为原应答）", [
    "ETag",
    "Location",
    "Idempotent-Replayed",
  ]),
  getItem: answer(200, A.itemViewAnswer, "事项", ["ETag"]),
  editItem: answer(200, A.itemViewAnswer, "修改后的事项", ["ETag"]),
  itemAction: answer(200, A.itemViewAnswer, "操作后的事项", ["ETag"]),
  listItemEvents: answer(200, A.itemEventPageAnswer, "一页历史"),
  issueNotice: answer(201, A.noticeWithItemsAnswer, "已下发（重放时为原应答）", [
    "Location",
    "Idempotent-Replayed",
  ]),
  listNotices: answer(200, A.noticePageAnswer, "一页通知单"),
  getNotice: answer(200, A.noticeAnswer, "通知单", ["ETag"]),
  voidNotice: answer(200, A.noticeWithItemsAnswer, "已作废，事项退回已立项"),
  getAssessment: answer(200, A.assessmentAnswer, "定稿结果或预览"),
  finalizeAssessment: answer(201, A.assessmentAnswer, "已定稿"),
  getBulletin: answer(200, A.bulletinAnswer, "通报数据"),
  getDepartments: answer(200, A.departmentsAnswer, "部门列表", ["ETag?"]),
  putDepartments: answer(200, A.departmentsAnswer, "保存后的部门列表", ["ETag?"]),
  getSettings: answer(200, A.settingsAnswer, "系统设置", ["ETag?"]),
  putSettings: answer(200, A.settingsAnswer, "保存后的系统设置", ["ETag?"]),
  getRules: answer(200, A.rulesVersionAnswer, "考核规则", ["ETag"]),
  putRules: answer([201, 200], A.rulesVersionAnswer, "201 新版本；200 与现行规则相同，未产生新版本", [
    "ETag",
  ]),
  listReminders: answer(200, A.reminderListAnswer, "当日发件箱"),
  resendReminder: answer(200, A.reminderAnswer, "重新发送后的提醒"),
  recordAccountability: answer(201, A.accountabilityAnswer, "已记录（重放时为原应答）", [
    "Location",
    "Idempotent-Replayed",
  ]),
  listAccountability: answer(200, A.accountabilityPageAnswer, "一页问责记录"),
  revokeAccountability: answer(200, A.accountabilityAnswer, "已撤销的记录"),
  getCalendar: answer(200, A.calendarYearAnswer, "该年的放假安排及其来源", ["ETag?"]),
  putCalendar: answer(200, A.calendarYearAnswer, "保存后的放假安排", ["ETag"]),
  openapi: answer(200, A.openApiDocumentAnswer, "OpenAPI 3.1 文档"),
};

/** Routes whose answers the document does not describe (they fail the answers test). */
export const undescribedRoutes = (routes: readonly RouteDef[]) =>
  routes.map((r) => r.name).filter((name) => !ANSWERS[name]);

/** Error statuses any call may answer: the wrapper's (body, identity, storage) and the handlers' own. */
const ERROR_STATUSES = ["400", "401", "403", "404", "409", "412", "413", "415", "428", "500", "503"] as const;

const HEADERS = {
  ETag: { description: "该资源的 ETag，修改时放入 If-Match", required: true, schema: { type: "string" } },
  ETagOnceSaved: {
    description: "保存过一次之后才有的 ETag，修改时放入 If-Match（从未保存过时没有）",
    schema: { type: "string" },
  },
  Location: { description: "新资源的地址", schema: { type: "string" } },
  "Idempotent-Replayed": {
    description: "true：同一 Idempotency-Key 的重放，应答与原应答相同",
    schema: { type: "string", enum: ["true"] },
  },
  "Retry-After": { description: "稍后重试的秒数", schema: { type: "integer" } },
};

function responses(def: RouteDef) {
  const a = ANSWERS[def.name];
  const ok: Record<string, unknown> = {};
  if (!a)
    ok["200"] = {
      description: `未描述的应答：请在 functions/src/functions/openapi.ts 的 ANSWERS 中为 ${def.name} 补上`,
    };
  else {
    const id = A.answerRegistry.get(a.schema)?.id;
    const example = examples()[def.name];
    for (const status of a.status)
      ok[String(status)] = {
        description: a.description,
        ...(a.headers
          ? {
              headers: Object.fromEntries(
                a.headers.map((h) =>
                  h === "ETag?"
                    ? ["ETag", { $ref: "#/components/headers/ETagOnceSaved" }]
                    : [h, { $ref: `#/components/headers/${h}` }],
                ),
              ),
            }
          : {}),
        content: {
          "application/json": {
            schema: id ? ref(id) : z.toJSONSchema(a.schema, { io: "output", unrepresentable: "any" }),
            ...(example !== undefined ? { example } : {}),
          },
        },
      };
  }
  return {
    ...ok,
    ...Object.fromEntries(ERROR_STATUSES.map((s) => [s, { $ref: `#/components/responses/Problem${s}` }])),
  };
}

function operation(def: RouteDef, body?: z.ZodType, summary?: string) {
  const params = [...def.route.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const headers = [];
  if (def.name === "editItem" || def.name === "itemAction" || def.name === "putRules")
    headers.push({ name: "If-Match", in: "header", required: true, schema: { type: "string" } });
  if (def.name === "createItem" || def.name === "issueNotice" || def.name === "recordAccountability")
    headers.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      schema: { type: "string", maxLength: 200 },
    });
  return {
    operationId: def.name,
    summary: summary ?? SUMMARIES[def.name] ?? def.name,
    ...(def.anonymous ? { security: [] } : {}),
    parameters: [...params, ...headers],
    ...(body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(body) } } } }
      : {}),
    responses: responses(def),
  };
}

/** The answer schemas as OpenAPI components (2020-12 JSON Schema, references between them by id). */
function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(A.answerRegistry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: "output",
    unrepresentable: "any",
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

export function buildOpenApi(routes: readonly RouteDef[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routes) {
    for (const m of def.methods) {
      const method = m.toLowerCase();
      if (def.name === "itemAction") {
        // One path per action, each with its own payload schema.
        for (const action of ACTIONS) {
          const path = `/api/items/{id}/actions/${action}`;
          paths[path] = {
            ...paths[path],
            [method]: {
              ...operation(
                { ...def, route: "items/{id}" },
                actionSchemas[action],
                `${ACTION_LABELS[action]}（${action}）`,
              ),
              operationId: `action_${action}`,
            },
          };
        }
        continue;
      }
      const path = `/api/${def.route}`;
      paths[path] = { ...paths[path], [method]: operation(def, BODIES[def.name]) };
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "跟进督办 API",
      version: "1.0.0",
      description:
        "督办事项、通知单、月度考核与督办通报。身份由 App Service 身份验证的 x-ms-client-principal 提供。" +
        "每个应答的结构由服务端代码中的同一份 zod 定义生成；错误均为 application/problem+json（RFC 9457）。",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: "/", description: "与本文档同源的函数应用" }],
    components: {
      securitySchemes: { appServiceAuth: { type: "apiKey", in: "header", name: "x-ms-client-principal" } },
      schemas: componentSchemas(),
      headers: HEADERS,
      responses: Object.fromEntries(
        ERROR_STATUSES.map((s) => [
          `Problem${s}`,
          {
            description: PROBLEM_DESCRIPTIONS[s],
            ...(s === "503"
              ? { headers: { "Retry-After": { $ref: "#/components/headers/Retry-After" } } }
              : {}),
            content: {
              "application/problem+json": { schema: ref("Problem"), example: problemExample(Number(s)) },
            },
          },
        ]),
      ),
    },
    security: [{ appServiceAuth: [] }],
    paths,
  };
}

const PROBLEM_DESCRIPTIONS: Record<(typeof ERROR_STATUSES)[number], string> = {
  "400": "请求内容有误（errors 逐项指明字段）",
  "401": "未登录或身份无法验证",
  "403": "没有权限（角色或不是本部门的事项）",
  "404": "未找到",
  "409": "与当前状态冲突（附当前允许的操作）",
  "412": "ETag 已过期：数据已被他人修改",
  "413": "请求内容过大",
  "415": "请求内容须为 JSON",
  "428": "缺少 If-Match",
  "500": "服务器内部错误",
  "503": "存储暂时不可用（见 Retry-After）",
};

/** GET /api/openapi.json — every call described. */
export async function openapi(_call: Call) {
  // The route table does not change while the process runs: the document is built once, on first request.
  return { json: (served ??= JSON.stringify(buildOpenApi([...API_ROUTES, openapiRoute]))) };
}
let served: string | undefined;

export const openapiRoute: RouteDef = register({
  name: "openapi",
  methods: ["GET"],
  route: "openapi.json",
  anonymous: true,
  handler: openapi,
});

import { z } from "zod";
import { API_ROUTES } from "../api-routes.js";
import { rulesSchema } from "../domain/rules.js";
import { ACTION_LABELS, ACTIONS, MODES, SOURCES, STATUSES, URGENCIES } from "../domain/types.js";
import {
  actionSchemas,
  createItemSchema,
  departmentsSchema,
  editItemSchema,
  issueNoticeSchema,
  settingsSchema,
  voidNoticeSchema,
} from "../domain/validation.js";
import { type Call, register, type RouteDef } from "../http/endpoint.js";

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
};

const jsonSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" });

const problem = {
  description: "错误（application/problem+json）",
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
};

function operation(def: RouteDef, method: string, body?: z.ZodType, summary?: string) {
  const params = [...def.route.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const headers = [];
  if (def.name === "editItem" || def.name === "itemAction" || def.name === "putRules")
    headers.push({ name: "If-Match", in: "header", required: true, schema: { type: "string" } });
  if (def.name === "createItem" || def.name === "issueNotice")
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
    responses: {
      [method === "post" && ["createItem", "issueNotice", "putRules", "finalizeAssessment"].includes(def.name)
        ? "201"
        : "200"]: {
        description: "成功",
      },
      "400": problem,
      "401": problem,
      "403": problem,
      "404": problem,
      "409": problem,
      "412": problem,
      "503": problem,
    },
  };
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
                method,
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
      paths[path] = { ...paths[path], [method]: operation(def, method, BODIES[def.name]) };
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "跟进督办 API",
      version: "1.0.0",
      description:
        "督办事项、通知单、月度考核与督办通报。身份由 App Service 身份验证的 x-ms-client-principal 提供。",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: { appServiceAuth: { type: "apiKey", in: "header", name: "x-ms-client-principal" } },
      schemas: {
        Problem: {
          type: "object",
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string" },
            errors: {
              type: "array",
              items: {
                type: "object",
                properties: { path: { type: "string" }, message: { type: "string" } },
              },
            },
          },
        },
        Item: {
          type: "object",
          properties: {
            id: { type: "string" },
            source: { enum: [...SOURCES] },
            mode: { enum: [...MODES] },
            urgency: { enum: [...URGENCIES] },
            status: { enum: [...STATUSES] },
            light: { enum: ["red", "yellow", "green", "grey"] },
            allowedActions: { type: "array", items: { enum: [...ACTIONS] } },
            etag: { type: "string" },
          },
        },
      },
    },
    security: [{ appServiceAuth: [] }],
    paths,
  };
}

/** GET /api/openapi.json — every call described. */
export async function openapi(_call: Call) {
  return { body: buildOpenApi([...API_ROUTES, openapiRoute]) };
}

export const openapiRoute: RouteDef = register({
  name: "openapi",
  methods: ["GET"],
  route: "openapi.json",
  anonymous: true,
  handler: openapi,
});

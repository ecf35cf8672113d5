/**
 * Examples of every answer in the OpenAPI document, made by the domain code itself (an item created and viewed,
 * a month scored, a bulletin built) so they have the shape the API really answers. Built on the first request for
 * the document, never at import (cold start).
 */
import { buildBulletin } from "../domain/bulletin.js";
import { createItem } from "../domain/lifecycle.js";
import { formatNoticeNumber } from "../domain/numbering.js";
import { DEFAULT_RULES } from "../domain/rules.js";
import { scoreMonth } from "../domain/scoring.js";
import { DEFAULT_SETTINGS, type Department, type Notice, type Principal } from "../domain/types.js";
import { createItemSchema } from "../domain/validation.js";
import { itemView } from "../domain/view.js";
import { calendarStatus, packageYear } from "../reminders/workdays.js";

const AT = "2026-11-02T02:00:00.000Z";
const ETAG = `W/"datetime'2026-11-02T02%3A00%3A00.0000000Z'"`;
const office: Principal = { id: "u-office", name: "督办办公室 王文员", roles: ["office"] };
const departments: Department[] = [{ id: "tech", name: "技术部", head: "张部长", email: "tech@example.com" }];

function build(): Record<string, unknown> {
  const created = createItem(
    "0mhgo4a80abcdefgh",
    createItemSchema.parse({
      source: "decision",
      content: "完成年度安全评价报告编制",
      requirements: "按公司质量要求完成，报告经技术负责人审核",
      supervisedDept: "技术部",
      leadDept: "tech",
      owner: "张三",
      leader: "王副总",
      deadline: "2026-12-31",
    }),
    { principal: office, at: AT },
  );
  if (!created.ok) throw new Error("example item refused");
  const item = itemView(created.item, ETAG, office, new Date(AT), DEFAULT_SETTINGS.yellowLightDays);
  const notice: Notice = {
    year: 2026,
    seq: 12,
    number: formatNoticeNumber(2026, 12, DEFAULT_SETTINGS.numberPrefix),
    itemIds: [item.id],
    leadDept: "tech",
    issueDate: "2026-11-02",
    voided: false,
    voidedAt: null,
    voidReason: null,
    createdAt: AT,
    createdBy: office.name,
  };
  const rules = {
    ...DEFAULT_RULES,
    version: 0,
    createdAt: "1970-01-01T00:00:00.000Z",
    createdBy: "系统默认",
  };
  const calendar = calendarStatus("2026-11-02");
  const reminder = {
    date: "2026-11-02",
    deptId: "tech",
    deptName: "技术部",
    kind: "overdue",
    itemIds: [item.id],
    itemCount: 1,
    to: ["tech@example.com"],
    cc: [],
    state: "sent",
    attempts: 1,
    lastError: null,
    sentAt: AT,
    createdAt: AT,
    updatedAt: AT,
  };
  const accountability = {
    id: "2026-0mhgo4a80xyzabcd",
    itemIds: [item.id],
    deptId: "tech",
    person: "张三",
    measure: "criticism" as const,
    reason: "逾期未办结且未说明情况",
    month: "2026-11",
    createdAt: AT,
    createdBy: "领导小组 李组长",
    revoked: false,
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
  };
  return {
    recordAccountability: accountability,
    listAccountability: { items: [accountability], continuationToken: null },
    revokeAccountability: {
      ...accountability,
      revoked: true,
      revokedAt: AT,
      revokedBy: "领导小组 李组长",
      revokeReason: "经复核，已说明情况",
    },
    health: {
      status: "ok",
      storage: { reachable: true, latencyMs: 4, checkedAt: AT },
      time: AT,
      devMode: false,
      version: "1.0.0",
      calendar,
    },
    me: { id: office.id, name: office.name, roles: office.roles, departments: [], devMode: false },
    listItems: { items: [item], continuationToken: null },
    createItem: item,
    getItem: item,
    editItem: item,
    itemAction: item,
    listItemEvents: { items: [created.event], continuationToken: null },
    issueNotice: { ...notice, items: [item] },
    listNotices: { items: [notice], continuationToken: null },
    getNotice: notice,
    voidNotice: {
      ...notice,
      voided: true,
      voidedAt: AT,
      voidReason: "事项内容调整，重新下发",
      items: [item],
    },
    getAssessment: {
      ...scoreMonth({ month: "2026-10", histories: [[created.event]], rules, departments }),
      computedAt: AT,
      complete: true,
    },
    finalizeAssessment: {
      ...scoreMonth({ month: "2026-10", histories: [[created.event]], rules, departments }),
      finalized: true,
      finalizedAt: AT,
      finalizedBy: "领导小组 李组长",
      computedAt: AT,
      complete: true,
    },
    getBulletin: {
      ...buildBulletin({ from: "2026-10-01", to: "2026-10-31", histories: [[created.event]], departments }),
      year: null,
      itemIds: null,
    },
    getDepartments: departments,
    putDepartments: departments,
    getSettings: DEFAULT_SETTINGS,
    putSettings: DEFAULT_SETTINGS,
    getRules: rules,
    putRules: { ...rules, version: 1, createdAt: AT, createdBy: office.name },
    listReminders: {
      date: "2026-11-02",
      transport: "smtp",
      calendar,
      items: [reminder],
      continuationToken: null,
    },
    resendReminder: reminder,
    getCalendar: { year: 2026, source: "chinese-days", editable: false, ...packageYear(2026) },
    putCalendar: {
      year: 2027,
      source: "office",
      editable: true,
      holidays: [
        { date: "2027-01-01", name: "元旦" },
        { date: "2027-02-06", name: "春节" },
      ],
      workdays: ["2027-02-14"],
      updatedAt: AT,
      updatedBy: office.name,
    },
    openapi: { openapi: "3.1.0", info: { title: "跟进督办 API", version: "1.0.0" }, paths: {} },
  };
}

let built: Record<string, unknown> | null = null;

/** The example body of each route's 2xx answer, by route name. */
export const examples = (): Record<string, unknown> => (built ??= build());

const PROBLEM_EXAMPLES: Record<
  number,
  { code: string; detail: string; errors?: { path: string; message: string }[] }
> = {
  400: {
    code: "invalid_input",
    detail: "完成时限应为有效日期，格式 YYYY-MM-DD",
    errors: [{ path: "deadline", message: "完成时限应为有效日期，格式 YYYY-MM-DD" }],
  },
  401: { code: "unauthenticated", detail: "未登录或身份无法验证" },
  403: { code: "forbidden", detail: "只有督办工作办公室可以登记督办事项" },
  404: { code: "not_found", detail: "督办事项 0mhgo4a80abcdefgh 不存在" },
  409: { code: "conflict", detail: "当前状态「拟办」不能执行「签收」" },
  412: { code: "stale_etag", detail: "该事项已被他人修改，请刷新后再操作" },
  413: { code: "payload_too_large", detail: "请求内容不能超过 256 KB" },
  415: { code: "unsupported_media_type", detail: "请求内容须为 JSON（Content-Type: application/json）" },
  428: { code: "precondition_required", detail: "修改须在 If-Match 中带上读取时得到的 ETag" },
  500: { code: "internal", detail: "服务器内部错误，请稍后重试或联系管理员" },
  503: { code: "storage_unavailable", detail: "存储服务暂时无法连接，请稍后重试" },
};

/** A problem document as the API answers it for `status`. */
export function problemExample(status: number) {
  const e = PROBLEM_EXAMPLES[status] ?? { code: "error", detail: "请求失败" };
  return {
    type: `https://duban.invalid/problems/${e.code}`,
    title: e.detail,
    status,
    detail: e.detail,
    code: e.code,
    errors: e.errors ?? [],
  };
}

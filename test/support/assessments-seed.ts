/**
 * Seeding months of supervision for the 月度考核 tests: a `Desk` that drives items step by step (拟办 → 审定立项 →
 * 下发通知单 → 签收 → …), registers departments, saves rules versions and reads or finalizes a month's
 * assessment — on the handlers with a test clock, or over HTTP against a running API with a clock of its own.
 */
import { expect } from "vitest";
import type { Principal } from "../../functions/src/domain/types.js";
import { ROUTES } from "../../functions/src/routes.js";
import type { Answer, CallOptions, TestEnv } from "./api.js";
import { HttpClient, invoke, leader, newItem, office } from "./api.js";

/** The departments the assessment tests score, as the office registers them. */
const DEPARTMENTS = {
  tech: { id: "tech", name: "技术部", head: "张三" },
  safety: { id: "safety", name: "安全部", head: "李四" },
  fin: { id: "fin", name: "财务部", head: "王五" },
  hr: { id: "hr", name: "人力资源部", head: "赵六" },
  ops: { id: "ops", name: "运营部", head: "钱七" },
  audit: { id: "audit", name: "审计部", head: "孙八" },
} as const;
export type DeptId = keyof typeof DEPARTMENTS;

/** The department list for PUT /api/departments, in the order given (the assessment lists them in that order). */
export const departments = (...ids: DeptId[]) => ids.map((id) => DEPARTMENTS[id]);

export interface Line {
  deptId: string;
  itemId: string;
  noticeNumber: string | null;
  rule: string;
  points: number;
  reason: string;
}
export interface DeptRow {
  deptId: string;
  name: string;
  handled: number;
  closedOnTime: number;
  overdue: number;
  deduction: number;
  awardEligible: boolean;
}
export interface AssessmentBody {
  month: string;
  finalized: boolean;
  rulesVersion: number;
  departments: DeptRow[];
  lines: Line[];
}

/** An item on the desk and the number of its 通知单. */
export type ItemRef = { id: string; number: string };

/** Each deduction line as [department, item, notice number, rule, points]. */
export const lineRows = (a: Pick<AssessmentBody, "lines">) =>
  a.lines.map((l) => [l.deptId, l.itemId, l.noticeNumber, l.rule, l.points]);

/** Calls a route by its name, the way `invoke` does. */
type CallRoute = (routeName: string, options: CallOptions) => Promise<Answer>;

function overHttp(baseUrl: string): CallRoute {
  return (routeName, { params = {}, as = null, ...options }) => {
    const def = ROUTES.find((r) => r.name === routeName);
    if (!def) throw new Error(`no route ${routeName}`);
    let path = `/${def.route}`;
    for (const [k, v] of Object.entries(params)) path = path.replace(`{${k}}`, encodeURIComponent(v));
    return new HttpClient(baseUrl, as).request(def.methods[0]!, path, options);
  };
}

/**
 * The supervision office's desk: every step is checked to succeed, and the desk keeps each item's ETag for the
 * next step's If-Match.
 */
export class Desk {
  private readonly etags = new Map<string, string>();

  private constructor(
    private readonly call: CallRoute,
    private readonly clock: TestEnv["clock"] | null,
  ) {}

  /** On the handlers, each step at the instant `env`'s test clock is set to. */
  static onHandlers(env: TestEnv): Desk {
    return new Desk((routeName, options) => invoke(env.deps, routeName, options), env.clock);
  }

  /** Over HTTP to a running API (base URL ending in /api), at whatever instant that API's clock says. */
  static overHttp(baseUrl: string): Desk {
    return new Desk(overHttp(baseUrl), null);
  }

  at(iso: string): this {
    if (!this.clock) throw new Error("this desk has no test clock");
    this.clock.set(iso);
    return this;
  }

  /** Continue with an item another desk (or process) has been handling. */
  async track(id: string) {
    const read = await this.call("getItem", { as: office, params: { id } });
    this.etags.set(id, read.body.etag);
  }

  async putDepartments(list: readonly { id: string; name: string; head: string }[]) {
    expect((await this.call("putDepartments", { as: office, body: list })).status).toBe(200);
  }

  async create(fields: Record<string, unknown>): Promise<string> {
    const res = await this.call("createItem", { as: office, body: newItem(fields) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    this.etags.set(res.body.id, res.body.etag);
    return res.body.id as string;
  }

  async act(id: string, action: string, as: Principal, body: Record<string, unknown> = {}) {
    const res = await this.call("itemAction", {
      as,
      params: { id, action },
      ifMatch: this.etags.get(id)!,
      body,
    });
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    this.etags.set(id, res.body.etag);
    return res.body;
  }

  async edit(id: string, fields: Record<string, unknown>) {
    const res = await this.call("editItem", {
      as: office,
      params: { id },
      ifMatch: this.etags.get(id)!,
      body: fields,
    });
    expect(res.status, `edit: ${JSON.stringify(res.body)}`).toBe(200);
    this.etags.set(id, res.body.etag);
    return res.body;
  }

  async issue(id: string, issueDate?: string) {
    const res = await this.call("issueNotice", {
      as: office,
      body: { itemIds: [id], ...(issueDate ? { issueDate } : {}) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    this.etags.set(id, res.body.items[0].etag);
    return res.body.number as string;
  }

  /** 拟办 → 审定立项 → 下发通知单 (dated `issueDate`, else today) → 签收 by `by`, all at the clock's instant. */
  async running(fields: Record<string, unknown>, by: Principal, issueDate?: string): Promise<ItemRef> {
    const id = await this.create(fields);
    await this.act(id, "approve", leader, { comment: "同意立项" });
    const number = await this.issue(id, issueDate);
    await this.act(id, "acknowledge", by);
    return { id, number };
  }

  /** 报告办结, the work done from 2026年9月1日 to `completedTo`. */
  report(id: string, by: Principal, completedTo: string) {
    return this.act(id, "report", by, {
      completedFrom: "2026-09-01",
      completedTo,
      summary: "已按要求完成",
      leadOpinion: "同意报结",
    });
  }

  /** 领导小组 办结. */
  close(id: string) {
    return this.act(id, "close", leader, { opinion: "同意办结" });
  }

  /**
   * Saves the next rules version: the current one (read by `readAs`) must be version `from`; `changes` are laid
   * over it and the leading group saves it with If-Match "rules-v{from}", which makes version `from + 1`.
   */
  async reviseRules(from: number, changes: Record<string, unknown>, readAs: Principal = leader) {
    const current = await this.call("getRules", { as: readAs });
    expect(current.headers.get("etag")).toBe(`"rules-v${from}"`);
    const { version: _v, createdAt: _c, createdBy: _b, ...doc } = current.body;
    const saved = await this.call("putRules", {
      as: leader,
      ifMatch: `"rules-v${from}"`,
      body: { ...doc, ...changes },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.version).toBe(from + 1);
    return saved.body;
  }

  /** GET /api/assessments/{month}, whatever the answer. */
  assessment(month: string, as: Principal = office): Promise<Answer> {
    return this.call("getAssessment", { as, params: { month } });
  }

  /** The month's assessment, which must be 200. */
  async readAssessment(month: string): Promise<AssessmentBody> {
    const res = await this.assessment(month);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as AssessmentBody;
  }

  /** POST 定稿 for the month, whatever the answer. */
  finalize(month: string, as: Principal = leader): Promise<Answer> {
    return this.call("finalizeAssessment", { as, params: { month } });
  }
}

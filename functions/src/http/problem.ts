/** RFC 9457 problem details with Chinese messages: the only error shape the API answers with. */
import type { FieldError } from "../domain/validation.js";

export interface ProblemExtras {
  errors?: FieldError[];
  retryAfter?: number;
  [key: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "请求内容有误",
  401: "未登录或身份无法验证",
  403: "没有权限",
  404: "未找到",
  405: "不支持的请求方法",
  409: "与当前状态冲突",
  412: "数据已被他人修改",
  413: "请求内容过大",
  415: "不支持的内容类型",
  428: "缺少 If-Match",
  500: "服务器内部错误",
  503: "服务暂时不可用",
};

/** An error the API answers with a problem document; `code` is stable for clients to branch on. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail);
  }

  toProblem(instance?: string): Record<string, unknown> {
    const { retryAfter: _retryAfter, ...rest } = this.extras;
    return {
      type: `https://duban.invalid/problems/${this.code}`,
      title: TITLES[this.status] ?? "请求失败",
      status: this.status,
      detail: this.detail,
      code: this.code,
      errors: this.extras.errors ?? [],
      ...rest,
      ...(instance ? { instance } : {}),
    };
  }
}

export const badRequest = (errors: FieldError[], detail?: string) =>
  new ApiError(400, "invalid_input", detail ?? errors.map((e) => e.message).join("；"), { errors });

export const notFound = (detail: string) => new ApiError(404, "not_found", detail);
export const forbidden = (detail: string) => new ApiError(403, "forbidden", detail);
export const conflict = (detail: string, extras: ProblemExtras = {}) =>
  new ApiError(409, "conflict", detail, extras);
export const preconditionFailed = (detail = "数据已被他人修改，请刷新后重试") =>
  new ApiError(412, "stale_etag", detail);

/** Input validation: what a clerk or a client may send, and the Chinese message that names each bad field. */
import { describe, expect, it } from "vitest";
import { ACTIONS, ACTION_LABELS } from "../../functions/src/domain/types.js";
import {
  actionSchemas,
  createItemSchema,
  editItemSchema,
  type FieldError,
  issueNoticeSchema,
  settingsSchema,
  validate,
  voidNoticeSchema,
} from "../../functions/src/domain/validation.js";
import { validPayload } from "../support/factories.js";

const minimal = { source: "superior", content: "贯彻落实上级安全生产工作部署", leadDept: "tech" };

function errorsOf(schema: Parameters<typeof validate>[0], input: unknown): FieldError[] {
  const v = validate(schema, input);
  if (v.ok) throw new Error(`expected errors, got ${JSON.stringify(v.value)}`);
  return v.errors;
}

function valueOf<T>(v: { ok: true; value: T } | { ok: false; errors: FieldError[] }): T {
  if (!v.ok) throw new Error(`expected a value, got ${JSON.stringify(v.errors)}`);
  return v.value;
}

const CJK = /[\u4e00-\u9fff]/;

describe("登记督办事项", () => {
  it("只填来源、内容和牵头部门时，其余字段取默认值", () => {
    expect(valueOf(validate(createItemSchema, minimal))).toEqual({
      ...minimal,
      requirements: "",
      supervisedDept: "",
      assistDepts: [],
      owner: "",
      leader: "",
      mode: "tracking",
      urgency: "normal",
      deadline: null,
      proposal: "",
      leaderId: null,
      supervisionGroup: [],
    });
  });

  it("缺少必填项时逐项用中文指出", () => {
    const errors = errorsOf(createItemSchema, {});
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: "source", message: "事项来源为必填项" },
        { path: "content", message: "督办事项内容为必填项" },
        { path: "leadDept", message: "牵头部门为必填项" },
      ]),
    );
    expect(errors).toHaveLength(3);
  });

  it("不认识的字段被拒绝，并指出每一个字段名", () => {
    const errors = errorsOf(createItemSchema, { ...minimal, 备注: "x", priority: 1 });
    expect(errors.map((e) => e.path).sort()).toEqual(["priority", "备注"].sort());
    for (const e of errors) expect(e.message).toContain("不认识的字段");
    expect(errors.find((e) => e.path === "priority")!.message).toContain("priority");
  });

  it("督办事项内容至多 2000 字：2001 字被拒绝", () => {
    expect(validate(createItemSchema, { ...minimal, content: "督".repeat(2000) }).ok).toBe(true);
    expect(errorsOf(createItemSchema, { ...minimal, content: "督".repeat(2001) })).toEqual([
      { path: "content", message: "督办事项内容不能超过 2000 个字" },
    ]);
  });

  it("只有空白的内容等于没填", () => {
    expect(errorsOf(createItemSchema, { ...minimal, content: " \n\t " })).toEqual([
      { path: "content", message: "督办事项内容不能为空" },
    ]);
  });

  it("内容首尾的空白被去掉，换行和制表符保留在中间", () => {
    const v = valueOf(validate(createItemSchema, { ...minimal, content: "  第一条\n第二条\t附表  " }));
    expect(v.content).toBe("第一条\n第二条\t附表");
  });

  it.each([
    ["空字符", "内容\u0000内容"],
    ["响铃符", "内容\u0007内容"],
    ["转义符", "内容\u001b[0m"],
    ["删除符", "内容\u007f内容"],
    ["孤立的高代理项", "内容\ud800内容"],
    ["孤立的低代理项", "内容\udc00"],
  ])("包含%s的文本被拒绝", (_name, content) => {
    expect(errorsOf(createItemSchema, { ...minimal, content })).toEqual([
      { path: "content", message: "督办事项内容包含无法保存的控制字符" },
    ]);
  });

  it("完整的表情符号（代理对）可以保存", () => {
    expect(valueOf(validate(createItemSchema, { ...minimal, content: "按期完成 👍" })).content).toBe(
      "按期完成 👍",
    );
  });

  it.each(["2026-02-30", "2026/1/1", "2026-1-1", "2026-13-01", "明年"])(
    "完成时限「%s」被拒绝并指出完成时限",
    (deadline) => {
      const errors = errorsOf(createItemSchema, { ...minimal, deadline });
      expect(errors).toHaveLength(1);
      expect(errors[0]!.path).toBe("deadline");
      expect(errors[0]!.message).toContain("完成时限");
      expect(errors[0]!.message).toContain("YYYY-MM-DD");
    },
  );

  it("完成时限可以暂不填写", () => {
    expect(valueOf(validate(createItemSchema, { ...minimal, deadline: null })).deadline).toBeNull();
    expect(valueOf(validate(createItemSchema, { ...minimal, deadline: "2028-02-29" })).deadline).toBe(
      "2028-02-29",
    );
  });

  it("协办部门不能重复", () => {
    expect(errorsOf(createItemSchema, { ...minimal, assistDepts: ["fin", "fin"] })).toEqual([
      { path: "assistDepts", message: "协办部门不能重复" },
    ]);
  });

  it("牵头部门不能同时是协办部门", () => {
    expect(errorsOf(createItemSchema, { ...minimal, assistDepts: ["fin", "tech"] })).toEqual([
      { path: "assistDepts", message: "协办部门不能包含牵头部门" },
    ]);
  });

  it("联合督办须至少指定一个协办部门，并写明督办组", () => {
    expect(errorsOf(createItemSchema, { ...minimal, mode: "joint" })).toEqual([
      { path: "assistDepts", message: "协办部门不能为空（联合督办须至少指定一个协办部门）" },
      { path: "supervisionGroup", message: "督办组不能为空（联合督办须写明督办组成员）" },
    ]);
    const joint = {
      ...minimal,
      mode: "joint",
      assistDepts: ["fin"],
      supervisionGroup: ["督办办公室 王主任"],
    };
    expect(validate(createItemSchema, joint).ok).toBe(true);
  });

  it("部门编号只能由字母、数字、- 和 _ 组成", () => {
    const errors = errorsOf(createItemSchema, { ...minimal, leadDept: "技术部", assistDepts: ["ok", "a b"] });
    expect(errors.map((e) => e.path).sort()).toEqual(["assistDepts.1", "leadDept"]);
    expect(errors.find((e) => e.path === "assistDepts.1")!.message).toContain("协办部门第2项");
  });

  it("没选部门（空白）说不能为空；格式不对时说明应有的格式，而不只是「格式不正确」", () => {
    expect(errorsOf(createItemSchema, { ...minimal, leadDept: "" })).toEqual([
      { path: "leadDept", message: "牵头部门不能为空" },
    ]);
    expect(errorsOf(createItemSchema, { ...minimal, leadDept: "技术 部" })).toEqual([
      { path: "leadDept", message: "牵头部门应为部门编号（字母、数字、- 或 _，至多 64 个字符）" },
    ]);
  });

  it("来源、督办方式、紧急程度只能取约定的值", () => {
    const errors = errorsOf(createItemSchema, { ...minimal, source: "boss", mode: "email", urgency: "asap" });
    expect(errors.map((e) => e.path).sort()).toEqual(["mode", "source", "urgency"]);
    expect(errors.find((e) => e.path === "urgency")!.message).toContain("紧急程度只能是");
  });

  it("类型不对时指出应有的类型", () => {
    expect(errorsOf(createItemSchema, { ...minimal, content: 42 })).toEqual([
      { path: "content", message: "督办事项内容应为文本" },
    ]);
    expect(errorsOf(createItemSchema, { ...minimal, assistDepts: "fin" })[0]!.message).toBe(
      "协办部门应为列表",
    );
    expect(errorsOf(createItemSchema, { ...minimal, content: null })[0]!.message).toBe(
      "督办事项内容不能为空",
    );
  });

  it.each(["=SUM(A1:A3)", "+86 029 1234", "-减少隐患", "@综合部 请跟进", '=HYPERLINK("http://x")'])(
    "以 = + - @ 开头的「%s」按原文保存（是文本，不是公式）",
    (content) => {
      const v = valueOf(
        validate(createItemSchema, {
          ...minimal,
          content,
          requirements: content,
          owner: content.slice(0, 50),
        }),
      );
      expect(v.content).toBe(content);
      expect(v.requirements).toBe(content);
    },
  );

  it("请求内容不是对象时也给出中文错误，不会抛出异常", () => {
    for (const input of [null, "text", 3, [minimal]]) {
      const errors = errorsOf(createItemSchema, input);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toEqual({ path: "", message: expect.stringMatching(/^请求内容/) });
    }
  });
});

describe("修改督办事项", () => {
  it("只包含提交的字段，不会用默认值覆盖其他字段", () => {
    expect(valueOf(validate(editItemSchema, { owner: "李四" }))).toEqual({ owner: "李四" });
  });

  it("没有要修改的字段时被拒绝", () => {
    expect(errorsOf(editItemSchema, {})).toEqual([{ path: "", message: "请求内容没有要修改的字段" }]);
  });

  it("修改时同样拒绝不认识的字段、无效日期和重复的协办部门", () => {
    expect(errorsOf(editItemSchema, { status: "closed" })[0]!.path).toBe("status");
    expect(errorsOf(editItemSchema, { deadline: "2026-02-30" })[0]!.message).toContain("完成时限");
    expect(errorsOf(editItemSchema, { assistDepts: ["b", "b"] })).toEqual([
      { path: "assistDepts", message: "协办部门不能重复" },
    ]);
  });
});

describe("事项操作的内容", () => {
  it.each(ACTIONS.map((a) => ({ a, name: ACTION_LABELS[a] })))(
    "「$name」的有效内容被接受，多余字段被拒绝",
    ({ a }) => {
      const payload = validPayload(a, "2026-06-01");
      expect(validate(actionSchemas[a], payload).ok).toBe(true);
      expect(errorsOf(actionSchemas[a], { ...payload, 附件: "x.pdf" })).toEqual([
        { path: "附件", message: expect.stringContaining("不认识的字段：附件") },
      ]);
    },
  );

  it("申请延期的建议完成时限须为有效日期", () => {
    const payload = { ...validPayload("request_extension", "2026-06-01"), proposedDeadline: "2026-6-30" };
    expect(errorsOf(actionSchemas.request_extension, payload)).toEqual([
      { path: "proposedDeadline", message: "建议完成时限应为有效日期，格式 YYYY-MM-DD" },
    ]);
  });

  it("报告单缺少各栏时逐项指出", () => {
    const errors = errorsOf(actionSchemas.report, {});
    expect(errors.map((e) => e.path).sort()).toEqual([
      "completedFrom",
      "completedTo",
      "leadOpinion",
      "summary",
    ]);
    expect(errors.find((e) => e.path === "summary")!.message).toBe("完成情况为必填项");
    expect(errors.find((e) => e.path === "leadOpinion")!.message).toBe("牵头部门意见为必填项");
  });

  it("报告单的完成时间（止）不能早于（起）", () => {
    const payload = {
      ...validPayload("report", "2026-06-01"),
      completedFrom: "2026-05-10",
      completedTo: "2026-05-09",
    };
    expect(errorsOf(actionSchemas.report, payload)).toEqual([
      { path: "completedTo", message: "完成时间（止）不能早于完成时间（起）" },
    ]);
  });

  it("理由、意见过长时指出字数上限", () => {
    expect(errorsOf(actionSchemas.cancel, { reason: "理".repeat(1001) })).toEqual([
      { path: "reason", message: "理由不能超过 1000 个字" },
    ]);
  });

  it("所有错误信息都是中文", () => {
    const inputs: unknown[] = [{}, { x: 1 }, null, { note: 5, comment: [], deadline: "x" }];
    for (const schema of Object.values(actionSchemas))
      for (const input of inputs) {
        const v = validate(schema, input);
        if (!v.ok) for (const e of v.errors) expect(e.message).toMatch(CJK);
      }
  });
});

describe("通知单与设置", () => {
  it("下发通知单的事项不能重复，至少一项", () => {
    expect(errorsOf(issueNoticeSchema, { itemIds: ["i1", "i1"] })).toEqual([
      { path: "itemIds", message: "督办事项不能重复" },
    ]);
    expect(errorsOf(issueNoticeSchema, { itemIds: [] })).toEqual([
      { path: "itemIds", message: "督办事项至少需要 1 项" },
    ]);
    expect(errorsOf(issueNoticeSchema, { itemIds: ["i1"], issueDate: "2026-02-30" })[0]!.message).toContain(
      "下发日期",
    );
  });

  it("作废通知单须说明理由，不接受多余字段", () => {
    expect(errorsOf(voidNoticeSchema, {})).toEqual([{ path: "reason", message: "理由为必填项" }]);
    expect(errorsOf(voidNoticeSchema, { reason: "填错", seq: 3 })[0]!.path).toBe("seq");
  });

  it("文号前缀不能包含括号、空白或数字（否则文号无法解析）", () => {
    const settings = {
      companyName: "陕西秦安煤矿安全评价事务有限公司",
      numberPrefix: "陕秦安督字",
      yellowLightDays: 3,
    };
    expect(validate(settingsSchema, settings).ok).toBe(true);
    for (const numberPrefix of ["陕秦安[督]字", "陕秦安 督字", "督字2", "督〔字"])
      expect(errorsOf(settingsSchema, { ...settings, numberPrefix })).toEqual([
        { path: "numberPrefix", message: "文号前缀不能包含括号、空白或数字" },
      ]);
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, type Rules, rulesSchema } from "../../functions/src/domain/rules.js";
import { validate } from "../../functions/src/domain/validation.js";

const rules = (patch: (r: Rules) => void): unknown => {
  const r = structuredClone(DEFAULT_RULES);
  patch(r);
  return r;
};

const errorsOf = (input: unknown) => {
  const v = validate(rulesSchema, input);
  if (v.ok) throw new Error("expected the rules to be rejected");
  return v.errors;
};

describe("考核规则（版本化文档）", () => {
  it("默认规则与制度设计一致，并通过校验", () => {
    expect(DEFAULT_RULES).toEqual({
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
    });
    expect(validate(rulesSchema, DEFAULT_RULES)).toEqual({ ok: true, value: DEFAULT_RULES });
  });

  it("默认规则不可被意外修改", () => {
    expect(() => {
      (DEFAULT_RULES.r1Tiers[0] as { points: number }).points = 5;
    }).toThrow(TypeError);
    expect(DEFAULT_RULES.r1Tiers[0]!.points).toBe(1);
  });

  it("可以配置协办分担比例、两位小数的分值和单档规则", () => {
    const custom = rules((r) => {
      r.assistShare = 0.5;
      r.r4Points = 0.25;
      r.r1Tiers = [{ maxDays: null, points: 1.5 }];
      r.urgencyFactors.urgent = 1.25;
      r.monthlyCap = 12.5;
    });
    expect(validate(rulesSchema, custom).ok).toBe(true);
  });

  const bad: { name: string; input: unknown; path: string; message: RegExp }[] = [
    {
      name: "负分值",
      input: rules((r) => (r.r2Points = -1)),
      path: "r2Points",
      message: /^R2 未按要求整改分值不能小于 0$/,
    },
    {
      name: "超过两位小数的分值",
      input: rules((r) => (r.r4Points = 0.125)),
      path: "r4Points",
      message: /^R4 迟报分值最多保留两位小数$/,
    },
    {
      name: "非数字的分值",
      input: rules((r) => ((r as { r3Points: unknown }).r3Points = "1")),
      path: "r3Points",
      message: /^R3 逾期未说明分值应为数字$/,
    },
    {
      name: "无穷大的上限",
      input: rules((r) => (r.monthlyCap = Infinity)),
      path: "monthlyCap",
      message: /^月度扣分上限/,
    },
    { name: "NaN", input: rules((r) => (r.r3Points = NaN)), path: "r3Points", message: /^R3 逾期未说明分值/ },
    {
      name: "上限为 0",
      input: rules((r) => (r.monthlyCap = 0)),
      path: "monthlyCap",
      message: /^月度扣分上限不能小于 0.01$/,
    },
    {
      name: "分担比例大于 1",
      input: rules((r) => (r.assistShare = 1.5)),
      path: "assistShare",
      message: /^协办部门分担比例不能大于 1$/,
    },
    {
      name: "系数为 0",
      input: rules((r) => (r.urgencyFactors.critical = 0)),
      path: "urgencyFactors.critical",
      message: /^特别重大不能小于 0.01$/,
    },
    {
      name: "档次不按天数递增",
      input: rules((r) => (r.r1Tiers[1]!.maxDays = 15)),
      path: "r1Tiers.1.maxDays",
      message: /^逾期天数上限第2项应大于上一档的上限 15 天/,
    },
    {
      name: "最后一档设了上限",
      input: rules((r) => (r.r1Tiers[2]!.maxDays = 60)),
      path: "r1Tiers.2.maxDays",
      message: /^逾期天数上限第3项最后一档应不设上限/,
    },
    {
      name: "中间一档不设上限",
      input: rules((r) => (r.r1Tiers[0]!.maxDays = null)),
      path: "r1Tiers.0.maxDays",
      message: /只有最后一档可以不设上限/,
    },
    {
      name: "天数不是整数",
      input: rules((r) => (r.r1Tiers[0]!.maxDays = 15.5)),
      path: "r1Tiers.0.maxDays",
      message: /^逾期天数上限第1项应为整数$/,
    },
    {
      name: "档次分值为负",
      input: rules((r) => (r.r1Tiers[1]!.points = -2)),
      path: "r1Tiers.1.points",
      message: /^分值第2项不能小于 0$/,
    },
    {
      name: "没有任何档次",
      input: rules((r) => (r.r1Tiers = [])),
      path: "r1Tiers",
      message: /^R1 逾期档次至少需要 1 项$/,
    },
    {
      name: "缺少字段",
      input: (() => {
        const { monthlyCap: _cap, ...rest } = structuredClone(DEFAULT_RULES);
        return rest;
      })(),
      path: "monthlyCap",
      message: /^月度扣分上限为必填项$/,
    },
    {
      name: "多余字段",
      input: { ...structuredClone(DEFAULT_RULES), r5Points: 1 },
      path: "r5Points",
      message: /不认识的字段：r5Points/,
    },
  ];

  for (const c of bad)
    it(`拒绝${c.name}，错误指明字段 ${c.path}`, () => {
      const errors = errorsOf(c.input);
      const error = errors.find((e) => e.path === c.path);
      expect(error, JSON.stringify(errors)).toBeDefined();
      expect(error!.message).toMatch(c.message);
      expect(error!.message).toMatch(/[\u4e00-\u9fff]/);
    });
});

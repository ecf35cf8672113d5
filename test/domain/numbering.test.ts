/** 督办文号 陕秦安督字〔2026〕12号: how it is written, and how people type it back. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PREFIX,
  formatNoticeNumber,
  NoticeNumberError,
  parseNoticeNumber,
} from "../../functions/src/domain/numbering.js";

/** Prefixes a company could configure: 1–8 CJK characters (never brackets, digits or spaces). */
const prefixArb = fc.string({
  unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 8,
});
const yearArb = fc.integer({ min: 1900, max: 9999 });
const seqArb = fc.integer({ min: 1, max: 999_999 });
const BRACKETS = [
  ["〔", "〕"],
  ["[", "]"],
  ["［", "］"],
] as const;
const spaceArb = fc.constantFrom("", " ", "  ", "\u3000", "\t");

describe("文号的写法", () => {
  it("默认前缀：陕秦安督字〔2026〕12号", () => {
    expect(DEFAULT_PREFIX).toBe("陕秦安督字");
    expect(formatNoticeNumber(2026, 12)).toBe("陕秦安督字〔2026〕12号");
  });

  it("前缀可配置", () => {
    expect(formatNoticeNumber(2027, 1, "秦安督办")).toBe("秦安督办〔2027〕1号");
  });

  it.each([
    [1899, 1],
    [10000, 1],
    [2026.5, 1],
    [2026, 0],
    [2026, -3],
    [2026, 1.5],
    [2026, 1_000_000], // six digits is what a typed number may carry
  ])("年度 %s、序号 %s 不能生成文号", (year, seq) => {
    expect(() => formatNoticeNumber(year, seq)).toThrow(/文号(年度|序号)无效/);
  });
});

describe("按人们的输入习惯解析文号", () => {
  it.each([
    "陕秦安督字〔2026〕12号",
    "陕秦安督字[2026]12号",
    "陕秦安督字［2026］12号",
    "陕秦安督字[2026] 12 号",
    " 陕秦安督字 〔 2026 〕 12 号 ",
    "陕秦安督字〔2026〕012号",
  ])("「%s」是 2026 年第 12 号", (text) => {
    expect(parseNoticeNumber(text)).toEqual({ prefix: "陕秦安督字", year: 2026, seq: 12 });
    expect(parseNoticeNumber(text, "陕秦安督字")).toEqual({ prefix: "陕秦安督字", year: 2026, seq: 12 });
  });

  it("解析配置的其他前缀", () => {
    expect(parseNoticeNumber("秦安督办〔2027〕3号", "秦安督办")).toEqual({
      prefix: "秦安督办",
      year: 2027,
      seq: 3,
    });
  });

  it("不要求前缀时，给出文号上的前缀", () => {
    expect(parseNoticeNumber("某公司督字[2026]5号").prefix).toBe("某公司督字");
  });

  it.each([
    ["陕秦安督字〔2026]12号", "括号不配对"],
    ["陕秦安督字[2026〕12号", "括号不配对"],
    ["陕秦安督字［2026]12号", "括号不配对"],
    ["陕秦安督字〔2026〕12", "格式不正确"],
    ["陕秦安督字〔2026〕1a2号", "格式不正确"],
    ["陕秦安督字〔2026〕十二号", "格式不正确"],
    ["陕秦安督字〔2026〕0号", "序号应从 1 开始"],
    ["陕秦安督字〔2026〕000号", "序号应从 1 开始"],
    ["陕秦安督字〔26〕1号", "格式不正确"],
    ["陕秦安督字〔0999〕1号", "年度"],
    ["〔2026〕1号", "格式不正确"],
    ["陕秦安督字2026号", "格式不正确"],
    ["", "格式不正确"],
  ])("「%s」被拒绝：%s", (text, reason) => {
    expect(() => parseNoticeNumber(text)).toThrow(NoticeNumberError);
    expect(() => parseNoticeNumber(text)).toThrow(reason);
    expect(() => parseNoticeNumber(text)).toThrow(/督办文号/);
  });

  it("要求前缀时，其他前缀的文号被拒绝并指出应有的前缀", () => {
    expect(() => parseNoticeNumber("其他督字〔2026〕1号", "陕秦安督字")).toThrow("前缀应为「陕秦安督字」");
    expect(() => parseNoticeNumber("陕秦安督字〔2026〕1号", "秦安督办")).toThrow(NoticeNumberError);
  });

  it("格式错误的提示给出正确写法", () => {
    expect(() => parseNoticeNumber("督字12号", "秦安督办")).toThrow("应为 秦安督办〔年度〕序号号");
  });
});

describe("文号的往返", () => {
  it("任意年度、序号、前缀：生成后再解析得到原值", () => {
    fc.assert(
      fc.property(yearArb, seqArb, prefixArb, (year, seq, prefix) => {
        const text = formatNoticeNumber(year, seq, prefix);
        expect(parseNoticeNumber(text, prefix)).toEqual({ prefix, year, seq });
        expect(parseNoticeNumber(text)).toEqual({ prefix, year, seq });
      }),
      { numRuns: 500 },
    );
  });

  it("任意括号与空格的写法，解析后重新生成即为规范写法", () => {
    fc.assert(
      fc.property(
        yearArb,
        seqArb,
        prefixArb,
        fc.constantFrom(...BRACKETS),
        fc.array(spaceArb, { minLength: 6, maxLength: 6 }),
        (year, seq, prefix, [open, close], sp) => {
          const typed = `${sp[0]}${prefix}${sp[1]}${open}${year}${sp[2]}${close}${sp[3]}${seq}${sp[4]}号${sp[5]}`;
          const n = parseNoticeNumber(typed, prefix);
          expect(formatNoticeNumber(n.year, n.seq, n.prefix)).toBe(formatNoticeNumber(year, seq, prefix));
        },
      ),
      { numRuns: 500 },
    );
  });
});

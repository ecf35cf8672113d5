/**
 * Business time is China Standard Time (UTC+8), whatever the process's zone (this file runs under UTC and
 * America/New_York). 完成时限 is an inclusive date.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  cstDate,
  cstMonth,
  cstMonthRange,
  cstYear,
  cstYearRange,
  dateToExcelSerial,
  daysBetween,
  daysInMonth,
  endOfCstDay,
  excelSerialToDate,
  formatChineseDate,
  isValidDate,
  isValidMonth,
  overdueDays,
  previousMonth,
  startOfCstDay,
} from "../../functions/src/domain/dates.js";

/** Arbitrary calendar dates 1990-01-01 … 2100-12-31 as YYYY-MM-DD. */
const dateArb = fc
  .integer({ min: Date.UTC(1990, 0, 1) / 86_400_000, max: Date.UTC(2100, 11, 31) / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

describe("完成时限按日计，当天仍在时限内", () => {
  it("时限 2026-12-31：当天不超期，2027-01-01 超期 1 天", () => {
    expect(overdueDays("2026-12-31", "2026-12-31")).toBe(0);
    expect(overdueDays("2026-12-31", "2027-01-01")).toBe(1);
    expect(overdueDays("2026-12-31", "2026-11-30")).toBe(0);
  });

  it("时限 2026-10-10，10 月 31 日逾期 21 天", () => {
    expect(overdueDays("2026-10-10", "2026-10-31")).toBe(21);
  });

  it("没有时限就没有逾期", () => {
    expect(overdueDays(null, "2030-01-01")).toBe(0);
  });

  it("北京时间 12 月 31 日 23:59 仍在时限内，次日 0:00 起超期", () => {
    expect(overdueDays("2026-12-31", cstDate("2026-12-31T15:59:59.999Z"))).toBe(0);
    expect(overdueDays("2026-12-31", cstDate("2026-12-31T16:00:00.000Z"))).toBe(1);
  });

  it("跨年、跨闰日的天数", () => {
    expect(daysBetween("2027-12-31", "2028-03-01")).toBe(61); // 2028 is a leap year
    expect(daysBetween("2026-03-01", "2026-02-01")).toBe(-28);
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
  });
});

describe("北京时间的日期、月份、年度", () => {
  it("2026-10-31T16:30Z 已是北京时间 11 月 1 日", () => {
    expect(cstDate("2026-10-31T16:30:00Z")).toBe("2026-11-01");
    expect(cstMonth("2026-10-31T16:30:00Z")).toBe("2026-11");
  });

  it("2026-10-31T15:59:59.999Z 仍是北京时间 10 月 31 日", () => {
    expect(cstDate("2026-10-31T15:59:59.999Z")).toBe("2026-10-31");
    expect(cstMonth("2026-10-31T15:59:59.999Z")).toBe("2026-10");
  });

  it("2026-12-31T16:00Z 已是北京时间 2027 年 1 月 1 日", () => {
    expect(cstDate("2026-12-31T16:00:00Z")).toBe("2027-01-01");
    expect(cstMonth("2026-12-31T16:00:00Z")).toBe("2027-01");
    expect(cstYear("2026-12-31T16:00:00Z")).toBe(2027);
    expect(cstYear("2026-12-31T15:59:59.999Z")).toBe(2026);
  });

  it("接受 Date、毫秒数和 ISO 文本", () => {
    const at = Date.UTC(2026, 9, 31, 16, 30);
    expect(cstDate(new Date(at))).toBe("2026-11-01");
    expect(cstDate(at)).toBe("2026-11-01");
    expect(cstDate("2026-11-01T00:30:00+08:00")).toBe("2026-11-01");
  });

  it("无效的时间被拒绝", () => {
    expect(() => cstDate("不是时间")).toThrow(RangeError);
  });

  it("北京时间一天的起止时刻", () => {
    expect(startOfCstDay("2026-11-01").toISOString()).toBe("2026-10-31T16:00:00.000Z");
    expect(endOfCstDay("2026-11-01").toISOString()).toBe("2026-11-01T15:59:59.999Z");
  });

  it("任意日期（1990–2100）的起止时刻都落在该日期，下一毫秒是次日", () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(cstDate(startOfCstDay(d))).toBe(d);
        expect(cstDate(endOfCstDay(d))).toBe(d);
        expect(cstDate(startOfCstDay(d).getTime() - 1)).toBe(addDays(d, -1));
        expect(cstDate(endOfCstDay(d).getTime() + 1)).toBe(addDays(d, 1));
      }),
      { numRuns: 500 },
    );
  });
});

describe("考核月份的范围", () => {
  it("平年 2 月 28 天，闰年 2 月 29 天", () => {
    expect(cstMonthRange("2026-02")).toMatchObject({ firstDay: "2026-02-01", lastDay: "2026-02-28" });
    expect(cstMonthRange("2028-02")).toMatchObject({ firstDay: "2028-02-01", lastDay: "2028-02-29" });
    expect(cstMonthRange("2000-02").lastDay).toBe("2000-02-29");
    expect(cstMonthRange("2100-02").lastDay).toBe("2100-02-28");
  });

  it("2 月的最后时刻是北京时间 2 月最后一天 23:59:59.999", () => {
    const r = cstMonthRange("2028-02");
    expect(r.start.toISOString()).toBe("2028-01-31T16:00:00.000Z");
    expect(r.end.toISOString()).toBe("2028-02-29T15:59:59.999Z");
  });

  it("12 月止于北京时间 12 月 31 日 23:59:59.999，下一毫秒属于次年 1 月", () => {
    const r = cstMonthRange("2026-12");
    expect(r).toMatchObject({ firstDay: "2026-12-01", lastDay: "2026-12-31" });
    expect(r.start.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(r.end.toISOString()).toBe("2026-12-31T15:59:59.999Z");
    expect(cstMonth(r.end.getTime() + 1)).toBe("2027-01");
  });

  it("北京时间年度的起止", () => {
    const r = cstYearRange(2026);
    expect(r.start.toISOString()).toBe("2025-12-31T16:00:00.000Z");
    expect(r.end.toISOString()).toBe("2026-12-31T15:59:59.999Z");
  });

  it("无效的月份被拒绝", () => {
    expect(() => cstMonthRange("2026-13")).toThrow(/月份/);
    expect(() => cstMonthRange("2026-1")).toThrow(RangeError);
    expect(isValidMonth("2026-00")).toBe(false);
    expect(isValidMonth("2026-12")).toBe(true);
  });

  it("上个月：1 月的上个月是上一年 12 月", () => {
    expect(previousMonth("2027-01")).toBe("2026-12");
    expect(previousMonth("2026-10")).toBe("2026-09");
  });

  it("每月天数", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2026, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });
});

describe("日期的有效性", () => {
  it.each([
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-04-31",
    "2027-02-29",
    "2026-1-1",
    "2026/01/01",
    "",
  ])("「%s」不是有效日期", (text) => {
    expect(isValidDate(text)).toBe(false);
  });

  it.each(["2026-02-28", "2028-02-29", "2026-12-31", "2026-01-01"])("「%s」是有效日期", (text) => {
    expect(isValidDate(text)).toBe(true);
  });

  it("通知单上的日期写作 2026年12月31日", () => {
    expect(formatChineseDate("2026-12-31")).toBe("2026年12月31日");
    expect(formatChineseDate("2026-01-05")).toBe("2026年1月5日");
  });
});

describe("Excel 日期序列号", () => {
  it("2026-01-01 对应 46023，反之亦然", () => {
    expect(dateToExcelSerial("2026-01-01")).toBe(46023);
    expect(excelSerialToDate(46023)).toBe("2026-01-01");
  });

  it("带时间的序列号取其日期", () => {
    expect(excelSerialToDate(46023.75)).toBe("2026-01-01");
  });

  it("任意日期（1990–2100）与序列号往返不变，相邻日期序列号相差 1", () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(excelSerialToDate(dateToExcelSerial(d))).toBe(d);
        expect(dateToExcelSerial(addDays(d, 1)) - dateToExcelSerial(d)).toBe(1);
      }),
      { numRuns: 500 },
    );
  });
});

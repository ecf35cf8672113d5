import { describe, expect, it } from "vitest";
import { cstDate, cstMonth } from "../../functions/src/domain/dates.js";

describe("业务时间一律为北京时间", () => {
  it("进程时区不是北京时间", () => {
    expect(["UTC", "America/New_York"]).toContain(process.env.TZ);
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(process.env.TZ);
  });
  it("2026-10-31T16:30Z 属于北京时间 11 月 1 日", () => {
    expect(cstDate("2026-10-31T16:30:00Z")).toBe("2026-11-01");
    expect(cstMonth("2026-10-31T16:30:00Z")).toBe("2026-11");
  });
});

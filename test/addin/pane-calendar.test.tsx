// @vitest-environment happy-dom
// 文书 › 催办 › 节假日安排: where a year's working days come from (chinese-days, the office, or Monday–Friday), its
// holidays and 调休上班日, and the office's editor — one holiday or range a line, checked line by line, saved with
// the ETag it was read with, a conflict left to 刷新 and the server's refusals shown on the lines they concern.
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { createElement, type ReactElement } from "react";
import { createRoot } from "react-dom/client";
import { act } from "react-dom/test-utils";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApiClient, type ApiClient, type CalendarYear, type Tagged } from "../../addin/src/api/client";
import {
  CalendarSection,
  CalendarView,
  type CalendarEditing,
  type CalendarViewProps,
} from "../../addin/src/components/documents/CalendarSection";
import {
  calendarYears,
  draftFrom,
  lineMessages,
  NO_ERRORS,
  parseDraft,
  serverLineErrors,
  type CalendarDraft,
} from "../../addin/src/components/documents/calendarModel";
import { initialTask, type TaskState } from "../../addin/src/components/common/taskState";
import { describeError } from "../../addin/src/components/common/errors";
import { apiError, buttonDisabled, scriptedPane, selectedOptions, textOf } from "../support/pane-harness";
import { html, noop } from "../support/pane-fixtures";

/** 2 December 2026, 10:00 CST: the clerk looks after 2026 (built in) and 2027 (not yet published). */
const NOW = new Date("2026-12-02T02:00:00.000Z");

const draft = (holidays: string, workdays = ""): CalendarDraft => ({ holidays, workdays });
/** The messages a clerk reads under each text area, or the body that would be sent. */
function check(d: CalendarDraft, year = 2027) {
  const parsed = parseDraft(d, year);
  return parsed.ok
    ? { body: parsed.body, lines: parsed.lines }
    : { holidays: lineMessages(parsed.errors.holidays), workdays: lineMessages(parsed.errors.workdays) };
}
const days = (from: number, to: number, month: string, name: string) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    date: `2027-${month}-${String(from + i).padStart(2, "0")}`,
    name,
  }));

describe("放假安排的录入格式", () => {
  it("单日一行、区间展开为每天一条（跨月也按日历连续）；调休上班日每行一个", () => {
    const result = check(draft("2027-01-01 元旦\n2027-04-30至2027-05-04 劳动节", "2027-02-20\n2027-05-08"));
    expect(result).toEqual({
      body: {
        holidays: [
          { date: "2027-01-01", name: "元旦" },
          { date: "2027-04-30", name: "劳动节" },
          ...days(1, 4, "05", "劳动节"),
        ],
        workdays: ["2027-02-20", "2027-05-08"],
      },
      lines: { holidays: [1, 2, 2, 2, 2, 2], workdays: [1, 2] },
    });
  });

  it("区间也可用 ~、～、－、- 连接；全角空格、全角数字、2027/2/6 与 2027年2月6日 的写法都认得", () => {
    const result = check(
      draft(
        [
          "2027-01-01~2027-01-03　元旦",
          "２０２７－０２－０６～２０２７－０２－０８ 春节",
          "2027-02-09－2027-02-10 春节",
          "2027-02-11-2027-02-12　　春节",
          "2027/10/1 至 2027年10月3日 国庆节",
        ].join("\n"),
        "２０２７-02-20（周六）",
      ),
    );
    expect(result).toEqual({
      body: {
        holidays: [...days(1, 3, "01", "元旦"), ...days(6, 12, "02", "春节"), ...days(1, 3, "10", "国庆节")],
        workdays: ["2027-02-20"],
      },
      lines: { holidays: [1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 5], workdays: [1] },
    });
  });

  it("空行不算错，但行号仍按看到的行计（第 3 行就是第 3 行）", () => {
    const result = check(draft("\n2027-01-01 元旦\n  \n2027-02-30 春节\n\n", "\n\n2027-02-17"));
    expect(result).toEqual({
      holidays: ["第 4 行：2027-02-30 不是有效日期"],
      workdays: ["第 3 行：2027-02-17 是周三，调休上班日应为周六或周日"],
    });
    expect(check(draft("\n\n", "  \n"))).toEqual({
      body: { holidays: [], workdays: [] },
      lines: { holidays: [], workdays: [] },
    });
  });

  it("写错的日期、不在本年的日期、倒过来的区间、缺名称，逐行用中文指出", () => {
    const result = check(
      draft(
        [
          "元旦 2027-01-01",
          "2027-13-01 元旦",
          "2028-01-01 元旦",
          "2027-02-12至2027-02-06 春节",
          "2027-05-01",
          "2027-10-01 2027-10-07 国庆节",
          "2027-10-01至 国庆节",
          "2027-06-09 端午节（农历五月初五日）放假与调休安排共三天",
          "2026-12-31至2027-01-01 元旦",
        ].join("\n"),
        "2027-02-20 上班\n2027-02-31\n2026-12-26",
      ),
    );
    expect(result).toEqual({
      holidays: [
        "第 1 行：应以日期开头，如「2027-01-01 元旦」或「2027-02-06至2027-02-12 春节」",
        "第 2 行：2027-13-01 不是有效日期",
        "第 3 行：2028-01-01 不在 2027 年之内",
        "第 4 行：结束日期 2027-02-06 早于开始日期 2027-02-12",
        "第 5 行：缺少假日名称，如「2027-01-01 元旦」或「2027-02-06至2027-02-12 春节」",
        "第 6 行：两个日期之间请用「至」连接，如「2027-01-01 元旦」或「2027-02-06至2027-02-12 春节」",
        "第 7 行：「至」之后应为结束日期，如「2027-01-01 元旦」或「2027-02-06至2027-02-12 春节」",
        "第 8 行：假日名称「端午节（农历五月初五日）放假与调休安排共三天」超过 20 个字",
        "第 9 行：2026-12-31 不在 2027 年之内",
      ],
      workdays: [
        "第 1 行：每行写一个日期，如 2027-02-07",
        "第 2 行：2027-02-31 不是有效日期",
        "第 3 行：2026-12-26 不在 2027 年之内",
      ],
    });
  });

  it("同一天写了两次：重叠的区间、重复的调休上班日、既放假又上班，都指出与哪一行重复", () => {
    const result = check(
      draft(
        "2027-02-06至2027-02-12 春节\n2027-02-10至2027-02-14 春节\n2027-02-12 春节",
        "2027-02-20\n2027-02-20\n2027-02-13",
      ),
    );
    expect(result).toEqual({
      holidays: [
        "第 2 行：2027-02-10、2027-02-11、2027-02-12 与第 1 行重复",
        "第 3 行：2027-02-12 与第 1 行重复",
      ],
      workdays: [
        "第 2 行：2027-02-20 与第 1 行重复",
        "第 3 行：2027-02-13 已列在放假安排第 2 行，不能同时是调休上班日",
      ],
    });
  });

  it("放假日期累计超过 80 天、调休上班日超过 30 天时指出超出的那一行", () => {
    const saturdays = Array.from({ length: 31 }, (_, i) => {
      const d = new Date(Date.UTC(2027, 0, 2 + 7 * i));
      return d.toISOString().slice(0, 10);
    });
    const result = check(draft("2027-01-01 元旦\n2027-09-01至2027-12-01 长假", saturdays.join("\n")));
    expect(result).toEqual({
      holidays: ["第 2 行：放假日期累计 93 天，最多 80 天，请检查日期范围"],
      workdays: ["第 31 行：调休上班日最多 30 天"],
    });
  });

  it("已录入的安排读回文本框：连续同名的日子合成一行区间，保存时原样得到同样的日期", () => {
    const stored: CalendarYear = {
      year: 2027,
      source: "office",
      editable: true,
      holidays: [
        ...days(6, 12, "02", "春节"),
        { date: "2027-01-01", name: "元旦" },
        { date: "2027-04-30", name: "劳动节" },
        ...days(1, 4, "05", "劳动节"),
        { date: "2027-06-09", name: "端午节" },
      ],
      workdays: ["2027-05-08", "2027-02-20"],
      updatedAt: "2026-11-20T02:30:00.000Z",
      updatedBy: "督办办公室 周文员",
    };
    const d = draftFrom(stored);
    expect(d).toEqual({
      holidays: [
        "2027-01-01 元旦",
        "2027-02-06至2027-02-12 春节",
        "2027-04-30至2027-05-04 劳动节",
        "2027-06-09 端午节",
      ].join("\n"),
      workdays: "2027-02-20\n2027-05-08",
    });
    const parsed = parseDraft(d, 2027);
    expect(parsed.ok && [...parsed.body.holidays].sort((a, b) => a.date.localeCompare(b.date))).toEqual(
      [...stored.holidays].sort((a, b) => a.date.localeCompare(b.date)),
    );
    expect(parsed.ok && parsed.body.workdays).toEqual(["2027-02-20", "2027-05-08"]);
  });

  it("服务器逐项指出的错误回到产生它的那一行（holidays.5.date 是第 6 个放假日所在的行）", () => {
    const parsed = parseDraft(
      draft("2027-01-01 元旦\n\n2027-02-06至2027-02-12 春节\n2027-10-01 国庆节", "2027-02-20\n2027-05-08"),
      2027,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const placed = serverLineErrors(
      [
        { path: "holidays.5.date", message: "日期 2027-02-10 与「放假日期」重复" },
        { path: "holidays.8.name", message: "名称不能超过 20 个字" },
        { path: "workdays.1", message: "调休上班日 2027-05-08 不是周六或周日（工作日本来就上班）" },
        { path: "holidays", message: "放假安排不能超过 80 项" },
        { path: "workdays.9", message: "不存在的一项" },
      ],
      parsed.lines,
    );
    expect(lineMessages(placed.holidays)).toEqual([
      "第 3 行：日期 2027-02-10 与「放假日期」重复",
      "第 4 行：名称不能超过 20 个字",
    ]);
    expect(lineMessages(placed.workdays)).toEqual([
      "第 2 行：调休上班日 2027-05-08 不是周六或周日（工作日本来就上班）",
    ]);
    expect(placed.other.map((e) => e.message)).toEqual(["放假安排不能超过 80 项", "不存在的一项"]);
  });

  it("可选的年度：北京时间的今年和明年（UTC 仍是 12 月 31 日时，北京已是新年）", () => {
    expect(calendarYears(NOW)).toEqual([2026, 2027]);
    expect(calendarYears(new Date("2026-12-31T16:30:00.000Z"))).toEqual([2027, 2028]);
  });
});

// ---------------------------------------------------------------- how each year reads

const BUILT_IN: CalendarYear = {
  year: 2026,
  source: "chinese-days",
  editable: false,
  holidays: [
    ...["01", "02", "03"].map((d) => ({ date: `2026-01-${d}`, name: "元旦" })),
    ...["01", "02", "03", "04", "05", "06", "07"].map((d) => ({ date: `2026-10-${d}`, name: "国庆节" })),
  ],
  workdays: ["2026-01-04", "2026-09-27"],
};
const ENTERED: CalendarYear = {
  year: 2027,
  source: "office",
  editable: true,
  holidays: [{ date: "2027-01-01", name: "元旦" }, ...days(6, 12, "02", "春节")],
  workdays: ["2027-02-20"],
  updatedAt: "2026-11-20T02:30:00.000Z",
  updatedBy: "督办办公室 周文员",
};
const NOTHING_YET: CalendarYear = {
  year: 2027,
  source: "weekdays",
  editable: true,
  holidays: [],
  workdays: [],
};

const YEARS = [
  { value: 2026, label: "2026 年（今年）" },
  { value: 2027, label: "2027 年（明年）" },
];

function view(calendar: CalendarYear, props: Partial<CalendarViewProps> = {}, etag: string | null = null) {
  return html(
    <CalendarView
      years={YEARS}
      year={calendar.year}
      read={{ kind: "loaded", value: { value: calendar, etag } }}
      canEdit
      editing={null}
      saveState={initialTask()}
      onYear={noop}
      onReload={noop}
      onOpen={noop}
      onDraft={noop}
      onSave={noop}
      onClose={noop}
      onRefresh={noop}
      onDismiss={noop}
      {...props}
    />,
  );
}
const editingOf = (calendar: CalendarYear, over: Partial<CalendarEditing> = {}): CalendarEditing => ({
  base: { value: calendar, etag: 'W/"7"' },
  draft: draftFrom(calendar),
  errors: NO_ERRORS,
  other: [],
  ...over,
});
const failedWith = (status: number, errors?: { path: string; message: string }[]) =>
  ({
    ...initialTask(),
    error: describeError(apiError(status, "请求失败", "服务器拒绝", errors), "保存节假日安排失败"),
  }) as TaskState<Tagged<CalendarYear>>;

describe("节假日安排的显示", () => {
  it("内置年份：说明来自 chinese-days，按假期列出放假日期和调休上班日；谁都不能修改", () => {
    for (const canEdit of [true, false]) {
      const markup = view(BUILT_IN, { canEdit });
      const shown = textOf(markup);
      expect(shown).toContain("内置 chinese-days：2026 年的放假安排随系统提供，不能在此修改。");
      expect(shown).toContain("放假安排（10 天）");
      expect(shown).toContain("元旦：1月1日至3日，3 天");
      expect(shown).toContain("国庆节：10月1日至7日，7 天");
      expect(shown).toContain("调休上班日（2 天）");
      expect(shown).toContain("1月4日（周日）");
      expect(shown).toContain("9月27日（周日）");
      expect(shown).not.toContain("修改放假安排");
      expect(shown).not.toContain("需要「督办办公室」");
      expect(markup).not.toContain("<textarea");
    }
  });

  it("办公室录入的年份：说明由谁于何时录入；督办办公室、领导小组可修改，其他角色只读并说明原因", () => {
    const office = textOf(view(ENTERED, {}, 'W/"7"'));
    expect(office).toContain("由 督办办公室 周文员 于 2026-11-20 10:30 录入。");
    expect(office).toContain("元旦：1月1日（周五），1 天");
    expect(office).toContain("春节：2月6日至12日，7 天");
    expect(office).toContain("2月20日（周六）");
    expect(buttonDisabled(view(ENTERED), "修改放假安排")).toBe(false);

    const head = textOf(view(ENTERED, { canEdit: false }));
    expect(head).toContain("春节：2月6日至12日，7 天");
    expect(head).not.toContain("修改放假安排");
    expect(head).toContain("录入节假日安排需要「督办办公室」或「领导小组」角色。");
  });

  it("尚未录入的年份：按周一至周五计算，请在国务院公布后录入；有权限的看到「录入放假安排」", () => {
    const shown = textOf(view(NOTHING_YET));
    expect(shown).toContain("尚未录入：按周一至周五计算，国务院公布放假安排后请录入。");
    expect(shown).not.toContain("放假安排（");
    expect(buttonDisabled(view(NOTHING_YET), "录入放假安排")).toBe(false);
    expect(textOf(view(NOTHING_YET, { canEdit: false }))).toContain("需要「督办办公室」或「领导小组」角色");
  });

  it("年度可选今年和明年；读取中和读取失败时照实说明", () => {
    const markup = view(ENTERED);
    expect(textOf(markup)).toContain("2026 年（今年） 2027 年（明年）");
    expect(selectedOptions(markup)).toEqual(["2027"]);
    expect(textOf(view(ENTERED, { read: { kind: "loading" } }))).toContain("正在读取节假日安排…");
    const failed = textOf(
      view(ENTERED, {
        read: {
          kind: "failed",
          error: describeError(apiError(0, "服务器无法连接", "服务器无法连接（/api）")),
        },
      }),
    );
    expect(failed).toContain("服务器无法连接（/api）");
  });

  it("编辑：两个文本框预填已录入的内容；每行的错误写在其文本框下，带行号", () => {
    const editing = editingOf(ENTERED, {
      errors: {
        holidays: [{ line: 2, message: "2027-02-30 不是有效日期" }],
        workdays: [{ line: 1, message: "2027-02-17 是周三，调休上班日应为周六或周日" }],
      },
    });
    const markup = view(ENTERED, { editing });
    const shown = textOf(markup);
    expect(markup).toContain(">2027-01-01 元旦\n2027-02-06至2027-02-12 春节</textarea>");
    expect(markup).toContain(">2027-02-20</textarea>");
    expect(shown).toContain("第 2 行：2027-02-30 不是有效日期");
    expect(shown).toContain("第 1 行：2027-02-17 是周三，调休上班日应为周六或周日");
    expect(buttonDisabled(markup, "保存")).toBe(false);
    expect(buttonDisabled(markup, "取消")).toBe(false);
    // The list is replaced by the text being edited.
    expect(shown).not.toContain("春节：2月6日至12日");
  });

  it("保存冲突（412，或首次录入时他人已先录入的 428）：说明已被他人修改、修改没有保存，只给「刷新」，「保存」不可再点", () => {
    const markup = view(ENTERED, { editing: editingOf(ENTERED), saveState: failedWith(412) });
    const shown = textOf(markup);
    expect(shown).toContain("节假日安排已被他人修改");
    expect(shown).toContain("您的修改没有保存。请点「刷新」读取最新的安排后再修改。");
    expect(buttonDisabled(markup, "保存")).toBe(true);
    expect([...markup.matchAll(/>刷新</g)]).toHaveLength(2);

    // The year was still empty when read, and someone entered it meanwhile: the first save is refused the same way.
    const entered = view(NOTHING_YET, { editing: editingOf(NOTHING_YET), saveState: failedWith(428) });
    expect(textOf(entered)).toContain("节假日安排已被他人修改");
    expect(buttonDisabled(entered, "保存")).toBe(true);
  });

  it("服务器拒绝（400）：未能对应到行的问题列在提示里；保存成功显示确认", () => {
    const refused = textOf(
      view(ENTERED, {
        editing: editingOf(ENTERED, { other: [{ path: "holidays", message: "放假安排不能超过 80 项" }] }),
        saveState: failedWith(400),
      }),
    );
    expect(refused).toContain("保存节假日安排失败");
    expect(refused).toContain("服务器未接受这些内容，请按输入框下各行的提示修改后再保存。");
    expect(refused).toContain("放假安排不能超过 80 项");
    expect(refused).not.toContain("holidays");

    const saved = textOf(
      view(ENTERED, {
        saveState: { ...initialTask(), result: { value: ENTERED, etag: 'W/"8"' } },
      }),
    );
    expect(saved).toContain("已保存 2027 年节假日安排");
    expect(saved).toContain("放假 8 天（2 个假期），调休上班 1 天");
  });
});

describe("节假日安排的接口", () => {
  it("GET/PUT /calendar/{year}：读回 ETag；保存带 If-Match（第一次录入不带），请求体只有放假日期和调休上班日", async () => {
    const requests: { method: string; url: string; ifMatch: string | null; body: unknown }[] = [];
    const api = createApiClient({
      baseUrl: "/api",
      fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        requests.push({
          method: init.method ?? "GET",
          url: String(input),
          ifMatch: headers.get("If-Match"),
          body: typeof init.body === "string" ? JSON.parse(init.body) : null,
        });
        return new Response(JSON.stringify(ENTERED), {
          status: 200,
          headers: { "Content-Type": "application/json", ETag: 'W/"8"' },
        });
      }) as typeof fetch,
    });
    expect(await api.getCalendar(2027)).toEqual({ value: ENTERED, etag: 'W/"8"' });
    const body = { holidays: [{ date: "2027-01-01", name: "元旦" }], workdays: ["2027-02-20"] };
    expect((await api.putCalendar(2027, body, 'W/"7"')).etag).toBe('W/"8"');
    await api.putCalendar(2027, body, null);
    expect(requests).toEqual([
      { method: "GET", url: "/api/calendar/2027", ifMatch: null, body: null },
      { method: "PUT", url: "/api/calendar/2027", ifMatch: 'W/"7"', body },
      { method: "PUT", url: "/api/calendar/2027", ifMatch: null, body },
    ]);
  });
});

// ---------------------------------------------------------------- the whole section, clicked through

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

// Fluent cancels a running motion (a message bar appearing) when its component goes away. A browser marks the
// cancelled animation's `finished` promise as handled; happy-dom reports it as an unhandled rejection.
const animate = Element.prototype.animate;
beforeAll(() => {
  Element.prototype.animate = function (this: Element, ...args: Parameters<Element["animate"]>) {
    const animation = animate.apply(this, args);
    animation.finished.catch(() => undefined);
    return animation;
  };
});
afterAll(() => {
  Element.prototype.animate = animate;
});

/** Let pending answers settle and the section re-render. */
const settle = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 0))));

async function mount(element: ReactElement) {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(createElement(FluentProvider, { theme: webLightTheme }, element)));
  mounted.push(() => {
    act(() => root.unmount());
    container.remove();
  });
  await settle();
  const button = (label: string) => {
    const found = [...container.querySelectorAll("button")].find((b) => b.textContent === label);
    expect(found, `按钮「${label}」`).toBeDefined();
    return found!;
  };
  return {
    shown: () => container.textContent ?? "",
    has: (label: string) => [...container.querySelectorAll("button")].some((b) => b.textContent === label),
    async click(label: string) {
      act(() => button(label).click());
      await settle();
    },
    async chooseYear(year: number) {
      const select = container.querySelector("select")!;
      act(() => {
        select.value = String(year);
        select.dispatchEvent(new Event("change", { bubbles: true }));
      });
      await settle();
    },
    async type(label: "放假安排" | "调休上班日", value: string) {
      const area = container.querySelectorAll("textarea")[label === "放假安排" ? 0 : 1]!;
      act(() => {
        area.value = value;
        area.dispatchEvent(new Event("input", { bubbles: true }));
      });
      await settle();
    },
    textareas: () => [...container.querySelectorAll("textarea")].map((t) => t.value),
  };
}

/** The section against a server that answers `calendars` by year, and `put` for the save. */
function section(
  calendars: Record<number, Tagged<CalendarYear>>,
  put: ApiClient["putCalendar"],
  canEdit = true,
) {
  const pane = scriptedPane({
    api: {
      getCalendar: async (year) => calendars[year]!,
      putCalendar: put,
    },
  });
  return { ...pane, element: <CalendarSection deps={pane.deps} canEdit={canEdit} now={() => NOW} /> };
}

describe("录入和保存", () => {
  it("打开时显示今年（内置）；切到明年录入，保存带上读到的 ETag，成功后显示确认和新的安排", async () => {
    const saved: CalendarYear = {
      ...ENTERED,
      holidays: [...ENTERED.holidays, ...days(1, 3, "10", "国庆节")],
      updatedAt: "2026-12-02T02:05:00.000Z",
    };
    const { calls, element } = section(
      { 2026: { value: BUILT_IN, etag: null }, 2027: { value: ENTERED, etag: 'W/"7"' } },
      async () => ({ value: saved, etag: 'W/"8"' }),
    );
    const pane = await mount(element);
    expect(pane.shown()).toContain("内置 chinese-days");
    expect(pane.has("修改放假安排")).toBe(false);

    await pane.chooseYear(2027);
    expect(pane.shown()).toContain("由 督办办公室 周文员 于 2026-11-20 10:30 录入。");
    await pane.click("修改放假安排");
    expect(pane.textareas()).toEqual(["2027-01-01 元旦\n2027-02-06至2027-02-12 春节", "2027-02-20"]);
    await pane.type("放假安排", `${pane.textareas()[0]}\n2027-10-01至2027-10-03 国庆节`);
    await pane.click("保存");

    const puts = calls.filter((c) => c.name === "putCalendar");
    expect(puts.map((c) => c.args.slice(0, 3))).toEqual([
      [
        2027,
        {
          holidays: [
            { date: "2027-01-01", name: "元旦" },
            ...days(6, 12, "02", "春节"),
            ...days(1, 3, "10", "国庆节"),
          ],
          workdays: ["2027-02-20"],
        },
        'W/"7"',
      ],
    ]);
    expect(calls.filter((c) => c.name === "getCalendar").map((c) => c.args[0])).toEqual([2026, 2027]);
    expect(pane.shown()).toContain("已保存 2027 年节假日安排");
    expect(pane.shown()).toContain("国庆节：10月1日至3日，3 天");
    expect(pane.shown()).toContain("由 督办办公室 周文员 于 2026-12-02 10:05 录入。");
    expect(pane.textareas()).toEqual([]);
  });

  it("尚未录入的年份第一次保存不带 ETag；有写错的行时什么也不发送", async () => {
    const { calls, element } = section(
      { 2026: { value: BUILT_IN, etag: null }, 2027: { value: NOTHING_YET, etag: null } },
      async (year, body) => ({ value: { ...NOTHING_YET, source: "office", ...body }, etag: 'W/"1"' }),
    );
    const pane = await mount(element);
    await pane.chooseYear(2027);
    expect(pane.shown()).toContain("尚未录入：按周一至周五计算");
    await pane.click("录入放假安排");
    expect(pane.textareas()).toEqual(["", ""]);

    await pane.type("放假安排", "2027-01-01 元旦\n2027-02-06至2027-02-01 春节");
    await pane.type("调休上班日", "2027-02-17");
    await pane.click("保存");
    expect(pane.shown()).toContain("第 2 行：结束日期 2027-02-01 早于开始日期 2027-02-06");
    expect(pane.shown()).toContain("第 1 行：2027-02-17 是周三，调休上班日应为周六或周日");
    expect(calls.some((c) => c.name === "putCalendar")).toBe(false);

    await pane.type("放假安排", "2027-01-01 元旦\n2027-02-06至2027-02-12 春节");
    expect(pane.shown()).not.toContain("第 2 行：结束日期");
    expect(pane.shown()).toContain("第 1 行：2027-02-17 是周三");
    await pane.type("调休上班日", "2027-02-20");
    await pane.click("保存");
    expect(calls.filter((c) => c.name === "putCalendar").map((c) => c.args[2])).toEqual([null]);
    expect(pane.shown()).toContain("已保存 2027 年节假日安排");
    expect(pane.shown()).toContain("放假 8 天（2 个假期），调休上班 1 天");
  });

  it("他人已修改（412）：显示冲突，不覆盖；「刷新」读回最新的安排，不再发送", async () => {
    const theirs: CalendarYear = { ...ENTERED, updatedBy: "领导小组 陈组长", workdays: ["2027-02-13"] };
    const calendars = { 2026: { value: BUILT_IN, etag: null }, 2027: { value: ENTERED, etag: 'W/"7"' } };
    const { calls, element } = section(calendars, async () => {
      throw apiError(412, "数据已被他人修改，请刷新后重试", "数据已被他人修改，请刷新后重试");
    });
    const pane = await mount(element);
    await pane.chooseYear(2027);
    await pane.click("修改放假安排");
    await pane.type("调休上班日", "2027-02-20\n2027-05-08");
    await pane.click("保存");
    expect(pane.shown()).toContain("节假日安排已被他人修改");
    expect(pane.shown()).toContain("您的修改没有保存");
    expect(pane.shown()).not.toContain("已保存");

    calendars[2027] = { value: theirs, etag: 'W/"9"' };
    // Two 刷新: the section's own and the conflict's; the conflict's is the last.
    const refresh = [...document.querySelectorAll("button")].filter((b) => b.textContent === "刷新");
    expect(refresh).toHaveLength(2);
    act(() => refresh[1]!.click());
    await settle();
    expect(pane.shown()).not.toContain("节假日安排已被他人修改");
    expect(pane.shown()).toContain("由 领导小组 陈组长 于 2026-11-20 10:30 录入。");
    expect(pane.shown()).toContain("2月13日（周六）");
    expect(pane.textareas()).toEqual([]);
    expect(calls.map((c) => c.name)).toEqual(["getCalendar", "getCalendar", "putCalendar", "getCalendar"]);
  });

  it("服务器逐项拒绝（400）：问题写在对应行的文本框下（第 6 个放假日 → 它所在的行）", async () => {
    const { element } = section(
      { 2026: { value: BUILT_IN, etag: null }, 2027: { value: ENTERED, etag: 'W/"7"' } },
      async () => {
        throw apiError(400, "请求内容有误", "…", [
          { path: "holidays.5.date", message: "日期 2027-02-10 与「放假日期」重复" },
          { path: "workdays.0", message: "调休上班日 2027-02-20 不是周六或周日（工作日本来就上班）" },
          { path: "holidays", message: "放假安排不能超过 80 项" },
        ]);
      },
    );
    const pane = await mount(element);
    await pane.chooseYear(2027);
    await pane.click("修改放假安排");
    await pane.click("保存");
    const shown = pane.shown();
    expect(shown).toContain("保存节假日安排失败");
    expect(shown).toContain("第 2 行：日期 2027-02-10 与「放假日期」重复");
    expect(shown).toContain("第 1 行：调休上班日 2027-02-20 不是周六或周日（工作日本来就上班）");
    expect(shown).toContain("放假安排不能超过 80 项");
    expect(pane.textareas()).toEqual(["2027-01-01 元旦\n2027-02-06至2027-02-12 春节", "2027-02-20"]);
  });

  it("部门负责人等其他角色：可查看明年的安排，但没有录入按钮", async () => {
    const { calls, element } = section(
      { 2026: { value: BUILT_IN, etag: null }, 2027: { value: NOTHING_YET, etag: null } },
      async () => {
        throw new Error("不应发送");
      },
      false,
    );
    const pane = await mount(element);
    await pane.chooseYear(2027);
    expect(pane.shown()).toContain("尚未录入：按周一至周五计算");
    expect(pane.shown()).toContain("录入节假日安排需要「督办办公室」或「领导小组」角色。");
    expect(pane.has("录入放假安排")).toBe(false);
    expect(calls.map((c) => c.name)).toEqual(["getCalendar", "getCalendar"]);
  });
});

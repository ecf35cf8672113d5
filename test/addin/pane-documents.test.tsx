// 文书: 通知单 from the selected rows through the workbook facade (its refusals shown in Chinese, naming the rows),
// 作废 with a required reason, 报告单, 督办通报 for a period, and 催办 with each item's own ETag.
import { describe, expect, it } from "vitest";
import type { ApiItem, NoticeResult } from "../../addin/src/api/client";
import { ActionForm } from "../../addin/src/components/actions/ActionForm";
import { validateActionForm } from "../../addin/src/components/actions/actionForms";
import { ActionButtons } from "../../addin/src/components/actions/ActionsPanel";
import { BulletinView } from "../../addin/src/components/documents/BulletinSection";
import {
  checkBulletin,
  checkVoid,
  generateNotices,
  noticesSummary,
  voidableNotices,
  voidNotice,
  voidSummary,
  writeBulletin,
} from "../../addin/src/components/documents/documentsController";
import { NoticeView, type NoticeViewProps } from "../../addin/src/components/documents/NoticeSection";
import { ReportView } from "../../addin/src/components/documents/ReportSection";
import {
  initialTask,
  runTask,
  taskReducer,
  type TaskEvent,
  type TaskState,
} from "../../addin/src/components/common/taskState";
import { UrgeView } from "../../addin/src/components/documents/UrgeSection";
import {
  urgeGroups,
  urgeItems,
  urgeableOverdue,
  urgeSummary,
  writeUrgeList,
} from "../../addin/src/components/documents/urgeModel";
import { VoidNoticeView } from "../../addin/src/components/documents/VoidNoticeSection";
import type { GeneratedNotice, ReportSpec } from "../../addin/src/components/common/workbook";
import { ExcelError } from "../../addin/src/excel/run";
import type { Bulletin } from "../../functions/src/domain/bulletin";
import type { Notice } from "../../functions/src/domain/types";
import {
  apiError,
  buttonDisabled,
  deptName,
  liveSignal,
  scriptedPane,
  textOf,
} from "../support/pane-harness";
import { anItem, DEPARTMENTS, html, noop, text } from "../support/pane-fixtures";

/** Runs a task the way a section does and answers the state it ends in. */
async function settle<R>(
  work: (signal: AbortSignal) => Promise<R>,
  title: string,
  signal = new AbortController().signal,
) {
  let state: TaskState<R> = initialTask<R>();
  const dispatch = (e: TaskEvent<R>) => (state = taskReducer(state, e));
  await runTask(dispatch, signal, "正在处理…", title, (s) => work(s));
  return state;
}

/** 生成通知单 as the section shows it: 一单一事, in Excel, for the 督办办公室, every handler inert. */
const noticeView = (props: Partial<NoticeViewProps> = {}) =>
  html(
    <NoticeView
      mode="single"
      state={initialTask()}
      disabled={false}
      allowed
      onMode={noop}
      onGenerate={noop}
      onCancel={noop}
      onDismiss={noop}
      {...props}
    />,
  );

const aNotice = (overrides: Partial<Notice> = {}): Notice => ({
  year: 2026,
  seq: 12,
  number: "陕秦安督字〔2026〕12号",
  itemIds: ["item-1"],
  leadDept: "safety",
  issueDate: "2026-09-01",
  voided: false,
  voidedAt: null,
  voidReason: null,
  createdAt: "2026-09-01T02:00:00.000Z",
  createdBy: "周文员",
  ...overrides,
});

describe("生成通知单", () => {
  it("一单多事且牵头部门不同：Excel 层的 ExcelError 原样以中文显示，指出各行", async () => {
    const refusal = new ExcelError(
      "InvalidOperation",
      "一单多事须为同一牵头部门：第 2 行为「安全部」，第 5 行为「运营部」",
    );
    const { calls, api, deps } = scriptedPane({
      excel: { generateNotices: async () => Promise.reject(refusal) },
    });
    const state = await settle((signal) => generateNotices(deps, "multi", signal, noop), "生成通知单失败");
    expect(calls.map((c) => c.name)).toEqual(["generateNotices"]);
    expect(calls[0]!.args[0]).toBe(api);
    expect(calls[0]!.args[1]).toBe("multi");
    expect(state.error).toMatchObject({
      title: "生成通知单失败",
      detail: "一单多事须为同一牵头部门：第 2 行为「安全部」，第 5 行为「运营部」",
    });
    const shown = textOf(noticeView({ mode: "multi", state }));
    expect(shown).toContain("生成通知单失败");
    expect(shown).toContain("第 2 行为「安全部」，第 5 行为「运营部」");
  });

  it("未立项的行：同样说明是哪一行", async () => {
    const refusal = new ExcelError("InvalidOperation", "第 3 行尚未立项或已下发（状态不符）");
    const { deps } = scriptedPane({ excel: { generateNotices: async () => Promise.reject(refusal) } });
    const state = await settle((signal) => generateNotices(deps, "single", signal, noop), "生成通知单失败");
    expect(state.error?.detail).toBe("第 3 行尚未立项或已下发（状态不符）");
  });

  it("成功：列出每份通知单的文号和工作表", async () => {
    const generated: GeneratedNotice[] = [
      { notice: { ...aNotice(), items: [anItem()] }, sheetName: "陕秦安督字〔2026〕12号" },
      {
        notice: { ...aNotice({ seq: 13, number: "陕秦安督字〔2026〕13号", itemIds: ["a", "b"] }), items: [] },
        sheetName: "陕秦安督字〔2026〕13号",
      },
    ];
    const progress: [string, number | null][] = [];
    const { deps } = scriptedPane({
      excel: {
        generateNotices: async (_api, _mode, options) => {
          options?.onProgress?.("正在生成第 1 / 2 份通知单…", 0);
          return generated;
        },
      },
    });
    const result = await generateNotices(deps, "single", liveSignal(), (m, f) => progress.push([m, f]));
    expect(progress.map((p) => p[0])).toEqual(["正在读取所选行…", "正在生成第 1 / 2 份通知单…"]);
    const summary = noticesSummary(result);
    expect(summary.title).toBe("已生成 2 份通知单");
    expect(summary.lines).toEqual([
      "陕秦安督字〔2026〕12号：工作表「陕秦安督字〔2026〕12号」，共 1 项",
      "陕秦安督字〔2026〕13号：工作表「陕秦安督字〔2026〕13号」，共 2 项",
    ]);
    const state = taskReducer(initialTask<GeneratedNotice[]>(), { type: "done", result });
    const shown = textOf(noticeView({ state }));
    expect(shown).toContain("陕秦安督字〔2026〕13号：工作表「陕秦安督字〔2026〕13号」");
  });

  it("进行中显示进度和取消；取消后说明已取消；没有督办办公室角色时不能生成", async () => {
    const running = taskReducer(initialTask<GeneratedNotice[]>(), {
      type: "started",
      message: "正在生成第 1 / 3 份通知单…",
    });
    const shown = textOf(noticeView({ state: running }));
    expect(shown).toContain("正在生成第 1 / 3 份通知单…");
    expect(shown).toContain("取消");
    const controller = new AbortController();
    const cancelled = await settle(
      async () => {
        controller.abort();
        throw new ExcelError("Cancelled", "操作已取消");
      },
      "生成通知单失败",
      controller.signal,
    );
    expect(cancelled).toMatchObject({ cancelled: true, error: null });
    const denied = noticeView({ allowed: false });
    expect(denied).toContain("下发通知单需要「督办办公室」角色");
    expect(buttonDisabled(denied, "生成通知单")).toBe(true);
  });
});

describe("作废通知单", () => {
  it("只列出未作废的，文号新的在前", async () => {
    const { deps } = scriptedPane({
      api: {
        listNotices: async () => [
          aNotice({ seq: 3, number: "3号" }),
          aNotice({ seq: 5, number: "5号", voided: true }),
          aNotice({ seq: 7, number: "7号" }),
        ],
      },
    });
    expect((await voidableNotices(deps, 2026)).map((n) => n.number)).toEqual(["7号", "3号"]);
  });

  it("理由必填；要选择通知单", () => {
    expect(checkVoid("陕秦安督字〔2026〕12号", "  ")).toEqual({
      ok: false,
      errors: { reason: "理由为必填项" },
    });
    expect(checkVoid("", "误发")).toEqual({ ok: false, errors: { number: "请选择要作废的通知单" } });
    expect(checkVoid("陕秦安督字〔2026〕12号", " 误发 ")).toEqual({ ok: true, reason: "误发" });
  });

  it("作废经由工作簿（工作表标注作废、各行退回已立项）", async () => {
    const result: NoticeResult = { ...aNotice({ voided: true }), items: [anItem({ status: "registered" })] };
    const { calls, api, deps } = scriptedPane({ excel: { voidNotice: async () => result } });
    await voidNotice(deps, "陕秦安督字〔2026〕12号", "误发", liveSignal(), noop);
    expect(calls[0]!.args[0]).toBe(api);
    expect(calls[0]!.args.slice(1, 3)).toEqual(["陕秦安督字〔2026〕12号", "误发"]);
    expect(voidSummary(result).title).toBe("已作废 陕秦安督字〔2026〕12号");
  });

  it("表单：错误显示在字段下，列表项带部门和下发日期", () => {
    const shown = text(
      <VoidNoticeView
        years={[2026, 2025]}
        draft={{ year: 2026, number: "", reason: "" }}
        notices={{ kind: "loaded", value: [aNotice()] }}
        errors={{ reason: "理由为必填项" }}
        confirming={false}
        state={initialTask()}
        disabled={false}
        allowed
        deptName={deptName}
        onDraft={noop}
        onReload={noop}
        onVoid={noop}
        onConfirm={noop}
        onBack={noop}
        onCancel={noop}
        onDismiss={noop}
      />,
    );
    expect(shown).toContain("陕秦安督字〔2026〕12号（安全部，2026-09-01，1 项）");
    expect(shown).toContain("作废理由");
    expect(shown).toContain("理由为必填项");
  });
});

describe("报告单", () => {
  const view = (item: ApiItem) =>
    html(
      <ReportView
        selection={{ kind: "one", item }}
        state={initialTask()}
        disabled={false}
        onRead={noop}
        onGenerate={noop}
        onCancel={noop}
        onDismiss={noop}
      />,
    );

  it("已报告或已办结的事项才能生成", () => {
    expect(buttonDisabled(view(anItem({ status: "reported" })), "生成报告单")).toBe(false);
    const inProgress = view(anItem({ status: "in_progress" }));
    expect(buttonDisabled(inProgress, "生成报告单")).toBe(true);
    expect(inProgress).toContain("该事项状态为「办理中」，报告后才能生成报告单。");
  });

  it("所选事项有现场督办才能生成现场督办记录；已下发的事项可重印通知单", () => {
    const withButtons = (item: ApiItem) =>
      html(
        <ReportView
          selection={{ kind: "one", item }}
          state={initialTask()}
          disabled={false}
          onRead={noop}
          onGenerate={noop}
          onReprint={noop}
          onSiteVisits={noop}
          onCancel={noop}
          onDismiss={noop}
        />,
      );
    const visited = withButtons(
      anItem({
        siteVisits: [
          {
            date: "2026-09-15",
            place: "三号库房",
            participants: "王副总",
            findings: "消防通道堆放杂物",
            followUp: null,
            by: "王副总",
            at: "2026-09-15T08:00:00.000Z",
          },
        ],
      }),
    );
    expect(buttonDisabled(visited, "生成现场督办记录")).toBe(false);
    expect(buttonDisabled(visited, "重印通知单")).toBe(false);
    const plain = withButtons(anItem({ status: "registered", noticeNumber: null }));
    expect(buttonDisabled(plain, "生成现场督办记录")).toBe(true);
    expect(buttonDisabled(plain, "重印通知单")).toBe(true);
  });
});

describe("上报内容严重失实", () => {
  it("领导小组对已报告/已办结事项可见，理由必填", () => {
    expect(
      html(<ActionButtons actions={["close", "return", "flag_false_report"]} onOpen={noop} />),
    ).toContain('data-action="flag_false_report"');
    expect(
      validateActionForm("flag_false_report", {
        reason: " ",
        seriousConsequence: "yes",
        consequence: "造成客户投诉",
      }),
    ).toEqual({
      ok: false,
      errors: { reason: "理由为必填项" },
    });
  });

  it("问两个问题：是否造成较大后果；造成较大后果的须写明后果", () => {
    expect(validateActionForm("flag_false_report", { reason: "完成情况与现场不符" })).toEqual({
      ok: false,
      errors: { seriousConsequence: "是否造成较大后果为必填项" },
    });
    expect(
      validateActionForm("flag_false_report", { reason: "完成情况与现场不符", seriousConsequence: "yes" }),
    ).toEqual({ ok: false, errors: { consequence: "造成的后果须写明（认定造成较大后果时）" } });
    // 未造成较大后果: the consequence typed before switching to 否 is not sent.
    expect(
      validateActionForm("flag_false_report", {
        reason: "完成情况与现场不符",
        seriousConsequence: "no",
        consequence: "已删去",
      }),
    ).toEqual({ ok: true, payload: { reason: "完成情况与现场不符", seriousConsequence: false } });
    const form = text(
      <ActionForm
        form={{
          action: "flag_false_report",
          values: { seriousConsequence: "yes" },
          errors: {},
          submitting: false,
        }}
        onChange={noop}
        onSubmit={noop}
        onCancel={noop}
      />,
    );
    expect(form).toContain("是否造成较大后果");
    expect(form).toContain("造成的后果");
    expect(form).toContain("未造成较大后果的不影响评优评先");
    const no = text(
      <ActionForm
        form={{
          action: "flag_false_report",
          values: { seriousConsequence: "no" },
          errors: {},
          submitting: false,
        }}
        onChange={noop}
        onSubmit={noop}
        onCancel={noop}
      />,
    );
    expect(no).not.toContain("造成的后果");
  });
});

describe("督办通报", () => {
  it("期间须为两个有效日期且开始不晚于结束；年终通报用年度", () => {
    expect(
      checkBulletin({ kind: "period", from: "2026-11-01", to: "2026-11-30", year: 2026 }, "2026-11-30"),
    ).toEqual({
      ok: true,
      query: { from: "2026-11-01", to: "2026-11-30" },
    });
    expect(
      checkBulletin({ kind: "period", from: "2026-11-30", to: "2026-11-01", year: 2026 }, "2026-11-30"),
    ).toEqual({
      ok: false,
      errors: { to: "结束日期不能早于开始日期" },
    });
    expect(checkBulletin({ kind: "period", from: "2026-02-30", to: "", year: 2026 }, "2026-11-30")).toEqual({
      ok: false,
      errors: { from: "开始日期应为有效日期", to: "结束日期应为有效日期" },
    });
    expect(checkBulletin({ kind: "year", from: "", to: "", year: 2025 }, "2026-01-05")).toEqual({
      ok: true,
      query: { year: 2025 },
    });
  });

  it("读取通报数据后以 bulletinSpec 写入工作表，标题用公司名称", async () => {
    const bulletin: Bulletin = {
      from: "2026-11-01",
      to: "2026-11-20",
      totals: {
        draft: 0,
        registered: 1,
        notified: 1,
        in_progress: 2,
        extension_requested: 0,
        reported: 0,
        closed: 3,
        cancelled: 0,
        total: 7,
      },
      departments: [],
      onTimeRate: 0.75,
      overdueItems: [],
      criticized: [],
      urgentItems: [],
      falseReports: [],
      siteVisits: [],
      accountability: [],
    };
    const { calls, deps } = scriptedPane({
      api: {
        getSettings: async () => ({
          value: { companyName: "秦安公司", numberPrefix: "陕秦安督字", yellowLightDays: 3 },
          etag: null,
        }),
        getBulletin: async () => bulletin,
      },
      excel: { renderReport: async (spec) => spec.sheetName },
    });
    const result = await writeBulletin(
      deps,
      { from: "2026-11-01", to: "2026-11-20" },
      "2026-11-20",
      liveSignal(),
      noop,
    );
    expect(calls.find((c) => c.name === "getBulletin")!.args[0]).toEqual({
      from: "2026-11-01",
      to: "2026-11-20",
    });
    const spec = calls.find((c) => c.name === "renderReport")!.args[0] as ReportSpec;
    expect(spec.title).toBe("秦安公司督办通报");
    expect(result.sheetName).toBe("督办通报 20261101-20261120");
    expect(result.lines[0]).toBe("统计期间 2026-11-01 至 2026-11-20，事项 7 项，按期率 75.0%。");
  });

  it("随时通报：对所选各行的事项出通报，列出督办要求、督办组、期间的现场督办和问责", async () => {
    const joint = anItem({
      id: "j1",
      noticeNumber: "陕秦安督字〔2026〕7号",
      content: "联合整治隐患",
      requirements: "月底前形成整改报告",
      supervisionGroup: ["王副总", "安全部"],
      source: "special",
    });
    const bulletin: Bulletin = {
      from: "2026-01-01",
      to: "2026-11-20",
      totals: {
        draft: 0,
        registered: 0,
        notified: 0,
        in_progress: 1,
        extension_requested: 0,
        reported: 0,
        closed: 0,
        cancelled: 0,
        total: 1,
      },
      departments: [
        {
          deptId: "safety",
          name: "安全部",
          handled: 1,
          closed: 0,
          closedOnTime: 0,
          closedLate: 0,
          overdue: 0,
          onTimeRate: null,
        },
      ],
      onTimeRate: null,
      overdueItems: [],
      criticized: [],
      urgentItems: [],
      falseReports: [],
      siteVisits: [
        {
          itemId: "j1",
          noticeNumber: "陕秦安督字〔2026〕7号",
          content: "联合整治隐患",
          leadDept: "safety",
          date: "2026-11-10",
          place: "三号库房",
          participants: "王副总、安全部李四",
          findings: "消防通道堆放杂物",
          followUp: "三日内清理",
        },
      ],
      accountability: [
        {
          id: "2026-a1",
          itemIds: ["j1"],
          deptId: "safety",
          person: "李四",
          measure: "interview",
          measureLabel: "约谈",
          reason: "整改不力",
          month: "2026-11",
          createdAt: "2026-11-12T02:00:00.000Z",
          createdBy: "王副总",
          revoked: false,
          revokedAt: null,
          revokedBy: null,
          revokeReason: null,
        },
      ],
    };
    const { calls, deps } = scriptedPane({
      api: {
        getSettings: async () => ({
          value: { companyName: "秦安公司", numberPrefix: "陕秦安督字", yellowLightDays: 3 },
          etag: null,
        }),
        getBulletin: async () => bulletin,
        getItem: async () => joint,
      },
      excel: {
        selectedRows: async () => ({ ids: ["j1"], rows: [3] }),
        renderReport: async (spec) => spec.sheetName,
      },
    });
    const checked = checkBulletin({ kind: "items", from: "", to: "", year: 2026 }, "2026-11-20");
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const result = await writeBulletin(deps, checked.query, "2026-11-20", liveSignal(), noop);
    expect(calls.find((c) => c.name === "getBulletin")!.args[0]).toEqual({ itemIds: ["j1"] });
    const spec = calls.find((c) => c.name === "renderReport")!.args[0] as ReportSpec;
    expect(spec.title).toBe("秦安公司督办通报（随时通报）");
    expect(result.sheetName).toBe("随时通报 20261120");
    const section = (title: string) => spec.sections.find((x) => x.title.includes(title))!;
    expect(section("随时通报事项").rows).toEqual([
      [
        "陕秦安督字〔2026〕7号",
        "联合整治隐患",
        "月底前形成整改报告",
        "安全部",
        "办理中",
        "",
        "王副总、安全部",
      ],
    ]);
    expect(section("现场督办").rows[0]).toContain("消防通道堆放杂物");
    expect(section("问责情况").rows[0]!.slice(0, 4)).toEqual(["安全部", "李四", "约谈", "整改不力"]);
    expect(result.lines[0]).toBe("随时通报所选 1 项事项。");
  });

  it("表单：期间通报显示两个日期，错误在字段下", () => {
    const shown = text(
      <BulletinView
        request={{ kind: "period", from: "2026-11-01", to: "2026-10-01", year: 2026 }}
        years={[2026]}
        errors={{ to: "结束日期不能早于开始日期" }}
        state={initialTask()}
        disabled={false}
        onChange={noop}
        onGenerate={noop}
        onCancel={noop}
        onDismiss={noop}
      />,
    );
    expect(shown).toContain("开始日期");
    expect(shown).toContain("结束日期不能早于开始日期");
    expect(shown).toContain("年终总结通报");
    expect(shown).toContain("生成督办通报");
  });
});

describe("催办", () => {
  const red = anItem({
    id: "r1",
    etag: 'W/"r1-7"',
    light: "red",
    overdueDays: 5,
    allowedActions: ["urge", "cancel"],
    leadDept: "safety",
  });
  const red2 = anItem({
    id: "r2",
    etag: 'W/"r2-3"',
    light: "red",
    overdueDays: 9,
    allowedActions: ["urge"],
    leadDept: "safety",
  });
  const yellow = anItem({
    id: "y1",
    etag: 'W/"y1-2"',
    light: "yellow",
    allowedActions: ["urge"],
    leadDept: "ops",
    content: "临期事项",
  });
  const green = anItem({ id: "g1", light: "green", allowedActions: ["urge"] });

  it("按牵头部门分组：超期在前（超期天数多的在前），绿灯不列", () => {
    const groups = urgeGroups([yellow, red, green, red2], DEPARTMENTS);
    expect(groups.map((g) => [g.name, g.items.map((i) => i.id), g.overdue, g.dueSoon])).toEqual([
      ["安全部", ["r2", "r1"], 2, 0],
      ["运营部", ["y1"], 0, 1],
    ]);
    expect(urgeableOverdue(groups[0]!).map((i) => i.id)).toEqual(["r2", "r1"]);
    expect(urgeableOverdue(groups[1]!)).toEqual([]);
  });

  it("一键催办：带该事项自己的 ETag 和催办说明发送，再写回表格", async () => {
    const urged = { ...red, etag: 'W/"r1-8"' };
    const { calls, deps } = scriptedPane({
      api: { runAction: async () => urged },
      excel: { updateRows: async (items) => items.length },
    });
    const result = await urgeItems(deps, [red], " 请于本周内办结 ", liveSignal(), noop);
    expect(calls.map((c) => c.name)).toEqual(["runAction", "updateRows"]);
    expect(calls[0]!.args.slice(0, 4)).toEqual(["r1", "urge", { note: "请于本周内办结" }, 'W/"r1-7"']);
    expect(calls[1]!.args.slice(0, 2)).toEqual([[urged], DEPARTMENTS]);
    expect(result.done).toEqual([urged]);
    expect(urgeSummary(result)).toEqual({ intent: "success", title: "已催办 1 项", lines: [] });
  });

  it("按部门催办：逐项各带 ETag；没有说明时不带 note；一项 412 不影响其他项", async () => {
    const { calls, deps } = scriptedPane({
      api: {
        runAction: async (id) => {
          if (id === "r2") throw apiError(412, "过期", "数据已被他人修改");
          return anItem({ id, light: "red" });
        },
      },
      excel: { updateRows: async (items) => items.length },
    });
    const result = await urgeItems(deps, [red2, red], "", liveSignal(), noop);
    expect(calls.filter((c) => c.name === "runAction").map((c) => [c.args[0], c.args[2], c.args[3]])).toEqual(
      [
        ["r2", {}, 'W/"r2-3"'],
        ["r1", {}, 'W/"r1-7"'],
      ],
    );
    expect(result.failed.map((f) => f.item.id)).toEqual(["r2"]);
    expect((calls.find((c) => c.name === "updateRows")!.args[0] as ApiItem[]).map((i) => i.id)).toEqual([
      "r1",
    ]);
    const summary = urgeSummary(result);
    expect(summary.title).toBe("已催办 1 项，失败 1 项");
    expect(summary.lines[0]).toContain("数据已被他人修改，请刷新");
  });

  it("界面：每项一个催办按钮（仅当允许），部门一键催办超期事项", () => {
    const markup = html(
      <UrgeView
        items={{
          kind: "loaded",
          value: [
            red,
            red2,
            yellow,
            anItem({ id: "y2", light: "yellow", allowedActions: [], leadDept: "ops" }),
          ],
        }}
        departments={DEPARTMENTS}
        note=""
        urged={new Set(["r1"])}
        urgeState={initialTask()}
        sheetState={initialTask()}
        disabled={false}
        onNote={noop}
        onUrge={noop}
        onReload={noop}
        onWriteSheet={noop}
        onCancel={noop}
        onDismiss={noop}
      />,
    );
    const shown = textOf(markup);
    expect(shown).toContain("安全部 超期 2 · 临期 0");
    expect(shown).toContain("催办本部门超期事项（2）");
    expect(shown).toContain("运营部 超期 0 · 临期 2");
    expect(shown).toContain("已催办");
    expect(shown).toContain("超期 9 天");
    expect(shown).toContain("生成催办清单表");
    const itemButtons = [...markup.matchAll(/data-item="([^"]+)"[\s\S]*?<\/li>/g)].map((m) => [
      m[1],
      />催办</.test(m[0]),
    ]);
    expect(itemButtons).toEqual([
      ["r2", true],
      ["r1", true],
      ["y1", true],
      ["y2", false],
    ]);
  });

  it("生成催办清单表：urgeListSpec 写入工作表", async () => {
    const { calls, deps } = scriptedPane({ excel: { renderReport: async (spec) => spec.sheetName } });
    const name = await writeUrgeList(deps, [red, yellow, green], "2026-11-20", liveSignal());
    expect(name).toBe("催办清单 20261120");
    const spec = calls[0]!.args[0] as ReportSpec;
    expect(spec.sections.map((s) => s.title)).toEqual(["安全部（1 项）", "运营部（1 项）"]);
  });
});

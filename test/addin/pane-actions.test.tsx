// 操作: the action forms validate with the domain's Chinese messages before anything is sent; the buttons are
// exactly the item's allowedActions; several rows take payload-free actions each with its own ETag.
import { describe, expect, it } from "vitest";
import type { ApiItem } from "../../addin/src/api/client";
import {
  ACTION_FORMS,
  initialValues,
  validateActionForm,
} from "../../addin/src/components/actions/actionForms";
import { ActionForm } from "../../addin/src/components/actions/ActionForm";
import { ActionButtons, ActionsPanel } from "../../addin/src/components/actions/ActionsPanel";
import {
  bulkSummary,
  commonActions,
  readSelection,
  runBulkAction,
  submitAction,
} from "../../addin/src/components/actions/actionsController";
import {
  actionsReducer,
  INITIAL_ACTIONS_STATE,
  type ActionsState,
} from "../../addin/src/components/actions/actionsState";
import { ACTION_LABELS } from "../../functions/src/domain/types";
import { apiError, excelFailure, positionsIn, scriptedPane } from "../support/pane-harness";
import {
  ALL_ACTIONS,
  anItem,
  DEPARTMENTS,
  fakeApi,
  fakeWorkbook,
  paneDeps,
  type Call,
  html,
  noop,
  text,
} from "../support/pane-fixtures";

const fullReport = {
  completedFrom: "2026-09-01",
  completedTo: "2026-10-08",
  summary: "模板已修订并印发",
  leadOpinion: "同意报结",
};

const stale = () => apiError(412, "数据已被他人修改，请刷新后重试", "版本已过期");

describe("办结报告表单：先校验，再发送", () => {
  it("缺少完成情况：提示「完成情况为必填项」，不调用 runAction", async () => {
    const { calls, deps } = scriptedPane();
    const outcome = await submitAction(deps, anItem(), "report", {
      ...fullReport,
      summary: "  ",
    });
    expect(outcome).toEqual({ kind: "invalid", errors: { summary: "完成情况为必填项" } });
    expect(calls).toEqual([]);
  });

  it("完成时间（止）早于（起）：错误在完成时间（止）下", () => {
    const result = validateActionForm("report", { ...fullReport, completedTo: "2026-08-01" });
    expect(result).toEqual({ ok: false, errors: { completedTo: "完成时间（止）不能早于完成时间（起）" } });
  });

  it("日期格式不对、必填意见缺失：每个字段各自的中文提示", () => {
    const result = validateActionForm("return", { opinion: "", deadline: "2026-02-30" });
    expect(result).toEqual({
      ok: false,
      errors: { opinion: "意见为必填项", deadline: "完成时限应为有效日期，格式 YYYY-MM-DD" },
    });
  });

  it("可选字段留空不发送；内容去掉首尾空白", () => {
    expect(validateActionForm("report", { ...fullReport, summary: "  模板已修订  " })).toEqual({
      ok: true,
      payload: {
        completedFrom: "2026-09-01",
        completedTo: "2026-10-08",
        summary: "模板已修订",
        leadOpinion: "同意报结",
      },
    });
    expect(validateActionForm("acknowledge", {})).toEqual({ ok: true, payload: {} });
    expect(validateActionForm("urge", { note: "" })).toEqual({ ok: true, payload: {} });
  });

  it("报告单默认以下发日期至今天（北京时间）为完成时间", () => {
    const values = initialValues("report", anItem(), new Date("2026-10-08T17:30:00Z"));
    expect(values).toMatchObject({ completedFrom: "2026-09-01", completedTo: "2026-10-09", summary: "" });
  });

  it("每个操作都有表单，字段与 DESIGN 的载荷一致", () => {
    expect(Object.keys(ACTION_FORMS).sort()).toEqual([...ALL_ACTIONS].sort());
    expect(ACTION_FORMS.report.map((f) => f.name)).toEqual([
      "completedFrom",
      "completedTo",
      "summary",
      "leadOpinion",
    ]);
    expect(ACTION_FORMS.request_extension.filter((f) => f.required).map((f) => f.name)).toEqual([
      "reason",
      "measures",
    ]);
  });

  it("错误显示在各自字段下方", () => {
    const state = actionsReducer(
      actionsReducer(INITIAL_ACTIONS_STATE, {
        type: "opened",
        action: "report",
        values: { ...fullReport, summary: "" },
      }),
      { type: "invalid", errors: { summary: "完成情况为必填项" } },
    );
    const markup = html(<ActionForm form={state.form!} onChange={noop} onSubmit={noop} onCancel={noop} />);
    // The message follows the 完成情况 label, before the next field's label.
    const at = positionsIn(markup);
    expect(at("完成情况为必填项")).toBeGreaterThan(at(">完成情况<"));
    expect(at("完成情况为必填项")).toBeLessThan(at(">牵头部门意见<"));
    expect(markup).toContain("确认办结报告");
  });
});

describe("协办部门、现场督办、调整：各自的表单（附件2、四（三）、三（三））", () => {
  it("牵头部门的报告单不再代填协办部门意见；协办部门自己写「协办部门意见」", () => {
    expect(ACTION_FORMS.report.map((f) => f.name)).not.toContain("assistOpinion");
    expect(validateActionForm("assist_opinion", { opinion: "" })).toEqual({
      ok: false,
      errors: { opinion: "意见为必填项" },
    });
    expect(validateActionForm("assist_opinion", { opinion: " 同意牵头部门意见 " })).toEqual({
      ok: true,
      payload: { opinion: "同意牵头部门意见" },
    });
  });

  it("协办部门只看到服务器允许它的操作：签收、协办部门意见", () => {
    const assisting = anItem({ allowedActions: ["acknowledge", "assist_opinion"] });
    const shown = text(<ActionButtons actions={assisting.allowedActions} onOpen={noop} />);
    expect(shown).toContain("签收");
    expect(shown).toContain("协办部门意见");
    expect(shown).not.toContain("报送进展");
  });

  it("现场督办记录日期、地点、参加人员、情况（必填）和后续要求；日期默认今天", () => {
    expect(ACTION_FORMS.site_visit.map((f) => [f.name, f.required])).toEqual([
      ["date", true],
      ["place", true],
      ["participants", true],
      ["findings", true],
      ["followUp", false],
    ]);
    expect(initialValues("site_visit", anItem(), new Date("2026-11-10T02:00:00Z")).date).toBe("2026-11-10");
    expect(
      validateActionForm("site_visit", {
        date: "2026-11-10",
        place: "三号库房",
        participants: "王副总、安全部李四",
        findings: "消防通道堆放杂物",
        followUp: "",
      }),
    ).toEqual({
      ok: true,
      payload: {
        date: "2026-11-10",
        place: "三号库房",
        participants: "王副总、安全部李四",
        findings: "消防通道堆放杂物",
      },
    });
  });

  it("申请调整：可只改督办要求而不延期；什么都不提则提示至少提出一项", () => {
    const base = { reason: "上级要求变化", measures: "按新要求办理" };
    expect(
      validateActionForm("request_extension", { ...base, proposedRequirements: "增加季度复查" }),
    ).toEqual({
      ok: true,
      payload: { ...base, proposedRequirements: "增加季度复查" },
    });
    expect(validateActionForm("request_extension", base)).toEqual({
      ok: false,
      errors: {
        proposedDeadline: "建议完成时限、建议调整后的督办事项内容、建议调整后的督办要求至少须提出一项",
      },
    });
  });

  it("同意调整：表单预填部门的建议，领导清空不同意的项，只发送同意的", () => {
    const item = anItem({
      status: "extension_requested",
      adjustmentRequest: {
        reason: "上级要求变化",
        measures: "按新要求办理",
        proposedDeadline: "2026-12-31",
        proposedContent: null,
        proposedRequirements: "增加季度复查",
        by: "安全部张三",
        at: "2026-11-01T02:00:00.000Z",
      },
    });
    const values = initialValues("approve_extension", item);
    expect(values).toMatchObject({ deadline: "2026-12-31", content: "", requirements: "增加季度复查" });
    expect(validateActionForm("approve_extension", { ...values, deadline: "" })).toEqual({
      ok: true,
      payload: { requirements: "增加季度复查" },
    });
    // The leader sees what was asked beside the item.
    const card = text(
      <ActionsPanel
        state={{ ...INITIAL_ACTIONS_STATE, selection: { kind: "one", item } }}
        disabled={false}
        onRead={noop}
        onOpen={noop}
        onEdit={noop}
        onSubmit={noop}
        onClose={noop}
        onBulk={noop}
        onCancel={noop}
        onRefresh={noop}
      />,
    );
    expect(card).toContain("申请调整");
    expect(card).toContain("完成时限改为 2026-12-31");
    expect(card).toContain("督办要求改为「增加季度复查」");
  });

  it("审定立项时，领导在事项旁看到办公室的拟办意见和督办要求", () => {
    const draft = anItem({
      status: "draft",
      proposal: "建议由安全部牵头，月底前完成",
      requirements: "形成书面整改报告",
      allowedActions: ["approve", "reject"],
    });
    const shown = text(
      <ActionsPanel
        state={{ ...INITIAL_ACTIONS_STATE, selection: { kind: "one", item: draft } }}
        disabled={false}
        onRead={noop}
        onOpen={noop}
        onEdit={noop}
        onSubmit={noop}
        onClose={noop}
        onBulk={noop}
        onCancel={noop}
        onRefresh={noop}
      />,
    );
    expect(shown).toContain("拟办意见");
    expect(shown).toContain("建议由安全部牵头，月底前完成");
    expect(shown).toContain("督办要求");
    expect(shown).toContain("审定立项");
  });
});

describe("提交操作", () => {
  it("成功：带着事项的 ETag 发送，再把新状态写回表格", async () => {
    const reported = anItem({ status: "reported", etag: 'W/"etag-2"', allowedActions: [] });
    const { calls, deps } = scriptedPane({
      api: { runAction: async () => reported },
      excel: { updateRows: async () => 1 },
    });
    const outcome = await submitAction(deps, anItem(), "report", fullReport);
    expect(outcome).toEqual({ kind: "done", item: reported, sheetError: null });
    expect(calls.map((c) => c.name)).toEqual(["runAction", "updateRows"]);
    expect(calls[0]!.args.slice(0, 4)).toEqual([
      "item-1",
      "report",
      {
        completedFrom: "2026-09-01",
        completedTo: "2026-10-08",
        summary: "模板已修订并印发",
        leadOpinion: "同意报结",
      },
      'W/"etag-1"',
    ]);
    expect(calls[1]!.args.slice(0, 2)).toEqual([[reported], DEPARTMENTS]);
  });

  it("412：数据已被他人修改，请刷新；表格不动", async () => {
    const { calls, deps } = scriptedPane({ api: { runAction: async () => Promise.reject(stale()) } });
    const outcome = await submitAction(deps, anItem(), "progress", { note: "已完成初稿" });
    expect(outcome.kind).toBe("refused");
    if (outcome.kind !== "refused") return;
    expect(outcome.error.stale).toBe(true);
    expect(outcome.error.detail).toContain("数据已被他人修改，请刷新");
    expect(calls.map((c) => c.name)).toEqual(["runAction"]);
    const state: ActionsState = {
      ...INITIAL_ACTIONS_STATE,
      selection: { kind: "one", item: anItem() },
      error: outcome.error,
    };
    const shown = text(<ActionsPanel state={state} disabled={false} {...handlers} />);
    expect(shown).toContain("数据已被他人修改，请刷新");
    expect(shown).toContain("刷新");
  });

  it("400：服务器指出的字段错误回到表单对应字段", async () => {
    const refused = apiError(400, "请求内容有误", "请求内容有误", [
      { path: "deadline", message: "完成时限不能早于今天" },
    ]);
    const { deps } = scriptedPane({ api: { runAction: async () => Promise.reject(refused) } });
    const outcome = await submitAction(deps, anItem(), "return", {
      opinion: "请补充材料",
      deadline: "2026-01-01",
    });
    expect(outcome).toMatchObject({ kind: "refused", errors: { deadline: "完成时限不能早于今天" } });
  });

  it("服务器已完成但写入表格失败：仍算成功，并说明表格未更新", async () => {
    const excelError = excelFailure("ItemNotFound", "尚未初始化督办清单，请先点击「初始化清单」");
    const { deps } = scriptedPane({
      api: { runAction: async () => anItem({ status: "in_progress" }) },
      excel: { updateRows: async () => Promise.reject(excelError) },
    });
    const outcome = await submitAction(deps, anItem({ status: "notified" }), "acknowledge", {});
    expect(outcome).toMatchObject({
      kind: "done",
      sheetError: {
        title: "已在服务器完成，但写入表格失败",
        detail: "尚未初始化督办清单，请先点击「初始化清单」",
      },
    });
  });
});

const handlers = {
  onRead: noop,
  onOpen: noop,
  onEdit: noop,
  onSubmit: noop,
  onClose: noop,
  onBulk: noop,
  onCancel: noop,
  onRefresh: noop,
};

/** The labels of the buttons in the 可执行的操作 group. */
function actionButtons(markup: string): string[] {
  const group = /aria-label="可执行的操作"[^>]*>([\s\S]*?)<\/div>/.exec(markup)?.[1] ?? "";
  return [...group.matchAll(/data-action="([a-z_]+)"[^>]*>([^<]*)</g)].map((m) => `${m[1]}:${m[2]}`);
}

describe("操作按钮与事项的 allowedActions 一致", () => {
  it.each<[string, ApiItem["allowedActions"]]>([
    ["办理中（牵头部门）", ["progress", "request_extension", "report"]],
    ["拟办（领导小组）", ["approve", "reject", "cancel"]],
    ["已报告（领导小组）", ["close", "return", "cancel", "flag_false_report"]],
    ["申请延期（领导小组）", ["approve_extension", "reject_extension", "cancel"]],
  ])("%s", (_name, allowed) => {
    const state: ActionsState = {
      ...INITIAL_ACTIONS_STATE,
      selection: { kind: "one", item: anItem({ allowedActions: allowed }) },
    };
    expect(actionButtons(html(<ActionsPanel state={state} disabled={false} {...handlers} />))).toEqual(
      allowed.map((a) => `${a}:${ACTION_LABELS[a]}`),
    );
  });

  it("没有可执行的操作时说明原因，不显示按钮", () => {
    const state: ActionsState = {
      ...INITIAL_ACTIONS_STATE,
      selection: { kind: "one", item: anItem({ allowedActions: [] }) },
    };
    const markup = html(<ActionsPanel state={state} disabled={false} {...handlers} />);
    expect(actionButtons(markup)).toEqual([]);
    expect(text(<ActionsPanel state={state} disabled={false} {...handlers} />)).toContain(
      "当前没有可执行的操作",
    );
  });

  it("ActionButtons 按给定顺序逐个显示中文名称", () => {
    expect(actionButtons(html(<ActionButtons actions={["urge", "cancel"]} onOpen={noop} />))).toEqual([
      "urge:催办",
      "cancel:撤销",
    ]);
  });

  it("单行：显示状态、亮灯、现行时限和文号", () => {
    const item = anItem({
      light: "red",
      overdueDays: 5,
      effectiveDeadline: "2026-11-30",
      deadlineKind: "extension",
    });
    const state: ActionsState = { ...INITIAL_ACTIONS_STATE, selection: { kind: "one", item } };
    const shown = text(
      <ActionsPanel
        state={state}
        disabled={false}
        {...handlers}
        deptName={(id) => (id === "safety" ? "安全部" : id)}
      />,
    );
    expect(shown).toContain("办理中");
    expect(shown).toContain("红灯");
    expect(shown).toContain("延期后时限 2026-11-30");
    expect(shown).toContain("原定时限 2026-10-10");
    expect(shown).toContain("超期 5 天");
    expect(shown).toContain("陕秦安督字〔2026〕12号");
    expect(shown).toContain("安全部");
  });
});

describe("多行：无需填写内容的共同操作，逐项带各自的 ETag", () => {
  const a = anItem({ id: "a", etag: "ea", status: "draft", allowedActions: ["approve", "reject", "cancel"] });
  const b = anItem({ id: "b", etag: "eb", status: "draft", allowedActions: ["approve", "reject", "cancel"] });
  const c = anItem({ id: "c", etag: "ec", status: "notified", allowedActions: ["urge", "cancel"] });

  it("共同操作只取审定立项、签收、催办中各项都允许的", () => {
    expect(commonActions([a, b])).toEqual(["approve"]);
    expect(commonActions([a, c])).toEqual([]);
    expect(commonActions([])).toEqual([]);
  });

  it("逐项发送；一项 412 不影响其他项；成功的写回表格", async () => {
    const { calls, deps } = scriptedPane({
      api: {
        runAction: async (id) => {
          if (id === "b") throw stale();
          return anItem({ id, status: "registered", etag: `${id}2` });
        },
      },
      excel: { updateRows: async (items) => items.length },
    });
    const c2 = anItem({ id: "c2", etag: "ec2", status: "draft", allowedActions: ["approve"] });
    const result = await runBulkAction(deps, [a, b, c2], "approve", noop);
    expect(calls.filter((x) => x.name === "runAction").map((x) => [x.args[0], x.args[2], x.args[3]])).toEqual(
      [
        ["a", {}, "ea"],
        ["b", {}, "eb"],
        ["c2", {}, "ec2"],
      ],
    );
    expect(result.done.map((i) => i.id)).toEqual(["a", "c2"]);
    expect(result.failed.map((f) => [f.item.id, f.error.stale])).toEqual([["b", true]]);
    const written = calls.find((x) => x.name === "updateRows")!.args[0] as ApiItem[];
    expect(written.map((i) => i.id)).toEqual(["a", "c2"]);
    const summary = bulkSummary("approve", result);
    expect(summary.title).toBe("审定立项：成功 2 项，失败 1 项");
    expect(summary.lines[0]).toContain("数据已被他人修改，请刷新");
  });

  it("取消：余下的不再发送，已完成的仍写回表格", async () => {
    const controller = new AbortController();
    const api = fakeApi({
      runAction: async (id) => {
        controller.abort();
        return anItem({ id, status: "registered" });
      },
    });
    const calls: Call[] = [];
    const excel = fakeWorkbook({ updateRows: async () => 1 }, calls);
    const result = await runBulkAction(paneDeps(api, excel), [a, b], "approve", noop, controller.signal);
    expect(result.done.map((i) => i.id)).toEqual(["a"]);
    expect(result.skipped).toBe(1);
    expect(calls.map((x) => x.name)).toEqual(["updateRows"]);
    expect(bulkSummary("approve", result).lines).toContain("已取消，1 项未处理。");
  });

  it("读取所选行：去重后逐项读取最新版本", async () => {
    const api = fakeApi({ getItem: async (id) => anItem({ id }) });
    const excel = fakeWorkbook({ selectedRows: async () => ({ ids: ["a", "b", "a"], rows: [0, 1, 2] }) });
    const selection = await readSelection(paneDeps(api, excel), noop);
    expect(selection.kind === "many" && selection.items.map((i) => i.id)).toEqual(["a", "b"]);
    const none = await readSelection(
      paneDeps(api, fakeWorkbook({ selectedRows: async () => ({ ids: [], rows: [] }) })),
      noop,
    );
    expect(none).toEqual({ kind: "empty" });
  });

  it("多行界面：显示共同操作，需先确认", () => {
    const state: ActionsState = {
      ...INITIAL_ACTIONS_STATE,
      selection: { kind: "many", items: [a, b], truncated: false },
    };
    const markup = html(<ActionsPanel state={state} disabled={false} {...handlers} />);
    expect(actionButtons(markup)).toEqual(["approve:审定立项"]);
    expect(text(<ActionsPanel state={state} disabled={false} {...handlers} />)).toContain("已选 2 项");
  });
});

describe("操作页状态（纯函数）", () => {
  const one: ActionsState = { ...INITIAL_ACTIONS_STATE, selection: { kind: "one", item: anItem() } };

  it("打开表单、修改字段时清掉该字段的错误", () => {
    let state = actionsReducer(one, { type: "opened", action: "progress", values: { note: "" } });
    state = actionsReducer(state, { type: "invalid", errors: { note: "说明为必填项" } });
    expect(state.form?.errors).toEqual({ note: "说明为必填项" });
    state = actionsReducer(state, { type: "edited", name: "note", value: "已完成" });
    expect(state.form).toMatchObject({ values: { note: "已完成" }, errors: {} });
  });

  it("成功后关闭表单，选中项换成新版本", () => {
    const opened = actionsReducer(one, { type: "opened", action: "progress", values: { note: "x" } });
    const next = anItem({ latestProgress: "x", etag: "e2" });
    const state = actionsReducer(opened, {
      type: "itemChanged",
      item: next,
      outcome: { intent: "success", title: "已报送进展", lines: [] },
    });
    expect(state.form).toBeNull();
    expect(state.selection).toEqual({ kind: "one", item: next });
    expect(state.outcome?.title).toBe("已报送进展");
  });

  it("412 后刷新：操作仍可用时保留已填写的内容", () => {
    let state = actionsReducer(one, { type: "opened", action: "report", values: { ...fullReport } });
    state = actionsReducer(state, { type: "submitting" });
    state = actionsReducer(state, {
      type: "refused",
      error: { title: "", detail: "", fields: [], stale: true, offline: false, status: 412 },
      errors: {},
    });
    const kept = actionsReducer(state, { type: "refreshed", items: [anItem({ etag: "e3" })] });
    expect(kept.form).toMatchObject({ action: "report", values: fullReport, submitting: false });
    expect(kept.error).toBeNull();
    const gone = actionsReducer(state, {
      type: "refreshed",
      items: [anItem({ etag: "e3", status: "reported", allowedActions: [] })],
    });
    expect(gone.form).toBeNull();
  });
});

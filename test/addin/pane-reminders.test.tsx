// 文书 › 催办: today's 催办 mails (the outbox) with their states and 重新发送 for those not delivered, and the
// departments' mailboxes (email, ccEmails) edited and saved with the list's ETag.
import { describe, expect, it } from "vitest";
import type { ReminderOutbox, ReminderView } from "../../addin/src/api/client";
import { DepartmentMailView } from "../../addin/src/components/documents/DepartmentMailSection";
import {
  applyDrafts,
  checkDrafts,
  draftsFrom,
  saveDepartmentMail,
  serverErrors,
} from "../../addin/src/components/documents/departmentMailModel";
import { initialTask } from "../../addin/src/components/common/taskState";
import { OutboxView } from "../../addin/src/components/documents/UrgeSection";
import {
  canResend,
  reminderDetail,
  replaceReminder,
  resendReminder,
} from "../../addin/src/components/documents/urgeModel";
import type { Department } from "../../functions/src/domain/types";
import { liveSignal, scriptedPane, textOf } from "../support/pane-harness";
import { html, noop } from "../support/pane-fixtures";

const reminder = (over: Partial<ReminderView>): ReminderView => ({
  date: "2026-11-12",
  deptId: "safety",
  deptName: "安全部",
  kind: "overdue",
  itemIds: ["r1", "r2"],
  itemCount: 2,
  to: ["safety@qinan.example"],
  cc: ["chief@qinan.example"],
  state: "sent",
  attempts: 1,
  lastError: null,
  sentAt: "2026-11-12T00:00:03.000Z",
  createdAt: "2026-11-12T00:00:00.000Z",
  updatedAt: "2026-11-12T00:00:03.000Z",
  ...over,
});

const OUTBOX: ReminderOutbox = {
  date: "2026-11-12",
  transport: "smtp",
  calendar: { source: "chinese-days", lastYear: 2026, covered: true, note: "节假日日历覆盖到 2026 年" },
  items: [
    reminder({}),
    reminder({ kind: "due_soon", state: "pending", attempts: 0, sentAt: null, itemCount: 1 }),
    reminder({
      deptId: "ops",
      deptName: "运营部",
      state: "failed",
      attempts: 2,
      sentAt: null,
      to: ["ops@qinan.example"],
      cc: [],
      lastError: "smtp 发送失败：550 Mailbox unavailable",
    }),
    reminder({
      deptId: "hr",
      deptName: "人事部",
      state: "failed",
      attempts: 0,
      to: [],
      cc: [],
      sentAt: null,
      lastError: "部门「人事部」未设置邮箱，无法发送",
    }),
  ],
};

describe("今日催办邮件", () => {
  const view = (outbox: ReminderOutbox) =>
    html(
      <OutboxView
        date="2026-11-12"
        outbox={{ kind: "loaded", value: outbox }}
        resendState={initialTask()}
        onResend={noop}
        onReload={noop}
        onDismiss={noop}
      />,
    );

  it("每个部门每类一行：状态、类别、收件人与抄送、失败原因；只有未送达的有“重新发送”", () => {
    const markup = view(OUTBOX);
    const shown = textOf(markup);
    expect(shown).toContain("今日催办邮件（2026-11-12）");
    expect(shown).toContain("已发送 超期催办 安全部：2 项");
    expect(shown).toContain("待发送 即将到期提醒 安全部：1 项");
    expect(shown).toContain("发送失败 超期催办 运营部：2 项");
    expect(shown).toContain(
      "收件人 safety@qinan.example；抄送 chief@qinan.example；00:00 UTC 发送；已尝试 1 次",
    );
    expect(shown).toContain("原因：smtp 发送失败：550 Mailbox unavailable");
    expect(shown).toContain("无收件邮箱");
    expect(shown).toContain("原因：部门「人事部」未设置邮箱，无法发送");
    const buttons = [...markup.matchAll(/data-reminder="([^"]+)"[\s\S]*?<\/li>/g)].map((m) => [
      m[1],
      />重新发送</.test(m[0]),
    ]);
    expect(buttons).toEqual([
      ["safety.overdue", false],
      ["safety.due_soon", false],
      ["ops.overdue", true],
      ["hr.overdue", true],
    ]);
  });

  it("未配置发信方式、节假日日历过期时如实说明；没有邮件时说没有", () => {
    const shown = textOf(
      view({
        ...OUTBOX,
        transport: null,
        calendar: {
          source: "weekdays",
          lastYear: 2026,
          covered: false,
          note: "节假日日历只覆盖到 2026 年，2027 年暂按周一至周五为工作日计算",
        },
        items: [],
      }),
    );
    expect(shown).toContain("服务器未配置发信方式");
    expect(shown).toContain("2027 年暂按周一至周五为工作日计算");
    expect(shown).toContain("今天还没有催办邮件");
  });

  it("重新发送：按日期、部门、类别调用服务器，答复替换列表中的那一行", async () => {
    const failed = OUTBOX.items[2]!;
    const sent = { ...failed, state: "sent" as const, attempts: 3, lastError: null };
    const { calls, deps } = scriptedPane({ api: { resendReminder: async () => sent } });
    const answer = await resendReminder(deps, failed, liveSignal());
    expect(calls.map((c) => [c.name, ...c.args.slice(0, 3)])).toEqual([
      ["resendReminder", "2026-11-12", "ops", "overdue"],
    ]);
    const next = replaceReminder(OUTBOX, answer);
    expect(next.items.map((r) => r.state)).toEqual(["sent", "pending", "sent", "failed"]);
    expect(canResend(next.items[2]!)).toBe(false);
    expect(reminderDetail(next.items[3]!)).toBe("无收件邮箱");
  });
});

describe("部门邮箱", () => {
  const departments: Department[] = [
    {
      id: "safety",
      name: "安全部",
      head: "赵部长",
      email: "safety@qinan.example",
      ccEmails: ["a@qinan.example"],
    },
    { id: "ops", name: "运营部", head: "钱部长" },
  ];

  it("表单：读回邮箱与抄送；保存只改地址，其他字段原样，带上读到的 ETag", async () => {
    const drafts = draftsFrom(departments);
    expect(drafts).toEqual([
      { id: "safety", name: "安全部", email: "safety@qinan.example", cc: "a@qinan.example" },
      { id: "ops", name: "运营部", email: "", cc: "" },
    ]);
    drafts[0]!.cc = "a@qinan.example， b@qinan.example; c@qinan.example";
    drafts[1]!.email = " ops@qinan.example ";
    expect(checkDrafts(drafts)).toEqual({});
    expect(applyDrafts(departments, drafts)).toEqual([
      {
        id: "safety",
        name: "安全部",
        head: "赵部长",
        email: "safety@qinan.example",
        ccEmails: ["a@qinan.example", "b@qinan.example", "c@qinan.example"],
      },
      { id: "ops", name: "运营部", head: "钱部长", email: "ops@qinan.example" },
    ]);
    drafts[0]!.email = "";
    drafts[0]!.cc = "";
    expect(applyDrafts(departments, drafts)[0]).toEqual({ id: "safety", name: "安全部", head: "赵部长" });

    const { calls, deps } = scriptedPane({
      api: { putDepartments: async (list) => ({ value: list, etag: 'W/"2"' }) },
    });
    const saved = await saveDepartmentMail(
      deps,
      { value: departments, etag: 'W/"1"' },
      draftsFrom(departments),
    );
    expect(saved.etag).toBe('W/"2"');
    expect(calls[0]!.name).toBe("putDepartments");
    expect(calls[0]!.args.slice(0, 2)).toEqual([departments, 'W/"1"']);
  });

  it("地址有误：在部门的字段下指出（本地检查与服务器的逐项错误）", () => {
    const drafts = draftsFrom(departments);
    drafts[0]!.email = "不是地址";
    drafts[1]!.cc = "ok@qinan.example, 坏@";
    const errors = checkDrafts(drafts);
    expect(errors).toEqual({
      safety: { email: "不是有效的邮箱地址" },
      ops: { cc: "不是有效的邮箱地址：坏@" },
    });
    expect(
      serverErrors(departments, [
        { path: "1.email", message: "不是有效的邮箱地址" },
        { path: "0.ccEmails.0", message: "不是有效的邮箱地址" },
      ]),
    ).toEqual({ ops: { email: "不是有效的邮箱地址" }, safety: { cc: "不是有效的邮箱地址" } });

    const shown = textOf(
      html(
        <DepartmentMailView
          read={{ kind: "loaded", value: { value: departments, etag: 'W/"1"' } }}
          drafts={drafts}
          errors={errors}
          saving={false}
          saved={false}
          saveError={null}
          onEdit={noop}
          onSave={noop}
          onReload={noop}
        />,
      ),
    );
    expect(shown).toContain("部门邮箱（催办邮件收件人）");
    expect(shown).toContain("安全部 邮箱");
    expect(shown).toContain("不是有效的邮箱地址：坏@");
    expect(shown).toContain("保存部门邮箱");
  });
});

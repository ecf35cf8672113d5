// 详情: the history in Chinese with actor and CST time, the deadline and each of its changes, the notice.
import { describe, expect, it } from "vitest";
import { DetailView } from "../../addin/src/components/detail/DetailPanel";
import { deadlineHistory, timeline } from "../../addin/src/components/detail/detailModel";
import { formatCst } from "../../addin/src/components/common/format";
import { deptName } from "../support/pane-harness";
import { anEvent, anItem, noop, text } from "../support/pane-fixtures";

const events = [
  anEvent({ seq: 1, kind: "create", changes: { deadline: { before: null, after: "2026-10-10" } } }),
  anEvent({
    seq: 2,
    kind: "approve",
    at: "2026-08-20T01:00:00.000Z",
    actor: "李组长",
    payload: { comment: "同意立项" },
    changes: { status: { before: "draft", after: "registered" } },
  }),
  anEvent({
    seq: 3,
    kind: "issue",
    at: "2026-09-01T02:00:00.000Z",
    payload: { noticeNumber: "陕秦安督字〔2026〕12号", issueDate: "2026-09-01", year: 2026, seq: 12 },
    changes: {
      status: { before: "registered", after: "notified" },
      noticeNumber: { before: null, after: "陕秦安督字〔2026〕12号" },
      effectiveDeadline: { before: null, after: "2026-10-10" },
    },
  }),
  anEvent({
    seq: 4,
    kind: "approve_extension",
    at: "2026-10-08T16:30:00.000Z",
    actor: "李组长",
    payload: { deadline: "2026-11-30" },
    changes: {
      status: { before: "extension_requested", after: "in_progress" },
      effectiveDeadline: { before: "2026-10-10", after: "2026-11-30" },
      deadlineKind: { before: "original", after: "extension" },
    },
  }),
  anEvent({
    seq: 5,
    kind: "edit",
    at: "2026-10-09T01:00:00.000Z",
    changes: { owner: { before: "张三", after: "李四" }, assistDepts: { before: [], after: ["ops"] } },
  }),
];

describe("北京时间", () => {
  it("UTC 16:30 是北京时间次日 00:30，与本机时区无关", () => {
    expect(formatCst("2026-10-08T16:30:00.000Z")).toBe("2026-10-09 00:30");
    expect(formatCst("not a time")).toBe("not a time");
  });
});

describe("办理记录", () => {
  const entries = timeline(events, deptName);

  it("最新的在前，中文名称、操作人、北京时间", () => {
    expect(entries.map((e) => e.label)).toEqual(["修改", "同意延期", "下发通知单", "审定立项", "拟办登记"]);
    expect(entries[1]).toMatchObject({ actor: "李组长", at: "2026-10-09 00:30" });
  });

  it("时限变更显示原值 → 新值，状态用中文", () => {
    expect(entries[1]!.changes).toEqual(["状态：申请延期 → 办理中", "现行完成时限：2026-10-10 → 2026-11-30"]);
    // The payload's deadline is the change itself: not repeated.
    expect(entries[1]!.lines).toEqual([]);
  });

  it("下发通知单显示文号和下发日期；审定意见照录", () => {
    expect(entries[2]!.lines).toEqual(["督办文号：陕秦安督字〔2026〕12号", "下发日期：2026-09-01"]);
    expect(entries[3]!.lines).toEqual(["意见：同意立项"]);
  });

  it("修改列出每个改动的字段，部门用名称", () => {
    expect(entries[0]!.changes).toEqual(["协办部门：（空） → 运营部", "责任人：张三 → 李四"]);
  });

  it("登记事件不逐项列出字段", () => {
    expect(entries[4]!.changes).toEqual([]);
  });
});

describe("完成时限的变更", () => {
  it("拟定、下发、延期依次列出", () => {
    expect(deadlineHistory(events)).toEqual([
      { at: "2026-08-19 10:00", label: "拟办登记", from: null, to: "2026-10-10", actor: "王文员" },
      { at: "2026-09-01 10:00", label: "下发通知单", from: null, to: "2026-10-10", actor: "王文员" },
      { at: "2026-10-09 00:30", label: "同意延期", from: "2026-10-10", to: "2026-11-30", actor: "李组长" },
    ]);
  });
});

describe("详情页", () => {
  const item = anItem({ effectiveDeadline: "2026-11-30", deadlineKind: "extension" });

  it("通知单、原定与现行时限、办理记录", () => {
    const shown = text(
      <DetailView item={item} events={{ kind: "loaded", events }} deptName={deptName} onReload={noop} />,
    );
    expect(shown).toContain("督办文号：陕秦安督字〔2026〕12号（下发日期 2026-09-01）");
    expect(shown).toContain("原定完成时限：2026-10-10");
    expect(shown).toContain("现行完成时限：2026-11-30（延期后时限）");
    expect(shown).toContain("同意延期（李组长）：2026-10-10 → 2026-11-30");
    expect(shown).toContain("2026-10-09 00:30（北京时间）· 李组长");
  });

  it("报告单字段、读取中、读取失败", () => {
    const reported = anItem({
      status: "reported",
      report: {
        completedFrom: "2026-09-01",
        completedTo: "2026-10-08",
        summary: "模板已修订",
        leadOpinion: "同意报结",
      },
    });
    const loading = text(<DetailView item={reported} events={{ kind: "loading" }} onReload={noop} />);
    expect(loading).toContain("完成时间：2026-09-01 至 2026-10-08");
    expect(loading).toContain("完成情况：模板已修订");
    expect(loading).toContain("正在读取办理记录");
    const failed = text(
      <DetailView
        item={anItem({ noticeNumber: null, issueDate: null })}
        events={{
          kind: "failed",
          error: {
            title: "读取办理记录失败",
            detail: "服务器出错了",
            fields: [],
            stale: false,
            offline: false,
            status: 500,
          },
        }}
        onReload={noop}
      />,
    );
    expect(failed).toContain("尚未下发通知单");
    expect(failed).toContain("读取办理记录失败");
    expect(failed).toContain("服务器出错了");
  });
});

describe("协办部门、现场督办和调整在详情中", () => {
  const item = anItem({
    mode: "joint",
    leadDept: "safety",
    assistDepts: ["ops"],
    requirements: "形成书面整改报告",
    supervisionGroup: ["王副总", "督办办公室"],
    acknowledgements: [{ deptId: "ops", by: "运营部赵六", at: "2026-09-02T02:00:00.000Z" }],
    assistOpinions: [
      { deptId: "ops", opinion: "已完成技术复核", by: "运营部赵六", at: "2026-10-01T02:00:00.000Z" },
    ],
    siteVisits: [
      {
        date: "2026-09-15",
        place: "三号库房",
        participants: "王副总、安全部张三",
        findings: "消防通道堆放杂物",
        followUp: "三日内清理",
        by: "王副总",
        at: "2026-09-15T08:00:00.000Z",
      },
    ],
  });
  const shown = text(
    <DetailView item={item} events={{ kind: "loaded", events: [] }} deptName={deptName} onReload={noop} />,
  );

  it("每个承办部门的签收：协办部门自己签收，牵头部门未签收的写明", () => {
    expect(shown).toContain("运营部（协办）：已签收（运营部赵六，2026-09-02 10:00）");
    expect(shown).toContain("安全部（牵头）：未签收");
  });

  it("协办部门意见带部门名称；督办要求、督办组；现场督办记录", () => {
    expect(shown).toContain("承办（协办）部门意见：已完成技术复核");
    expect(shown).toContain("督办要求 形成书面整改报告");
    expect(shown).toContain("督办组 王副总、督办办公室");
    expect(shown).toContain(
      "2026-09-15 三号库房（参加：王副总、安全部张三）：消防通道堆放杂物；后续要求：三日内清理",
    );
  });

  it("同意调整的办理记录写明调整前后的督办事项内容和督办要求", () => {
    const [entry] = timeline([
      anEvent({
        seq: 9,
        kind: "approve_extension",
        payload: { requirements: "增加季度复查", comment: "同意" },
        changes: {
          requirements: { before: "形成书面整改报告", after: "增加季度复查" },
          status: { before: "extension_requested", after: "in_progress" },
        },
      }),
    ]);
    expect(entry!.changes).toContain("督办要求：形成书面整改报告 → 增加季度复查");
    expect(entry!.lines).toEqual(["意见：同意"]);
  });
});

// The policy's parts the pane took on with issue 13: 待我审定 for leaders, 问责 in the 考核 tab, and the client's
// requests for them (随时通报 on chosen items, the 问责 register).
import { describe, expect, it } from "vitest";
import { createApiClient } from "../../addin/src/api/client";
import {
  checkAccountability,
  emptyForm,
  formFor,
  loadRegister,
  writeRegister,
} from "../../addin/src/components/assessment/accountabilityModel";
import { accountabilityScope, type MeState } from "../../addin/src/components/settings/identity";
import { AccountabilitySection } from "../../addin/src/components/assessment/AccountabilitySection";
import { AwaitingView } from "../../addin/src/components/list/AwaitingPanel";
import type { ReportSpec } from "../../addin/src/components/common/workbook";
import type { AccountabilityRecord } from "../../functions/src/domain/types";
import { deptName, liveSignal, scriptedPane } from "../support/pane-harness";
import { anItem, DEPARTMENTS, noop, text } from "../support/pane-fixtures";

const record = (overrides: Partial<AccountabilityRecord> = {}): AccountabilityRecord => ({
  id: "2026-a1",
  itemIds: ["item-1"],
  deptId: "safety",
  person: "张三",
  measure: "award_loss",
  reason: "逾期三个月未办结",
  month: "2026-11",
  createdAt: "2026-11-12T02:00:00.000Z",
  createdBy: "李组长",
  revoked: false,
  revokedAt: null,
  revokedBy: null,
  revokeReason: null,
  ...overrides,
});

function recordingClient(body: unknown) {
  const urls: string[] = [];
  const bodies: unknown[] = [];
  const client = createApiClient({
    baseUrl: "/api",
    fetch: (async (input: RequestInfo | URL, init: RequestInit = {}) => {
      urls.push(String(input));
      if (init.body) bodies.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
    }) as typeof fetch,
  });
  return { client, urls, bodies };
}

describe("待我审定（三、(一) 报有关领导审定）", () => {
  it("领导的待我审定列表请求 ?awaiting=me", async () => {
    const { client, urls } = recordingClient({ items: [], continuationToken: null });
    await client.listAllItems({ awaiting: "me" });
    expect(urls).toEqual(["/api/items?awaiting=me"]);
  });

  it("每项在事项旁显示办公室的拟办意见，点「审定」去处理", () => {
    const shown = text(
      <AwaitingView
        state={{
          kind: "loaded",
          items: [
            anItem({ status: "draft", proposal: "建议安全部牵头，月底前完成", allowedActions: ["approve"] }),
          ],
        }}
        deptName={deptName}
        onReload={noop}
        onChoose={noop}
      />,
    );
    expect(shown).toContain("待我审定");
    expect(shown).toContain("拟办意见");
    expect(shown).toContain("建议安全部牵头，月底前完成");
    expect(shown).toContain("审定");
    expect(
      text(<AwaitingView state={{ kind: "loaded", items: [] }} onReload={noop} onChoose={noop} />),
    ).toContain("没有等待您审定的事项。");
  });
});

describe("随时通报（六、(三)）", () => {
  it("所选事项以 itemIds=a,b 请求通报", async () => {
    const { client, urls } = recordingClient({});
    await client.getBulletin({ itemIds: ["a1", "b2"] });
    expect(urls).toEqual(["/api/bulletins?itemIds=a1%2Cb2"]);
  });
});

describe("问责（七、(一)）", () => {
  it("记录、撤销、按年度读取：请求与 DESIGN §4 一致", async () => {
    const { client, urls, bodies } = recordingClient(record());
    await client.recordAccountability(
      { itemIds: ["item-1"], deptId: "safety", person: "张三", measure: "award_loss", reason: "逾期" },
      "k-1",
    );
    await client.revokeAccountability("2026-a1", "认定有误");
    expect(urls).toEqual(["/api/accountability", "/api/accountability/2026-a1/revoke"]);
    expect(bodies).toEqual([
      { itemIds: ["item-1"], deptId: "safety", person: "张三", measure: "award_loss", reason: "逾期" },
      { reason: "认定有误" },
    ]);
    const list = recordingClient({ items: [record()], continuationToken: null });
    expect(await list.client.listAccountability(2026)).toEqual([record()]);
    expect(list.urls).toEqual(["/api/accountability?year=2026"]);
  });

  it("所选事项带出牵头部门和责任人；问责方式、理由必填，用服务器的中文提示", () => {
    const form = formFor([anItem({ leadDept: "safety", owner: "张三" })], emptyForm());
    expect(form).toMatchObject({ deptId: "safety", person: "张三" });
    expect(checkAccountability(form)).toEqual({
      ok: false,
      errors: { measure: "问责方式为必填项", reason: "理由不能为空" },
    });
    expect(
      checkAccountability({ ...form, measure: "interview", reason: "整改不力", month: "2026-11" }),
    ).toEqual({
      ok: true,
      input: {
        itemIds: ["item-1"],
        deptId: "safety",
        person: "张三",
        measure: "interview",
        reason: "整改不力",
        month: "2026-11",
      },
    });
    expect(checkAccountability({ ...emptyForm(), measure: "interview", reason: "x" })).toMatchObject({
      ok: false,
      errors: { itemIds: "请先在「督办清单」中选中被问责的事项，然后点击「读取所选行」" },
    });
  });

  it("问责台账：年度记录一行一条，撤销的保留并标明，事项用督办文号", async () => {
    const { calls, deps } = scriptedPane({
      api: {
        getItem: async () => anItem(),
        getDepartments: async () => ({ value: DEPARTMENTS, etag: null }),
      },
      excel: { renderReport: async (spec) => spec.sheetName },
    });
    const sheet = await writeRegister(
      deps,
      2026,
      [
        record(),
        record({
          id: "2026-a2",
          measure: "criticism",
          revoked: true,
          revokedBy: "李组长",
          revokeReason: "认定有误",
          createdAt: "2026-11-13T02:00:00.000Z",
        }),
      ],
      liveSignal(),
    );
    expect(sheet).toBe("2026年 问责台账");
    const spec = calls.find((c) => c.name === "renderReport")!.args[0] as ReportSpec;
    expect(spec.lines).toEqual(["共 2 条，其中有效 1 条、已撤销 1 条"]);
    expect(spec.sections[0]!.rows.map((r) => r.slice(1))).toEqual([
      [
        "2026-11",
        "安全部",
        "张三",
        "取消评优评先",
        "逾期三个月未办结",
        "陕秦安督字〔2026〕12号",
        "李组长",
        "有效",
        "",
      ],
      [
        "2026-11",
        "安全部",
        "张三",
        "通报批评",
        "逾期三个月未办结",
        "陕秦安督字〔2026〕12号",
        "李组长",
        "已撤销",
        "李组长：认定有误",
      ],
    ]);
  });

  it("部门负责人只读本部门的问责记录；办公室、领导小组读全部", async () => {
    const me = (roles: string[]): MeState => ({
      kind: "loaded",
      me: { id: "u", name: "u", roles, departments: [], devMode: true },
    });
    expect(accountabilityScope(me(["dept:safety"]))).toBe("safety");
    expect(accountabilityScope(me(["office"]))).toBeNull();
    expect(accountabilityScope(me(["leader", "dept:safety"]))).toBeNull();
    const { calls, deps } = scriptedPane({ api: { listAccountability: async () => [] } });
    await loadRegister(deps, 2026, liveSignal(), "safety");
    expect(calls.map((c) => [c.name, c.args.slice(0, 2)])).toEqual([
      ["listAccountability", [2026, "safety"]],
    ]);
  });

  it("只有领导小组看到记录问责的表单", () => {
    const props = {
      deps: scriptedPane().deps,
      inExcel: true,
      departments: DEPARTMENTS,
      deptName,
      now: () => new Date("2026-11-20T02:00:00Z"),
    };
    const leader = text(<AccountabilitySection {...props} leader />);
    expect(leader).toContain("记录问责");
    expect(leader).toContain("问责方式");
    expect(leader).toContain("取消评优评先");
    const clerk = text(<AccountabilitySection {...props} leader={false} />);
    expect(clerk).not.toContain("记录问责");
    expect(clerk).toContain("写入问责台账");
  });
});

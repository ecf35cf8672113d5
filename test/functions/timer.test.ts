/**
 * 制度三、(三) 催办：每天北京时间 8:00 系统对超期事项自动催办——每件超期事项记一次催办（操作人“系统自动催办”），
 * 同一天重复运行不重复催办，第二天再催；每个牵头部门一份提醒，交给发送程序。未超期的事项不催。
 */
import { describe, expect, it } from "vitest";
import type { MailMessage, MailSender } from "../../functions/src/deps.js";
import { startLocalHost } from "../../functions/src/local/host.js";
import { runDailyUrge, URGE_SCHEDULE } from "../../functions/src/functions/urge-timer.js";
import {
  type Answer,
  dept,
  invoke,
  leader,
  newItem,
  office,
  TestClock,
  type TestEnv,
  testEnv,
} from "../support/api.js";

async function must(answer: Promise<Answer>, status = 200): Promise<Answer> {
  const a = await answer;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a;
}

const REPORT = {
  completedFrom: "2026-11-02",
  completedTo: "2026-11-02",
  summary: "已完成",
  leadOpinion: "同意",
};

/** A sender that remembers what it was asked to deliver (the department's mailbox is `{deptId}@example.com`). */
function recordingSender() {
  const sent: (MailMessage & { deptId: string })[] = [];
  const sender: MailSender = {
    transport: "test",
    async send(message) {
      sent.push({ ...message, deptId: message.to[0]!.split("@")[0]! });
    },
  };
  return { sent, sender };
}

interface Fixture {
  env: TestEnv;
  sent: (MailMessage & { deptId: string })[];
  logs: string[];
  run: () => ReturnType<typeof runDailyUrge>;
  ids: Record<"a" | "b" | "c" | "d" | "e" | "f", string>;
  urges: (
    id: string,
  ) => Promise<{ actor: string; actorId: string; at: string; payload: { note?: string } }[]>;
}

/**
 * On 2026-11-02 (CST) the office registers and issues six items:
 *  a tech, due 11-10, notified            — overdue from 11-11
 *  b tech, due 11-05, in progress         — overdue from 11-06
 *  c fin,  due 11-08, extension requested — overdue from 11-09
 *  d fin,  due 12-31, notified            — not overdue
 *  e tech, due 11-05, reported            — reported: not overdue
 *  f tech, due 11-01 (past), still draft  — not running: not overdue
 */
async function fixture(): Promise<Fixture> {
  const env = testEnv();
  const { sent, sender } = recordingSender();
  const deps = { ...env.deps, sender };
  const logs: string[] = [];
  await must(
    invoke(env.deps, "putDepartments", {
      as: office,
      body: [
        { id: "tech", name: "技术部", head: "张部长", email: "tech@example.com" },
        { id: "fin", name: "财务部", head: "钱部长", email: "fin@example.com" },
      ],
    }),
  );
  const etagOf = async (id: string) =>
    (await invoke(env.deps, "getItem", { as: office, params: { id } })).body.etag;
  const act = async (as: typeof office, id: string, action: string, body: unknown = {}) =>
    must(invoke(env.deps, "itemAction", { as, params: { id, action }, body, ifMatch: await etagOf(id) }));
  const make = async (content: string, leadDept: string, deadline: string, issue = true) => {
    env.clock.advance(1000);
    const { body } = await must(
      invoke(env.deps, "createItem", { as: office, body: newItem({ content, leadDept, deadline }) }),
      201,
    );
    if (issue) {
      await act(leader, body.id, "approve");
      await must(invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [body.id] } }), 201);
    }
    return body.id as string;
  };
  const a = await make("A 技术部事项", "tech", "2026-11-10");
  const b = await make("B 技术部事项", "tech", "2026-11-05");
  await act(dept("tech"), b, "acknowledge");
  const c = await make("C 财务部事项", "fin", "2026-11-08");
  await act(dept("fin"), c, "acknowledge");
  await act(dept("fin"), c, "request_extension", {
    reason: "等待审计结果",
    measures: "结果出来后一周内完成",
    proposedDeadline: "2027-06-30",
  });
  const d = await make("D 财务部事项", "fin", "2026-12-31");
  const e = await make("E 已报告事项", "tech", "2026-11-05");
  await act(dept("tech"), e, "acknowledge");
  await act(dept("tech"), e, "report", REPORT);
  const f = await make("F 拟办事项", "tech", "2026-11-01", false);
  const urges = async (id: string) => {
    const { body } = await must(invoke(env.deps, "listItemEvents", { as: office, params: { id } }));
    return (
      body.items as { kind: string; actor: string; actorId: string; at: string; payload: { note?: string } }[]
    ).filter((ev) => ev.kind === "urge");
  };
  return {
    env,
    sent,
    logs,
    run: () => runDailyUrge(deps, (m) => logs.push(m)),
    ids: { a, b, c, d, e, f },
    urges,
  };
}

describe("自动催办（每日定时）", () => {
  it("定时为每天北京时间 8:00（UTC 0:00）", () => {
    expect(URGE_SCHEDULE).toBe("0 0 0 * * *");
    const [second, minute, hour] = URGE_SCHEDULE.split(" ").map(Number);
    const utcMidnight = Date.UTC(2026, 10, 12, hour!, minute!, second!);
    const cst = new Date(utcMidnight + 8 * 3600_000);
    expect([cst.getUTCHours(), cst.getUTCMinutes()]).toEqual([8, 0]);
  });

  it("对每件超期事项记一次催办（系统自动催办），未超期、已报告、拟办的事项不催；每个牵头部门一份提醒", async () => {
    const fx = await fixture();
    const { a, b, c, d, e, f } = fx.ids;
    fx.env.clock.set("2026-11-12T00:00:00Z"); // 2026-11-12 08:00 CST（纽约仍是 11 月 11 日）
    const before = await invoke(fx.env.deps, "getItem", { as: office, params: { id: a } });

    const result = await fx.run();
    expect(result).toMatchObject({
      date: "2026-11-12",
      urged: 3,
      skipped: 0,
      reminders: 2,
      sent: 2,
      failed: 0,
    });

    for (const [id, days] of [
      [a, 2],
      [b, 7],
      [c, 4],
    ] as const) {
      const urges = await fx.urges(id);
      expect(urges).toHaveLength(1);
      expect(urges[0]).toMatchObject({
        actor: "系统自动催办",
        actorId: "system",
        at: "2026-11-12T00:00:00.000Z",
      });
      expect(urges[0]!.payload.note).toContain(`超期 ${days} 天`);
    }
    for (const id of [d, e, f]) expect(await fx.urges(id)).toEqual([]);

    // 催办不改变状态，但是一次修改：旧 ETag 失效
    const after = await invoke(fx.env.deps, "getItem", { as: office, params: { id: a } });
    expect(after.body.status).toBe("notified");
    expect(after.body.etag).not.toBe(before.body.etag);
    expect((await invoke(fx.env.deps, "getItem", { as: office, params: { id: c } })).body.status).toBe(
      "extension_requested",
    );

    const reminders = (await fx.env.deps.reminders.forDate("2026-11-12")).sort((x, y) =>
      x.deptId.localeCompare(y.deptId),
    );
    expect(reminders.map((r) => [r.deptId, r.deptName, r.date, r.kind, r.state, r.attempts])).toEqual([
      ["fin", "财务部", "2026-11-12", "overdue", "sent", 1],
      ["tech", "技术部", "2026-11-12", "overdue", "sent", 1],
    ]);
    const tech = reminders.find((r) => r.deptId === "tech")!;
    expect(tech.to).toEqual(["tech@example.com"]);
    expect(tech.sentAt).toBe("2026-11-12T00:00:00.000Z");
    expect(tech.lines.map((i) => [i.itemId, i.days, i.deadline]).sort()).toEqual(
      [
        [a, 2, "2026-11-10"],
        [b, 7, "2026-11-05"],
      ].sort(),
    );
    expect(tech.itemIds.sort()).toEqual([a, b].sort());
    expect(tech.lines.every((i) => /^陕秦安督字〔2026〕\d+号$/.test(i.noticeNumber ?? ""))).toBe(true);
    expect(reminders.find((r) => r.deptId === "fin")!.itemIds).toEqual([c]);

    expect(fx.sent.map((m) => m.deptId).sort()).toEqual(["fin", "tech"]);
    expect(fx.sent.find((m) => m.deptId === "tech")!.text).toContain("B 技术部事项");
    expect(fx.logs.join("\n")).toContain("2026-11-12");
  });

  it("同一天（北京时间）再次运行不重复催办、不重复提醒；第二天再催一次", async () => {
    const fx = await fixture();
    const { a, b, c } = fx.ids;
    fx.env.clock.set("2026-11-12T00:00:00Z"); // 11-12 08:00 CST
    expect((await fx.run()).urged).toBe(3);

    fx.env.clock.set("2026-11-12T15:59:00Z"); // 11-12 23:59 CST
    const again = await fx.run();
    expect(again).toMatchObject({ date: "2026-11-12", urged: 0, skipped: 3, reminders: 0, sent: 0 });
    for (const id of [a, b, c]) expect(await fx.urges(id)).toHaveLength(1);
    expect(fx.sent).toHaveLength(2);
    expect(await fx.env.deps.reminders.forDate("2026-11-12")).toHaveLength(2);

    fx.env.clock.set("2026-11-12T16:00:00Z"); // 11-13 00:00 CST
    const nextDay = await fx.run();
    expect(nextDay).toMatchObject({ date: "2026-11-13", urged: 3, skipped: 0, reminders: 2, sent: 2 });
    for (const id of [a, b, c]) {
      const urges = await fx.urges(id);
      expect(urges).toHaveLength(2);
      expect(urges[1]!.at).toBe("2026-11-12T16:00:00.000Z");
    }
    expect(fx.sent).toHaveLength(4);
    const tech13 = (await fx.env.deps.reminders.forDate("2026-11-13")).find((r) => r.deptId === "tech")!;
    expect(tech13.lines.find((i) => i.itemId === a)!.days).toBe(3);
  });

  it("办公室当天已人工催办，系统仍记一次自动催办；到期当天（北京时间）不催", async () => {
    const fx = await fixture();
    const { a, b } = fx.ids;
    // 11-10 23:30 CST：a 到期当天，不超期；b 已超期
    fx.env.clock.set("2026-11-10T15:30:00Z");
    const etag = (await invoke(fx.env.deps, "getItem", { as: office, params: { id: b } })).body.etag;
    await must(
      invoke(fx.env.deps, "itemAction", {
        as: office,
        params: { id: b, action: "urge" },
        body: { note: "电话催办" },
        ifMatch: etag,
      }),
    );
    const result = await fx.run();
    expect(result).toMatchObject({ date: "2026-11-10", urged: 2 }); // b and c
    expect(await fx.urges(a)).toEqual([]);
    const urgesB = await fx.urges(b);
    expect(urgesB.map((u) => u.actor)).toEqual([office.name, "系统自动催办"]);
  });

  it("没有超期事项时不催办、不发超期提醒；到期前 3 个工作日内的事项发一份即将到期提醒（按工作日计）", async () => {
    const fx = await fixture();
    const { b, c } = fx.ids;
    fx.env.clock.set("2026-11-03T00:00:00Z"); // 11-03（周二）08:00 CST：最早的时限是 11-05
    expect(await fx.run()).toMatchObject({ date: "2026-11-03", urged: 0, skipped: 0, reminders: 2, sent: 2 });
    const rows = await fx.env.deps.reminders.forDate("2026-11-03");
    expect(rows.every((r) => r.kind === "due_soon")).toBe(true);
    // b due Thu 11-05 (2 working days on), c due Sun 11-08 (3: Wed, Thu, Fri); a due Tue 11-10 is 5 away.
    expect(rows.map((r) => [r.deptId, r.itemIds]).sort()).toEqual([
      ["fin", [c]],
      ["tech", [b]],
    ]);
    expect(rows.find((r) => r.deptId === "tech")!.lines[0]!.days).toBe(2);
  });

  it("一个部门的超大提醒（260 项 × 2,000 字）也能写入且不超 Azure 限制；其后的部门照常提醒", async () => {
    const fx = await fixture();
    const { deps } = fx.env;
    await must(
      invoke(deps, "putDepartments", {
        as: office,
        ifMatch: (await invoke(deps, "getDepartments", { as: office })).headers.get("etag")!,
        body: [
          { id: "big", name: "大部门", head: "", email: "big@example.com" },
          { id: "tech", name: "技术部", head: "张部长", email: "tech@example.com" },
          { id: "fin", name: "财务部", head: "钱部长", email: "fin@example.com" },
        ],
      }),
    );
    // 260 overdue items of 2,000 characters each, written straight to storage (the API would take minutes).
    const template = (await deps.items.get(fx.ids.a))!.item;
    const content = "督".repeat(60) + "😀".repeat(1_940); // 2,000 code points, surrogate pairs where it is cut
    for (let i = 0; i < 260; i++) {
      const id = `big-${String(i).padStart(3, "0")}`;
      const item = {
        ...template,
        id,
        leadDept: "big",
        assistDepts: [],
        content,
        latestProgress: "进".repeat(2_000),
      };
      const created = await deps.items.create(item, {
        itemId: id,
        seq: 1,
        kind: "create",
        at: template.createdAt,
        actor: office.name,
        actorId: office.id,
        payload: {},
        changes: {},
      });
      expect(created).not.toBeNull();
    }
    fx.env.clock.set("2026-11-12T00:00:00Z");
    const result = await fx.run();
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ urged: 263, reminders: 3, sent: 3, failed: 0 });
    const big = (await deps.reminders.forDate("2026-11-12")).find((r) => r.deptId === "big")!;
    expect(big.itemCount).toBe(260);
    expect(big.itemIds).toHaveLength(260);
    expect(big.lines.length).toBeLessThanOrEqual(260);
    expect(big.lines.every((l) => Array.from(l.content).length <= 120)).toBe(true);
    const mail = fx.sent.find((m) => m.deptId === "big")!;
    expect(mail.subject).toContain("260 项");
    // The mail lists the first 200 and counts the rest; every line's content is an excerpt cut on code points.
    expect(mail.text).toContain("另有 60 项未列出");
    expect(mail.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(fx.sent.map((m) => m.deptId).sort()).toEqual(["big", "fin", "tech"]);
  });

  it("一个部门发送失败不影响其他部门；失败的记为 failed 并写明原因", async () => {
    const fx = await fixture();
    const sent: string[] = [];
    const deps = {
      ...fx.env.deps,
      sender: {
        transport: "test",
        async send(m: MailMessage) {
          if (m.to[0] === "fin@example.com") throw new Error("550 mailbox unavailable");
          sent.push(m.to[0]!);
        },
      },
    };
    fx.env.clock.set("2026-11-12T00:00:00Z");
    const result = await runDailyUrge(deps, () => undefined);
    expect(result).toMatchObject({ sent: 1, failed: 1 });
    expect(sent).toEqual(["tech@example.com"]);
    const fin = (await fx.env.deps.reminders.forDate("2026-11-12")).find((r) => r.deptId === "fin")!;
    expect(fin).toMatchObject({ state: "failed", attempts: 1 });
    expect(fin.lastError).toContain("550 mailbox unavailable");
  });

  it("本地宿主在固定业务时钟（DUBAN_NOW）下不会反复运行自动催办", async () => {
    // 演示时常把时钟固定在过去的某天：宿主应等到下一个北京时间 8:00，而不是每秒都跑一遍
    const env = testEnv({ clock: new TestClock("2020-01-01T02:00:00Z") });
    const runs: string[] = [];
    const host = await startLocalHost({ deps: env.deps, port: 0, timer: true, log: (m) => runs.push(m) });
    try {
      await new Promise((resolve) => setTimeout(resolve, 2500));
    } finally {
      await host.close();
    }
    expect(runs.filter((m) => m.startsWith("自动催办")).length).toBeLessThanOrEqual(1);
  });
});

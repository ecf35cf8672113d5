/**
 * 制度三、(三) 催办：每天北京时间 8:00 系统对超期事项自动催办——每件超期事项记一次催办（操作人“系统自动催办”），
 * 同一天重复运行不重复催办，第二天再催；每个牵头部门一份提醒，交给发送程序。未超期的事项不催。
 */
import { describe, expect, it } from "vitest";
import type { ReminderSender } from "../../functions/src/deps.js";
import { startLocalHost } from "../../functions/src/local/host.js";
import { runDailyUrge, URGE_SCHEDULE } from "../../functions/src/functions/urge-timer.js";
import type { Reminder } from "../../functions/src/storage/reminders-repo.js";
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
  completedFrom: "2026-10-01",
  completedTo: "2026-11-02",
  summary: "已完成",
  leadOpinion: "同意",
};

/** A sender that remembers what it was asked to deliver. */
function recordingSender() {
  const sent: Reminder[] = [];
  const sender: ReminderSender = {
    async send(reminder) {
      sent.push(reminder);
    },
  };
  return { sent, sender };
}

interface Fixture {
  env: TestEnv;
  sent: Reminder[];
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
        { id: "tech", name: "技术部", head: "张部长" },
        { id: "fin", name: "财务部", head: "钱部长" },
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
    expect(result).toEqual({ date: "2026-11-12", urged: 3, skipped: 0, reminders: 2 });

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
    expect(reminders.map((r) => [r.deptId, r.deptName, r.date])).toEqual([
      ["fin", "财务部", "2026-11-12"],
      ["tech", "技术部", "2026-11-12"],
    ]);
    const tech = reminders.find((r) => r.deptId === "tech")!;
    expect(tech.items.map((i) => [i.itemId, i.overdueDays, i.effectiveDeadline]).sort()).toEqual(
      [
        [a, 2, "2026-11-10"],
        [b, 7, "2026-11-05"],
      ].sort(),
    );
    expect(tech.items.every((i) => /^陕秦安督字〔2026〕\d+号$/.test(i.noticeNumber ?? ""))).toBe(true);
    expect(reminders.find((r) => r.deptId === "fin")!.items.map((i) => i.itemId)).toEqual([c]);

    expect(fx.sent.map((r) => r.deptId).sort()).toEqual(["fin", "tech"]);
    expect(fx.sent.find((r) => r.deptId === "tech")!.items).toHaveLength(2);
    expect(fx.logs.join("\n")).toContain("2026-11-12");
  });

  it("同一天（北京时间）再次运行不重复催办、不重复提醒；第二天再催一次", async () => {
    const fx = await fixture();
    const { a, b, c } = fx.ids;
    fx.env.clock.set("2026-11-12T00:00:00Z"); // 11-12 08:00 CST
    expect((await fx.run()).urged).toBe(3);

    fx.env.clock.set("2026-11-12T15:59:00Z"); // 11-12 23:59 CST
    const again = await fx.run();
    expect(again).toMatchObject({ date: "2026-11-12", urged: 0, skipped: 3, reminders: 0 });
    for (const id of [a, b, c]) expect(await fx.urges(id)).toHaveLength(1);
    expect(fx.sent).toHaveLength(2);
    expect(await fx.env.deps.reminders.forDate("2026-11-12")).toHaveLength(2);

    fx.env.clock.set("2026-11-12T16:00:00Z"); // 11-13 00:00 CST
    const nextDay = await fx.run();
    expect(nextDay).toEqual({ date: "2026-11-13", urged: 3, skipped: 0, reminders: 2 });
    for (const id of [a, b, c]) {
      const urges = await fx.urges(id);
      expect(urges).toHaveLength(2);
      expect(urges[1]!.at).toBe("2026-11-12T16:00:00.000Z");
    }
    expect(fx.sent).toHaveLength(4);
    const tech13 = (await fx.env.deps.reminders.forDate("2026-11-13")).find((r) => r.deptId === "tech")!;
    expect(tech13.items.find((i) => i.itemId === a)!.overdueDays).toBe(3);
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

  it("没有超期事项时不催办、不提醒", async () => {
    const fx = await fixture();
    fx.env.clock.set("2026-11-03T00:00:00Z"); // 11-03 08:00 CST：最早的时限是 11-05
    expect(await fx.run()).toEqual({ date: "2026-11-03", urged: 0, skipped: 0, reminders: 0 });
    expect(fx.sent).toEqual([]);
    expect(await fx.env.deps.reminders.forDate("2026-11-03")).toEqual([]);
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

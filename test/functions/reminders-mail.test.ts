/**
 * 催办送达 (issue 14, DESIGN §4): reminders that reach people, exactly once, on working days.
 *
 * Against a real SMTP server started here (npm smtp-server on a free port): the right recipients, subject and UTF-8
 * body, one mail per department and kind, a rerun sends nothing, a 550 refusal or a server that is down leaves
 * `failed` and the next run sends once. The Microsoft Graph sender against a local HTTP endpoint that checks the
 * documented request. Holidays and 调休 working weekends taken from the calendar data itself.
 */
import { createRequire } from "node:module";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import type { Deps } from "../../functions/src/deps.js";
import { addDays } from "../../functions/src/domain/dates.js";
import { createItem } from "../../functions/src/domain/lifecycle.js";
import { createItemSchema } from "../../functions/src/domain/validation.js";
import { runDailyUrge } from "../../functions/src/functions/urge-timer.js";
import {
  graphSender,
  mailConfigFrom,
  type MailSender,
  redactUrl,
  senderFromConfig,
  smtpOptions,
  smtpSender,
} from "../../functions/src/reminders/senders.js";
import { CALENDAR_LAST_YEAR } from "../../functions/src/reminders/workdays.js";
import { freePort } from "../../scripts/azurite.js";
import { dept, invoke, leader, newItem, office, TestClock, type TestEnv, testEnv } from "../support/api.js";

// ---------------------------------------------------------------- a real SMTP server

interface Received {
  from: string;
  rcpt: string[];
  subject: string;
  text: string;
  html: string;
  to: string[];
  cc: string[];
}

/** smtp-server on `port`, keeping every message it accepts; `refuse` answers RCPT TO with 550 for those addresses. */
async function startSmtp(port?: number) {
  const received: Received[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address.toLowerCase())) {
        const e = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
        return callback(e);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const mail = await simpleParser(Buffer.concat(chunks));
        const addresses = (v: typeof mail.to) =>
          (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address ?? ""));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcpt: session.envelope.rcptTo.map((r) => r.address),
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          html: typeof mail.html === "string" ? mail.html : "",
          to: addresses(mail.to),
          cc: addresses(mail.cc),
        });
        callback();
      });
    },
  });
  const p = port ?? (await freePort());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(p, "127.0.0.1", () => resolve());
  });
  return {
    port: p,
    received,
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Smtp = Awaited<ReturnType<typeof startSmtp>>;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

// ---------------------------------------------------------------- items and departments

const DEPARTMENTS = [
  {
    id: "tech",
    name: "技术部",
    head: "张部长",
    email: "tech@qinan.example",
    ccEmails: ["chief@qinan.example"],
  },
  { id: "fin", name: "财务部", head: "钱部长", email: "fin@qinan.example" },
  { id: "none", name: "后勤部", head: "" },
];

/** A notified item written straight to storage (the reminders read storage, not the API's history). */
async function seed(
  deps: Deps,
  id: string,
  leadDept: string,
  deadline: string,
  content: string,
  extra: Record<string, unknown> = {},
) {
  const d = createItem(
    id,
    createItemSchema.parse(newItem({ leadDept, deadline, content, assistDepts: [], mode: "tracking" })),
    { principal: office, at: "2026-01-05T02:00:00.000Z" },
  );
  if (!d.ok) throw new Error(JSON.stringify(d));
  const item = {
    ...d.item,
    status: "notified" as const,
    effectiveDeadline: deadline,
    noticeNumber: `陕秦安督字〔2026〕${id.replace(/\D/g, "") || 1}号`,
    noticeYear: 2026,
    ...extra,
  };
  expect(await deps.items.create(item, d.event)).not.toBeNull();
}

async function setup(sender: MailSender | null, clock = new TestClock("2026-11-12T00:00:00Z")) {
  const env = testEnv({ clock });
  const deps: Deps = { ...env.deps, sender };
  const put = await invoke(deps, "putDepartments", { as: office, body: DEPARTMENTS });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  // On Thursday 2026-11-12: tech has one overdue item and one due Monday 11-16 (2 working days on),
  // fin one overdue item, 后勤部 (no mailbox) one overdue item.
  await seed(deps, "a1", "tech", "2026-11-10", "A 落实安全评价报告质量提升", {
    latestProgress: "已完成初稿，正在征求意见",
  });
  await seed(deps, "g7", "tech", "2026-11-16", "G 修订技术标准");
  await seed(deps, "c3", "fin", "2026-11-08", "C 年度预算执行审计");
  await seed(deps, "n9", "none", "2026-11-01", "N 食堂改造");
  const logs: string[] = [];
  return { env, deps, logs, run: () => runDailyUrge(deps, (m) => logs.push(m)) };
}

const smtpOf = (smtp: Smtp) => smtpSender(`smtp://127.0.0.1:${smtp.port}`, "督办系统 <duban@qinan.example>");
const rowsOf = async (env: TestEnv, date = "2026-11-12") =>
  Object.fromEntries(
    (await env.deps.reminders.forDate(date)).map((r) => [`${r.deptId}.${r.kind}`, r] as const),
  );

// ---------------------------------------------------------------- SMTP

describe("SMTP：每个部门每类提醒一封中文邮件，只发一次", () => {
  it("收件人、抄送、主题与 UTF-8 正文（表格：文号、内容、完成时限、剩余/逾期天数、最新进展）；同日重跑不再发", async () => {
    const smtp = await startSmtp();
    open.push(smtp);
    const { env, run } = await setup(smtpOf(smtp));

    const result = await run();
    expect(result).toMatchObject({ date: "2026-11-12", reminders: 4, sent: 3, failed: 1, errors: [] });
    expect(smtp.received).toHaveLength(3);

    const techOverdue = smtp.received.find(
      (m) => m.subject.includes("技术部") && m.subject.includes("超期"),
    )!;
    expect(techOverdue.from).toBe("duban@qinan.example");
    expect(techOverdue.to).toEqual(["tech@qinan.example"]);
    expect(techOverdue.cc).toEqual(["chief@qinan.example"]);
    expect(techOverdue.rcpt.sort()).toEqual(["chief@qinan.example", "tech@qinan.example"]);
    expect(techOverdue.subject).toBe(
      "【督办催办】技术部：1 项督办事项已超期（2026-11-12）— 陕西秦安煤矿安全评价事务有限公司",
    );
    expect(techOverdue.text).toContain("A 落实安全评价报告质量提升");
    expect(techOverdue.text).toContain("陕秦安督字〔2026〕1号");
    expect(techOverdue.text).toContain("逾期 2 天");
    expect(techOverdue.text).toContain("已完成初稿，正在征求意见");
    for (const h of ["文号", "内容", "完成时限", "逾期天数", "最新进展"])
      expect(techOverdue.html).toContain(`>${h}</th>`);
    expect(techOverdue.html).toContain("2026-11-10");

    const techSoon = smtp.received.find(
      (m) => m.subject.includes("技术部") && m.subject.includes("即将到期"),
    )!;
    expect(techSoon.text).toContain("G 修订技术标准");
    expect(techSoon.text).toContain("剩余 4 天");
    expect(techSoon.text).not.toContain("A 落实");
    const fin = smtp.received.filter((m) => m.to.includes("fin@qinan.example"));
    expect(fin).toHaveLength(1);
    expect(fin[0]!.cc).toEqual([]);

    const rows = await rowsOf(env);
    expect(Object.keys(rows).sort()).toEqual([
      "fin.overdue",
      "none.overdue",
      "tech.due_soon",
      "tech.overdue",
    ]);
    expect(rows["tech.overdue"]).toMatchObject({
      state: "sent",
      attempts: 1,
      to: ["tech@qinan.example"],
      cc: ["chief@qinan.example"],
      itemIds: ["a1"],
      sentAt: "2026-11-12T00:00:00.000Z",
      lastError: null,
    });
    expect(rows["none.overdue"]).toMatchObject({ state: "failed", attempts: 0, itemIds: ["n9"] });
    expect(rows["none.overdue"]!.lastError).toContain("未设置邮箱");

    const again = await run();
    expect(again).toMatchObject({ reminders: 0, sent: 0 });
    expect(smtp.received).toHaveLength(3);

    // The outbox over the API: office and leader read it; a department does not.
    const answer = await invoke(env.deps, "listReminders", { as: leader, query: { date: "2026-11-12" } });
    expect(answer.status).toBe(200);
    expect(
      answer.body.items.map((r: { deptId: string; kind: string; state: string }) => [
        r.deptId,
        r.kind,
        r.state,
      ]),
    ).toEqual([
      ["fin", "overdue", "sent"],
      ["none", "overdue", "failed"],
      ["tech", "due_soon", "sent"],
      ["tech", "overdue", "sent"],
    ]);
    expect((await invoke(env.deps, "listReminders", { as: dept("tech") })).status).toBe(403);
    expect(
      (await invoke(env.deps, "listReminders", { as: office, query: { date: "2026-13-01" } })).status,
    ).toBe(400);
  });

  it("服务器以 550 拒收：记为 failed 并写明错误；下一次运行只补发这一封", async () => {
    const smtp = await startSmtp();
    open.push(smtp);
    smtp.refuse.add("fin@qinan.example");
    const { env, run } = await setup(smtpOf(smtp));
    expect(await run()).toMatchObject({ sent: 2, failed: 2 });
    const failed = (await rowsOf(env))["fin.overdue"]!;
    expect(failed).toMatchObject({ state: "failed", attempts: 1 });
    expect(failed.lastError).toMatch(/550/);

    smtp.refuse.clear();
    env.clock.set("2026-11-12T03:00:00Z"); // a rerun the same day (e.g. POST /admin/functions/urgeTimer)
    expect(await run()).toMatchObject({ reminders: 0, sent: 1 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([
      "fin@qinan.example",
      "tech@qinan.example",
      "tech@qinan.example",
    ]);
    expect((await rowsOf(env))["fin.overdue"]).toMatchObject({ state: "sent", attempts: 2, lastError: null });
    expect(await run()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(3);
  });

  it("服务器停机：全部 failed；恢复后下一次运行每封只发一次；自动重试最多 5 次，办公室可重新发送", async () => {
    const port = await freePort();
    const { env, run } = await setup(smtpSender(`smtp://127.0.0.1:${port}`, "duban@qinan.example"));
    expect(await run()).toMatchObject({ sent: 0, failed: 4 });
    const down = await rowsOf(env);
    expect(down["tech.overdue"]).toMatchObject({ state: "failed", attempts: 1 });
    expect(down["tech.overdue"]!.lastError).toMatch(/ECONNREFUSED|connect/i);

    const smtp = await startSmtp(port);
    open.push(smtp);
    expect(await run()).toMatchObject({ sent: 3 });
    expect(smtp.received).toHaveLength(3);
    expect(await run()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(3);

    // At most 5 automatic attempts: a mailbox refusing for good is left alone after the fifth…
    smtp.refuse.add("fin@qinan.example");
    const other = await setup(smtpOf(smtp), new TestClock("2026-11-13T00:00:00Z"));
    for (let i = 0; i < 7; i++) await other.run();
    const stuck = (await rowsOf(other.env, "2026-11-13"))["fin.overdue"]!;
    expect(stuck).toMatchObject({ state: "failed", attempts: 5 });
    // …until the office sends it again by hand (重新发送).
    smtp.refuse.clear();
    const resend = await invoke(other.deps, "resendReminder", {
      as: office,
      params: { date: "2026-11-13", deptId: "fin", kind: "overdue" },
    });
    expect(resend.status, JSON.stringify(resend.body)).toBe(200);
    expect(resend.body).toMatchObject({ state: "sent", attempts: 6 });
    const again = await invoke(other.deps, "resendReminder", {
      as: office,
      params: { date: "2026-11-13", deptId: "fin", kind: "overdue" },
    });
    expect(again.status).toBe(409);
    expect(
      (
        await invoke(other.deps, "resendReminder", {
          as: leader,
          params: { date: "2026-11-13", deptId: "fin", kind: "overdue" },
        })
      ).status,
    ).toBe(403);
  });

  it("未配置发信方式：全部记为 not_configured；配置后重跑即发送（无邮箱的部门转为 failed）", async () => {
    const { env, deps } = await setup(null);
    expect(await runDailyUrge(deps, () => undefined)).toMatchObject({ notConfigured: 4, sent: 0 });
    expect((await rowsOf(env))["tech.overdue"]).toMatchObject({ state: "not_configured", attempts: 0 });
    const smtp = await startSmtp();
    open.push(smtp);
    expect(await runDailyUrge({ ...deps, sender: smtpOf(smtp) }, () => undefined)).toMatchObject({ sent: 3 });
    expect(smtp.received).toHaveLength(3);
    expect((await rowsOf(env))["none.overdue"]).toMatchObject({ state: "failed" });
  });
});

// ---------------------------------------------------------------- Microsoft Graph

describe("Microsoft Graph sendMail（托管标识）", () => {
  it("POST /v1.0/users/{发件邮箱}/sendMail，Bearer 令牌，message JSON；失败记为 failed，下次补发", async () => {
    const requests: { method: string; url: string; auth: string; body: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    let refuse = true;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization ?? "", body });
        const ok =
          req.method === "POST" &&
          req.url === "/v1.0/users/duban%40qinan.example/sendMail" &&
          req.headers.authorization === "Bearer graph-test-token" &&
          /^application\/json/.test(req.headers["content-type"] ?? "");
        if (!ok) {
          res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"code":"BadRequest"}}');
          return;
        }
        if (refuse && body.message.toRecipients[0].emailAddress.address === "fin@qinan.example") {
          res
            .writeHead(403, { "content-type": "application/json" })
            .end('{"error":{"code":"ErrorAccessDenied","message":"Access is denied."}}');
          return;
        }
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    open.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    const scopes: string[] = [];
    const credential = {
      async getToken(scope: string | string[]) {
        scopes.push(...[scope].flat());
        return { token: "graph-test-token", expiresOnTimestamp: Date.now() + 3600_000 };
      },
    };
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { env, run } = await setup(graphSender("duban@qinan.example", credential, base));

    expect(await run()).toMatchObject({ sent: 2, failed: 2 });
    expect(scopes.every((s) => s === "https://graph.microsoft.com/.default")).toBe(true);
    const tech = requests.find(
      (r) => r.body.message.subject.includes("技术部") && r.body.message.subject.includes("超期"),
    )!;
    expect(tech.body.message).toMatchObject({
      body: { contentType: "HTML" },
      toRecipients: [{ emailAddress: { address: "tech@qinan.example" } }],
      ccRecipients: [{ emailAddress: { address: "chief@qinan.example" } }],
    });
    expect(tech.body.message.body.content).toContain("A 落实安全评价报告质量提升");
    const fin = (await rowsOf(env))["fin.overdue"]!;
    expect(fin.state).toBe("failed");
    expect(fin.lastError).toContain("403");
    expect(fin.lastError).toContain("ErrorAccessDenied");

    refuse = false;
    const before = requests.length;
    expect(await run()).toMatchObject({ sent: 1 });
    expect(requests.length - before).toBe(1);
    expect((await rowsOf(env))["fin.overdue"]!.state).toBe("sent");
  });
});

// ---------------------------------------------------------------- the official calendar

const calendar = createRequire(import.meta.url)("chinese-days/dist/chinese-days.json") as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe("法定节假日与调休（数据取自 chinese-days）", () => {
  // A 国庆 holiday on a weekday, and a 调休 working weekend, both in the calendar's last year.
  const nationalDay = Object.entries(calendar.holidays)
    .filter(
      ([d, v]) =>
        d.startsWith(String(CALENDAR_LAST_YEAR)) && v.includes("国庆") && weekday(d) >= 1 && weekday(d) <= 5,
    )
    .map(([d]) => d)
    .sort()[0]!;
  const workingWeekend = Object.keys(calendar.workdays)
    .filter((d) => d.startsWith(String(CALENDAR_LAST_YEAR)) && (weekday(d) === 0 || weekday(d) === 6))
    .sort()[0]!;

  async function atDay(date: string, sender: MailSender) {
    const env = testEnv({ clock: new TestClock(`${date}T00:00:00Z`) });
    const deps: Deps = { ...env.deps, sender };
    await invoke(deps, "putDepartments", { as: office, body: DEPARTMENTS.slice(0, 1) });
    await seed(deps, "h1", "tech", addDays(date, -5), "H 节前应完成的事项");
    return { env, deps };
  }

  it(`国庆假期（工作日上的 ${"国庆"}）不催办、不发提醒；关闭“仅工作日”后照常提醒`, async () => {
    expect(nationalDay).toBeDefined();
    const smtp = await startSmtp();
    open.push(smtp);
    const { env, deps } = await atDay(nationalDay, smtpOf(smtp));
    const result = await runDailyUrge(deps, () => undefined);
    expect(result).toMatchObject({ date: nationalDay, workingDay: false, urged: 0, reminders: 0, sent: 0 });
    expect(await env.deps.reminders.forDate(nationalDay)).toEqual([]);
    expect(smtp.received).toEqual([]);

    const settings = await invoke(deps, "getSettings", { as: office });
    await invoke(deps, "putSettings", {
      as: office,
      body: { ...settings.body, remindOnWorkingDaysOnly: false },
    });
    expect(await runDailyUrge(deps, () => undefined)).toMatchObject({ workingDay: false, urged: 1, sent: 1 });
    expect(smtp.received).toHaveLength(1);
  });

  it("调休上班的周末照常提醒", async () => {
    expect(workingWeekend).toBeDefined();
    const smtp = await startSmtp();
    open.push(smtp);
    const { deps } = await atDay(workingWeekend, smtpOf(smtp));
    expect(await runDailyUrge(deps, () => undefined)).toMatchObject({ workingDay: true, urged: 1, sent: 1 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.text).toContain("H 节前应完成的事项");
  });

  it("健康检查说明节假日日历覆盖到哪一年；之后按周一至周五计算", async () => {
    const env = testEnv({ clock: new TestClock(`${CALENDAR_LAST_YEAR}-06-01T00:00:00Z`) });
    const now = await invoke(env.deps, "health");
    expect(now.body.calendar).toMatchObject({ lastYear: CALENDAR_LAST_YEAR, covered: true });
    env.clock.set(`${CALENDAR_LAST_YEAR + 1}-06-01T00:00:00Z`);
    const later = await invoke(env.deps, "health");
    expect(later.body.calendar).toMatchObject({ covered: false });
    expect(later.body.calendar.note).toContain("周一至周五");
  });
});

describe("chinese-days 尚未包含的年份：督办办公室录入国务院的放假安排", () => {
  const next = CALENDAR_LAST_YEAR + 1;
  // 元旦 of the year after the package, on a weekday; a Saturday of that year as its 调休 working day.
  const newYear = [1, 2, 3].map((d) => `${next}-01-0${d}`).find((d) => weekday(d) >= 1 && weekday(d) <= 5)!;
  const saturday = Array.from({ length: 14 }, (_, i) => addDays(`${next}-02-01`, i)).find(
    (d) => weekday(d) === 6,
  )!;

  async function atDay(date: string, sender: MailSender) {
    const env = testEnv({ clock: new TestClock(`${date}T00:00:00Z`) });
    const deps: Deps = { ...env.deps, sender };
    await invoke(deps, "putDepartments", { as: office, body: DEPARTMENTS.slice(0, 1) });
    await seed(deps, "n1", "tech", addDays(date, -5), "N 年底前应完成的事项");
    return { env, deps };
  }

  it("录入前按周一至周五（健康检查请办公室录入）；录入元旦后当天不催办、不发提醒，健康检查说明由谁录入", async () => {
    const smtp = await startSmtp();
    open.push(smtp);
    const { env, deps } = await atDay(newYear, smtpOf(smtp));
    const before = await invoke(deps, "health");
    expect(before.body.calendar).toMatchObject({ source: "weekdays", covered: false });
    expect(before.body.calendar.note).toContain("「文书 › 催办 › 节假日安排」中录入");
    const shown = await invoke(deps, "getCalendar", { as: office, params: { year: String(next) } });
    expect(shown.body).toMatchObject({ year: next, source: "weekdays", editable: true, holidays: [] });

    const put = await invoke(deps, "putCalendar", {
      as: office,
      params: { year: String(next) },
      body: { holidays: [{ date: newYear, name: "元旦" }], workdays: [saturday] },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.headers.get("etag")).toMatch(/\S/);
    const logs: string[] = [];
    expect(await runDailyUrge(deps, (m) => logs.push(m))).toMatchObject({
      workingDay: false,
      urged: 0,
      sent: 0,
    });
    expect(logs.join("\n")).toContain("元旦假期");
    expect(await env.deps.reminders.forDate(newYear)).toEqual([]);
    expect(smtp.received).toEqual([]);
    const after = await invoke(deps, "health");
    expect(after.body.calendar).toMatchObject({ source: "office", covered: true });
    expect(after.body.calendar.note).toContain(office.name);
    const read = await invoke(deps, "getCalendar", { as: office, params: { year: String(next) } });
    expect(read.body).toMatchObject({
      source: "office",
      holidays: [{ date: newYear, name: "元旦" }],
      workdays: [saturday],
      updatedBy: office.name,
    });
  });

  it("录入的调休上班日（周六）照常催办和提醒", async () => {
    const smtp = await startSmtp();
    open.push(smtp);
    const { deps } = await atDay(saturday, smtpOf(smtp));
    expect(await runDailyUrge(deps, () => undefined)).toMatchObject({ workingDay: false, sent: 0 });
    await invoke(deps, "putCalendar", {
      as: office,
      params: { year: String(next) },
      body: { holidays: [], workdays: [saturday] },
    });
    expect(await runDailyUrge(deps, () => undefined)).toMatchObject({ workingDay: true, urged: 1, sent: 1 });
    expect(smtp.received[0]!.text).toContain("N 年底前应完成的事项");
  });

  it("不合理的录入逐项用中文指出，什么也不保存；已内置的年份、他人已改过的版本、无权限都被拒绝", async () => {
    const env = testEnv({ clock: new TestClock(`${newYear}T00:00:00Z`) });
    const put = (body: unknown, extra: Record<string, unknown> = {}) =>
      invoke(env.deps, "putCalendar", { as: office, params: { year: String(next) }, body, ...extra });
    const bad = await put({
      holidays: [
        { date: `${next + 1}-01-01`, name: "元旦" },
        { date: newYear, name: "元旦" },
      ],
      workdays: [newYear, addDays(saturday, 2)],
    });
    expect(bad.status).toBe(400);
    const errors = bad.body.errors as { path: string; message: string }[];
    const at = (path: string) => errors.filter((e) => e.path === path).map((e) => e.message);
    expect(at("holidays.0.date")).toEqual([`日期 ${next + 1}-01-01 不在 ${next} 年之内`]);
    expect(at("workdays.0")).toEqual([
      `日期 ${newYear} 与「放假日期」重复`,
      `调休上班日 ${newYear} 不是周六或周日（工作日本来就上班）`,
    ]);
    expect(at("workdays.1")).toEqual([
      `调休上班日 ${addDays(saturday, 2)} 不是周六或周日（工作日本来就上班）`,
    ]);
    expect((await put({ holidays: [{ date: newYear, name: "" }], workdays: [] })).status).toBe(400);
    expect(
      (await invoke(env.deps, "getCalendar", { as: office, params: { year: String(next) } })).body,
    ).toMatchObject({ source: "weekdays" });

    const builtIn = await invoke(env.deps, "putCalendar", {
      as: office,
      params: { year: String(CALENDAR_LAST_YEAR) },
      body: { holidays: [], workdays: [] },
    });
    expect(builtIn.status).toBe(409);
    expect(builtIn.body.code).toBe("calendar_built_in");

    const first = await put({ holidays: [{ date: newYear, name: "元旦" }], workdays: [] });
    expect(first.status).toBe(200);
    expect((await put({ holidays: [], workdays: [] })).status).toBe(428);
    expect((await put({ holidays: [], workdays: [] }, { ifMatch: 'W/"stale"' })).status).toBe(412);
    const head = await invoke(env.deps, "putCalendar", {
      as: dept("tech"),
      params: { year: String(next) },
      body: { holidays: [], workdays: [] },
    });
    expect(head.status).toBe(403);
    expect((await invoke(env.deps, "getCalendar", { as: office, params: { year: "1999" } })).status).toBe(
      400,
    );
  });
});

describe("发信配置", () => {
  it("MAIL_SMTP_URL 优先；缺 MAIL_FROM 或地址不对时每份提醒以该原因失败（不影响服务启动）；都未设置为 null", async () => {
    expect(senderFromConfig(mailConfigFrom({}))).toBeNull();
    expect(senderFromConfig(mailConfigFrom({ MAIL_GRAPH_SENDER: "duban@qinan.example" }))?.transport).toBe(
      "graph",
    );
    const both = mailConfigFrom({
      MAIL_SMTP_URL: "smtp://u:p@127.0.0.1:2525",
      MAIL_FROM: "duban@qinan.example",
      MAIL_GRAPH_SENDER: "duban@qinan.example",
    });
    expect(senderFromConfig(both)?.transport).toBe("smtp");
    const noFrom = senderFromConfig(mailConfigFrom({ MAIL_SMTP_URL: "smtp://127.0.0.1:2525" }))!;
    await expect(noFrom.send({ to: ["a@b.cn"], cc: [], subject: "s", text: "t", html: "h" })).rejects.toThrow(
      /MAIL_FROM/,
    );
    const wrong = senderFromConfig(mailConfigFrom({ MAIL_SMTP_URL: "http://x", MAIL_FROM: "a@b.cn" }))!;
    await expect(wrong.send({ to: ["a@b.cn"], cc: [], subject: "s", text: "t", html: "h" })).rejects.toThrow(
      /smtp:\/\//,
    );
    expect(smtpOptions("smtps://duban%40qinan.example:p%40ss@mail.qinan.example")).toMatchObject({
      host: "mail.qinan.example",
      port: 465,
      secure: true,
      auth: { user: "duban@qinan.example", pass: "p@ss" },
    });
    expect(redactUrl("smtp://user:secret@host:25")).toBe("smtp://user:***@host:25");
  });
});

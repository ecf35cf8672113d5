/** The reminder mail: a readable Chinese HTML part and a plain-text part, listing the department's items. */
import type { Reminder } from "../storage/reminders-repo.js";
import type { MailMessage } from "./senders.js";

const KIND_TITLE: Record<Reminder["kind"], string> = {
  due_soon: "即将到期督办事项提醒",
  overdue: "超期督办事项催办",
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const daysText = (r: Reminder, days: number) =>
  r.kind === "overdue" ? `逾期 ${days} 天` : days === 0 ? "今天到期" : `剩余 ${days} 天`;

export function reminderSubject(r: Reminder, companyName: string): string {
  return `【督办${r.kind === "overdue" ? "催办" : "提醒"}】${r.deptName}：${r.itemCount} 项${
    r.kind === "overdue" ? "督办事项已超期" : "督办事项即将到期"
  }（${r.date}）— ${companyName}`;
}

/** The message for a reminder row, to the given recipients. */
export function reminderMail(r: Reminder, companyName: string, to: string[], cc: string[]): MailMessage {
  const intro =
    r.kind === "overdue"
      ? `以下 ${r.itemCount} 项督办事项已超过完成时限，请抓紧办理，并及时报送进展；确需延期或调整的，请按制度说明原因并提出举措。`
      : `以下 ${r.itemCount} 项督办事项即将到期，请按时完成并报送办结报告；确需延期或调整的，请在到期前提出申请。`;
  const more =
    r.itemCount > r.lines.length ? `另有 ${r.itemCount - r.lines.length} 项未列出，请在督办清单中查看。` : "";
  const header = ["文号", "内容", "完成时限", r.kind === "overdue" ? "逾期天数" : "剩余天数", "最新进展"];
  const rows = r.lines.map((l) => [
    l.noticeNumber ?? "（未编号）",
    l.content,
    l.deadline ?? "",
    daysText(r, l.days),
    l.latestProgress ?? "（暂无）",
  ]);

  const text = [
    `${r.deptName}：`,
    "",
    intro,
    "",
    ...rows.map(
      (cells, i) =>
        `${i + 1}. ${cells[0]}｜${cells[1]}｜完成时限 ${cells[2]}｜${cells[3]}｜最新进展：${cells[4]}`,
    ),
    ...(more ? ["", more] : []),
    "",
    `${companyName} 督办工作办公室`,
    `${r.date}（本邮件由督办系统自动发送）`,
  ].join("\n");

  const cell = "border:1px solid #c8c8c8;padding:6px 8px;vertical-align:top;text-align:left";
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(KIND_TITLE[r.kind])}</title></head>
<body style="font-family:'Microsoft YaHei','PingFang SC',sans-serif;font-size:14px;color:#222">
<h2 style="font-size:18px;color:${r.kind === "overdue" ? "#c50f1f" : "#8a5a00"}">${escapeHtml(KIND_TITLE[r.kind])}</h2>
<p>${escapeHtml(r.deptName)}：</p>
<p>${escapeHtml(intro)}</p>
<table style="border-collapse:collapse;margin:8px 0">
<thead><tr>${header.map((h) => `<th style="${cell};background:#f0f0f0">${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows.map((cells) => `<tr>${cells.map((c) => `<td style="${cell}">${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n")}
</tbody></table>
${more ? `<p>${escapeHtml(more)}</p>` : ""}
<p>${escapeHtml(companyName)} 督办工作办公室<br>${escapeHtml(r.date)}（本邮件由督办系统自动发送）</p>
</body></html>`;
  return { to, cc, subject: reminderSubject(r, companyName), text, html };
}

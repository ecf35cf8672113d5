/**
 * Realistic item histories for the scoring benchmark, produced by the domain itself (createItem/decide), so
 * every event is one the lifecycle accepts: 拟办 → 立项 → 下发 → 签收, then progress and 催办, extension
 * requests (granted or not), reports that are closed or returned for rectification, cancellations, false-report
 * flags; some items are still running past their deadline. Deterministic for a seed.
 *
 * Every pair of consecutive items has exactly 2 × `eventsPerItem` events, so the first n items (n even) hold
 * exactly n × `eventsPerItem` events: 10,000 items → 100,000 events, 20,000 → 200,000, and so on.
 */
import { addDays, cstDate } from "../functions/src/domain/dates.js";
import { createItem, decide, type Decision } from "../functions/src/domain/lifecycle.js";
import { formatNoticeNumber } from "../functions/src/domain/numbering.js";
import type { Action, Department, Item, ItemEvent, Principal } from "../functions/src/domain/types.js";
import { createItemSchema } from "../functions/src/domain/validation.js";
import { type Prng, prng } from "./lib.js";

export const DEPARTMENTS: Department[] = [
  ["tech", "技术部"],
  ["safety", "安全评价部"],
  ["quality", "质量管理部"],
  ["market", "市场部"],
  ["finance", "财务部"],
  ["hr", "人力资源部"],
  ["admin", "综合办公室"],
  ["project1", "项目一部"],
  ["project2", "项目二部"],
  ["project3", "项目三部"],
  ["consult", "咨询服务部"],
  ["training", "培训中心"],
].map(([id, name], i) => ({ id: id!, name: name!, head: `${name}负责人${i + 1}` }));

export const office: Principal = { id: "u-office", name: "综合部 王文员", roles: ["office"] };
export const leader: Principal = { id: "u-leader", name: "领导小组 李组长", roles: ["leader"] };
const deptHead = new Map(
  DEPARTMENTS.map((d) => [d.id, { id: `u-${d.id}`, name: d.head, roles: [`dept:${d.id}`] } as Principal]),
);

const CONTENTS = [
  "落实总经理办公会关于安全评价报告质量提升的决定",
  "完成年度安全评价报告编制并报送省应急管理厅",
  "推进煤矿安全现状评价项目按期交付",
  "整改质量体系内审发现的不符合项",
  "开展全员安全生产责任制培训并形成考核记录",
  "修订评价报告三级审核制度",
  "完成上级部署的专项督查自查自纠工作",
  "建立项目台账并按月报送进展",
  "落实年度工作要点中信息化建设任务",
  "组织应急预案演练并提交总结报告",
];
const NOTES = [
  "已完成初稿，正在内部审核",
  "已召开专题会议，明确分工和时间节点",
  "现场核查已完成，正在整理资料",
  "已报送上级部门，等待反馈",
  "完成约六成工作量，按计划推进",
];

export function itemInput(r: Prng, i: number) {
  const lead = DEPARTMENTS[i % DEPARTMENTS.length]!;
  const joint = r.chance(0.3);
  const assist = joint
    ? [DEPARTMENTS[(i + 1 + r.int(0, 4)) % DEPARTMENTS.length]!.id].filter((d) => d !== lead.id)
    : [];
  return {
    source: r.pick(["superior", "decision", "workpoint", "special", "other"] as const),
    content: `${r.pick(CONTENTS)}（第${i + 1}项）`,
    requirements: "按公司质量要求完成，每月报送一次进展",
    supervisedDept: lead.name,
    leadDept: lead.id,
    assistDepts: assist,
    owner: `责任人${(i % 97) + 1}`,
    leader: r.pick(["王副总经理", "刘副总经理", "陈总工程师"]),
    mode: assist.length > 0 ? ("joint" as const) : r.pick(["tracking", "onsite"] as const),
    supervisionGroup: assist.length > 0 ? ["督办工作办公室"] : [],
    urgency: r.chance(0.8) ? ("normal" as const) : r.pick(["urgent", "critical"] as const),
  };
}

const HOUR = 3600_000;

/** One item's life in exactly `length` events (length ≥ 5). */
function oneHistory(r: Prng, index: number, length: number, start: number, seq: { n: number }): ItemEvent[] {
  const events: ItemEvent[] = [];
  let t = start;
  let item: Item;
  const step = (minHours: number, maxHours: number) => {
    t += r.int(minHours, maxHours) * HOUR + r.int(0, 3599) * 1000;
    return new Date(t).toISOString();
  };
  const take = (d: Decision) => {
    if (!d.ok) throw new Error(`generator step refused: ${JSON.stringify(d)}`);
    item = d.item;
    events.push(d.event);
  };
  const today = () => cstDate(t);
  const lead = () => deptHead.get(item.leadDept)!;
  const act = (kind: Action, by: Principal, payload: Record<string, unknown>, min = 2, max = 24 * 6) => {
    const at = step(min, max);
    take(decide(item, kind, payload, { principal: by, at }));
  };

  const created = new Date(start).toISOString();
  const input = createItemSchema.parse({
    ...itemInput(r, index),
    deadline: addDays(cstDate(start), r.int(20, 100)),
  });
  take(createItem(`it${index.toString(36).padStart(6, "0")}`, input, { principal: office, at: created }));
  act("approve", leader, { comment: "同意立项" }, 2, 48);
  {
    const at = step(2, 72);
    const year = Number(cstDate(at).slice(0, 4));
    const n = ++seq.n;
    take(
      decide(
        item!,
        "issue",
        { noticeNumber: formatNoticeNumber(year, n), year, seq: n, issueDate: cstDate(at) },
        { principal: office, at },
      ),
    );
  }
  act("acknowledge", lead(), {}, 1, 48);

  // length - 4 events remain: an ending, maybe an extension, maybe a rectification round, and progress/urges.
  let left = length - 4;
  const roll = r.next();
  const ending: Action[] =
    roll < 0.35 && left >= 2
      ? ["report", "close"]
      : roll < 0.45 && left >= 3
        ? ["report", "close", "flag_false_report"]
        : roll < 0.6 && left >= 1
          ? ["report"]
          : roll < 0.65 && left >= 1
            ? ["cancel"]
            : []; // still running (some of them overdue)
  left -= ending.length;
  const rectify = ending[0] === "report" && left >= 2 && r.chance(0.25);
  if (rectify) left -= 2; // report, return (then the ending's report again)
  const extension = left >= 2 && r.chance(0.35);
  if (extension) left -= 2;
  const middle = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (r.chance(0.7)) act("progress", lead(), { note: r.pick(NOTES) }, 12, 24 * 12);
      else act("urge", office, { note: "请抓紧办理，按期报送" }, 12, 24 * 12);
    }
  };
  const before = r.int(0, left);
  middle(before);
  left -= before;
  if (extension) {
    {
      // A month past the later of the deadline in force and the day of asking (an overdue item asks from today).
      const at = step(2, 24 * 6);
      const asked = cstDate(at);
      const from =
        item!.effectiveDeadline && item!.effectiveDeadline > asked ? item!.effectiveDeadline : asked;
      take(
        decide(
          item!,
          "request_extension",
          {
            reason: "上级文件尚未下达",
            measures: "先行起草，文件下达后一周内定稿",
            proposedDeadline: addDays(from, 30),
          },
          { principal: lead(), at },
        ),
      );
    }
    if (r.chance(0.7)) {
      const at = step(2, 24 * 5);
      take(
        decide(
          item!,
          "approve_extension",
          { deadline: addDays(cstDate(at), r.int(10, 45)), comment: "同意延期" },
          { principal: leader, at },
        ),
      );
    } else act("reject_extension", leader, { comment: "不同意延期，请按期完成" }, 2, 24 * 5);
  }
  const reportPayload = () => ({
    completedFrom: addDays(today(), -7),
    completedTo: today(),
    summary: "已按要求完成并形成书面材料",
    leadOpinion: "同意报结",
  });
  const report = () => {
    t += r.int(12, 24 * 20) * HOUR;
    act("report", lead(), reportPayload(), 0, 1);
  };
  if (rectify) {
    report();
    const at = step(2, 24 * 4);
    take(
      decide(
        item!,
        "return",
        { opinion: "材料不全，退回整改", deadline: addDays(cstDate(at), r.int(7, 20)) },
        { principal: leader, at },
      ),
    );
  }
  middle(left);
  for (const kind of ending) {
    if (kind === "report") report();
    else if (kind === "close") act("close", leader, { opinion: "同意办结" }, 4, 24 * 7);
    else if (kind === "cancel") act("cancel", leader, { reason: "决策事项已调整" }, 4, 24 * 30);
    else
      act(
        "flag_false_report",
        leader,
        // One in ten with a serious consequence (五、(三): the work's year loses its award eligibility).
        r.int(0, 9) === 0
          ? {
              reason: "报告单所述完成情况与现场核查不符",
              seriousConsequence: true,
              consequence: "隐患未除，发生险情",
            }
          : { reason: "报告单所述完成情况与现场核查不符", seriousConsequence: false },
        24,
        24 * 30,
      );
  }
  if (events.length !== length) throw new Error(`generator made ${events.length} events, wanted ${length}`);
  return events;
}

/** `items` histories (items even), exactly `items × eventsPerItem` events, created through 2026. */
export function generateHistories(items: number, eventsPerItem = 10, seed = 20261): ItemEvent[][] {
  if (items % 2 !== 0) throw new Error("items must be even");
  const r = prng(seed);
  const seq = { n: 0 };
  const spread = Date.parse("2026-09-30T16:00:00Z") - Date.parse("2025-12-31T16:00:00Z");
  const out: ItemEvent[][] = [];
  for (let i = 0; i < items; i += 2) {
    const d = r.int(-(eventsPerItem - 5), eventsPerItem - 5);
    for (const length of [eventsPerItem + d, eventsPerItem - d]) {
      const start = Date.parse("2025-12-31T16:00:00Z") + Math.floor(r.next() * spread);
      out.push(oneHistory(r, out.length, length, start, seq));
    }
  }
  return out;
}

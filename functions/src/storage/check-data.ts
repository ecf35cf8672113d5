/**
 * `npm run check:data`: walk every table of an installation and report the invariants its data breaks.
 *
 * - Notices (PartitionKey = year): numbers gapless per year (counter = max seq + 1, every seq 1…max present),
 *   every Idempotency-Key row pointing at an existing notice, each row agreeing with its own number.
 * - Items (PartitionKey = item id): events ev-00000001… contiguous, the snapshot's version = the number of
 *   events, the snapshot equal to the fold of its events (the domain's own `foldEvents`), the indexed columns
 *   (status, leadDept, noticeNumber…) equal to what `snapshotEntity` writes for the item's JSON.
 * - Between them: a notice number is borne only by items its notice lists; a voided (作废) notice is borne by no
 *   item outside registered/cancelled; a live notice's items all bear its number.
 * - Reference data, assessments and reminders: documents readable, keys agreeing with their content, rules
 *   versions 1…n, a finalized month's line rows and rules version all there.
 * - Every entity within Azure's limits (which Azurite does not enforce): 1 MiB by the service's size formula,
 *   64 KiB per string property, 252 properties, keys ≤ 1 KiB without / \ # ? or control characters, and no
 *   ill-formed UTF-16 (lone surrogates) anywhere.
 *
 * Read-only: it never writes. Messages are Chinese, one per broken invariant.
 */
import type { TableClient } from "@azure/data-tables";
import { foldEvents } from "../domain/lifecycle.js";
import { parseNoticeNumber } from "../domain/numbering.js";
import { cutCodePoints } from "../domain/text.js";
import { type Item, type ItemEvent, type Notice, type Status, STATUS_LABELS } from "../domain/types.js";
import { snapshotEntity } from "./items-repo.js";
import { readJsonText, TABLE_SUFFIXES, type TableKey } from "./tables.js";

/** Azure Table Storage limits (https://learn.microsoft.com/azure/storage/tables/scalability-targets). */
export const AZURE_LIMITS = {
  /** Bytes per entity, by the service's size formula. */
  entityBytes: 1024 * 1024,
  /** Bytes per string property (UTF-16: 2 bytes a code unit). */
  stringBytes: 64 * 1024,
  /** Properties besides PartitionKey, RowKey and Timestamp. */
  properties: 252,
  /** Bytes per PartitionKey or RowKey (UTF-16). */
  keyBytes: 1024,
  /** Characters per property name. */
  nameChars: 255,
} as const;

/** An EDM-typed property as the service returns it (values as text). */
export interface RawProperty {
  type: string;
  value: string;
}

/** An entity with its properties' EDM types, as listed with type conversion off. */
export interface RawEntity {
  partitionKey: string;
  rowKey: string;
  properties: Record<string, RawProperty>;
}

export interface DataProblem {
  /** The table's name (with the prefix), e.g. DubanItems. */
  table: string;
  /** "PartitionKey/RowKey", or the partition alone for a problem of a whole partition. */
  row: string;
  message: string;
}

export interface TableSummary {
  key: TableKey;
  name: string;
  exists: boolean;
  rows: number;
}

export interface DataCheckResult {
  tables: TableSummary[];
  items: number;
  events: number;
  notices: number;
  problems: DataProblem[];
}

/** The storage could not be read (unreachable, hung, refused): the CLI exits with 2. */
export class StorageUnreachableError extends Error {
  override readonly name = "StorageUnreachableError";
}

// ------------------------------------------------------------------------------------------------ entity limits

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const BAD_KEY_CHAR = /[/\\#?\u0000-\u001F\u007F-\u009F]/;
const SYSTEM_PROPERTIES = new Set(["PartitionKey", "RowKey", "Timestamp"]);

/** Where a text first breaks UTF-16 (a lone surrogate), or -1. */
export function loneSurrogateAt(text: string): number {
  const m = LONE_SURROGATE.exec(text);
  return m ? m.index : -1;
}

/** Bytes a property's value counts for in the service's entity size formula. */
function valueBytes(p: RawProperty): number {
  switch (p.type) {
    case "String":
      return 4 + 2 * p.value.length;
    case "Binary":
      return 4 + Buffer.from(p.value, "base64").length;
    case "Boolean":
      return 1;
    case "Int32":
      return 4;
    case "Guid":
      return 16;
    default: // DateTime, Double, Int64
      return 8;
  }
}

/**
 * Azure's size of an entity: 4 bytes + 2 bytes a character of PartitionKey and RowKey + for each property
 * 8 bytes + 2 bytes a character of its name + the size of its value.
 */
export function entityBytes(entity: RawEntity): number {
  let size = 4 + 2 * (entity.partitionKey.length + entity.rowKey.length);
  for (const [name, p] of Object.entries(entity.properties)) size += 8 + 2 * name.length + valueBytes(p);
  return size;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Every Azure limit the entity breaks (Chinese, one message each). */
export function entityLimitProblems(entity: RawEntity): string[] {
  const out: string[] = [];
  for (const [label, key] of [
    ["PartitionKey", entity.partitionKey],
    ["RowKey", entity.rowKey],
  ] as const) {
    if (2 * key.length > AZURE_LIMITS.keyBytes)
      out.push(`${label} 长 ${2 * key.length} 字节，超过 Azure 的 1 KiB 上限`);
    const bad = BAD_KEY_CHAR.exec(key);
    if (bad)
      out.push(
        `${label} 含 Azure 不允许的字符 U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}（位置 ${bad.index}）`,
      );
    const lone = loneSurrogateAt(key);
    if (lone >= 0) out.push(`${label} 含不成对的代理项（非法 UTF-16，位置 ${lone}）`);
  }
  const names = Object.keys(entity.properties).filter((n) => !SYSTEM_PROPERTIES.has(n));
  if (names.length > AZURE_LIMITS.properties)
    out.push(`有 ${names.length} 个属性，超过 Azure 的 ${AZURE_LIMITS.properties} 个上限`);
  for (const name of names) {
    const p = entity.properties[name]!;
    if (name.length > AZURE_LIMITS.nameChars)
      out.push(`属性名「${cutCodePoints(name, 40)}…」长 ${name.length} 个字符，超过 Azure 的 255 上限`);
    if (loneSurrogateAt(name) >= 0)
      out.push(`属性名 ${JSON.stringify(name)} 含不成对的代理项（非法 UTF-16）`);
    if (p.type === "Binary" && Buffer.from(p.value, "base64").length > AZURE_LIMITS.stringBytes)
      out.push(
        `属性 ${name} 为 ${kib(Buffer.from(p.value, "base64").length)}，超过 Azure 二进制属性的 64 KiB 上限`,
      );
    if (p.type !== "String") continue;
    if (2 * p.value.length > AZURE_LIMITS.stringBytes)
      out.push(`属性 ${name} 为 ${kib(2 * p.value.length)}，超过 Azure 字符串属性的 64 KiB 上限`);
    const lone = loneSurrogateAt(p.value);
    if (lone >= 0) out.push(`属性 ${name} 含不成对的代理项（非法 UTF-16，位置 ${lone}）`);
  }
  const size = entityBytes(entity);
  if (size > AZURE_LIMITS.entityBytes)
    out.push(`实体按 Azure 的计算为 ${size} 字节（${kib(size)}），超过 1 MiB 上限`);
  return out;
}

// ------------------------------------------------------------------------------------------------ reading

/** The entity's values as the repositories read them (strings, numbers, booleans). */
function plain(entity: RawEntity): Record<string, unknown> {
  const out: Record<string, unknown> = { partitionKey: entity.partitionKey, rowKey: entity.rowKey };
  for (const [name, p] of Object.entries(entity.properties)) {
    if (SYSTEM_PROPERTIES.has(name)) continue;
    out[name] =
      p.type === "Int32" || p.type === "Double"
        ? Number(p.value)
        : p.type === "Boolean"
          ? p.value === "true"
          : p.value;
  }
  return out;
}

/** The JSON document in `data`, `data_1`…: the value, or the reason it cannot be read. */
function readDoc<T>(entity: RawEntity, name = "data"): { ok: true; value: T } | { ok: false; error: string } {
  const values = plain(entity);
  if (typeof values[name] !== "string") return { ok: false, error: `缺少 JSON 属性 ${name}` };
  // jsonTextProps writes data, data_1, data_2… without gaps: a later part past a gap would be silently dropped.
  const parts = Object.keys(values)
    .map((k) => new RegExp(`^${name}_(\\d+)$`).exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  if (parts.some((n, i) => n !== i + 1))
    return {
      ok: false,
      error: `JSON 属性 ${name} 的分段不连续（${parts.map((n) => `${name}_${n}`).join("、")}）`,
    };
  try {
    return { ok: true, value: JSON.parse(readJsonText(values, name)) as T };
  } catch (e) {
    return { ok: false, error: `JSON 属性 ${name} 无法解析：${(e as Error).message}` };
  }
}

const PAGE_TIMEOUT_MS = 30_000;

async function withDeadline<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StorageUnreachableError(`${what}：存储在 ${PAGE_TIMEOUT_MS / 1000} 秒内没有应答`)),
      PAGE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isTableMissing = (e: unknown) =>
  (e as { statusCode?: number }).statusCode === 404 &&
  /TableNotFound/i.test(`${(e as { code?: string }).code ?? ""} ${(e as Error).message ?? ""}`);

/** Every entity of a table with its EDM types; null when the table does not exist. */
async function readTable(client: TableClient): Promise<RawEntity[] | null> {
  const rows: RawEntity[] = [];
  const pages = client.listEntities({ disableTypeConversion: true }).byPage({ maxPageSize: 1000 });
  try {
    for (;;) {
      const page = await withDeadline(pages.next(), `读取表 ${client.tableName}`);
      if (page.done) break;
      for (const e of page.value as unknown as Record<string, unknown>[]) {
        const properties: Record<string, RawProperty> = {};
        for (const [name, v] of Object.entries(e)) {
          if (name === "partitionKey" || name === "rowKey" || name === "etag" || name === "timestamp")
            continue;
          const p = v as { type?: string; value?: unknown };
          properties[name] =
            p && typeof p === "object" && typeof p.type === "string"
              ? { type: p.type, value: String(p.value) }
              : { type: "String", value: String(v) };
        }
        rows.push({ partitionKey: String(e.partitionKey ?? ""), rowKey: String(e.rowKey ?? ""), properties });
      }
    }
  } catch (e) {
    if (isTableMissing(e)) return null;
    if (e instanceof StorageUnreachableError) throw e;
    throw new StorageUnreachableError(
      `读取表 ${client.tableName} 失败：${(e as Error).message ?? String(e)}`,
    );
  }
  return rows;
}

// ------------------------------------------------------------------------------------------------ checks

const STATUS_WITH_NOTICE: readonly Status[] = [
  "notified",
  "in_progress",
  "extension_requested",
  "reported",
  "closed",
];
/** Where a voided notice's number may still stand: items it was withdrawn from, or items cancelled under it. */
const MAY_BEAR_VOIDED: readonly Status[] = ["registered", "cancelled"];

/** JSON with sorted keys, so two documents compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

const label = (s: Status) => STATUS_LABELS[s] ?? String(s);

const short = (v: unknown) => {
  const text = v === undefined ? "（无）" : JSON.stringify(v);
  return text.length > 60 ? `${cutCodePoints(text, 57)}…` : text;
};

interface ItemFacts {
  id: string;
  status: Status;
  noticeNumber: string | null;
  noticeYear: number | null;
  noticeSeq: number | null;
  leadDept: string;
  issueDate: string | null;
  voidedNotices: string[] | null;
}

interface NoticeFacts {
  notice: Notice;
  row: string;
}

class Checker {
  readonly problems: DataProblem[] = [];
  readonly items = new Map<string, ItemFacts>();
  readonly notices = new Map<string, NoticeFacts>();
  events = 0;

  constructor(private readonly names: Record<TableKey, string>) {}

  report(table: TableKey, row: string, message: string) {
    this.problems.push({ table: this.names[table], row, message });
  }

  limits(table: TableKey, rows: RawEntity[]) {
    for (const e of rows)
      for (const message of entityLimitProblems(e)) this.report(table, rowName(e), message);
  }

  // ---------------------------------------------------------------------------------------------- items

  itemsTable(rows: RawEntity[]) {
    const partitions = new Map<string, RawEntity[]>();
    for (const e of rows) {
      let list = partitions.get(e.partitionKey);
      if (!list) partitions.set(e.partitionKey, (list = []));
      list.push(e);
    }
    for (const [pk, list] of partitions) {
      if (pk.startsWith("idem-")) this.reservation(pk, list);
      else this.itemPartition(pk, list);
    }
  }

  /** An Idempotency-Key reservation of a create (it may name an item never written: the create failed after it). */
  private reservation(pk: string, list: RawEntity[]) {
    for (const e of list) {
      const v = plain(e);
      if (e.rowKey !== "key") this.report("items", rowName(e), "无法识别的行（幂等键分区中只应有 key 行）");
      else if (typeof v.itemId !== "string" || !v.itemId)
        this.report("items", `${pk}/key`, "幂等键预留行缺少事项编号 itemId");
    }
  }

  private itemPartition(pk: string, list: RawEntity[]) {
    let snapshot: RawEntity | undefined;
    const events: { seq: number; entity: RawEntity }[] = [];
    for (const e of list) {
      const m = /^ev-(\d{8})$/.exec(e.rowKey);
      if (e.rowKey === "item") snapshot = e;
      else if (m) events.push({ seq: Number(m[1]), entity: e });
      else this.report("items", rowName(e), "无法识别的行（事项分区中只应有 item 快照和 ev-00000001… 事件）");
    }
    events.sort((a, b) => a.seq - b.seq);
    this.events += events.length;
    if (!snapshot) {
      this.report("items", pk, `有 ${events.length} 条事件，但没有事项快照（item 行）`);
      return;
    }
    const where = `${pk}/item`;
    const doc = readDoc<Item>(snapshot);
    if (!doc.ok) {
      this.report("items", where, `事项快照无法读取：${doc.error}`);
      return;
    }
    const item = doc.value;
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      this.report("items", where, "事项快照的 JSON 不是对象");
      return;
    }
    this.items.set(pk, {
      id: pk,
      status: item.status,
      noticeNumber: item.noticeNumber ?? null,
      noticeYear: item.noticeYear ?? null,
      noticeSeq: item.noticeSeq ?? null,
      leadDept: item.leadDept,
      issueDate: item.issueDate ?? null,
      voidedNotices: Array.isArray(item.voidedNotices) ? item.voidedNotices : null,
    });
    if (item.id !== pk) this.report("items", where, `快照中的事项编号 ${short(item.id)} 与分区键不符`);

    // The indexed columns, exactly as ItemsRepo writes them for this JSON.
    const stored = plain(snapshot);
    let expected: Record<string, unknown> | null = null;
    try {
      expected = snapshotEntity(item, readJsonText(stored, "data"));
    } catch (e) {
      this.report("items", where, `事项快照的字段不完整，无法推出索引列：${(e as Error).message}`);
    }
    if (expected)
      for (const [column, want] of Object.entries(expected)) {
        if (column === "partitionKey" || column === "rowKey" || /^data(_\d+)?$/.test(column)) continue;
        if (String(stored[column] ?? "") !== String(want ?? ""))
          this.report(
            "items",
            where,
            `索引列 ${column} 为 ${short(stored[column])}，与事项 JSON 应有的 ${short(want)} 不符`,
          );
      }

    // Events: ev-00000001… without a gap, as many as the snapshot's version.
    const seqs = events.map((e) => e.seq);
    const missing: number[] = [];
    const max = seqs.length ? seqs[seqs.length - 1]! : 0;
    for (let s = 1, i = 0; s <= max; s++) {
      if (seqs[i] === s) i++;
      else missing.push(s);
    }
    if (events.length === 0) this.report("items", pk, "事项没有任何事件（至少应有登记事件 ev-00000001）");
    if (missing.length)
      this.report(
        "items",
        pk,
        `事件序号不连续：缺少 ${missing
          .slice(0, 10)
          .map((s) => `ev-${String(s).padStart(8, "0")}`)
          .join("、")}${missing.length > 10 ? ` 等 ${missing.length} 条` : ""}`,
      );
    if (item.version !== max)
      this.report("items", where, `快照版本为 ${short(item.version)}，但事件到 ${max} 为止`);

    // The snapshot is the fold of its events (the domain's own replay).
    const parsed: ItemEvent[] = [];
    for (const { seq, entity } of events) {
      const data = readDoc<Pick<ItemEvent, "actorId" | "payload" | "changes">>(entity);
      if (!data.ok) {
        this.report("items", rowName(entity), `事件无法读取：${data.error}`);
        return;
      }
      const v = plain(entity);
      parsed.push({
        itemId: pk,
        seq,
        kind: v.kind as ItemEvent["kind"],
        at: String(v.at),
        actor: String(v.actor),
        ...data.value,
      });
    }
    // Scoring replays events up to an instant: an item's events never go back in time.
    for (let i = 0; i < parsed.length; i++) {
      const t = Date.parse(parsed[i]!.at);
      if (Number.isNaN(t))
        this.report("items", rowName(events[i]!.entity), `事件时间 ${short(parsed[i]!.at)} 无效`);
      else if (i > 0 && t < Date.parse(parsed[i - 1]!.at))
        this.report(
          "items",
          rowName(events[i]!.entity),
          `事件时间 ${parsed[i]!.at} 早于前一条事件的 ${parsed[i - 1]!.at}（事件不得倒流）`,
        );
    }
    if (missing.length || parsed.length === 0) return; // the fold of an incomplete history proves nothing more
    let folded: Item;
    try {
      folded = foldEvents(parsed);
    } catch (e) {
      this.report("items", pk, `事件无法折叠（历史不合法）：${(e as Error).message}`);
      return;
    }
    const keys = new Set([...Object.keys(folded), ...Object.keys(item)]);
    const differing: string[] = [];
    for (const key of [...keys].sort()) {
      const a = (item as unknown as Record<string, unknown>)[key];
      const b = (folded as unknown as Record<string, unknown>)[key];
      if (canonical(a) !== canonical(b)) differing.push(`${key}：快照为 ${short(a)}，事件折叠为 ${short(b)}`);
    }
    if (differing.length)
      this.report("items", where, `快照与其事件的折叠结果不一致（${differing.join("；")}）`);
  }

  // ---------------------------------------------------------------------------------------------- notices

  noticesTable(rows: RawEntity[]) {
    const years = new Map<string, RawEntity[]>();
    for (const e of rows) {
      let list = years.get(e.partitionKey);
      if (!list) years.set(e.partitionKey, (list = []));
      list.push(e);
    }
    for (const [pk, list] of years)
      if (pk.startsWith("archive-")) this.archiveYear(pk, list);
      else this.noticeYear(pk, list);
  }

  /** 存档编号 of one year: a counter, one i-<itemId> row per closed item, numbers 1…n without gap or repeat. */
  private archiveYear(pk: string, list: RawEntity[]) {
    if (!/^archive-\d{4}$/.test(pk)) {
      this.report("notices", pk, "存档编号分区的年度不正确（应为 archive-四位年度）");
      return;
    }
    let next: number | null = null;
    const seqs = new Map<number, string>();
    for (const e of list) {
      const row = plain(e);
      if (e.rowKey === "counter") next = Number(row.next);
      else if (e.rowKey.startsWith("i-")) {
        const seq = Number(row.seq);
        const other = seqs.get(seq);
        if (other)
          this.report(
            "notices",
            rowName(e),
            `存档编号第 ${seq} 号同时分给了 ${other} 和 ${e.rowKey.slice(2)}`,
          );
        seqs.set(seq, e.rowKey.slice(2));
      } else this.report("notices", rowName(e), "无法识别的行（应为 counter 或 i-事项编号）");
    }
    const max = seqs.size ? Math.max(...seqs.keys()) : 0;
    const missing: number[] = [];
    for (let n = 1; n <= max; n++) if (!seqs.has(n)) missing.push(n);
    if (missing.length) this.report("notices", pk, `存档编号缺号：${missing.slice(0, 20).join("、")}`);
    if ((next ?? 1) !== max + 1)
      this.report("notices", `${pk}/counter`, `存档编号计数器为 ${next ?? "（无）"}，应为 ${max + 1}`);
  }

  private noticeYear(pk: string, list: RawEntity[]) {
    const year = /^\d{4}$/.test(pk) ? Number(pk) : NaN;
    if (Number.isNaN(year)) {
      this.report("notices", pk, "分区键不是年度（应为四位数字）");
      return;
    }
    let counter: RawEntity | undefined;
    const seqs = new Set<number>();
    const keys: RawEntity[] = [];
    for (const e of list) {
      const m = /^n-(\d{8})$/.exec(e.rowKey);
      if (e.rowKey === "counter") counter = e;
      else if (m) {
        const seq = Number(m[1]);
        seqs.add(seq);
        this.noticeRow(year, seq, e);
      } else if (e.rowKey.startsWith("k-")) keys.push(e);
      else this.report("notices", rowName(e), "无法识别的行（应为 counter、n-00000001… 或 k-…）");
    }
    const max = seqs.size ? Math.max(...seqs) : 0;
    const missing: number[] = [];
    for (let s = 1; s <= max; s++) if (!seqs.has(s)) missing.push(s);
    if (missing.length)
      this.report(
        "notices",
        pk,
        `${year} 年的通知单编号有缺号：缺少第 ${missing.slice(0, 20).join("、")}${missing.length > 20 ? ` 等 ${missing.length} 个` : ""} 号`,
      );
    if (!counter) {
      if (max > 0)
        this.report("notices", `${pk}/counter`, `${year} 年有 ${seqs.size} 份通知单，却没有编号计数器`);
    } else {
      const next = Number(plain(counter).next);
      if (!Number.isInteger(next) || next !== max + 1)
        this.report(
          "notices",
          `${pk}/counter`,
          `编号计数器为下一个 ${short(plain(counter).next)}，应为已用最大编号 + 1 = ${max + 1}`,
        );
    }
    for (const e of keys) {
      const seq = Number(plain(e).seq);
      if (!Number.isInteger(seq) || !seqs.has(seq))
        this.report("notices", rowName(e), `幂等键指向的通知单第 ${short(plain(e).seq)} 号不存在`);
    }
  }

  private noticeRow(year: number, seq: number, e: RawEntity) {
    const where = rowName(e);
    const doc = readDoc<Notice>(e);
    if (!doc.ok) {
      this.report("notices", where, `通知单无法读取：${doc.error}`);
      return;
    }
    const n = doc.value;
    if (!n || typeof n !== "object" || !Array.isArray(n.itemIds)) {
      this.report("notices", where, "通知单 JSON 不完整（缺少 itemIds）");
      return;
    }
    if (n.year !== year || n.seq !== seq)
      this.report("notices", where, `通知单内容为 ${short(n.year)} 年第 ${short(n.seq)} 号，与行键不符`);
    if (Number(plain(e).seq) !== seq)
      this.report("notices", where, `序号列 seq 为 ${short(plain(e).seq)}，与行键不符`);
    try {
      const parsed = parseNoticeNumber(String(n.number));
      if (parsed.year !== year || parsed.seq !== seq)
        this.report("notices", where, `文号「${n.number}」与 ${year} 年第 ${seq} 号不符`);
    } catch (err) {
      this.report("notices", where, (err as Error).message);
    }
    if (n.itemIds.length === 0) this.report("notices", where, "通知单没有列出任何事项");
    this.notices.set(`${year}/${seq}`, { notice: n, row: where });
  }

  // ---------------------------------------------------------------------------------------------- across

  /** Notice numbers on items against the notices that issued them. */
  crossCheck() {
    const byNumber = new Map<string, NoticeFacts>();
    for (const f of this.notices.values()) byNumber.set(f.notice.number, f);
    for (const item of this.items.values()) {
      const where = `${item.id}/item`;
      if (item.noticeNumber === null) {
        if (item.noticeYear !== null || item.noticeSeq !== null)
          this.report("items", where, "事项没有督办文号，却记有文号的年度或序号");
        if (STATUS_WITH_NOTICE.includes(item.status))
          this.report("items", where, `事项处于「${label(item.status)}」状态，却没有督办文号`);
        continue;
      }
      const found =
        item.noticeYear !== null && item.noticeSeq !== null
          ? this.notices.get(`${item.noticeYear}/${item.noticeSeq}`)
          : byNumber.get(item.noticeNumber);
      if (!found) {
        this.report("items", where, `事项带有文号「${item.noticeNumber}」，但该通知单不存在`);
        continue;
      }
      const n = found.notice;
      if (n.number !== item.noticeNumber)
        this.report("items", where, `事项的文号「${item.noticeNumber}」与其通知单的文号「${n.number}」不符`);
      if (!n.itemIds.includes(item.id))
        this.report(
          "items",
          where,
          `事项带有文号「${item.noticeNumber}」，但该通知单（${found.row}）没有列出此事项`,
        );
      if (n.leadDept !== undefined && n.leadDept !== item.leadDept)
        this.report(
          "items",
          where,
          `事项的牵头部门 ${short(item.leadDept)} 与其通知单「${n.number}」的牵头部门 ${short(n.leadDept)} 不符`,
        );
      if (item.issueDate !== n.issueDate)
        this.report(
          "items",
          where,
          `事项的下发日期 ${short(item.issueDate)} 与其通知单「${n.number}」的下发日期 ${short(n.issueDate)} 不符`,
        );
      if (item.voidedNotices?.includes(n.number))
        this.report("items", where, `事项仍带有文号「${n.number}」，但已记录该通知单对它作废`);
      if (n.voided && !MAY_BEAR_VOIDED.includes(item.status))
        this.report(
          "items",
          where,
          `通知单「${n.number}」已作废，但事项仍以此文号处于「${label(item.status)}」状态（作废通知单只可留在已立项或已撤销的事项上）`,
        );
    }
    // A live notice: every item it lists exists and bears its number (else the issue was left half done).
    for (const { notice: n, row } of this.notices.values()) {
      if (n.voided) continue;
      for (const id of n.itemIds) {
        const item = this.items.get(id);
        if (!item) this.report("notices", row, `通知单「${n.number}」列出的事项 ${id} 不存在`);
        else if (item.noticeNumber !== n.number)
          this.report(
            "notices",
            row,
            `通知单「${n.number}」未作废，但所列事项 ${id}（${label(item.status)}）带的文号是 ${short(item.noticeNumber)}（下发或作废未完成？）`,
          );
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- others

  /** Saved rules versions (version 0, the defaults, is never stored). */
  readonly rulesVersions = new Set<number>([0]);

  referenceTable(rows: RawEntity[]) {
    const versions: number[] = [];
    for (const e of rows) {
      const where = rowName(e);
      const known = e.partitionKey === "doc" || (e.partitionKey === "rules" && /^v\d{8}$/.test(e.rowKey));
      if (!known) {
        this.report("reference", where, "无法识别的行（应为 doc/… 资料或 rules/v00000001… 规则版本）");
        continue;
      }
      const doc = readDoc<Record<string, unknown>>(e);
      if (!doc.ok) {
        this.report("reference", where, `资料无法读取：${doc.error}`);
        continue;
      }
      if (e.rowKey === "departments" && !Array.isArray(doc.value))
        this.report("reference", where, "部门资料不是数组");
      const calendarYear = e.partitionKey === "doc" ? /^calendar-(\d{4})$/.exec(e.rowKey)?.[1] : undefined;
      if (calendarYear) this.calendarDoc(where, calendarYear, doc.value);
      if (e.partitionKey === "rules") {
        const version = Number(e.rowKey.slice(1));
        versions.push(version);
        this.rulesVersions.add(version);
        if (doc.value?.version !== version)
          this.report("reference", where, `规则版本为 ${short(doc.value?.version)}，与行键不符`);
      }
    }
    versions.sort((a, b) => a - b);
    const missing = versions.length ? versions.findIndex((v, i) => v !== i + 1) : -1;
    if (missing >= 0)
      this.report(
        "reference",
        "rules",
        `考核规则版本不连续：应为 1…${versions.length}，实为 ${versions.join("、")}`,
      );
  }

  /** A year's holidays entered by the office (PUT /api/calendar/{year}): every date of that year, none twice. */
  private calendarDoc(where: string, year: string, value: Record<string, unknown> | null) {
    const holidays = value?.holidays;
    const workdays = value?.workdays;
    if (!Array.isArray(holidays) || !Array.isArray(workdays)) {
      this.report("reference", where, "节假日安排缺少放假日期或调休上班日列表");
      return;
    }
    const dates = [...holidays.map((h: { date?: unknown }) => h?.date), ...workdays];
    const foreign = dates.filter((d) => typeof d !== "string" || !d.startsWith(`${year}-`));
    if (foreign.length)
      this.report(
        "reference",
        where,
        `节假日安排中有不属于 ${year} 年的日期：${foreign.map(short).join("、")}`,
      );
    const twice = dates.filter((d, i) => dates.indexOf(d) !== i);
    if (twice.length)
      this.report("reference", where, `节假日安排中的日期重复：${twice.map(short).join("、")}`);
  }

  assessmentsTable(rows: RawEntity[]) {
    const months = new Map<string, RawEntity[]>();
    for (const e of rows) {
      let list = months.get(e.partitionKey);
      if (!list) months.set(e.partitionKey, (list = []));
      list.push(e);
    }
    for (const [month, list] of months) {
      const lineRows = new Map<string, RawEntity>();
      let final: RawEntity | undefined;
      for (const e of list) {
        if (e.rowKey === "final") final = e;
        else if (/^lines-[0-9a-f]+-\d{4}$/.test(e.rowKey)) {
          lineRows.set(e.rowKey, e);
          const doc = readDoc<unknown>(e);
          if (!doc.ok) this.report("assessments", rowName(e), `扣分明细无法读取：${doc.error}`);
          else if (!Array.isArray(doc.value)) this.report("assessments", rowName(e), "扣分明细不是数组");
        } else this.report("assessments", rowName(e), "无法识别的行（应为 final 或 lines-…）");
      }
      if (!final) continue; // line rows of an attempt that never committed are harmless
      const doc = readDoc<{
        month?: string;
        attempt?: string | null;
        lineRows?: number;
        rulesVersion?: number;
      }>(final);
      if (!doc.ok) {
        this.report("assessments", rowName(final), `定稿无法读取：${doc.error}`);
        continue;
      }
      if (doc.value.month !== month)
        this.report("assessments", rowName(final), `定稿的月份为 ${short(doc.value.month)}，与分区键不符`);
      if (!this.rulesVersions.has(Number(doc.value.rulesVersion)))
        this.report(
          "assessments",
          rowName(final),
          `定稿所用的考核规则版本 ${short(doc.value.rulesVersion)} 不存在`,
        );
      if (doc.value.attempt) {
        const count = Number(doc.value.lineRows ?? 0);
        for (let i = 0; i < count; i++) {
          const key = `lines-${doc.value.attempt}-${String(i).padStart(4, "0")}`;
          if (!lineRows.has(key))
            this.report("assessments", rowName(final), `定稿的扣分明细行 ${key} 不存在`);
        }
      }
    }
  }

  /** The 催办 outbox: RowKey `{deptId}.{kind}` (or, in rows written before the outbox, the department id). */
  remindersTable(rows: RawEntity[]) {
    for (const e of rows) {
      const doc = readDoc<{
        date?: string;
        deptId?: string;
        kind?: string;
        items?: unknown;
        lines?: unknown;
      }>(e);
      if (!doc.ok) {
        this.report("reminders", rowName(e), `催办提醒无法读取：${doc.error}`);
        continue;
      }
      const r = doc.value;
      const key = r.kind === undefined ? r.deptId : `${r.deptId}.${r.kind}`;
      if (r.date !== e.partitionKey || key !== e.rowKey)
        this.report(
          "reminders",
          rowName(e),
          `催办提醒的日期/部门为 ${short(r.date)}/${short(key)}，与键不符`,
        );
      if (!Array.isArray(r.lines ?? r.items)) this.report("reminders", rowName(e), "催办提醒缺少事项列表");
    }
  }

  /** The 问责 register: records readable and where their id says, their items existing, revocations beside a record. */
  accountabilityTable(rows: RawEntity[]) {
    const records = new Set(rows.filter((e) => e.rowKey.startsWith("a-")).map((e) => e.rowKey.slice(2)));
    for (const e of rows) {
      const where = rowName(e);
      if (e.rowKey.startsWith("r-")) {
        if (!records.has(e.rowKey.slice(2)))
          this.report("accountability", where, "撤销记录没有对应的问责记录");
        continue;
      }
      if (!e.rowKey.startsWith("a-")) {
        this.report("accountability", where, "无法识别的行（应为 a-记录编号 或 r-记录编号）");
        continue;
      }
      const doc = readDoc<{ id?: string; month?: string; itemIds?: unknown }>(e);
      if (!doc.ok) {
        this.report("accountability", where, `问责记录无法读取：${doc.error}`);
        continue;
      }
      const r = doc.value;
      if (r.id !== e.rowKey.slice(2) || !r.id.startsWith(`${e.partitionKey}-`))
        this.report("accountability", where, `问责记录编号 ${short(r.id)} 与键不符`);
      if (typeof r.month !== "string" || r.month.slice(0, 4) !== e.partitionKey)
        this.report(
          "accountability",
          where,
          `问责记录的月份 ${short(r.month)} 不在分区年度 ${e.partitionKey}`,
        );
      const ids = Array.isArray(r.itemIds) ? r.itemIds : [];
      if (ids.length === 0) this.report("accountability", where, "问责记录没有列出任何事项");
      for (const id of ids)
        if (!this.items.has(String(id)))
          this.report("accountability", where, `问责记录列出的事项 ${short(id)} 不存在`);
    }
  }
}

/** A row's name for the report: keys shown as JSON when they hold characters a terminal would hide. */
function rowName(e: Pick<RawEntity, "partitionKey" | "rowKey">): string {
  const show = (k: string) => {
    // eslint-disable-next-line no-control-regex
    const text = /[\u0000-\u001F\u007F-\u009F]/.test(k) || loneSurrogateAt(k) >= 0 ? JSON.stringify(k) : k;
    return text.length > 80 ? `${cutCodePoints(text, 77)}…` : text;
  };
  return `${show(e.partitionKey)}/${show(e.rowKey)}`;
}

/** The tables of an installation: DubanItems, DubanNotices… for the prefix. */
export type TableClients = Record<TableKey, TableClient>;

/**
 * Check every table of one installation. Throws StorageUnreachableError when the storage cannot be read;
 * a table that does not exist is reported in the summary, not as a problem.
 */
export async function checkData(clients: TableClients): Promise<DataCheckResult> {
  const keys = Object.keys(TABLE_SUFFIXES) as TableKey[];
  const names = Object.fromEntries(keys.map((k) => [k, clients[k].tableName])) as Record<TableKey, string>;
  const checker = new Checker(names);
  const tables: TableSummary[] = [];
  // One table in memory at a time: read it, check its rows, keep only the facts the cross-checks need.
  const walk = async (key: TableKey, check: (rows: RawEntity[]) => void) => {
    const rows = await readTable(clients[key]);
    tables.push({ key, name: names[key], exists: rows !== null, rows: rows?.length ?? 0 });
    checker.limits(key, rows ?? []);
    check(rows ?? []);
  };
  await walk("items", (rows) => checker.itemsTable(rows));
  await walk("notices", (rows) => checker.noticesTable(rows));
  checker.crossCheck();
  await walk("reference", (rows) => checker.referenceTable(rows));
  await walk("assessments", (rows) => checker.assessmentsTable(rows));
  await walk("reminders", (rows) => checker.remindersTable(rows));
  await walk("accountability", (rows) => checker.accountabilityTable(rows));
  // A table added to TABLE_SUFFIXES later is at least held to Azure's limits.
  for (const key of keys) if (!tables.some((t) => t.key === key)) await walk(key, () => undefined);
  return {
    tables,
    items: checker.items.size,
    events: checker.events,
    notices: checker.notices.size,
    problems: checker.problems,
  };
}

/** One line per problem: 「[表] 行：问题」. */
export const problemLines = (result: Pick<DataCheckResult, "problems">): string[] =>
  result.problems.map((p) => `[${p.table}] ${p.row}：${p.message}`);

/** The whole report: the problems, then the summary line. */
export function formatReport(result: DataCheckResult): string {
  const lines = problemLines(result);
  const absent = result.tables.filter((t) => !t.exists).map((t) => t.name);
  const rows = result.tables.reduce((n, t) => n + t.rows, 0);
  const present = result.tables.length - absent.length;
  const scope = `检查了 ${present} 张表、${rows} 行（事项 ${result.items} 个、事件 ${result.events} 条、通知单 ${result.notices} 份）`;
  const missing = absent.length ? `；不存在的表：${absent.join("、")}` : "";
  lines.push(
    result.problems.length
      ? `数据检查未通过：${scope}，发现 ${result.problems.length} 个问题${missing}。`
      : `数据检查通过：${scope}，未发现问题${missing}。`,
  );
  return lines.join("\n");
}

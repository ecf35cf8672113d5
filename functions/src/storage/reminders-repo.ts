/**
 * The 催办 outbox (DESIGN §4): one row per (CST date, department, kind), written before the mail is sent, so a
 * rerun of the day never sends twice and a failed send stays visible with its error until a later run delivers it.
 * PartitionKey = CST date, RowKey = `{deptId}.{kind}`.
 *
 * A row fits whatever the items are (issue 11, finding 3: one department with 260 overdue items of 2,000
 * characters made a 1.06 MiB entity that Azure refuses): it keeps the item ids (at most MAX_IDS) and, for the
 * mail, bounded excerpts of at most MAX_LINES items; `itemCount` says how many there were in all.
 */
import { odata, type TableClient } from "@azure/data-tables";
import { guarded, isConflict, isPreconditionFailed, jsonProps, readJson } from "./tables.js";

export const REMINDER_KINDS = ["due_soon", "overdue"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const REMINDER_STATES = ["pending", "sent", "failed", "not_configured"] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/** Automatic sends per reminder (DESIGN §4). */
export const MAX_ATTEMPTS = 5;
/** Items listed in one mail (the rest are counted); item ids kept per row; characters of an excerpt. */
export const MAX_LINES = 200;
export const MAX_IDS = 2_000;
export const EXCERPT = 120;
const MAX_ERROR = 500;

/** One item as the mail lists it. */
export interface ReminderLine {
  itemId: string;
  noticeNumber: string | null;
  /** 督办事项内容, cut to EXCERPT characters. */
  content: string;
  /** The effective deadline. */
  deadline: string | null;
  /** Days left until the deadline (due_soon) or days overdue (overdue). */
  days: number;
  /** 最新进展, cut to EXCERPT characters. */
  latestProgress: string | null;
}

export interface Reminder {
  date: string;
  deptId: string;
  deptName: string;
  kind: ReminderKind;
  itemIds: string[];
  itemCount: number;
  lines: ReminderLine[];
  to: string[];
  cc: string[];
  state: ReminderState;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** When a run took the row to send it (so two runs at once do not both send). */
  claimedAt: string | null;
}

export interface StoredReminder {
  reminder: Reminder;
  etag: string;
}

/** Cut on code points (never half a surrogate pair), with an ellipsis. */
export function excerpt(text: string | null | undefined, max = EXCERPT): string {
  const points = Array.from(text ?? "");
  return points.length <= max ? points.join("") : `${points.slice(0, max - 1).join("")}…`;
}

/** An error message fit for the row: bounded, on code points. */
export const errorText = (message: string) => excerpt(message, MAX_ERROR);

/** The bounded form of a department's items for one row. */
export function boundLines(lines: ReminderLine[]): Pick<Reminder, "itemIds" | "itemCount" | "lines"> {
  return {
    itemIds: lines.slice(0, MAX_IDS).map((l) => l.itemId),
    itemCount: lines.length,
    lines: lines.slice(0, MAX_LINES).map((l) => ({
      ...l,
      content: excerpt(l.content),
      latestProgress: l.latestProgress === null ? null : excerpt(l.latestProgress),
    })),
  };
}

const rowKey = (deptId: string, kind: ReminderKind) => `${deptId}.${kind}`;

function entityOf(r: Reminder) {
  return {
    partitionKey: r.date,
    rowKey: rowKey(r.deptId, r.kind),
    deptId: r.deptId,
    kind: r.kind,
    state: r.state,
    attempts: r.attempts,
    ...jsonProps("data", r),
  };
}

/** Rows written before the outbox (one per department, RowKey = department id, no kind): read as overdue. */
interface LegacyReminder {
  date: string;
  deptId: string;
  deptName: string;
  items: {
    itemId: string;
    noticeNumber: string | null;
    content: string;
    effectiveDeadline: string | null;
    overdueDays: number;
  }[];
  createdAt: string;
}

function fromRow(row: Record<string, unknown> & { etag?: string }): StoredReminder {
  if (row.kind === undefined) {
    const old = readJson<LegacyReminder>(row, "data");
    const lines = old.items.map((i) => ({
      itemId: i.itemId,
      noticeNumber: i.noticeNumber,
      content: i.content,
      deadline: i.effectiveDeadline,
      days: i.overdueDays,
      latestProgress: null,
    }));
    return {
      etag: row.etag ?? "",
      reminder: {
        date: old.date,
        deptId: old.deptId,
        deptName: old.deptName,
        kind: "overdue",
        ...boundLines(lines),
        to: [],
        cc: [],
        state: "not_configured",
        attempts: 0,
        lastError: "旧版本记录的提醒（未发送邮件）",
        sentAt: null,
        createdAt: old.createdAt,
        updatedAt: old.createdAt,
        claimedAt: null,
      },
    };
  }
  return { reminder: readJson<Reminder>(row, "data"), etag: row.etag ?? "" };
}

export class RemindersRepo {
  constructor(private readonly table: TableClient) {}

  /** Write the day's row for (department, kind) unless it exists; either way answer the stored row. */
  async ensure(reminder: Reminder): Promise<StoredReminder & { created: boolean }> {
    return guarded(async () => {
      try {
        const res = await this.table.createEntity(entityOf(reminder));
        return { reminder, etag: res.etag ?? "", created: true };
      } catch (e) {
        if (!isConflict(e)) throw e;
        const existing = await this.get(reminder.date, reminder.deptId, reminder.kind);
        if (!existing) throw e;
        return { ...existing, created: false };
      }
    });
  }

  async get(date: string, deptId: string, kind: ReminderKind): Promise<StoredReminder | null> {
    return guarded(async () => {
      try {
        return fromRow(await this.table.getEntity<Record<string, unknown>>(date, rowKey(deptId, kind)));
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return null;
        throw e;
      }
    });
  }

  /** Replace a row conditional on its ETag: the new ETag, or null when another run changed it first. */
  async update(reminder: Reminder, etag: string): Promise<string | null> {
    return guarded(async () => {
      try {
        const res = await this.table.updateEntity(entityOf(reminder), "Replace", { etag });
        return res.etag ?? "";
      } catch (e) {
        if (isPreconditionFailed(e)) return null;
        throw e;
      }
    });
  }

  /** The day's rows with their ETags, by department and kind. */
  async storedForDate(date: string): Promise<StoredReminder[]> {
    return guarded(async () => {
      const out: StoredReminder[] = [];
      for await (const row of this.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`PartitionKey eq ${date}` },
      }))
        out.push(fromRow(row));
      return out;
    });
  }

  async forDate(date: string): Promise<Reminder[]> {
    return (await this.storedForDate(date)).map((s) => s.reminder);
  }
}

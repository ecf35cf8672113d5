/**
 * Items and their events: PartitionKey = item id, RowKey "item" for the snapshot and "ev-00000001"… per event,
 * so that a change and its event commit in one entity-group transaction, conditional on the snapshot's ETag.
 */
import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import { cstYear } from "../domain/dates.js";
import type { Item, ItemEvent, Status } from "../domain/types.js";
import { decodeAfterToken, encodeAfterToken } from "../http/paging.js";
import { ApiError, preconditionFailed } from "../http/problem.js";
import {
  cleanEtag,
  type Entity,
  guarded,
  guardedPage,
  isConflict,
  isNotFound,
  isPreconditionFailed,
  JSON_CHUNK,
  jsonProps,
  jsonTextProps,
  pad,
  readJson,
  readJsonText,
} from "./tables.js";

export interface StoredItem {
  item: Item;
  etag: string;
  /** The item's JSON text as stored (JSON.stringify of `item`). */
  json: string;
}

export interface ItemFilter {
  year?: number;
  status?: Status;
  dept?: string;
  /** CST date "today": with overdue, only items whose effective deadline is before it and that are running. */
  overdueOn?: string;
  /**
   * 待我审定: a leader's principal id; only items waiting for a leader's decision (draft, extension_requested,
   * reported) that name no leader or name this one.
   */
  awaitingLeader?: string;
}

export interface Page<T> {
  items: T[];
  continuationToken: string | null;
}

const SNAPSHOT = "item";
/** Storage reads one department-filtered list request may make to fill its page, and rows per read. */
const DEPT_SCANS = 10;
const DEPT_READ = 1000;
const eventKey = (seq: number) => `ev-${pad(seq)}`;

/** The snapshot row of an item (`json` = JSON.stringify(item)); exported for the benchmark's direct side. */
export function snapshotEntity(item: Item, json: string) {
  return {
    partitionKey: item.id,
    rowKey: SNAPSHOT,
    status: item.status,
    leadDept: item.leadDept,
    assistDepts: `|${item.assistDepts.join("|")}|`,
    effectiveDeadline: item.effectiveDeadline ?? "",
    year: item.noticeYear ?? cstYear(item.createdAt),
    urgency: item.urgency,
    noticeNumber: item.noticeNumber ?? "",
    leaderId: item.leaderId ?? "",
    version: item.version,
    ...jsonTextProps("data", json),
  };
}

export function eventEntity(e: ItemEvent) {
  return {
    partitionKey: e.itemId,
    rowKey: eventKey(e.seq),
    kind: e.kind,
    at: e.at,
    actor: e.actor,
    ...jsonProps("data", { actorId: e.actorId, payload: e.payload, changes: e.changes }),
  };
}

function toEvent(entity: Entity): ItemEvent {
  const data = readJson<Pick<ItemEvent, "actorId" | "payload" | "changes">>(entity, "data");
  return {
    itemId: entity.partitionKey ?? "",
    seq: Number(String(entity.rowKey).slice(3)),
    kind: entity.kind as ItemEvent["kind"],
    at: String(entity.at),
    actor: String(entity.actor),
    ...data,
  };
}

function toStored(entity: Entity): StoredItem {
  const json = readJsonText(entity, "data");
  return { item: JSON.parse(json) as Item, etag: entity.etag, json };
}

export class ItemsRepo {
  constructor(private readonly table: TableClient) {}

  async get(id: string): Promise<StoredItem | null> {
    return guarded(async () => {
      try {
        return toStored(await this.table.getEntity<Record<string, unknown>>(id, SNAPSHOT));
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    });
  }

  /**
   * Reserve the item id for an Idempotency-Key (its own row, written before the item): a retried create finds
   * the id it reserved the first time, even when the first attempt died before the item was written.
   */
  async reserveKey(keyHash: string, id: string, bodyHash: string): Promise<{ id: string; bodyHash: string }> {
    const pk = `idem-${keyHash}`;
    return guarded(async () => {
      try {
        await this.table.createEntity({ partitionKey: pk, rowKey: "key", itemId: id, bodyHash });
        return { id, bodyHash };
      } catch (e) {
        if (!isConflict(e)) throw e;
        const row = await this.table.getEntity<{ itemId: string; bodyHash: string }>(pk, "key");
        return { id: row.itemId, bodyHash: row.bodyHash };
      }
    });
  }

  /** Insert a new item with its first event; `null` when an item with that id exists already. */
  async create(item: Item, event: ItemEvent): Promise<StoredItem | null> {
    const json = JSON.stringify(item);
    const actions: TransactionAction[] = [
      ["create", snapshotEntity(item, json)],
      ["create", eventEntity(event)],
    ];
    return guarded(async () => {
      try {
        const res = await this.table.submitTransaction(actions);
        const etag = cleanEtag(res.getResponseForEntity(SNAPSHOT)?.etag);
        return etag ? { item, etag, json } : await this.mustGet(item.id);
      } catch (e) {
        if (isConflict(e)) return null;
        throw e;
      }
    });
  }

  /** Replace the snapshot and append the event, only if the snapshot still has `etag` (else 412). */
  async commit(item: Item, event: ItemEvent, etag: string): Promise<StoredItem> {
    const json = JSON.stringify(item);
    const actions: TransactionAction[] = [
      ["update", snapshotEntity(item, json), "Replace", { etag }],
      ["create", eventEntity(event)],
    ];
    return guarded(async () => {
      try {
        const res = await this.table.submitTransaction(actions);
        const newEtag = cleanEtag(res.getResponseForEntity(SNAPSHOT)?.etag);
        return newEtag ? { item, etag: newEtag, json } : await this.mustGet(item.id);
      } catch (e) {
        // A concurrent writer changed the snapshot, or appended the same event number first.
        if (isPreconditionFailed(e) || isConflict(e)) throw preconditionFailed();
        throw e;
      }
    });
  }

  private async mustGet(id: string): Promise<StoredItem> {
    const found = await this.get(id);
    if (!found) throw new ApiError(404, "not_found", `督办事项 ${id} 不存在`);
    return found;
  }

  async events(id: string, continuationToken?: string, limit = 500): Promise<Page<ItemEvent>> {
    return guardedPage(continuationToken, async () => {
      const pages = this.table
        .listEntities<Record<string, unknown>>({
          queryOptions: { filter: odata`PartitionKey eq ${id} and RowKey ge 'ev-' and RowKey lt 'ev.'` },
        })
        .byPage({ maxPageSize: limit, ...(continuationToken ? { continuationToken } : {}) });
      const page = await pages.next();
      const rows = page.done ? [] : page.value;
      return { items: rows.map(toEvent), continuationToken: rows.continuationToken ?? null };
    });
  }

  async allEvents(id: string): Promise<ItemEvent[]> {
    const all: ItemEvent[] = [];
    let token: string | undefined;
    do {
      const page = await this.events(id, token, 1000);
      all.push(...page.items);
      token = page.continuationToken ?? undefined;
    } while (token);
    return all;
  }

  async list(filter: ItemFilter, continuationToken?: string, limit = 500): Promise<Page<StoredItem>> {
    const parts = [odata`RowKey eq ${SNAPSHOT}`];
    if (filter.year !== undefined) parts.push(odata`year eq ${filter.year}`);
    if (filter.status) parts.push(odata`status eq ${filter.status}`);
    if (filter.overdueOn) {
      parts.push(odata`effectiveDeadline ne '' and effectiveDeadline lt ${filter.overdueOn}`);
      parts.push(`(status eq 'notified' or status eq 'in_progress' or status eq 'extension_requested')`);
    }
    if (filter.awaitingLeader)
      parts.push(`(status eq 'draft' or status eq 'extension_requested' or status eq 'reported')`);
    const dept = filter.dept;
    const leader = filter.awaitingLeader;
    if (dept || leader) {
      // A department sees the items it leads or assists; a leader the ones naming no leader or naming them.
      // Table Storage cannot search inside a list or test "empty or equal" cheaply, so they are picked here.
      const pick = (r: Record<string, unknown>) =>
        (!dept || r.leadDept === dept || String(r.assistDepts ?? "").includes(`|${dept}|`)) &&
        (!leader || !r.leaderId || r.leaderId === leader);
      return this.listPicked(pick, parts, continuationToken, limit);
    }
    const select = ["PartitionKey", "data"];
    return guardedPage(continuationToken, async () => {
      const page = await this.table
        .listEntities<Record<string, unknown>>({ queryOptions: { filter: parts.join(" and "), select } })
        .byPage({ maxPageSize: limit, ...(continuationToken ? { continuationToken } : {}) })
        .next();
      const rows = page.done ? [] : page.value;
      return { items: await this.storedRows(rows), continuationToken: rows.continuationToken ?? null };
    });
  }

  /**
   * Items picked from large storage pages (up to DEPT_SCANS reads a request) until the page is full. The token
   * is the list's own: the last item returned (or scanned), resumed with `PartitionKey gt`, so rows read past
   * a full page are never skipped and a page is never empty while more picked items follow.
   */
  private async listPicked(
    mine: (row: Record<string, unknown>) => boolean,
    parts: string[],
    continuationToken: string | undefined,
    limit: number,
  ): Promise<Page<StoredItem>> {
    const after = decodeAfterToken(continuationToken);
    const filter = [...parts, ...(after ? [odata`PartitionKey gt ${after}`] : [])].join(" and ");
    const select = ["PartitionKey", "data", "leadDept", "assistDepts", "leaderId"];
    return guardedPage(continuationToken, async () => {
      const pages = this.table
        .listEntities<Record<string, unknown>>({ queryOptions: { filter, select } })
        .byPage({ maxPageSize: DEPT_READ });
      const kept: Entity[] = [];
      let lastScanned: string | null = null;
      // Once the page is full, reading goes on only to learn whether another of the department's items follows
      // (so the last page carries no token); it is not returned.
      let followed = false;
      let exhausted = false;
      for (let scans = 0; scans < DEPT_SCANS && !followed && !exhausted; scans++) {
        const page = await pages.next();
        const rows = page.done ? [] : page.value;
        exhausted = !rows.continuationToken;
        for (const r of rows) {
          if (!mine(r)) {
            if (kept.length < limit) lastScanned = String(r.partitionKey);
            continue;
          }
          if (kept.length === limit) {
            followed = true;
            break;
          }
          kept.push(r);
          lastScanned = String(r.partitionKey);
        }
      }
      const more = followed || !exhausted;
      const resumeAt = lastScanned;
      return {
        items: await this.storedRows(kept),
        continuationToken: more && resumeAt ? encodeAfterToken(resumeAt) : null,
      };
    });
  }

  /** Stored items from listed rows; a (rare, very long) item whose JSON continues in data_1… is read whole. */
  private async storedRows(rows: Entity[]): Promise<StoredItem[]> {
    // A full first chunk is one unit short when it stops before a surrogate pair.
    const items = rows.map((r) =>
      String(r.data ?? "").length >= JSON_CHUNK - 1 ? String(r.partitionKey) : toStored(r),
    );
    for (const [i, x] of items.entries()) if (typeof x === "string") items[i] = await this.mustGet(x);
    return items as StoredItem[];
  }

  /** Every item's full history, grouped by item, each in event order (for scoring and bulletins). */
  async allHistories(): Promise<ItemEvent[][]> {
    return guarded(async () => {
      const byItem = new Map<string, ItemEvent[]>();
      const rows = this.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: `RowKey ge 'ev-' and RowKey lt 'ev.'` },
      });
      for await (const row of rows) {
        const e = toEvent(row);
        let list = byItem.get(e.itemId);
        if (!list) byItem.set(e.itemId, (list = []));
        list.push(e);
      }
      for (const list of byItem.values()) list.sort((a, b) => a.seq - b.seq);
      return [...byItem.values()];
    });
  }
}

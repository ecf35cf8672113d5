/**
 * Notices: PartitionKey = CST year; RowKey "counter" holds the next number, "n-00000012" a notice,
 * "k-<hash>" an Idempotency-Key. Allocation writes all three in one transaction conditional on the counter's
 * ETag, so numbers are unique and gapless across any number of function instances.
 */
import { odata, type TableClient, type TransactionAction } from "@azure/data-tables";
import type { Notice } from "../domain/types.js";
import { ApiError } from "../http/problem.js";
import type { Page } from "./items-repo.js";
import {
  type Entity,
  guarded,
  guardedPage,
  isConflict,
  isNotFound,
  isPreconditionFailed,
  jsonProps,
  pad,
  readJson,
} from "./tables.js";

export interface StoredNotice {
  notice: Notice;
  etag: string;
}

const COUNTER = "counter";
const noticeKey = (seq: number) => `n-${pad(seq)}`;
const idemKey = (hash: string) => `k-${hash}`;

const toStored = (e: Entity): StoredNotice => ({ notice: readJson<Notice>(e, "data"), etag: e.etag });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class NoticesRepo {
  /** Per-process queue per year: contention is then only between processes, not within one. */
  private readonly queues = new Map<number, Promise<unknown>>();

  constructor(private readonly table: TableClient) {}

  async get(year: number, seq: number): Promise<StoredNotice | null> {
    return guarded(async () => {
      try {
        return toStored(await this.table.getEntity<Record<string, unknown>>(String(year), noticeKey(seq)));
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    });
  }

  /**
   * The notice an Idempotency-Key already produced in that year, if any, with the hash of the request that
   * produced it (null for keys stored before requests were hashed).
   */
  async findByKey(year: number, hash: string): Promise<(StoredNotice & { bodyHash: string | null }) | null> {
    return guarded(async () => {
      try {
        const row = await this.table.getEntity<{ seq: number; bodyHash?: string }>(
          String(year),
          idemKey(hash),
        );
        const found = await this.get(year, row.seq);
        return found && { ...found, bodyHash: row.bodyHash ?? null };
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    });
  }

  async list(year: number, continuationToken?: string, limit = 500): Promise<Page<Notice>> {
    return guardedPage(continuationToken, async () => {
      const pages = this.table
        .listEntities<Record<string, unknown>>({
          queryOptions: {
            filter: odata`PartitionKey eq ${String(year)} and RowKey ge 'n-' and RowKey lt 'n.'`,
          },
        })
        .byPage({ maxPageSize: limit, ...(continuationToken ? { continuationToken } : {}) });
      const page = await pages.next();
      const rows = page.done ? [] : page.value;
      return {
        items: rows.map((r) => toStored(r).notice),
        continuationToken: rows.continuationToken ?? null,
      };
    });
  }

  /**
   * Allocate the next number of `year` and store the notice built from it, with its Idempotency-Key row.
   * Returns the notice and whether it was created now (false: the key had already produced it).
   */
  allocate(
    year: number,
    hash: string,
    bodyHash: string,
    build: (seq: number) => Notice,
  ): Promise<{ notice: Notice; created: boolean; bodyHash: string | null }> {
    const previous = this.queues.get(year) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.allocateNow(year, hash, bodyHash, build));
    this.queues.set(year, run);
    void run
      .finally(() => {
        if (this.queues.get(year) === run) this.queues.delete(year);
      })
      .catch(() => undefined);
    return run;
  }

  private async allocateNow(
    year: number,
    hash: string,
    bodyHash: string,
    build: (seq: number) => Notice,
  ): Promise<{ notice: Notice; created: boolean; bodyHash: string | null }> {
    const pk = String(year);
    const deadline = Date.now() + 30_000;
    for (let attempt = 0; ; attempt++) {
      const existing = await this.findByKey(year, hash);
      if (existing) return { notice: existing.notice, created: false, bodyHash: existing.bodyHash };
      const counter = await guarded(async () => {
        try {
          return await this.table.getEntity<{ next: number }>(pk, COUNTER);
        } catch (e) {
          if (isNotFound(e)) return null;
          throw e;
        }
      });
      const seq = counter ? Number(counter.next) : 1;
      const notice = build(seq);
      const counterAction: TransactionAction = counter
        ? ["update", { partitionKey: pk, rowKey: COUNTER, next: seq + 1 }, "Replace", { etag: counter.etag }]
        : ["create", { partitionKey: pk, rowKey: COUNTER, next: seq + 1 }];
      try {
        await guarded(() =>
          this.table.submitTransaction([
            counterAction,
            ["create", { partitionKey: pk, rowKey: noticeKey(seq), seq, ...jsonProps("data", notice) }],
            ["create", { partitionKey: pk, rowKey: idemKey(hash), seq, bodyHash }],
          ]),
        );
        return { notice, created: true, bodyHash };
      } catch (e) {
        if (!(isPreconditionFailed(e) || isConflict(e))) throw e;
        if (Date.now() > deadline)
          throw new ApiError(503, "numbering_busy", "通知单编号分配繁忙，请稍后重试", { retryAfter: 2 });
        // Another instance took this number first: back off with jitter and try the next one.
        await sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  /**
   * The 存档编号 sequence number of an item closed in `year` (附件2; DESIGN §4): partition "archive-<year>", a
   * counter and one "i-<itemId>" row per item, written together. One number per item however often it is asked
   * (a retried or concurrent close gets the same one), gapless per year.
   */
  async archiveSeq(year: number, itemId: string): Promise<number> {
    const pk = `archive-${year}`;
    const deadline = Date.now() + 30_000;
    for (let attempt = 0; ; attempt++) {
      const found = await guarded(async () => {
        try {
          return (await this.table.getEntity<{ seq: number }>(pk, `i-${itemId}`)).seq;
        } catch (e) {
          if (isNotFound(e)) return null;
          throw e;
        }
      });
      if (found !== null) return Number(found);
      const counter = await guarded(async () => {
        try {
          return await this.table.getEntity<{ next: number }>(pk, COUNTER);
        } catch (e) {
          if (isNotFound(e)) return null;
          throw e;
        }
      });
      const seq = counter ? Number(counter.next) : 1;
      const counterAction: TransactionAction = counter
        ? ["update", { partitionKey: pk, rowKey: COUNTER, next: seq + 1 }, "Replace", { etag: counter.etag }]
        : ["create", { partitionKey: pk, rowKey: COUNTER, next: seq + 1 }];
      try {
        await guarded(() =>
          this.table.submitTransaction([
            counterAction,
            ["create", { partitionKey: pk, rowKey: `i-${itemId}`, seq, itemId }],
          ]),
        );
        return seq;
      } catch (e) {
        if (!(isPreconditionFailed(e) || isConflict(e))) throw e;
        if (Date.now() > deadline)
          throw new ApiError(503, "numbering_busy", "存档编号分配繁忙，请稍后重试", { retryAfter: 2 });
        await sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  /**
   * Mark a notice voided (作废), conditional on the ETag read. A concurrent void that got there first is the same
   * outcome; the notice's own reason and time are then kept.
   */
  async markVoided(voided: Notice, etag: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await guarded(() =>
          this.table.updateEntity(
            {
              partitionKey: String(voided.year),
              rowKey: noticeKey(voided.seq),
              seq: voided.seq,
              ...jsonProps("data", voided),
            },
            "Replace",
            { etag },
          ),
        );
        return;
      } catch (e) {
        if (!isPreconditionFailed(e) || attempt >= 5) throw e;
        const now = await this.get(voided.year, voided.seq);
        if (!now || now.notice.voided) return;
        etag = now.etag;
      }
    }
  }
}

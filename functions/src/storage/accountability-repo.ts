/**
 * The 问责 register (七、(一); DESIGN §4): PartitionKey = the CST year of the record's month; RowKey "a-<id>" for
 * a record, "r-<id>" for its revocation. Records are immutable: revoking writes the second row, never over the
 * first, so the register keeps what was decided and when it was withdrawn.
 */
import { odata, type TableClient } from "@azure/data-tables";
import type { AccountabilityRecord } from "../domain/types.js";
import type { Page } from "./items-repo.js";
import { type Entity, guarded, guardedPage, isConflict, isNotFound, jsonProps, readJson } from "./tables.js";

type Stored = Omit<AccountabilityRecord, "revoked" | "revokedAt" | "revokedBy" | "revokeReason">;
interface Revocation {
  revokedAt: string;
  revokedBy: string;
  revokeReason: string;
}

/** The partition of a record: its id starts with the year of its month ("2026-…"). */
const yearOf = (id: string) => id.slice(0, 4);
const recordKey = (id: string) => `a-${id}`;
const revocationKey = (id: string) => `r-${id}`;

function withRevocation(record: Stored, r: Revocation | undefined): AccountabilityRecord {
  return {
    ...record,
    revoked: !!r,
    revokedAt: r?.revokedAt ?? null,
    revokedBy: r?.revokedBy ?? null,
    revokeReason: r?.revokeReason ?? null,
  };
}

export class AccountabilityRepo {
  constructor(private readonly table: TableClient) {}

  /** Record one entry; `false` when the id exists already (a retried request with the same key). */
  async add(record: Stored, bodyHash: string): Promise<{ created: boolean; bodyHash: string | null }> {
    return guarded(async () => {
      try {
        await this.table.createEntity({
          partitionKey: yearOf(record.id),
          rowKey: recordKey(record.id),
          deptId: record.deptId,
          measure: record.measure,
          month: record.month,
          bodyHash,
          ...jsonProps("data", record),
        });
        return { created: true, bodyHash };
      } catch (e) {
        if (!isConflict(e)) throw e;
        const row = await this.table.getEntity<{ bodyHash?: string }>(
          yearOf(record.id),
          recordKey(record.id),
        );
        return { created: false, bodyHash: row.bodyHash ?? null };
      }
    });
  }

  async get(id: string): Promise<AccountabilityRecord | null> {
    return guarded(async () => {
      let row: Entity;
      try {
        row = await this.table.getEntity<Record<string, unknown>>(yearOf(id), recordKey(id));
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
      let revocation: Revocation | undefined;
      try {
        revocation = readJson<Revocation>(
          await this.table.getEntity<Record<string, unknown>>(yearOf(id), revocationKey(id)),
          "data",
        );
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return withRevocation(readJson<Stored>(row, "data"), revocation);
    });
  }

  /** Mark a record revoked; `false` when it was revoked already. */
  async revoke(id: string, revocation: Revocation): Promise<boolean> {
    return guarded(async () => {
      try {
        await this.table.createEntity({
          partitionKey: yearOf(id),
          rowKey: revocationKey(id),
          ...jsonProps("data", revocation),
        });
        return true;
      } catch (e) {
        if (isConflict(e)) return false;
        throw e;
      }
    });
  }

  private async revocations(year: number): Promise<Map<string, Revocation>> {
    const out = new Map<string, Revocation>();
    const rows = this.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: odata`PartitionKey eq ${String(year)} and RowKey ge 'r-' and RowKey lt 'r.'` },
    });
    for await (const row of rows) out.set(String(row.rowKey).slice(2), readJson<Revocation>(row, "data"));
    return out;
  }

  /** A page of a year's records, oldest first, optionally of one department. */
  async list(
    year: number,
    deptId: string | undefined,
    continuationToken?: string,
    limit = 500,
  ): Promise<Page<AccountabilityRecord>> {
    const parts = [odata`PartitionKey eq ${String(year)} and RowKey ge 'a-' and RowKey lt 'a.'`];
    if (deptId) parts.push(odata`deptId eq ${deptId}`);
    return guardedPage(continuationToken, async () => {
      const page = await this.table
        .listEntities<Record<string, unknown>>({ queryOptions: { filter: parts.join(" and ") } })
        .byPage({ maxPageSize: limit, ...(continuationToken ? { continuationToken } : {}) })
        .next();
      const rows = page.done ? [] : page.value;
      const revoked = await this.revocations(year);
      return {
        items: rows.map((r) => {
          const record = readJson<Stored>(r, "data");
          return withRevocation(record, revoked.get(record.id));
        }),
        continuationToken: rows.continuationToken ?? null,
      };
    });
  }

  /** Every record of a year (for scoring and bulletins). */
  async forYear(year: number): Promise<AccountabilityRecord[]> {
    const all: AccountabilityRecord[] = [];
    let token: string | undefined;
    do {
      const page = await this.list(year, undefined, token, 1000);
      all.push(...page.items);
      token = page.continuationToken ?? undefined;
    } while (token);
    return all;
  }
}

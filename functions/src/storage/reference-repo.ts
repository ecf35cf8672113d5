import type { OfficeCalendarYear } from "../reminders/workdays.js";
/**
 * Reference data in one table: settings and departments as single documents (replaced whole, conditional on
 * their ETag), and the scoring rules as immutable versions (RowKey v00000001…).
 */
import { odata, type TableClient } from "@azure/data-tables";
import { DEFAULT_RULES, type Rules, type RulesVersion } from "../domain/rules.js";
import { DEFAULT_SETTINGS, type Department, type Settings } from "../domain/types.js";
import { ApiError, preconditionFailed } from "../http/problem.js";
import {
  guarded,
  isConflict,
  isNotFound,
  isPreconditionFailed,
  jsonProps,
  pad,
  readJson,
  statusOf,
} from "./tables.js";

export interface Versioned<T> {
  value: T;
  /** null while the document has never been saved (defaults in force). */
  etag: string | null;
}

const DOC_PK = "doc";
const RULES_PK = "rules";
const rulesKey = (v: number) => `v${pad(v)}`;

/** Rules version 0: the built-in defaults of DESIGN §1, in force until someone saves a version. */
export const DEFAULT_RULES_VERSION: RulesVersion = {
  ...DEFAULT_RULES,
  version: 0,
  createdAt: "1970-01-01T00:00:00.000Z",
  createdBy: "系统默认",
};

export const rulesEtag = (version: number) => `"rules-v${version}"`;

export class ReferenceRepo {
  constructor(private readonly table: TableClient) {}

  private async getDoc<T>(key: string, fallback: T): Promise<Versioned<T>> {
    return guarded(async () => {
      try {
        const e = await this.table.getEntity<Record<string, unknown>>(DOC_PK, key);
        return { value: readJson<T>(e, "data"), etag: e.etag };
      } catch (e) {
        if (isNotFound(e)) return { value: fallback, etag: null };
        throw e;
      }
    });
  }

  /** Replace a document: the first save needs no ETag, every later one must carry the one it read. */
  private async putDoc<T>(key: string, value: T, ifMatch: string | null): Promise<Versioned<T>> {
    return guarded(async () => {
      const entity = { partitionKey: DOC_PK, rowKey: key, ...jsonProps("data", value) };
      try {
        if (ifMatch === null) {
          const res = await this.table.createEntity(entity);
          return { value, etag: res.etag ?? "" };
        }
        const res = await this.table.updateEntity(entity, "Replace", { etag: ifMatch });
        return { value, etag: res.etag ?? "" };
      } catch (e) {
        if (isConflict(e))
          throw new ApiError(
            428,
            "precondition_required",
            "该资料已存在，请先读取并在 If-Match 中带上其 ETag 再修改",
          );
        // 400: an If-Match the storage never issued (not an ETag of ours) is just as stale.
        if (isPreconditionFailed(e) || isNotFound(e) || statusOf(e) === 400) throw preconditionFailed();
        throw e;
      }
    });
  }

  /** The holidays and 调休 working days the office entered for `year` (null: none yet). */
  getCalendar = (year: number) => this.getDoc<OfficeCalendarYear | null>(`calendar-${year}`, null);
  putCalendar = (year: number, value: OfficeCalendarYear, ifMatch: string | null) =>
    this.putDoc(`calendar-${year}`, value, ifMatch);

  /** Settings saved before a field existed read with that field's default. */
  getSettings = async (): Promise<Versioned<Settings>> => {
    const doc = await this.getDoc<Settings>("settings", DEFAULT_SETTINGS);
    return { ...doc, value: { ...DEFAULT_SETTINGS, ...doc.value } };
  };
  putSettings = (s: Settings, ifMatch: string | null) => this.putDoc("settings", s, ifMatch);
  getDepartments = () => this.getDoc<Department[]>("departments", []);
  putDepartments = (d: Department[], ifMatch: string | null) => this.putDoc("departments", d, ifMatch);

  async listRules(): Promise<RulesVersion[]> {
    return guarded(async () => {
      const out: RulesVersion[] = [DEFAULT_RULES_VERSION];
      const rows = this.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`PartitionKey eq ${RULES_PK}` },
      });
      for await (const row of rows) out.push(readJson<RulesVersion>(row, "data"));
      return out.sort((a, b) => a.version - b.version);
    });
  }

  async currentRules(): Promise<RulesVersion> {
    const all = await this.listRules();
    return all[all.length - 1] ?? DEFAULT_RULES_VERSION;
  }

  async rulesVersion(version: number): Promise<RulesVersion | null> {
    if (version === 0) return DEFAULT_RULES_VERSION;
    return guarded(async () => {
      try {
        return readJson<RulesVersion>(await this.table.getEntity(RULES_PK, rulesKey(version)), "data");
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    });
  }

  /** Save rules as version `base + 1`; a concurrent save of the same version makes this one 412. */
  async addRulesVersion(rules: Rules, base: number, at: string, by: string): Promise<RulesVersion> {
    const version: RulesVersion = { ...rules, version: base + 1, createdAt: at, createdBy: by };
    return guarded(async () => {
      try {
        await this.table.createEntity({
          partitionKey: RULES_PK,
          rowKey: rulesKey(version.version),
          ...jsonProps("data", version),
        });
        return version;
      } catch (e) {
        if (isConflict(e)) throw preconditionFailed("考核规则已被他人修改，请刷新后重试");
        throw e;
      }
    });
  }
}

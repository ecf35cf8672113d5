// What a running Excel host holds besides the workbook: request statistics, cell-edit mode, the supported
// API version, and event registrations (with the handlers' pending promises, so tests can wait for them).
import { formatRect, intersection, type Rect } from "./a1";
import { FakeOfficeError } from "./errors";
import type { ContextLike } from "./client";
import type { SheetModel } from "./sheet";
import type { ChangeRecord, TableModel, WorkbookModel } from "./workbook";

export interface FakeStats {
  /** Every context.sync() call, plus the final flush of Excel.run when it carries queued operations. */
  syncCount: number;
  /** Syncs that sent a request (Office.js sends nothing for an empty queue). */
  roundTrips: number;
  /** Size in bytes (UTF-8 JSON of actions and object paths) of every request sent, in order. */
  requestBytes: number[];
  maxRequestBytes: number;
  /** Response sizes (loaded values and method results), in order. */
  responseBytes: number[];
  reset(): void;
}

export function createStats(): FakeStats {
  const stats: FakeStats = {
    syncCount: 0,
    roundTrips: 0,
    requestBytes: [],
    maxRequestBytes: 0,
    responseBytes: [],
    reset() {
      stats.syncCount = 0;
      stats.roundTrips = 0;
      stats.requestBytes = [];
      stats.maxRequestBytes = 0;
      stats.responseBytes = [];
    },
  };
  return stats;
}

export type EventKind =
  "WorksheetChanged" | "TableChanged" | "WorksheetSelectionChanged" | "SelectionChanged";

export interface Registration {
  kind: EventKind;
  ctx: ContextLike;
  handler: (args: unknown) => unknown;
  sheet?: SheetModel;
  table?: TableModel;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function splitApiVersion(version: string): [string, string] {
  const [set, v] = version.split(" ");
  return v === undefined ? ["ExcelApi", version] : [set ?? "ExcelApi", v];
}

export class FakeHost {
  stats = createStats();
  cellEditMode = false;
  registrations: Registration[] = [];
  pending = new Set<Promise<unknown>>();
  eventErrors: unknown[] = [];

  constructor(
    public wb: WorkbookModel,
    /** Requirement sets and their highest supported version, e.g. { ExcelApi: "1.17" }. */
    public requirementSets: Record<string, string>,
  ) {}

  isSetSupported(name: string, version?: string): boolean {
    const supported = Object.entries(this.requirementSets).find(
      ([k]) => k.toLowerCase() === name.toLowerCase(),
    )?.[1];
    if (supported === undefined) return false;
    return version === undefined || compareVersions(supported, String(version)) >= 0;
  }

  /** Whether the host has `version`: an ExcelApi version ("1.9") or a set and its version ("ExcelApiOnline 1.1"). */
  supportsApi(version: string): boolean {
    return this.isSetSupported(...splitApiVersion(version));
  }

  /**
   * Office.js throws ApiNotFound client-side when a member needs a newer requirement set than the host has.
   */
  requireApi(member: string, version: string): void {
    if (!this.supportsApi(version)) {
      const [set, v] = splitApiVersion(version);
      throw new FakeOfficeError(
        "ApiNotFound",
        `This API is not supported: ${member} needs ${set} ${v}; this host supports ${set} ${this.requirementSets[set] ?? "none"}.`,
        member,
      );
    }
  }

  /** Raises onChanged events for recorded changes (none are recorded while enableEvents is off). */
  dispatch(changes: ChangeRecord[], triggerSource: "ThisLocalAddin" | "Unknown"): void {
    for (const change of changes) {
      for (const reg of this.registrations) {
        if (reg.kind === "WorksheetChanged" && (!reg.sheet || reg.sheet === change.sheet)) {
          this.fire(reg, {
            type: "WorksheetChanged",
            changeType: change.changeType,
            source: "Local",
            triggerSource,
            worksheetId: change.sheet.id,
            ...this.rangeArgs(change.sheet, change.rect),
            ...(change.details ? { details: change.details } : {}),
          });
        }
        if (reg.kind === "TableChanged") {
          const tables = reg.table ? [reg.table] : change.sheet.tables();
          for (const table of tables) {
            if (table.deleted || table.sheet !== change.sheet) continue;
            const cut = intersection(table.rect, change.rect);
            if (!cut) continue;
            this.fire(reg, {
              type: "TableChanged",
              changeType: change.changeType,
              source: "Local",
              tableId: table.id,
              worksheetId: change.sheet.id,
              ...this.rangeArgs(change.sheet, cut),
              ...(change.details ? { details: change.details } : {}),
            });
          }
        }
      }
    }
  }

  selectionChanged(sheet: SheetModel, r: Rect): void {
    if (!this.wb.eventsEnabled) return;
    for (const reg of this.registrations) {
      if (reg.kind === "WorksheetSelectionChanged" && reg.sheet === sheet) {
        this.fire(reg, { type: "WorksheetSelectionChanged", worksheetId: sheet.id, address: formatRect(r) });
      }
      if (reg.kind === "SelectionChanged") this.fire(reg, { type: "SelectionChanged" });
    }
  }

  private rangeArgs(sheet: SheetModel, r: Rect) {
    const address = formatRect(r);
    const get = (ctx: unknown, orNull: boolean) => {
      const sheets = (
        ctx as { workbook: { worksheets: { getItem(k: string): { getRange(a: string): unknown } } } }
      ).workbook.worksheets;
      const range = sheets.getItem(sheet.id).getRange(address) as { _orNull: boolean };
      if (orNull) range._orNull = true;
      return range;
    };
    return {
      address,
      getRange: (ctx: unknown) => get(ctx, false),
      getRangeOrNullObject: (ctx: unknown) => get(ctx, true),
    };
  }

  private fire(reg: Registration, args: unknown): void {
    const p: Promise<unknown> = Promise.resolve()
      .then(() => reg.handler(args))
      .catch((error: unknown) => {
        this.eventErrors.push(error);
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Resolves when every event handler started so far (and any they caused) has finished. */
  async settle(): Promise<void> {
    for (let i = 0; i < 100 && this.pending.size > 0; i++) {
      await Promise.all([...this.pending]);
      await new Promise<void>((resolve) => queueMicrotask(resolve));
    }
  }
}

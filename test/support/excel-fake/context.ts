// Excel.RequestContext and Excel.run: the queue, sync() with request-size accounting, failure semantics
// (earlier operations applied, later dropped), cell-edit mode, and the final flush of Excel.run.
import { ClientObj, SyncRun, utf8Bytes, type Op, type PathInfo } from "./client";
import { FakeOfficeError, REQUEST_PAYLOAD_TOO_LARGE } from "./errors";
import type { FakeHost } from "./host";
import { RuntimeProxy, WorkbookProxy } from "./proxies/workbook";

export const REQUEST_LIMIT = 5 * 1024 * 1024;

export class FakeRequestContext {
  readonly _host: FakeHost;
  _queue: Op[] = [];
  _processing = false;
  private seq = 0;
  readonly workbook: WorkbookProxy;
  readonly runtime: RuntimeProxy;
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
  readonly requestHeaders: Record<string, string> = {};

  constructor(host: FakeHost) {
    this._host = host;
    this.workbook = new WorkbookProxy(this, null, { type: 1, name: "" }, () => host.wb, {
      instantiate: false,
    });
    this.runtime = new RuntimeProxy(this, null, { type: 1, name: "Runtime" }, () => host, {
      instantiate: false,
    });
  }

  get application(): unknown {
    return (this.workbook as unknown as { application: unknown }).application;
  }

  _nextId(): number {
    return ++this.seq;
  }

  get debugInfo(): { pendingStatements: string[] } {
    return { pendingStatements: this._queue.map((op) => op.statement) };
  }

  load(object: ClientObj, option?: unknown): void {
    object.load(option);
  }

  trace(message: string): void {
    this._queue.push({
      action: {
        Id: this._nextId(),
        ActionType: 5,
        Name: "Trace",
        ObjectPathId: 0,
        ArgumentInfo: { Arguments: [message] },
      },
      obj: null,
      statement: `context.trace(${JSON.stringify(message)});`,
      run: (rt) => (rt as SyncRun & { traces?: string[] }).traces?.push(message),
    });
  }

  sync<T>(passThroughValue?: T): Promise<T> {
    return this._send(passThroughValue as T, true);
  }

  async _send<T>(passThroughValue: T, explicit: boolean): Promise<T> {
    const host = this._host;
    const ops = this._queue;
    this._queue = [];
    if (explicit) host.stats.syncCount++;
    if (ops.length === 0) {
      await Promise.resolve();
      return passThroughValue;
    }
    if (!explicit) host.stats.syncCount++;
    await Promise.resolve();
    if (host.cellEditMode) {
      throw new FakeOfficeError("InvalidOperationInCellEditMode", undefined, "RequestContext.sync");
    }
    const body = JSON.stringify({ Actions: ops.map((op) => op.action), ObjectPaths: collectPaths(ops) });
    const bytes = utf8Bytes(body);
    host.stats.roundTrips++;
    host.stats.requestBytes.push(bytes);
    host.stats.maxRequestBytes = Math.max(host.stats.maxRequestBytes, bytes);
    if (bytes > REQUEST_LIMIT) {
      throw new FakeOfficeError(
        REQUEST_PAYLOAD_TOO_LARGE,
        `The request payload size has exceeded the limit (${bytes} bytes > ${REQUEST_LIMIT}). Split the work into several syncs.`,
        "RequestContext.sync",
      );
    }
    const rt = new SyncRun(host) as SyncRun & { traces: string[] };
    rt.traces = [];
    this._processing = true;
    let failure: unknown;
    try {
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i] as Op;
        try {
          op.run(rt);
        } catch (error) {
          failure = decorate(error, ops, i, rt.traces);
          break;
        }
      }
    } finally {
      this._processing = false;
    }
    host.stats.responseBytes.push(rt.responseBytes);
    if (failure) {
      host.dispatch(host.wb.takeChanges(), "ThisLocalAddin");
      throw failure;
    }
    for (const commit of rt.commits) commit();
    host.dispatch(host.wb.takeChanges(), "ThisLocalAddin");
    return passThroughValue;
  }
}

function collectPaths(ops: Op[]): Record<string, PathInfo> {
  const out: Record<string, PathInfo> = {};
  for (const op of ops) {
    for (let o: ClientObj | null = op.obj; o && !out[o._path.Id]; o = o._parent) out[o._path.Id] = o._path;
  }
  return out;
}

function decorate(error: unknown, ops: Op[], index: number, traces: string[]): unknown {
  if (!(error instanceof FakeOfficeError)) return error;
  const op = ops[index] as Op;
  const statements = ops.map((o) => o.statement);
  error.traceMessages = [...traces];
  error.debugInfo = {
    ...error.debugInfo,
    errorLocation: error.debugInfo.errorLocation ?? op.statement.replace(/[ (=].*$/, ""),
    statement: op.statement,
    surroundingStatements: statements.slice(Math.max(0, index - 2), index + 3),
    fullStatements: statements,
  };
  return error;
}

export type Batch<T> = (context: FakeRequestContext) => Promise<T>;

/** Excel.run(batch) / Excel.run(object | objects | context, batch). */
export async function runBatch<T>(host: FakeHost, args: unknown[]): Promise<T> {
  const batch = args[args.length - 1];
  if (typeof batch !== "function")
    throw new FakeOfficeError("InvalidArgument", "Excel.run needs a batch function");
  const first = args.length > 1 ? args[0] : undefined;
  let ctx: FakeRequestContext;
  if (first instanceof FakeRequestContext) ctx = first;
  else if (first instanceof ClientObj) ctx = first._ctx as FakeRequestContext;
  else if (Array.isArray(first) && first[0] instanceof ClientObj) ctx = first[0]._ctx as FakeRequestContext;
  else ctx = new FakeRequestContext(host);
  const result = (batch as Batch<T>)(ctx);
  if (!result || typeof (result as { then?: unknown }).then !== "function") {
    throw new FakeOfficeError("RunMustReturnPromise");
  }
  const value = await result;
  await ctx._send(undefined, false);
  return value;
}

// The Office.js request model: proxy objects whose scalar properties throw PropertyNotLoaded until loaded and
// synced; every proxy created queues an "instantiate" action (so getItem("missing") fails at the next sync even
// if the object is never used, as in Office.js); property sets and method calls are queued and applied in order
// at sync(); a failing action leaves the earlier ones applied and drops the rest.
import { EXCEL_API_SETS } from "./apiSetTable";
import { FakeOfficeError, fail, propertyNotLoaded } from "./errors";
import type { FakeHost } from "./host";

export const NULL_OBJECT = Symbol("excel-fake null object");
export type Entity = unknown;

export interface ActionInfo {
  Id: number;
  ActionType: number;
  Name: string;
  ObjectPathId: number;
  ArgumentInfo?: { Arguments: unknown[] };
}

export interface Op {
  action: ActionInfo;
  obj: ClientObj | null;
  statement: string;
  run(rt: SyncRun): void;
}

export interface ScalarSpec {
  get?: (e: never, rt: SyncRun) => unknown;
  set?: (e: never, value: unknown, rt: SyncRun) => void;
  /** Minimum ExcelApi version; older hosts throw ApiNotFound on access, as Office.js does client-side. */
  api?: string;
  /** A cell-data property: reading it over more than 5,000,000 cells fails (RangeExceedsLimit). */
  cells?: (e: never) => number;
  /** Reads as null when this holds (cell-level properties of an unbounded range, e.g. "A:A"). */
  nullWhen?: (e: never) => boolean;
}

export interface NavSpec {
  /** A thunk, so that modules can refer to each other's classes. */
  cls: () => ClientClass;
  resolve: (parent: never, rt: SyncRun) => Entity | null;
  api?: string;
}

export interface ClientClass {
  new (...args: never[]): ClientObj;
  typeName: string;
  scalarSpecs: Record<string, ScalarSpec>;
  navSpecs: Record<string, NavSpec>;
  /** Collections: the item class and how to list items. */
  itemClass?: ClientClass;
  listItems?: (e: never, rt: SyncRun) => Array<{ key: unknown; entity: Entity }>;
  /** Collection-level scalars (e.g. count); any other load path applies to the items. */
  collectionScalars?: string[];
}

export type Resolver = (rt: SyncRun, parent: never, args: unknown[]) => Entity | null;

export interface PathInfo {
  Id: number;
  ObjectPathType: number;
  Name: string;
  ParentObjectPathId?: number;
  ArgumentInfo?: { Arguments: unknown[] };
}

interface LoadTree {
  all: boolean;
  props: Set<string>;
  navs: Map<string, LoadTree>;
  items?: LoadTree;
}

const emptyTree = (): LoadTree => ({ all: false, props: new Set(), navs: new Map() });

/** Deep copy with JSON semantics (Date → ISO text, NaN → null, undefined dropped), keeping proxies live. */
export function liveClone(value: unknown): unknown {
  if (value instanceof ClientObj) return value;
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value !== "object") {
    return typeof value === "number" && !Number.isFinite(value) ? null : value;
  }
  if (value instanceof Date) return value.toJSON();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : (liveClone(v) ?? null)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const c = liveClone(v);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

/** The wire form of arguments: proxies become object path references. */
function wireForm(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value ?? null, (_k, v: unknown) =>
      v instanceof ClientObj ? { _ObjectPathId: v._path.Id } : v,
    ),
  ) as unknown;
}

const encoder = new TextEncoder();
export const utf8Bytes = (text: string): number => encoder.encode(text).length;

export interface ContextLike {
  _host: FakeHost;
  _queue: Op[];
  _processing: boolean;
  _nextId(): number;
}

export abstract class ClientObj {
  static typeName = "ClientObject";
  static scalarSpecs: Record<string, ScalarSpec> = {};
  static navSpecs: Record<string, NavSpec> = {};

  _ctx: ContextLike;
  _path: PathInfo;
  _parent: ClientObj | null;
  _resolver: Resolver | null;
  _args: unknown[];
  _orNull: boolean;
  _bound = false;
  _entity: Entity = undefined;
  _isNull = false;
  _nullKnown: boolean | undefined = undefined;
  _fields = new Map<string, unknown>();
  _navCache = new Map<string, ClientObj>();

  constructor(
    ctx: ContextLike,
    parent: ClientObj | null,
    path: { type: number; name: string; args?: unknown[] },
    resolver: Resolver | null,
    options: { orNull?: boolean; entity?: Entity; instantiate?: boolean } = {},
  ) {
    this._ctx = ctx;
    this._parent = parent;
    this._resolver = resolver;
    this._args = (path.args ?? []).map(liveClone);
    this._orNull = options.orNull ?? false;
    const args = path.args ?? [];
    this._path = {
      Id: ctx._nextId(),
      ObjectPathType: path.type,
      Name: path.name,
      ...(parent ? { ParentObjectPathId: parent._path.Id } : {}),
      ...(args.length ? { ArgumentInfo: { Arguments: args.map(wireForm) } } : {}),
    };
    if ("entity" in options) {
      this._bound = true;
      this._entity = options.entity;
      this._nullKnown = false;
    } else if (options.instantiate !== false && !ctx._processing) {
      this._queueOp(1, "", [], `${this._typeName()}.${path.name || "(instantiate)"}`, (rt) => rt.bind(this));
    }
  }

  _typeName(): string {
    return (this.constructor as ClientClass).typeName;
  }

  get context(): unknown {
    return this._ctx;
  }

  get isNullObject(): boolean {
    if (this._nullKnown === undefined) throw propertyNotLoaded(this._typeName(), "isNullObject");
    return this._nullKnown;
  }

  _queueOp(
    actionType: number,
    name: string,
    args: unknown[],
    statement: string,
    run: (rt: SyncRun) => void,
  ): void {
    const action: ActionInfo = {
      Id: this._ctx._nextId(),
      ActionType: actionType,
      Name: name,
      ObjectPathId: this._path.Id,
      ...(args.length ? { ArgumentInfo: { Arguments: args.map(wireForm) } } : {}),
    };
    this._ctx._queue.push({ action, obj: this, statement, run });
  }

  _requireApi(member: string, version: string | undefined): void {
    if (version) this._ctx._host.requireApi(`${this._typeName()}.${member}`, version);
  }

  _read(name: string): unknown {
    if (this._fields.has(name)) return this._fields.get(name);
    if (this._nullKnown === true) return undefined;
    throw propertyNotLoaded(this._typeName(), name);
  }

  _write(name: string, value: unknown, spec: ScalarSpec): void {
    this._fields.set(name, value);
    const live = liveClone(value);
    this._queueOp(4, name, [value], `${this._typeName()}.${name} = ...;`, (rt) => {
      const e = rt.entity(this);
      if (e === NULL_OBJECT) return;
      spec.set?.(e as never, live, rt);
    });
  }

  /** A child proxy returned by a method (or navigation property), resolved when its instantiate action runs. */
  _child<T extends ClientObj>(
    cls: new (...args: ConstructorParameters<typeof ClientObj>) => T,
    name: string,
    args: unknown[],
    resolve: (rt: SyncRun, parent: never, args: never[]) => Entity | null,
    options: { orNull?: boolean; type?: number } = {},
  ): T {
    return new cls(this._ctx, this, { type: options.type ?? 3, name, args }, resolve as Resolver, {
      orNull: options.orNull ?? false,
    });
  }

  /** Queues a void method call. */
  _invoke(name: string, args: unknown[], run: (rt: SyncRun, e: never, args: never[]) => void): void {
    const live = args.map(liveClone);
    this._queueOp(3, name, args, `${this._typeName()}.${name}(...);`, (rt) => {
      const e = rt.entity(this);
      if (e === NULL_OBJECT) return;
      run(rt, e as never, live as never[]);
    });
  }

  /** Queues a method returning a primitive: a ClientResult whose value is readable after sync. */
  _result<T>(
    name: string,
    args: unknown[],
    run: (rt: SyncRun, e: never, args: never[]) => T,
  ): FakeClientResult<T> {
    const result = new FakeClientResult<T>();
    const live = args.map(liveClone);
    this._queueOp(3, name, args, `${this._typeName()}.${name}(...);`, (rt) => {
      const e = rt.entity(this);
      const value = e === NULL_OBJECT ? (null as T) : run(rt, e as never, live as never[]);
      rt.addResponse(value);
      rt.commits.push(() => result._set(value));
    });
    return result;
  }

  _nav<T extends ClientObj>(name: string): T {
    const cls = this.constructor as ClientClass;
    const spec = cls.navSpecs[name];
    if (!spec) throw new Error(`excel-fake: ${cls.typeName}.${name} is not a navigation property`);
    this._requireApi(name, spec.api);
    let child = this._navCache.get(name);
    if (!child) {
      const resolve = spec.resolve;
      child = new (
        spec.cls() as unknown as new (...args: ConstructorParameters<typeof ClientObj>) => ClientObj
      )(this._ctx, this, { type: 4, name }, ((rt: SyncRun, parent: never) =>
        resolve(parent, rt)) as Resolver);
      this._navCache.set(name, child);
    }
    return child as T;
  }

  load(option?: unknown): this {
    const tree = buildLoadTree(this.constructor as ClientClass, parseLoadOption(option));
    this._queueOp(2, "", [], `${this._typeName()}.load(${JSON.stringify(option ?? "")});`, (rt) =>
      rt.load(this, tree),
    );
    return this;
  }

  /** Object.set({...}) with nested navigation properties. */
  set(properties: Record<string, unknown>): void {
    const cls = this.constructor as ClientClass;
    if (properties instanceof ClientObj) properties = properties.toJSON() as Record<string, unknown>;
    for (const [key, value] of Object.entries(properties ?? {})) {
      const scalar = cls.scalarSpecs[key];
      if (scalar) {
        if (!scalar.set) fail("InvalidArgument", `${cls.typeName}.${key} is read-only`);
        this._write(key, value, scalar);
      } else if (cls.navSpecs[key] && value && typeof value === "object") {
        this._nav<ClientObj>(key).set(value as Record<string, unknown>);
      } else {
        fail("InvalidArgument", `${cls.typeName} has no property ${key}`);
      }
    }
  }

  toJSON(): unknown {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this._fields) {
      if (k === "items" && Array.isArray(v)) out.items = v.map((item: ClientObj) => item.toJSON());
      else out[k] = v;
    }
    for (const [k, child] of this._navCache) {
      const json = child.toJSON() as Record<string, unknown>;
      if (Object.keys(json).length) out[k] = json;
    }
    return out;
  }

  track(): this {
    return this;
  }
  untrack(): this {
    return this;
  }
}

/** Base for collections: `items` is readable after load(...) and sync. */
export abstract class ClientCollection extends ClientObj {
  get items(): ClientObj[] {
    return this._read("items") as ClientObj[];
  }
}

export class FakeClientResult<T> {
  private loaded = false;
  private stored: T | undefined;
  get value(): T {
    if (!this.loaded) {
      throw new FakeOfficeError(
        "ValueNotLoaded",
        'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
        "clientResult.value",
      );
    }
    return this.stored as T;
  }
  _set(value: T): void {
    this.loaded = true;
    this.stored = value;
  }
  toJSON(): unknown {
    return { value: this.stored };
  }
}

/** Declares scalar properties on a proxy class (getter throws until loaded; setter queues a set action). */
export function defineScalars(cls: ClientClass, specs: Record<string, ScalarSpec>): void {
  cls.scalarSpecs = { ...cls.scalarSpecs, ...specs };
  for (const [name, spec] of Object.entries(specs)) {
    Object.defineProperty((cls as unknown as { prototype: object }).prototype, name, {
      configurable: true,
      enumerable: true,
      get(this: ClientObj) {
        this._requireApi(name, spec.api);
        return this._read(name);
      },
      ...(spec.set
        ? {
            set(this: ClientObj, value: unknown) {
              this._requireApi(name, spec.api);
              this._write(name, value, spec);
            },
          }
        : {}),
    });
  }
}

/** Declares navigation properties (child proxies, created once per parent). */
export function defineNavs(cls: ClientClass, specs: Record<string, NavSpec>): void {
  cls.navSpecs = { ...cls.navSpecs, ...specs };
  for (const name of Object.keys(specs)) {
    Object.defineProperty((cls as unknown as { prototype: object }).prototype, name, {
      configurable: true,
      enumerable: true,
      get(this: ClientObj) {
        return this._nav(name);
      },
    });
  }
}

// ---- load options ----

function parseLoadOption(option: unknown): string[] {
  if (option === undefined || option === null) return ["*"];
  if (typeof option === "string")
    return option
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(option)) return option.flatMap((o) => parseLoadOption(String(o)));
  if (typeof option === "object") {
    const o = option as Record<string, unknown>;
    if ("select" in o || "expand" in o) {
      const select = o.select === undefined ? [] : parseLoadOption(o.select);
      const expand = o.expand === undefined ? [] : parseLoadOption(o.expand).map((p) => `${p}/*`);
      return [...(select.length ? select : ["*"]), ...expand];
    }
    const out: string[] = [];
    for (const [k, v] of Object.entries(o)) {
      if (k === "$all" && v) out.push("*");
      else if (k.startsWith("$")) continue;
      else if (v === true) out.push(k);
      else if (v && typeof v === "object") out.push(...parseLoadOption(v).map((p) => `${k}/${p}`));
    }
    return out.length ? out : ["*"];
  }
  fail("InvalidArgument", `load option ${String(option)}`);
}

/** Unknown names are kept and fail at sync (as the host rejects them). */
function buildLoadTree(cls: ClientClass, paths: string[]): LoadTree & { unknown: string[] } {
  const tree: LoadTree & { unknown: string[] } = { ...emptyTree(), unknown: [] };
  const add = (node: LoadTree, nodeCls: ClientClass, segments: string[]) => {
    const [head = "*", ...rest] = segments;
    if (nodeCls.itemClass) {
      if (head === "items") {
        node.items ??= emptyTree();
        add(node.items, nodeCls.itemClass, rest.length ? rest : ["*"]);
        return;
      }
      if (nodeCls.collectionScalars?.includes(head) && rest.length === 0) {
        node.props.add(head);
        return;
      }
      node.items ??= emptyTree();
      add(node.items, nodeCls.itemClass, segments);
      return;
    }
    if (head === "*") {
      node.all = true;
      return;
    }
    if (nodeCls.scalarSpecs[head] && rest.length === 0) {
      node.props.add(head);
      return;
    }
    const nav = nodeCls.navSpecs[head];
    if (nav) {
      let child = node.navs.get(head);
      if (!child) {
        child = emptyTree();
        node.navs.set(head, child);
      }
      add(child, nav.cls(), rest.length ? rest : ["*"]);
      return;
    }
    tree.unknown.push(`${nodeCls.typeName}.${head}`);
  };
  for (const p of paths)
    add(
      tree,
      cls,
      p.split("/").map((s) => s.trim()),
    );
  return tree;
}

// ---- executing a request ----

export const RESPONSE_LIMIT = 5 * 1024 * 1024;
export const CELL_READ_LIMIT = 5_000_000;

export class SyncRun {
  commits: Array<() => void> = [];
  responseBytes = 0;

  constructor(readonly host: FakeHost) {}

  entity(obj: ClientObj): Entity {
    this.bind(obj);
    if (obj._isNull) return NULL_OBJECT;
    checkAlive(obj._entity);
    return obj._entity;
  }

  bind(obj: ClientObj): void {
    if (obj._bound) return;
    let parentEntity: Entity = undefined;
    if (obj._parent) {
      parentEntity = this.entity(obj._parent);
      if (parentEntity === NULL_OBJECT) {
        obj._bound = true;
        obj._isNull = true;
        this.commits.push(() => (obj._nullKnown = true));
        return;
      }
    }
    const e = obj._resolver ? obj._resolver(this, parentEntity as never, obj._args) : parentEntity;
    if (e === null || e === undefined) {
      if (!obj._orNull)
        fail(
          "ItemNotFound",
          `${obj._typeName()} ${obj._path.Name}(${obj._args.map((a) => JSON.stringify(a)).join(", ")})`,
        );
      obj._isNull = true;
    } else {
      obj._entity = e;
      obj._isNull = false;
    }
    obj._bound = true;
    const isNull = obj._isNull;
    this.commits.push(() => (obj._nullKnown = isNull));
  }

  addResponse(value: unknown): void {
    this.responseBytes += utf8Bytes(JSON.stringify(value ?? null));
    if (this.responseBytes > RESPONSE_LIMIT) fail("ResponsePayloadSizeLimitExceeded");
  }

  load(obj: ClientObj, tree: LoadTree & { unknown?: string[] }): void {
    if (tree.unknown?.length)
      fail("InvalidArgument", `cannot load unknown properties ${tree.unknown.join(", ")}`);
    const e = this.entity(obj);
    if (e === NULL_OBJECT) return;
    const cls = obj.constructor as ClientClass;
    if (cls.itemClass && cls.listItems) {
      for (const p of tree.props) this.loadScalar(obj, cls, e, p);
      if (tree.items) {
        const itemCls = cls.itemClass as unknown as new (
          ...args: ConstructorParameters<typeof ClientObj>
        ) => ClientObj;
        const itemTree = tree.items;
        const items = cls
          .listItems(e as never, this)
          .map(
            ({ key, entity }) =>
              new itemCls(obj._ctx, obj, { type: 5, name: "_Item", args: [key] }, null, { entity }),
          );
        for (const item of items) this.load(item, itemTree);
        this.commits.push(() => obj._fields.set("items", items));
      }
      return;
    }
    // load() without names brings what the host has; naming a member newer than the host fails.
    const supported = (p: string) => {
      const version = EXCEL_API_SETS[cls.typeName]?.[p];
      return !version || this.host.supportsApi(version);
    };
    const props = tree.all ? Object.keys(cls.scalarSpecs).filter(supported) : [...tree.props];
    for (const p of props) {
      if (!supported(p)) fail("ApiNotFound", `${cls.typeName}.${p} is not supported by this host`);
      this.loadScalar(obj, cls, e, p);
    }
    for (const [name, childTree] of tree.navs) {
      const prev = obj._ctx._processing;
      obj._ctx._processing = true;
      let child: ClientObj;
      try {
        child = obj._nav(name);
      } finally {
        obj._ctx._processing = prev;
      }
      this.load(child, childTree);
    }
  }

  private loadScalar(obj: ClientObj, cls: ClientClass, e: Entity, name: string): void {
    const spec = cls.scalarSpecs[name];
    if (!spec?.get) return;
    if (spec.nullWhen?.(e as never)) {
      this.addResponse(null);
      this.commits.push(() => obj._fields.set(name, null));
      return;
    }
    if (spec.cells) {
      const n = spec.cells(e as never);
      if (n > CELL_READ_LIMIT) fail("RangeExceedsLimit", `reading ${name} of ${n} cells`);
    }
    const value = spec.get(e as never, this);
    this.addResponse(value);
    this.commits.push(() => obj._fields.set(name, value));
  }
}

/** Objects whose worksheet or table was deleted are gone. */
function checkAlive(e: Entity): void {
  if (!e || typeof e !== "object") return;
  const o = e as {
    deleted?: boolean;
    sheet?: { deleted?: boolean };
    table?: { deleted?: boolean };
    alive?: () => boolean;
  };
  if (o.deleted === true || o.sheet?.deleted === true || o.table?.deleted === true || o.alive?.() === false) {
    fail("ItemNotFound", "the object was deleted");
  }
}

/**
 * What Azure would refuse, the tests must refuse (issue 11, finding 3).
 *
 * Azurite enforces none of Azure Table Storage's entity limits, so a test could pass on a write that production
 * rejects. This is a small HTTP proxy in front of the suite's Azurite that checks every write the way the service
 * does and answers a refused one with the service's own status and JSON error body (`odata.error` with code and
 * message, `x-ms-error-code`); everything else is forwarded unchanged. The limits (Azure Table Storage, not the
 * Cosmos DB Table API):
 *
 * - an entity is at most 1 MiB, measured as the service measures it: 4 bytes + 2 bytes per character of
 *   PartitionKey and RowKey + for each property 8 bytes + 2 bytes per character of its name + its value
 *   (String 4 + 2 per UTF-16 code unit, Binary 4 + its bytes, Int32 4, Int64/Double/DateTime 8, Guid 16,
 *   Boolean 1) → 400 EntityTooLarge;
 * - a String or Binary property is at most 64 KiB (32 K UTF-16 code units) → 400 PropertyValueTooLarge;
 * - at most 252 properties besides PartitionKey, RowKey and Timestamp → 400 TooManyProperties; property
 *   names at most 255 characters → 400 PropertyNameTooLong;
 * - PartitionKey and RowKey at most 1 KiB each (2 bytes per UTF-16 code unit) → 400 KeyValueTooLarge; without
 *   `/`, `\`, `#`, `?` or control characters (U+0000–U+001F, U+007F–U+009F) → 400 OutOfRangeInput;
 * - text must be well-formed UTF-16: a lone surrogate (`"\ud800"` in the JSON) or bytes that are not UTF-8
 *   → 400 InvalidInput;
 * - an entity group transaction (`$batch`) has at most 100 operations (InvalidInput), on one partition only
 *   (CommandsInBatchActOnDifferentPartitions), each entity in it within the limits above; as the service does,
 *   the refusal comes back inside a 202 multipart answer as the failed operation's response, its message
 *   prefixed by the operation's index (`1:All commands in a batch must operate on same entity group.`), which
 *   the SDK turns into a RestError with that status and code;
 * - a request body over 4 MiB (the batch limit) → 413 RequestBodyTooLarge.
 *
 * A merge (PATCH/MERGE, also an upsert in merge mode) is checked on the entity it would leave: the stored entity
 * (read by the proxy itself, signed with Azurite's public development key) with the new properties laid over it.
 */
import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { azuriteConnectionString } from "../../scripts/azurite.js";

export const MAX_ENTITY_BYTES = 1024 * 1024;
export const MAX_PROPERTY_BYTES = 64 * 1024;
export const MAX_CUSTOM_PROPERTIES = 252;
export const MAX_KEY_BYTES = 1024;
export const MAX_BATCH_OPERATIONS = 100;
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

const refusal = (status: number, code: string, message: string): Refusal => ({ status, code, message });

const MESSAGES = {
  EntityTooLarge: "The entity is larger than the maximum allowed size (1MB).",
  PropertyValueTooLarge:
    "The property value exceeds the maximum allowed size (64KB). If the property value is a string, it is UTF-16 encoded and the maximum number of characters should be 32K or less.",
  TooManyProperties:
    "The entity contains more properties than allowed. Each entity can include up to 252 properties to store data. Each entity also has 3 system properties.",
  PropertyNameTooLong: "The property name exceeds the maximum allowed length (255).",
  KeyValueTooLarge: "The key value is larger than the maximum size permitted (1KB).",
  OutOfRangeInput: "One of the request inputs is out of range.",
  InvalidInput: "One of the request inputs is not valid.",
  BatchTooLarge: "The batch request operation exceeds the maximum 100 changes per change set.",
  DifferentPartitions: "All commands in a batch must operate on same entity group.",
  RequestBodyTooLarge: "The request body is too large and exceeds the maximum permissible limit.",
} as const;

const SYSTEM = new Set(["PartitionKey", "RowKey", "Timestamp"]);
// eslint-disable-next-line no-control-regex
const FORBIDDEN_KEY_CHARS = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

const utf16Bytes = (s: string) => s.length * 2;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** The size of one property's value as the service counts it. */
function valueBytes(value: unknown, type: string | undefined): number {
  if (value === null || value === undefined) return 0;
  switch (type) {
    case "Edm.Binary":
      return 4 + Buffer.from(String(value), "base64").length;
    case "Edm.Int64":
    case "Edm.Double":
    case "Edm.DateTime":
      return 8;
    case "Edm.Guid":
      return 16;
    case "Edm.Int32":
      return 4;
    case "Edm.Boolean":
      return 1;
    case "Edm.String":
      return 4 + utf16Bytes(String(value));
  }
  if (typeof value === "string") return 4 + utf16Bytes(value);
  if (typeof value === "boolean") return 1;
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? 4 : 8;
  return 4 + utf16Bytes(JSON.stringify(value));
}

/** Check a key taken from the body or the URL. */
function checkKey(name: string, key: unknown): Refusal | null {
  if (typeof key !== "string") return null;
  if (!isWellFormed(key)) return refusal(400, "InvalidInput", MESSAGES.InvalidInput);
  if (utf16Bytes(key) > MAX_KEY_BYTES)
    return refusal(400, "KeyValueTooLarge", `${MESSAGES.KeyValueTooLarge} (${name})`);
  if (FORBIDDEN_KEY_CHARS.test(key)) return refusal(400, "OutOfRangeInput", MESSAGES.OutOfRangeInput);
  return null;
}

/** Every string in a JSON value is well-formed UTF-16 (JSON.parse keeps `\ud800` escapes as lone surrogates). */
function wellFormed(value: unknown): boolean {
  if (typeof value === "string") return isWellFormed(value);
  if (Array.isArray(value)) return value.every(wellFormed);
  if (value && typeof value === "object")
    return Object.entries(value).every(([k, v]) => isWellFormed(k) && wellFormed(v));
  return true;
}

/**
 * The service's verdict on one entity write: `entity` is the JSON body, `urlKeys` the keys addressed in the
 * URL (update, merge, delete), if any.
 */
export function checkEntity(
  entity: Record<string, unknown> | null,
  urlKeys: { partitionKey: string; rowKey: string } | null,
): Refusal | null {
  if (entity !== null && !wellFormed(entity)) return refusal(400, "InvalidInput", MESSAGES.InvalidInput);
  const pk = urlKeys?.partitionKey ?? entity?.PartitionKey;
  const rk = urlKeys?.rowKey ?? entity?.RowKey;
  const keyProblem = checkKey("PartitionKey", pk) ?? checkKey("RowKey", rk);
  if (keyProblem) return keyProblem;
  if (entity === null) return null;
  let size = 4 + utf16Bytes(String(pk ?? "")) + utf16Bytes(String(rk ?? ""));
  let count = 0;
  for (const [name, value] of Object.entries(entity)) {
    if (SYSTEM.has(name) || name.includes("@odata.") || name.startsWith("odata.")) continue;
    count++;
    if (name.length > 255) return refusal(400, "PropertyNameTooLong", MESSAGES.PropertyNameTooLong);
    const type = entity[`${name}@odata.type`] as string | undefined;
    const bytes = valueBytes(value, type);
    if ((typeof value === "string" || type === "Edm.Binary") && bytes - 4 > MAX_PROPERTY_BYTES)
      return refusal(400, "PropertyValueTooLarge", MESSAGES.PropertyValueTooLarge);
    size += 8 + utf16Bytes(name) + bytes;
  }
  if (count > MAX_CUSTOM_PROPERTIES) return refusal(400, "TooManyProperties", MESSAGES.TooManyProperties);
  if (size > MAX_ENTITY_BYTES) return refusal(400, "EntityTooLarge", MESSAGES.EntityTooLarge);
  return null;
}

/** The keys in an entity URL: `/account/Table(PartitionKey='a',RowKey='b')`. */
function keysOfPath(path: string): { partitionKey: string; rowKey: string } | null {
  const m = /\(PartitionKey='((?:[^']|'')*)',\s*RowKey='((?:[^']|'')*)'\)/.exec(path.split("?")[0]!);
  if (!m) return null;
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s).replace(/''/g, "'");
    } catch {
      return s;
    }
  };
  return { partitionKey: decode(m[1]!), rowKey: decode(m[2]!) };
}

const WRITES = new Set(["POST", "PUT", "PATCH", "MERGE", "DELETE"]);

interface Operation {
  method: string;
  path: string;
  body: string;
}

/** Reads the stored entity at an entity path (for merges), or null when there is none. */
export type Lookup = (path: string) => Promise<Record<string, unknown> | null>;

const MERGES = new Set(["PATCH", "MERGE"]);

/** The verdict on one operation (a lone request, or one part of a batch). */
async function checkOperation(op: Operation, lookup?: Lookup): Promise<Refusal | null> {
  if (!WRITES.has(op.method)) return null;
  const urlKeys = keysOfPath(op.path);
  if (op.method === "POST" && /\/Tables\/?(\?|$)/.test(op.path.split("?")[0]! + "?")) return null;
  let entity: Record<string, unknown> | null = null;
  if (op.method !== "DELETE" && op.body.trim()) {
    try {
      entity = JSON.parse(op.body) as Record<string, unknown>;
    } catch {
      return refusal(400, "InvalidInput", MESSAGES.InvalidInput);
    }
    if (!entity || typeof entity !== "object" || Array.isArray(entity))
      return refusal(400, "InvalidInput", MESSAGES.InvalidInput);
  }
  const own = checkEntity(entity, urlKeys);
  if (own || !entity || !urlKeys || !MERGES.has(op.method) || !lookup) return own;
  // A merge keeps the stored properties it does not name: the result is what must fit.
  const stored = await lookup(op.path.split("?")[0]!);
  if (!stored) return null;
  const kept = Object.fromEntries(
    Object.entries(stored).filter(
      ([k]) => !k.startsWith("odata.") && k !== "Timestamp" && k !== "Timestamp@odata.type",
    ),
  );
  return checkEntity({ ...kept, ...entity }, urlKeys);
}

/** The operations of a `$batch` body (one changeset, as the SDK and the service use). */
export function batchOperations(body: string, contentType: string): Operation[] {
  const outer = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  const inner = /boundary=("?)(changeset_[^"\s;]+)\1/i.exec(body)?.[2];
  const boundary = inner ?? outer;
  if (!boundary) return [];
  const ops: Operation[] = [];
  for (const part of body.split(`--${boundary}`)) {
    const line = /^(POST|PUT|PATCH|MERGE|DELETE|GET) (\S+) HTTP\/1\.1\r?$/m.exec(part);
    if (!line) continue;
    const rest = part.slice(line.index + line[0].length);
    const blank = /\r?\n\r?\n/.exec(rest);
    const headers = blank ? rest.slice(0, blank.index) : rest;
    const method = /^x-http-method:\s*(\S+)/im.exec(headers)?.[1]?.toUpperCase() ?? line[1]!;
    const text = blank ? rest.slice(blank.index + blank[0].length) : "";
    let path = line[2]!;
    try {
      path = new URL(path).pathname + new URL(path).search;
    } catch {
      // already a path
    }
    ops.push({ method, path, body: text.replace(/\r?\n$/, "") });
  }
  return ops;
}

function partitionOf(op: Operation): string | undefined {
  const url = keysOfPath(op.path);
  if (url) return url.partitionKey;
  try {
    const pk = (JSON.parse(op.body) as { PartitionKey?: unknown }).PartitionKey;
    return typeof pk === "string" ? pk : undefined;
  } catch {
    return undefined;
  }
}

/** The verdict on a `$batch`: the failed operation's index and the refusal. */
export async function checkBatch(
  ops: Operation[],
  lookup?: Lookup,
): Promise<{ index: number; refusal: Refusal } | null> {
  if (ops.length > MAX_BATCH_OPERATIONS)
    return { index: MAX_BATCH_OPERATIONS - 1, refusal: refusal(400, "InvalidInput", MESSAGES.BatchTooLarge) };
  const first = ops[0] ? partitionOf(ops[0]) : undefined;
  for (const [index, op] of ops.entries()) {
    if (index > 0 && partitionOf(op) !== first)
      return {
        index,
        refusal: refusal(400, "CommandsInBatchActOnDifferentPartitions", MESSAGES.DifferentPartitions),
      };
    const r = await checkOperation(op, lookup);
    if (r) return { index, refusal: r };
  }
  return null;
}

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 413: "Request Entity Too Large" };

function errorJson(r: Refusal, prefix = ""): string {
  const value = `${prefix}${r.message}\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}`;
  return JSON.stringify({ "odata.error": { code: r.code, message: { lang: "en-US", value } } });
}

const JSON_TYPE = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";

function commonHeaders(): Record<string, string> {
  return {
    "x-ms-request-id": randomUUID(),
    "x-ms-version": "2019-02-02",
    "x-content-type-options": "nosniff",
    date: new Date().toUTCString(),
    "cache-control": "no-cache",
  };
}

function answerRefusal(res: http.ServerResponse, r: Refusal) {
  const body = errorJson(r);
  res.writeHead(r.status, {
    ...commonHeaders(),
    "content-type": JSON_TYPE,
    "x-ms-error-code": r.code,
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** A batch refusal as the service sends it: 202, one changeset response carrying the failed operation's error. */
function answerBatchRefusal(res: http.ServerResponse, index: number, r: Refusal) {
  const batch = `batchresponse_${randomUUID()}`;
  const changeset = `changesetresponse_${randomUUID()}`;
  const body = [
    `--${batch}`,
    `Content-Type: multipart/mixed; boundary=${changeset}`,
    "",
    `--${changeset}`,
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    "",
    `HTTP/1.1 ${r.status} ${STATUS_TEXT[r.status] ?? "Bad Request"}`,
    "X-Content-Type-Options: nosniff",
    "DataServiceVersion: 3.0;",
    `Content-Type: ${JSON_TYPE}`,
    "",
    errorJson(r, `${index}:`),
    `--${changeset}--`,
    `--${batch}--`,
    "",
  ].join("\r\n");
  res.writeHead(202, {
    ...commonHeaders(),
    "content-type": `multipart/mixed; boundary=${batch}`,
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** The verdict on a whole HTTP request to the Table endpoint. */
export async function verdict(
  method: string,
  path: string,
  contentType: string,
  body: Buffer,
  lookup?: Lookup,
): Promise<{ refusal: Refusal; batchIndex?: number } | null> {
  if (!WRITES.has(method)) return null;
  if (body.length === 0) {
    const r = await checkOperation({ method, path, body: "" }, lookup);
    return r ? { refusal: r } : null;
  }
  if (body.length > MAX_BODY_BYTES)
    return { refusal: refusal(413, "RequestBodyTooLarge", MESSAGES.RequestBodyTooLarge) };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return { refusal: refusal(400, "InvalidInput", MESSAGES.InvalidInput) };
  }
  if (/\/\$batch(\?|$)/.test(path)) {
    const failed = await checkBatch(batchOperations(text, contentType), lookup);
    return failed ? { refusal: failed.refusal, batchIndex: failed.index } : null;
  }
  const r = await checkOperation({ method, path, body: text }, lookup);
  return r ? { refusal: r } : null;
}

/** The development account's name and key, from the connection string the proxy hands out. */
function devAccount() {
  const cs = azuriteConnectionString(0);
  return {
    name: /AccountName=([^;]+)/.exec(cs)![1]!,
    key: Buffer.from(/AccountKey=([^;]+)/.exec(cs)![1]!, "base64"),
  };
}

/** GET an entity from the Table service, signed as the SDK signs (SharedKeyLite). */
function entityReader(host: string, port: number, agent: http.Agent): Lookup {
  const account = devAccount();
  return (path) =>
    new Promise((resolve) => {
      const date = new Date().toUTCString();
      const signature = createHmac("sha256", account.key)
        .update(`${date}\n/${account.name}${path}`, "utf8")
        .digest("base64");
      const req = http.request(
        {
          host,
          port,
          path,
          method: "GET",
          agent,
          headers: {
            "x-ms-date": date,
            "x-ms-version": "2019-02-02",
            accept: "application/json;odata=minimalmetadata",
            authorization: `SharedKeyLite ${account.name}:${signature}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            if (res.statusCode !== 200) return resolve(null);
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>);
            } catch {
              resolve(null);
            }
          });
          res.on("error", () => resolve(null));
        },
      );
      req.on("error", () => resolve(null));
      req.end();
    });
}

export interface StrictStorage {
  port: number;
  /** Connection string for the Table endpoint behind the proxy (Azurite's development account). */
  connectionString: string;
  /** Every refusal, for tests that want to see what was refused. */
  refusals: (Refusal & { method: string; path: string })[];
  close(): Promise<void>;
}

/**
 * Start the proxy on `port` (default: any free port) in front of the Table service at `targetPort`. The target is
 * looked up per request, so an Azurite restarted on the same port is reached again; while nothing listens
 * there, the client's connection is reset, as when storage is down.
 */
export async function startStrictStorage(options: {
  targetPort: number;
  targetHost?: string;
  port?: number;
}): Promise<StrictStorage> {
  const targetHost = options.targetHost ?? "127.0.0.1";
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const refusals: StrictStorage["refusals"] = [];
  const lookup = entityReader(targetHost, options.targetPort, agent);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", () => res.destroy());
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const method =
        (req.headers["x-http-method"] as string | undefined)?.toUpperCase() ?? req.method ?? "GET";
      const path = req.url ?? "/";
      const v = await verdict(method, path, String(req.headers["content-type"] ?? ""), body, lookup);
      if (v) {
        refusals.push({ ...v.refusal, method, path });
        if (v.batchIndex !== undefined) answerBatchRefusal(res, v.batchIndex, v.refusal);
        else answerRefusal(res, v.refusal);
        return;
      }
      const upstream = http.request(
        {
          host: targetHost,
          port: options.targetPort,
          method: req.method,
          path,
          headers: req.headers,
          agent,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.statusMessage, up.headers);
          up.pipe(res);
          up.on("error", () => res.destroy());
        },
      );
      // Storage down or gone mid-answer: the client sees its connection reset, as with the real service gone.
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    connectionString: azuriteConnectionString(port),
    refusals,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

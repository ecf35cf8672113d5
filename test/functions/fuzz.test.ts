/**
 * Malformed input against every write endpoint (DESIGN §2: "Never a 500 for anything a client sent"; errors are
 * application/problem+json with Chinese messages). fast-check generates broken JSON text, wrong types, unknown
 * fields, oversize strings, nesting 10,000 levels deep, bad dates, bad ids in the path, garbage If-Match and
 * Idempotency-Key headers and random principals. For every case: never a 5xx; every 4xx is a problem document
 * with a Chinese `detail`; and a rejected request writes nothing — every table of the installation holds exactly
 * the rows (and row versions) it held before.
 * Through the handlers for speed (≥ 1,000 cases), then a sample over real HTTP through the local host, including
 * bodies over 256 KB (→ 413).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "../../functions/src/domain/rules.js";
import { EDITABLE_ITEM_FIELDS } from "../../functions/src/domain/validation.js";
import { ACTIONS, type Action, type Principal } from "../../functions/src/domain/types.js";
import { encodePrincipal } from "../../functions/src/http/auth.js";
import type { LocalHost } from "../../functions/src/local/host.js";
import {
  type Answer,
  dept,
  invoke,
  leader,
  newItem,
  office,
  startHost,
  type TestEnv,
  testEnv,
  viewer,
} from "../support/api.js";
import { expectCleanData } from "../support/data-check.js";
import { validPayload } from "../support/factories.js";

/** Fixed by default so a failure reproduces; FUZZ_SEED=… explores other cases. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261102);
/** `npm test` runs about 1,000 cases; `npm run test:faults` sets FUZZ_SCALE=5 for over 5,000. */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1));
const TODAY = "2026-11-02"; // testEnv's clock: 2026-11-02T02:00Z
const CJK = /[\u4e00-\u9fff]/;
const MAX_BODY = 256 * 1024;

let env: TestEnv;
const seeded: Record<string, string> = {};
let cases = 0;

// ------------------------------------------------------------------------------------------------ storage snapshot

/** Every row of every table (key and version): a rejected request must leave this unchanged. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  await Promise.all(
    Object.entries(env.deps.tables.clients).map(async ([name, client]) => {
      const rows: string[] = [];
      for await (const e of client.listEntities({ queryOptions: { select: ["PartitionKey", "RowKey"] } }))
        rows.push(`${e.partitionKey}/${e.rowKey}@${e.etag}`);
      out[name] = rows.sort();
    }),
  );
  return out;
}
const counts = (s: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.length]));
let baseline: Record<string, string[]> = {};

// ------------------------------------------------------------------------------------------------ requests

interface FuzzRequest {
  route: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  /** "@current" in If-Match is replaced with the target's current ETag just before sending. */
  body: string | undefined;
}

const ROUTES: Record<string, { method: string; path: string }> = {
  createItem: { method: "POST", path: "/items" },
  editItem: { method: "PATCH", path: "/items/{id}" },
  itemAction: { method: "POST", path: "/items/{id}/actions/{action}" },
  issueNotice: { method: "POST", path: "/notices" },
  voidNotice: { method: "POST", path: "/notices/{year}/{seq}/void" },
  putDepartments: { method: "PUT", path: "/departments" },
  putSettings: { method: "PUT", path: "/settings" },
  putRules: { method: "PUT", path: "/rules" },
  finalizeAssessment: { method: "POST", path: "/assessments/{month}/finalize" },
};

/** The ETag a well-behaved client would send for this request now. */
async function currentEtag(r: FuzzRequest): Promise<string> {
  if (r.route === "editItem" || r.route === "itemAction") {
    const found = /^[A-Za-z0-9_-]{1,64}$/.test(r.params.id ?? "")
      ? await env.deps.items.get(r.params.id!)
      : null;
    return found?.etag ?? '"no-such-item"';
  }
  if (r.route === "putRules") return `"rules-v${(await env.deps.reference.currentRules()).version}"`;
  if (r.route === "putDepartments") return (await env.deps.reference.getDepartments()).etag ?? '"none"';
  if (r.route === "putSettings") return (await env.deps.reference.getSettings()).etag ?? '"none"';
  if (r.route === "voidNotice") {
    const year = Number(r.params.year);
    const seq = Number(r.params.seq);
    const found =
      Number.isInteger(year) && Number.isInteger(seq) && seq > 0
        ? await env.deps.notices.get(year, seq).catch(() => null)
        : null;
    return found?.etag ?? '"no-such-notice"';
  }
  return '"none"';
}

async function resolve(r: FuzzRequest): Promise<FuzzRequest> {
  if (r.headers["if-match"] !== "@current") return r;
  return { ...r, headers: { ...r.headers, "if-match": await currentEtag(r) } };
}

function describeCase(r: FuzzRequest, res: { status: number; body: unknown }) {
  const body =
    r.body === undefined
      ? "(none)"
      : r.body.length > 300
        ? `${r.body.slice(0, 300)}…(${r.body.length})`
        : r.body;
  return `${r.route} ${JSON.stringify(r.params)} headers=${JSON.stringify(r.headers).slice(0, 400)} body=${body}\n→ ${res.status} ${JSON.stringify(res.body)?.slice(0, 500)}`;
}

/** The checks every case must pass, whatever was sent. */
const tally = new Map<string, number>();
async function expectSafe(r: FuzzRequest, res: Answer | { status: number; headers: Headers; body: unknown }) {
  cases++;
  const tk = `${r.route} ${res.status} ${(res.body as { code?: string } | undefined)?.code ?? ""}`;
  tally.set(tk, (tally.get(tk) ?? 0) + 1);
  const where = describeCase(r, res);
  expect(res.status, where).toBeLessThan(500);
  expect(res.status, where).toBeGreaterThanOrEqual(200);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), where).toMatch(/^application\/problem\+json/);
    const problem = res.body as { status?: number; detail?: unknown; title?: unknown; type?: unknown };
    expect(problem.status, where).toBe(res.status);
    expect(typeof problem.type, where).toBe("string");
    expect(String(problem.detail), where).toMatch(CJK);
    expect(String(problem.title), where).toMatch(CJK);
    const after = await snapshot();
    expect(counts(after), `rows changed by a rejected request: ${where}`).toEqual(counts(baseline));
    expect(after, `rows changed by a rejected request: ${where}`).toEqual(baseline);
  } else {
    baseline = await snapshot(); // an accepted request may write; the next comparison starts from here
  }
}

async function sendInvoke(raw: FuzzRequest) {
  const r = await resolve(raw);
  const res = await invoke(env.deps, r.route, {
    params: r.params,
    headers: r.headers,
    ...(r.body !== undefined ? { raw: r.body } : {}),
  });
  await expectSafe(r, res);
}

// ------------------------------------------------------------------------------------------------ arbitraries

const ascii = (maxLength: number, minLength = 0) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength,
    maxLength,
  });
/** Header-safe (Latin-1, no control characters) text. */
const headerText = (maxLength: number) =>
  fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }))
      .map((c) => String.fromCharCode(c)),
    maxLength,
  });

const BAD_STRINGS = [
  "",
  " ",
  "2026-02-30",
  "2026-13-01",
  "2026-00-10",
  "31/12/2026",
  "2026-1-1",
  "20261231",
  "2026-12-31T00:00:00Z",
  "0000-01-01",
  "1899-12-31",
  "9999-12-31",
  "２０２６－１２－３１",
  '=HYPERLINK("http://evil")',
  "+cmd|' /C calc'!A0",
  "@SUM(A1)",
  "\u0000",
  "a\u0007b",
  "\ud800",
  "\udc00x",
  "null",
  "NaN",
  "Infinity",
  "tech",
  "safety",
  "no-such-dept",
  "../../etc/passwd",
  "' or 1 eq 1 or '",
  "urgent",
  "joint",
  "draft",
  "陕秦安督字〔2026〕1号",
  "中文内容",
];

const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BAD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2001, max: 70_000 }).map((n) => "超".repeat(n)) },
  {
    weight: 2,
    arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, 1.005, 0.001, 3661, 31)),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxLength: 40 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const ODD_KEYS = [
  "unknownField",
  "__proto__",
  "constructor",
  "id",
  "status",
  "etag",
  "noticeNumber",
  "version",
  "",
  "内容",
];

/** A valid body with some fields dropped, replaced by odd values, or added. */
function mutated(valid: () => Record<string, unknown>, fields: readonly string[]) {
  return fc
    .record({
      drop: fc.subarray([...fields], { maxLength: Math.min(2, fields.length) }),
      set: fc.array(fc.tuple(fc.constantFrom(...fields, ...ODD_KEYS), weirdValue), { maxLength: 3 }),
    })
    .map(({ drop, set }) => {
      const o: Record<string, unknown> = { ...valid() };
      for (const d of drop) delete o[d];
      for (const [k, v] of set)
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return o;
    });
}

const deep = fc
  .tuple(fc.integer({ min: 21, max: 10_000 }), fc.constantFrom("array", "object", "in-field", "unclosed"))
  .map(([n, kind]) => {
    switch (kind) {
      case "array":
        return "[".repeat(n) + "]".repeat(n);
      case "object":
        return '{"a":'.repeat(n) + "1" + "}".repeat(n);
      case "in-field":
        return `{"content":${"[".repeat(n)}${"]".repeat(n)}}`;
      default:
        return "[".repeat(n);
    }
  });

const MALFORMED = [
  "{",
  "}",
  "{'content':'单引号'}",
  '{"content":"尾逗号",}',
  '{"content":}',
  "NaN",
  "undefined",
  "\uFEFF{}",
  "null",
  "0",
  "[]",
  '"just text"',
  "true",
  "<xml/>",
  "content=abc&leadDept=tech",
  '{"a":"\\ud800"}',
  '{"a":"\\u00"}',
  '{"a":1}{"b":2}',
  "   ",
  "",
];

/** Body text: mostly JSON of a mutated object, else broken JSON, random text, deep nesting, or over 256 KB. */
function bodyText(object: fc.Arbitrary<unknown>, big = 1) {
  return fc.oneof(
    { weight: 10, arbitrary: object.map((o) => JSON.stringify(o)) },
    {
      weight: 2,
      arbitrary: fc.tuple(object, fc.nat()).map(([o, n]) => {
        const t = JSON.stringify(o) ?? "";
        return t.slice(0, t.length ? n % t.length : 0);
      }),
    },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    { weight: 2, arbitrary: deep },
    {
      weight: big,
      arbitrary: fc
        .tuple(fc.integer({ min: MAX_BODY + 1, max: MAX_BODY + 150_000 }), fc.boolean())
        // "超" is 3 bytes in UTF-8: ~90,000 of them are over 256 KB while far fewer than 256 K characters.
        .map(([n, wide]) =>
          JSON.stringify({ content: wide ? "超".repeat(Math.ceil(n / 3)) : "x".repeat(n) }),
        ),
    },
  );
}

const nobody: Principal = { id: "u-nobody", name: "无角色用户", roles: [] };
const PRINCIPALS: Principal[] = [office, leader, viewer, dept("tech"), dept("safety"), dept("ghost"), nobody];
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v) ?? "null", "utf8").toString("base64");

/** Mostly a principal allowed to make the request (so the body gets parsed), else anyone or garbage. */
const principalHeader = (fit: Principal[]): fc.Arbitrary<string | undefined> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...fit).map(encodePrincipal) },
    { weight: 1, arbitrary: fc.constant(undefined) }, // local development: the configured identity
    { weight: 3, arbitrary: fc.constantFrom(...PRINCIPALS).map(encodePrincipal) },
    { weight: 1, arbitrary: headerText(200) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(b64) },
    {
      weight: 1,
      arbitrary: fc
        .record({
          auth_typ: fc.string({ maxLength: 10 }),
          name_typ: fc.constantFrom("name", "x", undefined),
          claims: fc.array(
            fc.record({
              typ: fc.oneof(
                fc.constantFrom("name", "roles", "oid", "sub", "preferred_username"),
                fc.string({ maxLength: 8 }),
              ),
              val: fc.oneof(
                fc.constantFrom(
                  "office",
                  "leader",
                  "viewer",
                  "dept:tech",
                  "dept:../x",
                  "dept:",
                  "admin",
                  "x".repeat(500),
                ),
                fc.string({ maxLength: 20 }),
                fc.integer(),
                fc.constant(null),
              ),
            }),
            { maxLength: 6 },
          ),
        })
        .map(b64),
    },
  );

function ifMatchArb(extra: string[] = []) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: fc.constant("@current") },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "*",
        '"rules-v0"',
        '"rules-v1"',
        'W/"x"',
        `"${"x".repeat(201)}"`,
        '""',
        ...extra,
      ),
    },
    { weight: 1, arbitrary: headerText(60) },
    { weight: 1, arbitrary: ascii(60).map((s) => `"${s}"`) },
  );
}

const idempotencyKeyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom("fuzz-key-1", "fuzz-key-2") }, // reused across bodies
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(201), "has space", "clé", "\t", "k".repeat(200)) },
  { weight: 1, arbitrary: headerText(50) },
);

const contentTypeArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant("application/json") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "text/plain",
      "application/xml",
      "application/merge-patch+json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
      "application/json; charset=gbk",
      "APPLICATION/JSON",
    ),
  },
);

const extraHeadersArb = fc.dictionary(
  fc.constantFrom(
    "origin",
    "accept",
    "x-forwarded-for",
    "x-ms-client-principal-name",
    "x-ms-client-principal-id",
    "prefer",
  ),
  headerText(80),
  { maxKeys: 2 },
);

function headersArb(options: { ifMatch?: boolean; idempotency?: boolean; fit?: Principal[] } = {}) {
  return fc
    .record({
      principal: principalHeader(options.fit ?? [office]),
      ifMatch: options.ifMatch === false ? fc.constant(undefined) : ifMatchArb(),
      key: options.idempotency
        ? idempotencyKeyArb
        : fc.option(idempotencyKeyArb, { nil: undefined, freq: 5 }),
      contentType: contentTypeArb,
      extra: extraHeadersArb,
    })
    .map(({ principal, ifMatch, key, contentType, extra }) => {
      const h: Record<string, string> = { ...extra, "content-type": contentType };
      if (principal !== undefined) h["x-ms-client-principal"] = principal;
      if (ifMatch !== undefined) h["if-match"] = ifMatch;
      if (key !== undefined) h["idempotency-key"] = key;
      return h;
    });
}

const WEIRD_IDS = [
  "",
  " ",
  "../items",
  "a/b",
  "x".repeat(65),
  "%00",
  "%2F",
  "中文编号",
  "' or 1 eq 1",
  "item\u0000",
  "idem-x",
  "-",
  "_",
  "ev-00000001",
  "counter",
];
const idArb = () =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...Object.values(seeded)) },
    { weight: 2, arbitrary: fc.constantFrom(...WEIRD_IDS) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) },
    { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
  );

/** The fields of an item a create or an edit may carry. */
const ITEM_FIELDS = EDITABLE_ITEM_FIELDS;

/** Who may take the action on the seeded items (led by tech). */
const actorFor = (action: Action): Principal =>
  action === "urge"
    ? office
    : ["acknowledge", "progress", "request_extension", "report"].includes(action)
      ? dept("tech")
      : leader;

const validItem = () =>
  newItem({
    leadDept: "tech",
    assistDepts: ["safety"],
    mode: "joint",
    supervisionGroup: ["督办办公室"],
    urgency: "urgent",
  });
const VALID_EDITS: Record<string, unknown> = {
  content: "修改后的事项内容",
  requirements: "新的质量要求",
  owner: "李四",
  leader: "赵副总",
  deadline: "2027-01-31",
  urgency: "critical",
  mode: "tracking",
  assistDepts: [],
  leadDept: "safety",
  source: "special",
  supervisedDept: "安全部",
};

// ------------------------------------------------------------------------------------------------ seeding

async function seedItem(name: string, steps: [string, Principal, Record<string, unknown>][], issue = false) {
  const created = await invoke(env.deps, "createItem", {
    as: office,
    body: newItem({ content: `模糊测试种子：${name}` }),
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  let etag = created.body.etag as string;
  const run = async (action: string, as: Principal, body: Record<string, unknown>) => {
    const res = await invoke(env.deps, "itemAction", { as, params: { id, action }, ifMatch: etag, body });
    expect(res.status, `${name} ${action} ${JSON.stringify(res.body)}`).toBe(200);
    etag = res.body.etag;
  };
  if (issue) {
    await run("approve", leader, {});
    const notice = await invoke(env.deps, "issueNotice", { as: office, body: { itemIds: [id] } });
    expect(notice.status).toBe(201);
    etag = notice.body.items[0].etag;
  }
  for (const [action, as, body] of steps) await run(action, as, body);
  seeded[name] = id;
}

beforeAll(async () => {
  env = testEnv();
  const put = await invoke(env.deps, "putDepartments", {
    as: office,
    body: [
      { id: "tech", name: "技术部", head: "张三" },
      { id: "safety", name: "安全部", head: "李四" },
    ],
  });
  expect(put.status).toBe(200);
  const tech = dept("tech");
  const report = validPayload("report", TODAY);
  await seedItem("draft", []);
  await seedItem("registered", [["approve", leader, {}]]);
  await seedItem("notified", [], true);
  await seedItem("in_progress", [["acknowledge", tech, {}]], true);
  await seedItem(
    "extension_requested",
    [
      ["acknowledge", tech, {}],
      ["request_extension", tech, validPayload("request_extension", TODAY)],
    ],
    true,
  );
  await seedItem(
    "reported",
    [
      ["acknowledge", tech, {}],
      ["report", tech, report],
    ],
    true,
  );
  await seedItem(
    "closed",
    [
      ["acknowledge", tech, {}],
      ["report", tech, report],
      ["close", leader, { opinion: "同意办结" }],
    ],
    true,
  );
  await seedItem("cancelled", [["reject", leader, { reason: "不属于督办范围" }]]);
  baseline = await snapshot();
}, 60_000);

// ------------------------------------------------------------------------------------------------ per endpoint

const params = fc.constant({}) as fc.Arbitrary<Record<string, string>>;
let planned = 0;
let failedEarlier = false;
/** `examples`: hand-picked cases that always run first, before the generated ones. */
async function run(arb: fc.Arbitrary<FuzzRequest>, baseRuns: number, examples: FuzzRequest[] = []) {
  const numRuns = Math.round(baseRuns * SCALE);
  planned += numRuns;
  try {
    await fc.assert(fc.asyncProperty(arb, sendInvoke), {
      numRuns,
      seed: SEED,
      endOnFailure: true,
      examples: examples.map((e) => [e] as [FuzzRequest]),
    });
  } catch (e) {
    failedEarlier = true;
    throw e;
  }
}

/** A well-formed request by `who` with only If-Match changed: an ETag the storage never issued. */
const foreignEtag = (
  route: string,
  body: unknown,
  ifMatch: string,
  who: Principal = office,
): FuzzRequest => ({
  route,
  params: {},
  headers: {
    "content-type": "application/json",
    "x-ms-client-principal": encodePrincipal(who),
    "if-match": ifMatch,
  },
  body: JSON.stringify(body),
});

describe("模糊测试：任何畸形请求都不会 5xx，被拒绝的请求不写入任何数据", () => {
  it(
    "POST /api/items（登记）",
    async () => {
      await run(
        fc.record({
          route: fc.constant("createItem"),
          params,
          headers: headersArb({ ifMatch: false, idempotency: true }),
          body: fc.option(bodyText(mutated(validItem, ITEM_FIELDS)), { nil: undefined, freq: 20 }),
        }),
        150,
      );
    },
    120_000 * SCALE,
  );

  it(
    "PATCH /api/items/{id}（修改）",
    async () => {
      const edit = fc
        .subarray([...ITEM_FIELDS], { minLength: 1, maxLength: 3 })
        .map((fields) => () => Object.fromEntries(fields.map((f) => [f, VALID_EDITS[f]])));
      await run(
        fc.record({
          route: fc.constant("editItem"),
          params: idArb().map((id) => ({ id })),
          headers: headersArb(),
          body: edit.chain((valid) => bodyText(mutated(valid, ITEM_FIELDS))),
        }),
        130,
      );
    },
    120_000 * SCALE,
  );

  it(
    "POST /api/items/{id}/actions/{action}（每一种操作）",
    async () => {
      for (const action of ACTIONS) {
        const fields = Object.keys(validPayload(action, TODAY));
        const payload = mutated(
          () => validPayload(action as Action, TODAY),
          fields.length ? fields : ["note"],
        );
        await run(
          fc.record({
            route: fc.constant("itemAction"),
            params: idArb().map((id) => ({ id, action })),
            headers: headersArb({ fit: [actorFor(action)] }),
            body: fc.option(bodyText(payload), { nil: undefined, freq: 10 }),
          }),
          18,
        );
      }
      // Unknown or odd action names.
      await run(
        fc.record({
          route: fc.constant("itemAction"),
          params: fc.record({
            id: idArb(),
            action: fc.oneof(
              fc.constantFrom(
                "issue",
                "void_notice",
                "edit",
                "create",
                "__proto__",
                "constructor",
                "toString",
                "APPROVE",
                "",
              ),
              fc.string({ maxLength: 60 }),
            ),
          }),
          headers: headersArb(),
          body: bodyText(fc.constant({})),
        }),
        30,
      );
    },
    120_000 * SCALE,
  );

  it(
    "POST /api/notices（下发通知单）",
    async () => {
      const ids = fc.oneof(
        fc.constantFrom(...Object.values(seeded)).map((id) => [id]),
        fc.array(idArb(), { maxLength: 5 }),
        fc.constant(Array.from({ length: 51 }, (_, i) => `id${i}`)),
        fc.constantFrom(Object.values(seeded).slice(0, 2), [seeded.registered!, seeded.registered!]),
        weirdValue,
      );
      const body = fc
        .record({
          itemIds: ids,
          issueDate: fc.option(fc.oneof(fc.constantFrom(TODAY, "2026-11-03", "2027-01-01"), weirdValue), {
            nil: undefined,
          }),
        })
        .chain((valid) => mutated(() => ({ ...valid }), ["itemIds", "issueDate"]));
      await run(
        fc.record({
          route: fc.constant("issueNotice"),
          params,
          headers: headersArb({ ifMatch: false, idempotency: true }),
          body: bodyText(body),
        }),
        130,
      );
    },
    120_000 * SCALE,
  );

  it(
    "POST /api/notices/{year}/{seq}/void（作废）",
    async () => {
      const yearSeq = fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            { year: "2026", seq: "1" },
            { year: "2026", seq: "4" },
            { year: "2026", seq: "99" },
          ),
        },
        {
          weight: 3,
          arbitrary: fc.record({
            year: fc.constantFrom(
              "2026",
              "0",
              "-1",
              "202",
              "20260",
              "２０２６",
              "2026.0",
              "abc",
              " 2026",
              "1e3",
              "",
              "9999",
            ),
            seq: fc.constantFrom("1", "0", "-1", "1e3", "1.5", "9999999", "0x1", "", " 1", "00000001", "一"),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({ year: fc.string({ maxLength: 8 }), seq: fc.string({ maxLength: 8 }) }),
        },
      );
      await run(
        fc.record({
          route: fc.constant("voidNotice"),
          params: yearSeq,
          headers: headersArb(),
          body: fc.option(bodyText(mutated(() => ({ reason: "通知单内容有误" }), ["reason"])), {
            nil: undefined,
            freq: 10,
          }),
        }),
        110,
      );
    },
    120_000 * SCALE,
  );

  it(
    "POST /api/assessments/{month}/finalize（定稿）",
    async () => {
      await run(
        fc.record({
          route: fc.constant("finalizeAssessment"),
          params: fc
            .oneof(
              fc.constantFrom(
                "2026-10",
                "2026-11",
                "2026-12",
                "2026-13",
                "2026-00",
                "2026-1",
                "1899-12",
                "10000-01",
                "2026-10-01",
                "十月",
                "",
              ),
              fc.string({ maxLength: 12 }),
            )
            .map((month) => ({ month })),
          headers: headersArb({ ifMatch: false, fit: [leader] }),
          body: fc.option(bodyText(fc.jsonValue({ maxDepth: 2 })), { nil: undefined, freq: 2 }),
        }),
        90,
      );
    },
    120_000 * SCALE,
  );

  it(
    "PUT /api/settings",
    async () => {
      const valid = () => ({
        companyName: "陕西秦安煤矿安全评价事务有限公司",
        numberPrefix: "陕秦安督字",
        yellowLightDays: 3,
      });
      await run(
        fc.record({
          route: fc.constant("putSettings"),
          params,
          headers: headersArb({ fit: [office, leader] }),
          body: bodyText(mutated(valid, ["companyName", "numberPrefix", "yellowLightDays"])),
        }),
        90,
        [foreignEtag("putSettings", valid(), '"none"'), foreignEtag("putSettings", valid(), '"O"', leader)],
      );
    },
    120_000 * SCALE,
  );

  it(
    "PUT /api/rules",
    async () => {
      const valid = () => structuredClone({ ...DEFAULT_RULES }) as unknown as Record<string, unknown>;
      const tiers = fc.oneof(
        fc.array(
          fc.record({
            maxDays: fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 4000 }), weirdValue),
            points: weirdValue,
          }),
          {
            maxLength: 12,
          },
        ),
        weirdValue,
      );
      const factors = fc.dictionary(fc.constantFrom("normal", "urgent", "critical", "extreme"), weirdValue, {
        maxKeys: 4,
      });
      const body = mutated(valid, Object.keys(DEFAULT_RULES)).chain((o) =>
        fc.tuple(fc.boolean(), tiers, fc.boolean(), factors).map(([t, tv, f, fv]) => ({
          ...o,
          ...(t ? { r1Tiers: tv } : {}),
          ...(f ? { urgencyFactors: fv } : {}),
        })),
      );
      await run(
        fc.record({
          route: fc.constant("putRules"),
          params,
          headers: headersArb({ fit: [office, leader] }),
          body: bodyText(body),
        }),
        90,
      );
    },
    120_000 * SCALE,
  );

  it(
    "PUT /api/departments",
    async () => {
      const dept = mutated(() => ({ id: "tech", name: "技术部", head: "张三" }), ["id", "name", "head"]);
      const list = fc.oneof(
        { weight: 5, arbitrary: fc.array(dept, { maxLength: 5 }) },
        {
          weight: 1,
          arbitrary: fc.constant(
            Array.from({ length: 201 }, (_, i) => ({ id: `d${i}`, name: `部门${i}`, head: "" })),
          ),
        },
        {
          weight: 1,
          arbitrary: fc.constant([
            { id: "tech", name: "技术部" },
            { id: "tech", name: "重复" },
          ]),
        },
        { weight: 2, arbitrary: weirdValue },
      );
      await run(
        fc.record({
          route: fc.constant("putDepartments"),
          params,
          headers: headersArb({ fit: [office, leader] }),
          body: bodyText(list),
        }),
        90,
        [
          foreignEtag("putDepartments", [{ id: "tech", name: "技术部", head: "张三" }], '"O"'),
          foreignEtag("putDepartments", [], '"rules-v0"', leader),
        ],
      );
    },
    120_000 * SCALE,
  );

  it("总计至少 1,000 个生成的请求", () => {
    expect(planned).toBeGreaterThanOrEqual(1000);
    // A failed property stops early (its failure is reported above), so the total is only meaningful without one.
    expect(failedEarlier).toBe(false);
    if (process.env.FUZZ_STATS)
      console.info(
        [...tally]
          .sort()
          .map(([k, v]) => `${k}: ${v}`)
          .join("\n"),
        JSON.stringify(counts(baseline)),
        baseline.items?.slice(0, 2),
      );
    expect(cases).toBeGreaterThanOrEqual(1000);
  });
});

// ------------------------------------------------------------------------------------------------ over HTTP

describe("模糊测试（真实 HTTP，本地主机）", () => {
  let host: LocalHost;
  beforeAll(async () => {
    host = await startHost(env);
  });
  afterAll(async () => {
    await host?.close();
  });

  async function sendHttp(raw: FuzzRequest, bytes?: Uint8Array<ArrayBuffer>) {
    const r = await resolve(raw);
    const { method, path } = ROUTES[r.route]!;
    let url = host.url + path;
    for (const [k, v] of Object.entries(r.params)) url = url.replace(`{${k}}`, encodeURIComponent(v));
    const res = await fetch(url, {
      method,
      headers: r.headers,
      ...(bytes ? { body: bytes } : r.body !== undefined ? { body: r.body } : {}),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    await expectSafe(r, { status: res.status, headers: res.headers, body });
    return res.status;
  }

  const anyRequest = () =>
    fc.oneof(
      fc.record({
        route: fc.constant("createItem"),
        params,
        headers: headersArb({ ifMatch: false, idempotency: true }),
        body: bodyText(mutated(validItem, ITEM_FIELDS), 0),
      }),
      fc.record({
        route: fc.constant("editItem"),
        params: idArb().map((id) => ({ id })),
        headers: headersArb(),
        body: bodyText(
          mutated(() => ({ owner: "李四" }), ITEM_FIELDS),
          0,
        ),
      }),
      fc.record({
        route: fc.constant("itemAction"),
        params: fc.record({ id: idArb(), action: fc.constantFrom(...ACTIONS, "nope") }),
        headers: headersArb({ fit: [leader, dept("tech"), office] }),
        body: bodyText(
          fc.dictionary(fc.constantFrom("reason", "note", "deadline", "opinion", "x"), weirdValue),
          0,
        ),
      }),
      fc.record({
        route: fc.constant("issueNotice"),
        params,
        headers: headersArb({ ifMatch: false, idempotency: true }),
        body: bodyText(fc.record({ itemIds: fc.array(idArb(), { maxLength: 3 }) }), 0),
      }),
      fc.record({
        route: fc.constant("voidNotice"),
        params: fc.record({ year: fc.constantFrom("2026", "x"), seq: fc.constantFrom("1", "0", "a") }),
        headers: headersArb(),
        body: bodyText(fc.record({ reason: weirdValue }), 0),
      }),
      fc.record({
        route: fc.constantFrom("putSettings", "putRules", "putDepartments"),
        params,
        headers: headersArb(),
        body: bodyText(fc.jsonValue({ maxDepth: 3 }), 0),
      }),
      fc.record({
        route: fc.constant("finalizeAssessment"),
        params: fc.constantFrom("2026-13", "2026-10", "x").map((month) => ({ month })),
        headers: headersArb({ ifMatch: false, fit: [leader] }),
        body: fc.constant(undefined),
      }),
    );

  it(
    "80 个随机请求（含非 UTF-8 字节）：从不 5xx，被拒绝的不写入",
    async () => {
      const invalidUtf8 = new Uint8Array([
        0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d,
      ]);
      await fc.assert(
        fc.asyncProperty(anyRequest(), fc.boolean(), fc.nat(9), async (r, binary, pick) => {
          await sendHttp(r, binary && pick === 0 ? invalidUtf8 : undefined);
        }),
        { numRuns: 80, seed: SEED, endOnFailure: true },
      );
    },
    120_000 * SCALE,
  );

  it(
    "20 个超过 256 KB 的请求体：413（中文说明），什么都不写入",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            "createItem",
            "editItem",
            "itemAction",
            "issueNotice",
            "voidNotice",
            "putSettings",
            "putRules",
            "putDepartments",
          ),
          fc.integer({ min: MAX_BODY + 1, max: MAX_BODY + 200_000 }),
          fc.boolean(),
          headersArb(),
          async (route, size, wide, headers) => {
            const body = JSON.stringify({
              content: wide ? "超".repeat(Math.ceil(size / 3)) : "x".repeat(size),
            });
            expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY);
            const params: Record<string, string> =
              route === "voidNotice"
                ? { year: "2026", seq: "1" }
                : route === "itemAction"
                  ? { id: seeded.in_progress!, action: "progress" }
                  : { id: seeded.draft! };
            const status = await sendHttp({ route, params, headers, body });
            expect(status).toBe(413);
          },
        ),
        { numRuns: 20, seed: SEED, endOnFailure: true },
      );
    },
    120_000 * SCALE,
  );
});

// npm run check:data on the tables this file used: whatever the faults above did, no invariant is broken.
it("数据检查（npm run check:data）：所用的表没有任何不变量被破坏", async () => {
  await expectCleanData(env.connectionString, env.prefix);
}, 120_000);

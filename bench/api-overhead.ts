/**
 * API overhead: creating items and listing them through the HTTP API (a local host process on Azurite), against
 * the same storage work done directly with @azure/data-tables — the entities and transactions ItemsRepo writes
 * (snapshot + first event in one entity-group transaction per item) and the same filtered, paged query.
 */
import { randomBytes } from "node:crypto";
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { cstYear } from "../functions/src/domain/dates.js";
import { createItem } from "../functions/src/domain/lifecycle.js";
import { createItemSchema } from "../functions/src/domain/validation.js";
import { newItemId } from "../functions/src/http/respond.js";
import { eventEntity, snapshotEntity } from "../functions/src/storage/items-repo.js";
import { TableStore } from "../functions/src/storage/tables.js";
import { DEPARTMENTS, itemInput, office } from "./histories.js";
import { Api } from "./http.js";
import { fmtMs, fmtRate, log, median, now, pool, prng, type Prng, type Section, timed } from "./lib.js";
import { startApi } from "./processes.js";

const deadlineYear = cstYear(new Date()) + 1;

function createBody(r: Prng, i: number) {
  return { ...itemInput(r, i), deadline: `${deadlineYear}-12-31` };
}

/** What the repository would write for a create: the transaction, built before the clock starts. */
function directCreate(r: Prng, i: number): TransactionAction[] {
  const input = createItemSchema.parse(createBody(r, i));
  const d = createItem(newItemId(new Date()), input, { principal: office, at: new Date().toISOString() });
  if (!d.ok) throw new Error("createItem refused");
  return [
    // The entities ItemsRepo writes, built by its own functions.
    ["create", snapshotEntity(d.item, JSON.stringify(d.item))],
    ["create", eventEntity(d.event)],
  ];
}

async function listDirect(items: TableClient, pageSize: number): Promise<number> {
  let n = 0;
  const pages = items
    .listEntities<Record<string, unknown>>({ queryOptions: { filter: "RowKey eq 'item'" } })
    .byPage({ maxPageSize: pageSize });
  for await (const page of pages) n += page.length;
  return n;
}

/** GET /api/items page after page, as the add-in's listAllItems does (default page size). */
async function listApi(api: Api): Promise<number> {
  let n = 0;
  let token: string | null = null;
  do {
    const q: string = token ? `?continuationToken=${encodeURIComponent(token)}` : "";
    const a = await api.expect<{ items: unknown[]; continuationToken: string | null }>(
      [200],
      "GET",
      `/items${q}`,
    );
    n += a.body.items.length;
    token = a.body.continuationToken;
  } while (token);
  return n;
}

export interface ApiOverheadOptions {
  connectionString: string;
  runs: number;
  /** List runs (a run lists 5,000 items twice in about a second, so more of them steady the median). */
  listRuns?: number;
  creates: number;
  listed: number;
  concurrency: number;
  /** Stop adding create runs (after the third) once this many ms have passed. */
  budgetMs?: number;
}

const propertyNames = (e: Record<string, unknown>) =>
  Object.keys(e)
    .filter(
      (k) => !["etag", "timestamp", "odata.metadata", "odata.etag"].includes(k) && !k.startsWith("odata"),
    )
    .sort()
    .map((k) => `${k}:${typeof e[k]}`)
    .join(",");

export async function apiOverhead(o: ApiOverheadOptions): Promise<Section> {
  const prefix = `Bench${randomBytes(4).toString("hex")}`;
  const store = new TableStore(o.connectionString, prefix);
  await store.ensureTables();
  const items = store.table("items");
  const proc = await startApi(o.connectionString, prefix);
  const notes: string[] = [];
  try {
    const api = new Api(proc.url, office);
    await api.expect([200, 201], "PUT", "/departments", DEPARTMENTS);
    const r = prng(7);

    // The 5,000 items both sides list: written directly, exactly as the repository writes them.
    const seed = await timed(() =>
      pool(o.listed, o.concurrency, async (i) => {
        await items.submitTransaction(directCreate(r, i));
      }),
    );
    log(`api: seeded ${o.listed} items in ${fmtMs(seed.ms)}`);

    // Warm-up (connections, JIT, caches), not counted.
    await listApi(api);
    await listDirect(items, 500);

    const list = { api: [] as number[], direct: [] as number[], ratios: [] as number[] };
    for (let run = 0; run < (o.listRuns ?? o.runs); run++) {
      const order = run % 2 === 0 ? ["api", "direct"] : ["direct", "api"];
      const ms: Record<string, number> = {};
      for (const side of order) {
        const t = now();
        const n = side === "api" ? await listApi(api) : await listDirect(items, 500);
        ms[side] = now() - t;
        if (n !== o.listed) throw new Error(`${side} list returned ${n} items, expected ${o.listed}`);
      }
      list.api.push(ms.api!);
      list.direct.push(ms.direct!);
      list.ratios.push(ms.api! / ms.direct!);
      log(`api: list run ${run + 1}: api ${fmtMs(ms.api!)} direct ${fmtMs(ms.direct!)}`);
    }

    // Creates go into the same table after the list runs (the list runs need exactly `listed` snapshots).
    const create = { api: [] as number[], direct: [] as number[], ratios: [] as number[] };
    const sides = ["api", "direct"] as const;
    // Warm-up of both sides (JIT, sockets, the API's caches), not counted.
    const warm = Math.min(200, o.creates);
    await pool(warm, o.concurrency, async (i) => api.expect([201], "POST", "/items", createBody(r, i)));
    await pool(warm, o.concurrency, async (i) => items.submitTransaction(directCreate(r, i)));
    let apiIds: string[] = [];
    const createStart = now();
    for (let run = 0; run < o.runs; run++) {
      if (run >= 3 && o.budgetMs !== undefined && now() - createStart > o.budgetMs) break;
      const order = run % 2 === 0 ? sides : [...sides].reverse();
      const ms: Record<string, number> = {};
      for (const side of order) {
        if (side === "direct") {
          const batches = Array.from({ length: o.creates }, (_, i) => directCreate(r, i));
          const t = now();
          await pool(o.creates, o.concurrency, (i) => items.submitTransaction(batches[i]!));
          ms[side] = now() - t;
        } else {
          const bodies = Array.from({ length: o.creates }, (_, i) => createBody(r, i));
          const t = now();
          apiIds = await pool(o.creates, o.concurrency, async (i) => {
            const a = await api.expect<{ id: string }>([201], "POST", "/items", bodies[i]);
            return a.body.id;
          });
          ms[side] = now() - t;
        }
      }
      create.api.push(ms.api!);
      create.direct.push(ms.direct!);
      create.ratios.push(ms.api! / ms.direct!);
      log(`api: create run ${run + 1}: api ${fmtMs(ms.api!)} direct ${fmtMs(ms.direct!)}`);
    }

    // The direct side writes what the API writes: compare the stored entities' property names.
    const id = apiIds[0]!;
    const stored = await items.getEntity<Record<string, unknown>>(id, "item");
    const storedEvent = await items.getEntity<Record<string, unknown>>(id, "ev-00000001");
    const [mineSnap, mineEvent] = directCreate(r, 0).map((a) => a[1] as Record<string, unknown>);
    const same =
      propertyNames(stored) === propertyNames(mineSnap!) &&
      propertyNames(storedEvent) === propertyNames(mineEvent!);
    if (!same)
      throw new Error(
        `direct entities differ from the API's: ${propertyNames(stored)} / ${propertyNames(mineSnap!)}`,
      );
    notes.push(
      `API overhead: one API process (scripts/start.ts --api) on the bench's Azurite; ${o.listed} items seeded directly; ` +
        `list = GET /api/items page by page (default 500 per page, as the add-in's listAllItems) vs TableClient.listEntities ` +
        `"RowKey eq 'item'" byPage(500); create = ${o.creates} × POST /api/items (concurrency ${o.concurrency}, ` +
        `departments configured, so each create also reads them) vs ${o.creates} × submitTransaction([snapshot, event]) ` +
        `(concurrency ${o.concurrency}), no Idempotency-Key (with one, the API also writes and reads a key row); ` +
        `the API side's client is node:http with a keep-alive agent, the HTTP stack the SDK uses on the direct side; ` +
        `one unmeasured warm-up of each side first; stored ` +
        `snapshot/event property names and types identical on both sides: yes. ${list.api.length} list runs and ` +
        `${create.api.length} create runs; ratios are medians of per-run ratios (sides alternated each run).`,
    );

    const rl = median(list.ratios);
    const rc = median(create.ratios);
    const listRate = (ms: number) => fmtRate((o.listed / ms) * 1000, "items");
    const createRate = (ms: number) => fmtRate((o.creates / ms) * 1000, "items");
    return {
      title: "API overhead",
      notes,
      data: { ...o, seedMs: seed.ms, list, create },
      rows: [
        {
          group: "API overhead",
          name: `list ${o.listed} items: API vs direct Table query`,
          measured: `${fmtMs(median(list.api))} (${listRate(median(list.api))})`,
          baseline: `${fmtMs(median(list.direct))} (${listRate(median(list.direct))})`,
          ratio: rl,
          target: "≤ 1.3×",
          pass: rl <= 1.3,
        },
        {
          group: "API overhead",
          name: `create ${o.creates} items (conc. ${o.concurrency}): API vs direct transaction`,
          measured: `${fmtMs(median(create.api))} (${createRate(median(create.api))})`,
          baseline: `${fmtMs(median(create.direct))} (${createRate(median(create.direct))})`,
          ratio: rc,
          target: "≤ 1.6×",
          pass: rc <= 1.6,
        },
      ],
    };
  } finally {
    await proc.stop();
  }
}

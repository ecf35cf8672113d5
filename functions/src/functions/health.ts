import { type Call, register } from "../http/endpoint.js";

/** GET /api/health — liveness and whether Table Storage answers. Always 200 while the app runs; `status` says the rest. */
export async function health(call: Call) {
  const started = Date.now();
  let storage: { reachable: boolean; latencyMs: number; error?: string };
  try {
    // Checked afresh each time: a wiped storage gets its tables back and is reported truthfully.
    call.deps.tables.forget();
    await call.deps.tables.ensureTables();
    await call.deps.tables.ping();
    storage = { reachable: true, latencyMs: Date.now() - started };
  } catch {
    storage = { reachable: false, latencyMs: Date.now() - started, error: "存储服务无法连接" };
  }
  return {
    body: {
      status: storage.reachable ? "ok" : "degraded",
      storage,
      time: call.now.toISOString(),
      devMode: call.deps.config.devMode,
      version: call.deps.config.version,
    },
  };
}

export default register({
  name: "health",
  methods: ["GET"],
  route: "health",
  anonymous: true,
  handler: health,
});

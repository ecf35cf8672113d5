import { describe, expect, it } from "vitest";
import { HttpClient, invoke, newItem, office, startHost, testEnv } from "../support/api.js";

describe("第一条贯通路径", () => {
  it("健康检查报告存储可达，登记的事项能列出", async () => {
    const env = testEnv();
    const health = await invoke(env.deps, "health");
    expect(health.body.storage.reachable).toBe(true);
    const created = await invoke(env.deps, "createItem", { as: office, body: newItem() });
    expect(created.status).toBe(201);
    expect(created.headers.get("etag")).toBe(created.body.etag);
    const host = await startHost(env);
    try {
      const list = await new HttpClient(host.url).get("/items");
      expect(list.status).toBe(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    } finally {
      await host.close();
    }
  });
});

/**
 * The local host (functions/src/local/host.ts) facing what a client can put on the wire that fetch would never
 * send: a Host that is not an authority, odd request-targets, broken percent-encoding, unusual header bytes.
 * Whatever arrives, the answer is a 4xx problem+json in Chinese (or the normal answer), never a 500.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../functions/src/local/host.js";
import { startHost, type TestEnv, testEnv } from "../support/api.js";

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `head` (request line + header lines, without the blank line) and an optional body over a raw socket. */
function raw(port: number, head: string, body: Buffer | string = ""): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1" });
    const chunks: Buffer[] = [];
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("error", reject);
    socket.on("close", () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf("\r\n\r\n");
      const [statusLine = "", ...lines] = all.subarray(0, end).toString("latin1").split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(":");
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      let body = all.subarray(end + 4);
      if (/chunked/i.test(headers["transfer-encoding"] ?? "")) {
        const parts: Buffer[] = [];
        for (let at = 0; at < body.length;) {
          const eol = body.indexOf("\r\n", at);
          const size = parseInt(body.subarray(at, eol).toString("latin1"), 16);
          if (!size) break;
          parts.push(body.subarray(eol + 2, eol + 2 + size));
          at = eol + 2 + size + 2;
        }
        body = Buffer.concat(parts);
      }
      resolve({ status: Number(statusLine.split(" ")[1] ?? 0), headers, body: body.toString("utf8") });
    });
    const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
    const lines = head.split("\n").map((l) => l.replace(/\r$/, ""));
    if (bytes.length) lines.push(`Content-Length: ${bytes.length}`);
    lines.push("Connection: close");
    socket.write(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), bytes]));
  });
}

function expectChineseProblem(answer: RawAnswer, status: number) {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.headers["content-type"]).toContain("application/problem+json");
  const problem = JSON.parse(answer.body) as { status: number; detail: string };
  expect(problem.status).toBe(status);
  expect(problem.detail).toMatch(/[\u4e00-\u9fff]/);
}

let env: TestEnv;
let host: LocalHost;
beforeAll(async () => {
  env = testEnv();
  host = await startHost(env);
});
afterAll(() => host.close());

describe("本地宿主：客户端发来的请求行和请求头，无论多怪，都不是 500", () => {
  it.each([
    ["含空格", "exa mple"],
    ["含路径", "example.com/api"],
    ["含用户信息", "user@example.com"],
    ["端口不是数字", "example.com:80x"],
    ["两个冒号", "example.com:80:81"],
    ["未闭合的 IPv6", "[::1"],
    ["空值", ""],
    ["含反斜杠", "exa\\mple"],
  ])("Host 不是合法的主机名（%s）：400 problem+json（中文）", async (_name, value) => {
    const answer = await raw(host.port, `GET /api/health HTTP/1.1\nHost: ${value}`);
    expectChineseProblem(answer, 400);
    expect(answer.body).toContain("Host");
  });

  it.each([["127.0.0.1:7071"], ["localhost"], ["[::1]:7071"], ["example.com"], ["EXAMPLE.com:443"]])(
    "合法的 Host（%s）照常回答",
    async (value) => {
      const answer = await raw(host.port, `GET /api/health HTTP/1.1\nHost: ${value}`);
      expect(answer.status, answer.body).toBe(200);
    },
  );

  it("HTTP/1.1 请求没有 Host：400（RFC 9112）；HTTP/1.0 可以没有", async () => {
    expectChineseProblem(await raw(host.port, "GET /api/health HTTP/1.1"), 400);
    expect((await raw(host.port, "GET /api/health HTTP/1.0")).status).toBe(200);
  });

  it("Node 解析器拒绝的请求（坏的请求头行、过大的请求头）：同样是中文 problem+json", async () => {
    expectChineseProblem(
      await raw(host.port, "GET /api/health HTTP/1.1\nHost: localhost\nno colon here"),
      400,
    );
    expectChineseProblem(await raw(host.port, "GET /api/health HTTP/1.1\nHost: localhost\nBad Name: x"), 400);
    expectChineseProblem(
      await raw(host.port, `GET /api/health HTTP/1.1\nHost: localhost\nX-Big: ${"x".repeat(20_000)}`),
      431,
    );
  });

  it("两个 Host 请求头：400", async () => {
    const answer = await raw(host.port, "GET /api/health HTTP/1.1\nHost: a.example\nHost: b.example");
    expectChineseProblem(answer, 400);
  });

  it("请求目标以 // 开头：按路径对待（404），不会被当成另一个主机", async () => {
    const answer = await raw(host.port, "GET //evil.example/api/health HTTP/1.1\nHost: localhost");
    expectChineseProblem(answer, 404);
    const other = await raw(host.port, "GET //api/health HTTP/1.1\nHost: localhost");
    expectChineseProblem(other, 404);
  });

  it("绝对形式的请求目标（RFC 9112 要求服务器接受）：按其中的路径回答", async () => {
    const answer = await raw(host.port, "GET http://evil.example/api/health HTTP/1.1\nHost: localhost");
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: "ok" });
  });

  it.each([
    ["星号形式", "*"],
    ["非 http 协议的绝对形式", "ftp://example.com/api/health"],
    ["不是路径", "api/health"],
    ["带主机却无效的绝对形式", "http://exa mple/api/health"],
  ])("无效的请求目标（%s）：400", async (_name, target) => {
    const answer = await raw(host.port, `GET ${target} HTTP/1.1\nHost: localhost`);
    expectChineseProblem(answer, 400);
  });

  it.each([
    ["残缺的百分号编码", "/api/items/%E4%B8"],
    ["非十六进制", "/api/items/%ZZ"],
    ["编码的代理项", "/api/items/%ED%A0%80"],
    ["路径中的 %00", "/api/items/a%00b"],
  ])("路径参数的编码无效（%s）：400，指明路径", async (_name, target) => {
    const answer = await raw(host.port, `GET ${target} HTTP/1.1\nHost: localhost`);
    expectChineseProblem(answer, 400);
  });

  it("查询参数里残缺的百分号编码：按原样作为参数值，不是 500", async () => {
    const answer = await raw(host.port, "GET /api/items?dept=%ZZ&status=%E4 HTTP/1.1\nHost: localhost");
    expect(answer.status, answer.body).toBeLessThan(500);
  });

  it.each([
    ["Latin-1 字节", Buffer.from("X-Note: caf\xe9", "latin1")],
    ["UTF-8 字节", Buffer.from("X-Note: 督办", "utf8")],
    ["身份头里的高位字节", Buffer.from("x-ms-client-principal: \xff\xfe", "latin1")],
    ["Origin 里的高位字节", Buffer.from("Origin: https://\xe9vil.example", "latin1")],
    ["If-Match 里的高位字节", Buffer.from('If-Match: W/"\xe9"', "latin1")],
    ["前后空白", Buffer.from("X-Note: \t spaced \t", "latin1")],
  ])("请求头含 %s：不是 500", async (_name, header) => {
    const answer = await raw(
      host.port,
      `GET /api/items HTTP/1.1\nHost: localhost\n${header.toString("latin1")}`,
    );
    expect(answer.status, answer.body).toBeLessThan(500);
    expect(answer.status).toBeGreaterThan(0);
  });

  it("写请求的请求头含高位字节：不是 500", async () => {
    const answer = await raw(
      host.port,
      `POST /api/items HTTP/1.1\nHost: localhost\nContent-Type: application/json; charset=\xe9\nIdempotency-Key: k\xe9y`,
      JSON.stringify({ content: "x" }),
    );
    expect(answer.status, answer.body).toBeLessThan(500);
    expect(answer.status).toBeGreaterThan(0);
  });
});

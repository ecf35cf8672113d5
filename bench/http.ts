/**
 * A minimal JSON client for the API, with the caller's identity in x-ms-client-principal (as Easy Auth sends it).
 * It speaks node:http with a keep-alive agent: the same HTTP stack @azure/data-tables uses on the direct side of the
 * comparisons, so a ratio measures the API, not the difference between undici's fetch and node:http.
 */
import http from "node:http";
import { encodePrincipal } from "../functions/src/http/auth.js";
import type { Principal } from "../functions/src/domain/types.js";

export interface Answer<T> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: T;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export class Api {
  private readonly principal: string;
  constructor(
    readonly baseUrl: string,
    as: Principal,
  ) {
    this.principal = encodePrincipal(as);
  }

  as(p: Principal): Api {
    return new Api(this.baseUrl, p);
  }

  call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body), "utf8");
    return this.send<T>(method, path, data, headers, true);
  }

  private send<T>(
    method: string,
    path: string,
    data: Buffer | undefined,
    headers: Record<string, string>,
    mayRetry: boolean,
  ): Promise<Answer<T>> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        this.baseUrl + path,
        {
          method,
          agent,
          headers: {
            "x-ms-client-principal": this.principal,
            ...(data ? { "content-type": "application/json", "content-length": String(data.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            try {
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: (text ? JSON.parse(text) : undefined) as T,
              });
            } catch (e) {
              reject(
                new Error(`${method} ${path} → ${res.statusCode}: not JSON: ${text.slice(0, 200)}`, {
                  cause: e,
                }),
              );
            }
          });
        },
      );
      req.on("error", (e: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed while idle (its keep-alive timeout) fails before the request is
        // read: send it again once on a new socket (the pattern Node's documentation gives for reusedSocket).
        if (mayRetry && req.reusedSocket && (e.code === "ECONNRESET" || /socket hang up/.test(e.message)))
          this.send<T>(method, path, data, headers, false).then(resolve, reject);
        else reject(e);
      });
      req.end(data);
    });
  }

  /** The call, or an exception naming the answer when its status is not one of `ok`. */
  async expect<T = unknown>(
    ok: number[],
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const a = await this.call<T>(method, path, body, headers);
    if (!ok.includes(a.status))
      throw new Error(`${method} ${path} → ${a.status}: ${JSON.stringify(a.body).slice(0, 400)}`);
    return a;
  }
}

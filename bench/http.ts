/** A minimal JSON client for the API, with the caller's identity in x-ms-client-principal (as Easy Auth sends it). */
import { encodePrincipal } from "../functions/src/http/auth.js";
import type { Principal } from "../functions/src/domain/types.js";

export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

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

  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        "x-ms-client-principal": this.principal,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
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

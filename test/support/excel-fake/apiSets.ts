// gateByApiSets(): every implemented member newer than ExcelApi 1.1 (apiSetTable.ts) throws ApiNotFound when
// touched on a host below its set, as Office.js does, so running the fake at the manifest floor (ExcelApi 1.9)
// proves the add-in uses nothing newer.
import { EXCEL_API_SETS } from "./apiSetTable";
import { ClientObj } from "./client";
import * as chart from "./proxies/chart";
import * as conditional from "./proxies/conditional";
import * as format from "./proxies/format";
import * as print from "./proxies/print";
import * as range from "./proxies/range";
import * as table from "./proxies/table";
import * as validation from "./proxies/validation";
import * as workbook from "./proxies/workbook";
import * as worksheet from "./proxies/worksheet";

type ProxyClass = { typeName: string; prototype: object };

function proxyClasses(): ProxyClass[] {
  const modules = [chart, conditional, format, print, range, table, validation, workbook, worksheet];
  return modules
    .flatMap((m) => Object.values(m) as unknown[])
    .filter(
      (v): v is ProxyClass =>
        typeof v === "function" && (v as { prototype: unknown }).prototype instanceof ClientObj,
    );
}

function findDescriptor(proto: object, name: string): PropertyDescriptor | undefined {
  for (
    let p: object | null = proto;
    p && p !== ClientObj.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d;
  }
  return undefined;
}

let gated = false;

/** Wraps every implemented member newer than ExcelApi 1.1 so that touching it checks the host's version. */
export function gateByApiSets(): void {
  if (gated) return;
  gated = true;
  for (const cls of proxyClasses()) {
    const members = EXCEL_API_SETS[cls.typeName] ?? {};
    for (const [name, version] of Object.entries(members)) {
      const d = findDescriptor(cls.prototype, name);
      if (!d) continue;
      const check = (self: ClientObj) => self._requireApi(name, version);
      if (typeof d.value === "function") {
        const method = d.value as (...args: unknown[]) => unknown;
        Object.defineProperty(cls.prototype, name, {
          ...d,
          value(this: ClientObj, ...args: unknown[]) {
            check(this);
            return method.apply(this, args);
          },
        });
      } else if (d.get || d.set) {
        const { get, set } = d;
        Object.defineProperty(cls.prototype, name, {
          ...d,
          ...(get
            ? {
                get(this: ClientObj) {
                  check(this);
                  return get.call(this) as unknown;
                },
              }
            : {}),
          ...(set
            ? {
                set(this: ClientObj, value: unknown) {
                  check(this);
                  set.call(this, value);
                },
              }
            : {}),
        });
      }
    }
  }
}

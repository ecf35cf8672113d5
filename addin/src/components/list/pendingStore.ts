// How many rows the last push could not send, kept in localStorage so the pane still sends them after it was
// closed: the rows themselves stay marked 未发送 in the sheet (and their idempotency keys make a resend safe).
export const UNSENT_KEY = "duban.unsentRows";

export type Store = Pick<Storage, "getItem" | "setItem">;

export function browserStore(): Store | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

export function loadUnsent(storage: Store | null = browserStore()): number {
  try {
    const n = Number(storage?.getItem(UNSENT_KEY) ?? "0");
    return Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

export function saveUnsent(count: number, storage: Store | null = browserStore()): void {
  try {
    storage?.setItem(UNSENT_KEY, String(Math.max(0, Math.trunc(count))));
  } catch {
    // Storage refused (private mode, quota): the rows are still marked in the sheet.
  }
}

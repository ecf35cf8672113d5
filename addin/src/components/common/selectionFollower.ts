// Following the selection in 督办清单: the Excel layer's selection event, settled (a drag over rows fires many) and
// undone when the pane no longer listens. Plain module: the App calls it from an effect, tests with fake timers.
import type { ListWorkbook } from "./workbook";

/** A burst of selection changes is reported once, this long after the last. */
export const SELECTION_SETTLE_MS = 300;

/**
 * Subscribe to selection changes on 督办清单; `onSettled` runs once a burst of changes has settled. Answers the
 * function that ends it all: pending reports are dropped and the Excel handler is removed — also when the
 * subscription was still being made.
 */
export function followSelection(
  excel: Pick<ListWorkbook, "onListSelectionChanged">,
  onSettled: () => void,
  settleMs = SELECTION_SETTLE_MS,
): () => void {
  let closed = false;
  let unsubscribe: (() => Promise<void>) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const moved = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!closed) onSettled();
    }, settleMs);
  };
  const quietly = (off: () => Promise<void>) => void off().catch(() => undefined);
  let subscription: Promise<() => Promise<void>>;
  try {
    subscription = excel.onListSelectionChanged(moved);
  } catch {
    return () => undefined;
  }
  subscription.then(
    (off) => {
      if (closed) quietly(off);
      else unsubscribe = off;
    },
    // No sheet to follow (not in Excel, no list yet): nothing to undo.
    () => undefined,
  );
  return () => {
    closed = true;
    clearTimeout(timer);
    if (unsubscribe) quietly(unsubscribe);
    unsubscribe = null;
  };
}

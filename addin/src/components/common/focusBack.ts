// When a confirmation or a form that replaced its opener closes (取消, 确定, sent), the element that had the focus is
// gone and the browser puts the focus on the page: a keyboard user would start again from the top. useFocusBack
// gives it back to the button that opened it (marked data-focus-back="<what it opens>"), or, unless told not to, to
// the first opener still there.
import { type RefObject, useEffect, useRef } from "react";

const enabledOpeners = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>("[data-focus-back]")].filter(
    (e) => !(e as HTMLButtonElement).disabled,
  );

/**
 * `open` names what is open (an action, a record id) or is null. When it becomes null the focus goes back into
 * `root`: never when the pane does not have the focus (the clerk is in the workbook: a new selection closed the
 * form) nor when it is already elsewhere in the pane.
 */
export function useFocusBack(
  root: RefObject<HTMLElement | null>,
  open: string | null,
  /** Whether, when its opener is gone, another opener takes the focus (not where openers act on other records). */
  fallback = true,
): void {
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (open !== null) {
      opened.current = open;
      return;
    }
    const was = opened.current;
    opened.current = null;
    const panel = root.current;
    if (was === null || !panel || !document.hasFocus()) return;
    const active = document.activeElement;
    if (active && active !== document.body && !panel.contains(active)) return;
    const openers = enabledOpeners(panel);
    (openers.find((e) => e.dataset.focusBack === was) ?? (fallback ? openers[0] : undefined))?.focus();
  }, [root, open, fallback]);
}

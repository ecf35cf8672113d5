/** Text cut on code points, never inside a surrogate pair (an emoji or a CJK Extension B character). */

/** At most `max` code points of `text`. */
export function cutCodePoints(text: string, max: number): string {
  let units = 0;
  let points = 0;
  while (units < text.length && points < max) {
    const c = text.codePointAt(units)!;
    units += c > 0xffff ? 2 : 1;
    points++;
  }
  return units >= text.length ? text : text.slice(0, units);
}

/** A short excerpt for messages: the first `max` code points, with … when cut. */
export function excerpt(text: string, max = 20): string {
  const cut = cutCodePoints(text, max);
  return cut.length < text.length ? `${cut}…` : cut;
}

/**
 * Split text into parts of at most `maxUnits` UTF-16 code units each, never between the two halves of a
 * surrogate pair, so every part is well-formed UTF-16 on its own.
 */
export function splitUnits(text: string, maxUnits: number): string[] {
  if (maxUnits < 2) throw new RangeError("maxUnits must be at least 2");
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + maxUnits, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(i, end));
    i = end;
  }
  return parts.length ? parts : [""];
}

/** Whether `text` holds a lone surrogate (ill-formed UTF-16, which storage and JSON consumers refuse). */
export function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

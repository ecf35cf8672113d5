/** Notice numbers 陕秦安督字〔2026〕12号: `{prefix}〔{year}〕{seq}号`. */

export interface NoticeNumber {
  prefix: string;
  year: number;
  seq: number;
}

export const DEFAULT_PREFIX = "陕秦安督字";

/** The largest sequence number `parseNoticeNumber` reads back (six digits). */
const MAX_SEQ = 999_999;

export function formatNoticeNumber(year: number, seq: number, prefix: string = DEFAULT_PREFIX): string {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new RangeError(`文号年度无效: ${year}`);
  // Bounded like the parser, so every number we issue can be typed back.
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ) throw new RangeError(`文号序号无效: ${seq}`);
  return `${prefix}〔${year}〕${seq}号`;
}

export class NoticeNumberError extends Error {
  override readonly name = "NoticeNumberError";
}

// prefix, an opening bracket of any accepted kind, year, the matching close, seq, 号 — spaces allowed between parts.
const NUMBER_RE = /^\s*([^\s〔[［\d]+?)\s*([〔[［])\s*(\d{4})\s*([〕\]］])\s*(\d{1,6})\s*号\s*$/u;
const CLOSING: Record<string, string> = { "〔": "〕", "[": "]", "［": "］" };

/**
 * Parse a notice number as people type it: 〔〕, [] or ［］ brackets, stray spaces. When `prefix` is given
 * the number must carry it. Anything else is rejected with a Chinese message.
 */
export function parseNoticeNumber(text: string, prefix?: string): NoticeNumber {
  const m = NUMBER_RE.exec(text.normalize("NFC"));
  if (!m)
    throw new NoticeNumberError(
      `督办文号「${text}」格式不正确，应为 ${prefix ?? DEFAULT_PREFIX}〔年度〕序号号`,
    );
  const [, p, open, y, close, s] = m as unknown as [string, string, string, string, string, string];
  if (CLOSING[open] !== close) throw new NoticeNumberError(`督办文号「${text}」的括号不配对`);
  if (prefix !== undefined && p !== prefix)
    throw new NoticeNumberError(`督办文号「${text}」的前缀应为「${prefix}」`);
  // Same year range as formatNoticeNumber: a number that could never have been issued is not a number.
  if (Number(y) < 1900) throw new NoticeNumberError(`督办文号「${text}」的年度无效`);
  const seq = Number(s);
  if (seq < 1) throw new NoticeNumberError(`督办文号「${text}」的序号应从 1 开始`);
  return { prefix: p, year: Number(y), seq };
}

/** 存档编号 of a 报告单 (附件2): `{prefix}〔{year}〕{seq}号`, default prefix 督报, the year the item was closed. */
export function formatArchiveNumber(year: number, seq: number, prefix = "督报"): string {
  return formatNoticeNumber(year, seq, prefix);
}

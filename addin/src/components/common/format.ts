// How values read in the pane: CST times, deadlines, lights. Pure.
import type { DeadlineKind, Light } from "../../../../functions/src/domain/types";

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An ISO instant as China Standard Time, "2026-03-05 14:20", whatever the machine's zone. */
export function formatCst(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

export const DEADLINE_KIND_LABELS: Record<DeadlineKind, string> = {
  original: "原定时限",
  extension: "延期后时限",
  rectification: "整改时限",
};

export const LIGHT_BADGES: Record<
  Light,
  { label: string; color: "danger" | "warning" | "success" | "subtle" }
> = {
  red: { label: "红灯", color: "danger" },
  yellow: { label: "黄灯", color: "warning" },
  green: { label: "绿灯", color: "success" },
  grey: { label: "灰灯", color: "subtle" },
};

/** A date or a placeholder. */
export const dateOrDash = (date: string | null | undefined): string => date || "—";

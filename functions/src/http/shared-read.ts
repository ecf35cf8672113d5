/**
 * A value read from storage and kept for a few seconds per set of dependencies (settings, the department list):
 * concurrent callers share one read, a failed read is not kept, and `forget` drops it after a write.
 */
import type { Deps } from "../deps.js";

export class SharedRead<T> {
  private entry: { value: Promise<T>; until: number; deps: Deps } | null = null;

  constructor(
    private readonly load: (deps: Deps) => Promise<T>,
    private readonly ttlMs = 5_000,
  ) {}

  /** The kept value, or a new read (always a new read with `fresh`). */
  get(deps: Deps, fresh = false): Promise<T> {
    const now = Date.now();
    const kept = this.entry;
    if (!fresh && kept && kept.deps === deps && kept.until > now) return kept.value;
    const entry = { value: this.load(deps), until: now + this.ttlMs, deps };
    this.entry = entry;
    entry.value.catch(() => {
      if (this.entry === entry) this.entry = null;
    });
    return entry.value;
  }

  forget(): void {
    this.entry = null;
  }
}

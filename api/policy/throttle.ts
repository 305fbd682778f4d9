/**
 * ringsight/api/policy/throttle
 * =============================
 *
 * A small in-process counter per key over a fixed time window — what the
 * per-token exact-lookup limit (plugins/lookups.ts) and the authentication
 * failure limit (plugins/auth.ts) count with. Memory is bounded: once more
 * than `maxKeys` keys are held, expired windows are dropped, and if that is
 * not enough the oldest keys go (an attacker cycling keys resets only its own).
 * Per process: several server processes each keep their own counts.
 */

export interface ThrottleSettings {
  /** Events allowed per key per window. */
  max: number;
  windowMs: number;
}

export class WindowCounter {
  private readonly windows = new Map<string, { start: number; n: number }>();

  constructor(
    readonly settings: ThrottleSettings,
    private readonly maxKeys = 50_000
  ) {
    if (!(settings.max >= 1) || !(settings.windowMs >= 1))
      throw new Error('ringsight/api/throttle: max and windowMs must be ≥ 1');
  }

  /** Events counted for `key` in its current window. */
  count(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    return w && now - w.start < this.settings.windowMs ? w.n : 0;
  }

  /** True when `key` has used its window up (the next event would be over the limit). */
  exhausted(key: string, now = Date.now()): boolean {
    return this.count(key, now) >= this.settings.max;
  }

  /** Counts one event; returns the count in the window including it. */
  add(key: string, now = Date.now()): number {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.settings.windowMs) {
      if (!w && this.windows.size >= this.maxKeys) this.prune(now);
      w = { start: now, n: 0 };
      this.windows.set(key, w);
    }
    w.n++;
    return w.n;
  }

  /** Seconds until `key`'s window ends. */
  retryAfter(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    return w ? Math.max(1, Math.ceil((w.start + this.settings.windowMs - now) / 1000)) : 1;
  }

  private prune(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.settings.windowMs) this.windows.delete(k);
    // Still full: drop the oldest half (Map iteration is insertion order).
    if (this.windows.size >= this.maxKeys) {
      let drop = Math.ceil(this.windows.size / 2);
      for (const k of this.windows.keys()) {
        if (drop-- <= 0) break;
        this.windows.delete(k);
      }
    }
  }
}

/** Mutable sandbox state: restatements, vanished rows and one-shot failures, driven by /__control. */
export interface SandboxState {
  /** `${platform}|${token}|${day}` → multiplier applied to registrations (and what follows). */
  restated: Map<string, number>;
  /** `${platform}|${token}|${day}` rows that no longer exist. */
  vanished: Set<string>;
  /** Request counter per token (rate-limit and partial-page failure modes). */
  hits: Map<string, number>;
  /** Every request seen, for tests that check what was asked. */
  log: { method: string; url: string; headers: Record<string, string> }[];
  /** Traffic-source postbacks received (outgoing postbacks from CasinoFlux). */
  sourcePostbacks: string[];
  /**
   * What the last answer reported per tag: `${platform}|${token}|${tag}|${day}` → commission in
   * micros ("" = no tag, e.g. direct players). The attribution proof compares stored revenue with it.
   */
  truth: Map<string, number>;
}

export function newState(): SandboxState {
  return { restated: new Map(), vanished: new Set(), hits: new Map(), log: [], sourcePostbacks: [], truth: new Map() };
}

export function bump(state: SandboxState, key: string): number {
  const n = (state.hits.get(key) ?? 0) + 1;
  state.hits.set(key, n);
  return n;
}

/** Records one answer's commission per (tag, day); a later answer for the same day replaces it. */
export function recordTruth(state: SandboxState, platform: string, token: string, perTagDay: Map<string, number>): void {
  for (const [tagDay, micros] of perTagDay) state.truth.set(`${platform}|${token}|${tagDay}`, micros);
}

/** Adds to a per-(tag, day) map being built for one answer. */
export function addTruth(acc: Map<string, number>, tag: string, day: string, micros: number): void {
  const k = `${tag}|${day}`;
  acc.set(k, (acc.get(k) ?? 0) + micros);
}

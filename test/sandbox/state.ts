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
}

export function newState(): SandboxState {
  return { restated: new Map(), vanished: new Set(), hits: new Map(), log: [], sourcePostbacks: [] };
}

export function bump(state: SandboxState, key: string): number {
  const n = (state.hits.get(key) ?? 0) + 1;
  state.hits.set(key, n);
  return n;
}

/** Deterministic pseudo-random figures so the sandbox answers the same for the same day (until restated). */
export function hash32(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function rand(key: string): number {
  return hash32(key) / 4294967296;
}

export interface DayFigures {
  visits: number;
  registrations: number;
  depositingPlayers: number;
  ftds: number;
  qualified: number;
  /** cents */
  ftdSumCents: number;
  depositsCents: number;
  ngrCents: number;
  partnerIncomeCents: number;
  fixedPerPlayerCents: number;
}

/** Figures for one (account, brand, campaign, day); `factor` applies a restatement. */
export function figures(key: string, day: string, factor = 1): DayFigures {
  const r = (n: string) => rand(`${key}|${day}|${n}`);
  const visits = Math.round(120 + r("v") * 300);
  const registrations = Math.round(visits * (0.05 + r("r") * 0.05) * factor);
  const ftds = Math.round(registrations * (0.3 + r("f") * 0.2));
  const qualified = Math.max(0, ftds - Math.round(r("q") * 2));
  const ftdSumCents = ftds * Math.round(2500 + r("fs") * 5000);
  const depositsCents = ftdSumCents + Math.round(r("d") * 400_000);
  const ngrCents = Math.round(depositsCents * (0.2 + r("n") * 0.4)) - Math.round(r("neg") * 20_000);
  const fixedPerPlayerCents = qualified * 10_000;
  const partnerIncomeCents = fixedPerPlayerCents + Math.round(ngrCents * 0.3);
  return {
    visits,
    registrations,
    depositingPlayers: ftds + Math.round(r("dp") * 5),
    ftds,
    qualified,
    ftdSumCents,
    depositsCents,
    ngrCents,
    partnerIncomeCents,
    fixedPerPlayerCents,
  };
}

export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

export function centsToDecimal(cents: number): string {
  const neg = cents < 0;
  const a = Math.abs(cents);
  return `${neg ? "-" : ""}${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
}

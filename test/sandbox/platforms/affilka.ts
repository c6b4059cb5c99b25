import { centsToDecimal, eachDay, figures } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/**
 * Affilka partner report (GET /affilka/api/customer/v1/partner/report) as platforms.md §4 describes:
 * token in the URL (or raw Authorization header), from/to inclusive, group_by[] day|brand|campaign,
 * rows as arrays of {name, value, type} cells, money cells {amount, amount_cents, currency},
 * page/per_page/total_pages. Tokens select failure modes (see README table in test/sandbox).
 * sites* tokens: one deal (brand 12, campaign 501) promoted on two sites told apart by promo
 * (promo-a, promo-b) plus players who came direct (no promo); group_by[]=promo splits them.
 */
export const AFFILKA_SITE_PROMOS = ["promo-a", "promo-b", ""] as const;
const BRANDS = [
  { id: 12, name: "Spinia" },
  { id: 14, name: "Wildz" },
];
const CAMPAIGNS = [
  { id: 501, title: "Spinia UK reviews" },
  { id: 777, title: "Wildz DE" },
  { id: 900, title: "Other deal on the same account" },
];

export function affilka(url: URL, headers: Record<string, string>, state: SandboxState): SandboxReply {
  if (!url.pathname.endsWith("/api/customer/v1/partner/report")) return { status: 404, body: '{"error":"not found"}' };
  const token = url.searchParams.get("token") ?? headers.authorization ?? "";
  if (!token) return { status: 401, body: JSON.stringify({ error: "Unauthorized" }) };
  const n = bump(state, `affilka|${token}`);
  if (token.startsWith("bad")) return { status: 401, body: JSON.stringify({ error: "Unauthorized" }) };
  if (token.startsWith("forbidden")) return { status: 403, body: JSON.stringify({ error: "IP address is not allowed" }) };
  if (token.startsWith("error200")) return { status: 200, body: JSON.stringify({ error: "Statistic token is invalid" }) };
  if (token.startsWith("ratelimit") && n === 1)
    return { status: 429, headers: { "Retry-After": "2" }, body: '{"error":"Too Many Requests"}' };
  if (token.startsWith("down")) return { status: 500, body: "<html>Internal Server Error</html>" };
  if (token.startsWith("slow")) return { status: 200, delayMs: 30_000, body: "{}" };
  if (token.startsWith("malformed")) return { status: 200, body: '{"rows": {"data": [[{"name": "day", "value": "2026-' };

  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  if (!from || !to || !/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) {
    return { status: 422, body: JSON.stringify({ error: "from and to are required (YYYY-MM-DD)" }) };
  }
  const currency = url.searchParams.get("conversion_currency") ?? "EUR";
  const perPageParam = Math.min(1000, Number(url.searchParams.get("per_page") ?? 1000) || 1000);
  const pageParam = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
  // bulk<N>-…: N campaigns of brand 12 per day, generated only for the requested page (benchmarks).
  const bulk = /^bulk(\d{1,5})-/.exec(token);
  if (bulk) return bulkPage(Number(bulk[1]), token, eachDay(from, to), pageParam, perPageParam, currency);
  const rows: unknown[][] = [];
  const byPromo = url.searchParams.getAll("group_by[]").includes("promo");
  if (token.startsWith("sites")) {
    const truth = new Map<string, number>();
    for (const day of eachDay(from, to)) {
      const key = `affilka|${token}|${day}`;
      if (state.vanished.has(key)) continue;
      for (const promo of AFFILKA_SITE_PROMOS) {
        const k = `${token}|12|501|${promo}`;
        const row = cells(day, 12, 501, k, currency, state.restated.get(key) ?? 1);
        // Without the promo grouping the platform would sum them: the sandbox answers one row per promo anyway.
        if (byPromo) row.splice(3, 0, { name: "promo", value: promo === "" ? null : promo, type: "group" });
        rows.push(row);
        addTruth(truth, promo, day, figures(k, day, state.restated.get(key) ?? 1).partnerIncomeCents * 10_000);
      }
    }
    recordTruth(state, "affilka", token, truth);
  } else if (!token.startsWith("empty")) {
    for (const day of eachDay(from, to)) {
      for (const brand of BRANDS) {
        for (const campaign of CAMPAIGNS) {
          if (brand.id === 12 && campaign.id === 777) continue;
          if (brand.id === 14 && campaign.id === 501) continue;
          const key = `affilka|${token}|${day}`;
          if (state.vanished.has(key)) continue;
          rows.push(cells(day, brand.id, campaign.id, `${token}|${brand.id}|${campaign.id}`, currency, state.restated.get(key) ?? 1));
        }
      }
    }
  }
  const perPage = perPageParam;
  const page = pageParam;
  const totalPages = Math.max(1, Math.ceil(rows.length / perPage));
  if (token.startsWith("partial") && page === 2) return { status: 500, body: "page 2 failed" };
  return {
    status: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      rows: { data: rows.slice((page - 1) * perPage, page * perPage) },
      overall_totals: { data: [] },
      current_page: page,
      total_pages: totalPages,
      relations: { campaigns: CAMPAIGNS, brands: BRANDS },
    }),
  };
}

function cells(day: string, brandId: number, campaignId: number, key: string, currency: string, factor = 1): unknown[] {
  const f = figures(key, day, factor);
  const money = (cents: number) => ({ amount: centsToDecimal(cents), amount_cents: cents, currency });
  return [
    { name: "day", value: day, type: "group" },
    { name: "brand", value: brandId, type: "group" },
    { name: "campaign", value: campaignId, type: "group" },
    { name: "visits_count", value: f.visits, type: "integer" },
    { name: "registrations_count", value: f.registrations, type: "integer" },
    { name: "depositing_players_count", value: f.depositingPlayers, type: "integer" },
    { name: "first_deposits_count", value: f.ftds, type: "integer" },
    { name: "first_deposits_sum", value: money(f.ftdSumCents), type: "money" },
    { name: "deposits_sum", value: money(f.depositsCents), type: "money" },
    { name: "ngr", value: money(f.ngrCents), type: "money" },
    { name: "partner_income", value: money(f.partnerIncomeCents), type: "money" },
    { name: "fixed_per_player", value: money(f.fixedPerPlayerCents), type: "money" },
    { name: "prequalified_players_count", value: f.qualified, type: "integer" },
    { name: "qualified_players_count", value: f.qualified, type: "integer" },
  ];
}

function bulkPage(perDay: number, token: string, days: string[], page: number, perPage: number, currency: string): SandboxReply {
  const total = days.length * perDay;
  const rows: unknown[][] = [];
  for (let i = (page - 1) * perPage; i < Math.min(total, page * perPage); i++) {
    const day = days[Math.floor(i / perDay)] ?? "";
    const campaign = 10_000 + (i % perDay);
    rows.push(cells(day, 12, campaign, `${token}|12|${campaign}`, currency));
  }
  return {
    status: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      rows: { data: rows },
      current_page: page,
      total_pages: Math.max(1, Math.ceil(total / perPage)),
      relations: { brands: BRANDS },
    }),
  };
}

import { centsToDecimal, eachDay, figures, hash32 } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/**
 * Smartico affiliate media report (GET /smartico/api/af2_media_report_af) as platforms.md §7
 * describes: raw `Authorization: <api key>`; aggregation_period=DAY, date_from (inclusive),
 * date_to (EXCLUSIVE; equal dates answer HTTP 500), group_by=afp,brand_id. Rows
 * {dt, brand_id, brand_name, afp, visit_count, …, net_pl, commissions_total}; money as JSON
 * numbers; groups without activity on a day are omitted. Errors: errCode/message bodies, 403 for
 * a bad key. The key selects failure modes as in the Affilka sandbox, plus label* (errCode 3,
 * "Access to this label is not allowed") and split* (one group's commission arrives as two
 * records on the same day: a delta and its adjustment, which must be summed).
 * sites* keys: one brand promoted on two sites told apart by afp1 (site-a, site-b) plus players who
 * came direct (no afp1); group_by=afp1 splits them. Every record carries qftd_count.
 */
export const SMARTICO_SITE_TAGS = ["site-a", "site-b", ""] as const;
const JSON_HEADERS = { "Content-Type": "application/json" };
const BRANDS = [
  { id: 101, name: "SpinBet" },
  { id: 102, name: "LuckyDays" },
];

export function smarticoClickId(token: string, brandId: number): string {
  return `sm0001${String(hash32(`${token}|${brandId}`)).padStart(10, "0")}0000000000000000`.slice(0, 32);
}

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): SandboxReply => ({
  status,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body),
});

export function smartico(url: URL, headers: Record<string, string>, state: SandboxState): SandboxReply {
  if (!url.pathname.endsWith("/api/af2_media_report_af")) return reply(404, { errCode: 404, message: "Not found" });
  const token = headers.authorization ?? "";
  if (!token || /^bearer /i.test(token)) return reply(403, { errCode: 1, message: "Access denied" });
  const n = bump(state, `smartico|${token}`);
  if (token.startsWith("bad") || token.startsWith("forbidden")) return reply(403, { errCode: 1, message: "Access denied" });
  if (token.startsWith("error200")) return reply(200, { errCode: 7, message: "Internal error while building report" });
  if (token.startsWith("label")) return reply(200, { errCode: 3, message: "Access to this label is not allowed" });
  if (token.startsWith("ratelimit") && n === 1) return reply(429, { errCode: 429, message: "Too many requests" }, { "Retry-After": "2" });
  if (token.startsWith("down")) return { status: 500, body: "<html>Internal Server Error</html>" };
  if (token.startsWith("slow")) return { status: 200, delayMs: 30_000, body: '{"data":[]}' };
  if (token.startsWith("malformed")) return { status: 200, headers: JSON_HEADERS, body: '{"data":[{"dt":"2026-11-01","afp":' };
  if (token.startsWith("partial") && n >= 2) return { status: 500, body: "<html>Internal Server Error</html>" };

  const from = url.searchParams.get("date_from") ?? "";
  const to = url.searchParams.get("date_to") ?? "";
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (url.searchParams.get("aggregation_period") !== "DAY") return reply(200, { errCode: 2, message: "aggregation_period is required" });
  if (!iso.test(from) || !iso.test(to)) return reply(200, { errCode: 2, message: "date_from and date_to are required (YYYY-MM-DD)" });
  // The platform's known quirk: equal dates are a server error, not an empty report.
  if (from === to) return reply(500, { errCode: 500, message: "date_from and date_to can't be equal" });
  if (from > to) return reply(500, { errCode: 500, message: "date_from after date_to" });
  const groupBy = (url.searchParams.get("group_by") ?? "").split(",").map((g) => g.trim());
  const byAfp = groupBy.includes("afp");
  const byBrand = groupBy.includes("brand_id");

  const days = eachDay(from, to).slice(0, -1); // date_to is exclusive
  const data: Record<string, unknown>[] = [];
  if (token.startsWith("sites")) {
    const byAfp1 = groupBy.includes("afp1");
    const truth = new Map<string, number>();
    for (const day of days) {
      const key = `smartico|${token}|${day}`;
      if (state.vanished.has(key)) continue;
      const sums = new Map<string, number[]>();
      for (const tag of SMARTICO_SITE_TAGS) {
        const f = figures(`smartico|${token}|${tag}`, day, state.restated.get(key) ?? 1);
        const v = [f.visits, f.registrations, f.ftds, f.qualified, f.ftdSumCents, f.depositsCents, f.ngrCents, f.partnerIncomeCents];
        addTruth(truth, tag, day, (f.partnerIncomeCents ?? 0) * 10_000);
        const g = byAfp1 ? tag : "";
        const cur = sums.get(g);
        sums.set(g, cur ? cur.map((x, i) => x + (v[i] ?? 0)) : v);
      }
      for (const [tag, v] of sums) {
        const [visits, regs, ftds, qftds, ftdCents, depCents, plCents, commCents] = v;
        data.push({
          dt: day,
          ...(byBrand ? { brand_id: 101, brand_name: "SpinBet" } : {}),
          ...(byAfp ? { afp: null } : {}),
          ...(byAfp1 ? { afp1: tag === "" ? null : tag } : {}),
          visit_count: visits,
          registration_count: regs,
          ftd_count: ftds,
          qftd_count: qftds,
          ftd_total: Number(centsToDecimal(ftdCents ?? 0)),
          deposit_count: (ftds ?? 0) + 2,
          deposit_total: Number(centsToDecimal(depCents ?? 0)),
          net_pl: Number(centsToDecimal(plCents ?? 0)),
          commissions_total: Number(centsToDecimal(commCents ?? 0)),
        });
      }
    }
    recordTruth(state, "smartico", token, truth);
  } else if (!token.startsWith("empty")) {
    for (const day of days) {
      const key = `smartico|${token}|${day}`;
      if (state.vanished.has(key)) continue;
      const groups = new Map<string, { brand: (typeof BRANDS)[number]; afp: string; v: number[] }>();
      for (const brand of BRANDS) {
        for (const afp of [smarticoClickId(token, brand.id), "{{afp}}", ""]) {
          // No activity → no record at all (the platform omits it).
          if (hash32(`${token}|${brand.id}|${afp}|${day}`) % 6 === 0) continue;
          const f = figures(`smartico|${token}|${brand.id}|${afp}`, day, state.restated.get(key) ?? 1);
          const v = [f.visits, f.registrations, f.ftds, f.ftdSumCents, f.ftds + 2, f.depositsCents, f.ngrCents, f.partnerIncomeCents];
          const g = `${byBrand ? brand.id : ""}|${byAfp ? afp : ""}`;
          const cur = groups.get(g);
          if (cur) cur.v = cur.v.map((x, i) => x + (v[i] ?? 0));
          else groups.set(g, { brand, afp, v });
        }
      }
      for (const { brand, afp, v } of groups.values()) {
        const [visits, regs, ftds, ftdCents, deposits, depCents, plCents, commCents] = v;
        const rec: Record<string, unknown> = {
          dt: day,
          ...(byBrand ? { brand_id: brand.id, brand_name: brand.name } : {}),
          ...(byAfp ? { afp: afp === "" ? null : afp } : {}),
          visit_count: visits,
          registration_count: regs,
          ftd_count: ftds,
          qftd_count: Math.max(0, (ftds ?? 0) - 1),
          ftd_total: Number(centsToDecimal(ftdCents ?? 0)),
          deposit_count: deposits,
          deposit_total: Number(centsToDecimal(depCents ?? 0)),
          net_pl: Number(centsToDecimal(plCents ?? 0)),
          commissions_total: Number(centsToDecimal(commCents ?? 0)),
        };
        if (token.startsWith("split") && afp.startsWith("sm0001")) {
          // The same group again: a commission adjustment later that day (a negative delta).
          data.push(rec, {
            ...rec,
            visit_count: 0,
            registration_count: 0,
            ftd_count: 0,
            qftd_count: 0,
            ftd_total: 0,
            deposit_count: 0,
            deposit_total: 0,
            net_pl: 0,
            commissions_total: -12.5,
          });
        } else data.push(rec);
      }
    }
  }
  return reply(200, { data });
}

import { centsToDecimal, eachDay, figures } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/**
 * ReferOn preset statistics URL (GET /referon/statistics), platforms.md §6 and addendum §3:
 * token (credential) + id (preset) + from/to (YYYY-MM-DD here; the real format is unpublished),
 * grouped by Brand + Media Item, split by day, with the dynamic-variable columns. Without
 * download=true it answers JSON {"data":[…],"currency":"EUR"} with snake_case keys; with
 * download=true a CSV with the UI's column labels (Date, Brand, Media Item, Geo, var1, subid,
 * clickid, Banner View Count, Click Count, Unique Click Count, Reg. Count, FTD Count, Deposits,
 * FTD Amount, FTDs Deposits, NGR, Revenue Share, CPA, CPC, Sub-affiliate reward, Deduction,
 * Commission Reward, Currency). Media item MI-1002 carries the literal, unreplaced "{clickid}".
 *
 * token prefixes: semicolon* (CSV with ";" and decimal commas), bad* (401 JSON "Unauthenticated."),
 * error200* ({"success":false,"message":"Invalid token"} in a 200), login* (the login page in a 200),
 * preset* ({"error":"Preset is not available via API"} in a 200), ratelimit* (429 + Retry-After: 2
 * on the first hit), down* (500), slow* (30 s), malformed* (a non-numeric click count), garbage*
 * (cut-off JSON), paged* (a paginated JSON answer), empty* (no rows), partial* (the second request
 * fails with 500). Restated / vanished days: `referon|<token>|<day>`.
 */
export const REFERON_ITEMS = [
  { id: "MI-1001", name: "Banner 300x250", geo: "DE" },
  { id: "MI-1002", name: "Review link", geo: "AT" },
];
/** sites* tokens: one deal on two sites told apart by media item, plus the account's default item (direct players). */
export const REFERON_SITE_ITEMS = [
  { id: "MI-2001", name: "Site A link", geo: "DE" },
  { id: "MI-2002", name: "Site B link", geo: "DE" },
  { id: "MI-2000", name: "Default link", geo: "DE" },
];
const BRAND = { guid: "b7f3c1de-2a4e-4f4b-9d61-0c5a8f3e2b10", name: "Affina Casino" };

const json = (status: number, body: unknown, extra: Record<string, string> = {}): SandboxReply => ({
  status,
  headers: { "Content-Type": "application/json", ...extra },
  body: JSON.stringify(body),
});
const LOGIN_PAGE =
  '<!DOCTYPE html><html><head><title>ReferOn – Sign in</title></head><body><form action="/login" method="post"><input name="email" type="email"><input name="password" type="password"><button>Sign in</button></form></body></html>';

export function referon(url: URL, _headers: Record<string, string>, state: SandboxState): SandboxReply {
  if (url.pathname !== "/referon/statistics") return json(404, { message: "Not Found" });
  const token = url.searchParams.get("token") ?? "";
  if (!token) return json(401, { message: "Unauthenticated." });
  const n = bump(state, `referon|${token}`);
  if (token.startsWith("bad")) return json(401, { message: "Unauthenticated." });
  if (token.startsWith("error200")) return json(200, { success: false, message: "Invalid token" });
  if (token.startsWith("login")) return { status: 200, headers: { "Content-Type": "text/html; charset=UTF-8" }, body: LOGIN_PAGE };
  if (token.startsWith("preset")) return json(200, { error: "Preset is not available via API" });
  if (token.startsWith("ratelimit") && n === 1) return json(429, { message: "Too Many Attempts." }, { "Retry-After": "2" });
  if (token.startsWith("down")) return json(500, { message: "Server Error" });
  if (token.startsWith("slow")) return { ...json(200, { data: [] }), delayMs: 30_000 };
  if (token.startsWith("partial") && n === 2) return json(500, { message: "Server Error" });
  if (token.startsWith("garbage")) return { status: 200, headers: { "Content-Type": "application/json" }, body: '{"data":[{"date":"2026-' };
  if (!url.searchParams.get("id"))
    return json(422, { message: "The id field is required.", errors: { id: ["The id field is required."] } });
  const from = url.searchParams.get("from") ?? "";
  const to = url.searchParams.get("to") ?? "";
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (!iso.test(from) || !iso.test(to) || from > to) {
    return json(422, { message: "The from field must be a valid date.", errors: { from: ["The from field must be a valid date."] } });
  }

  interface Line {
    date: string;
    item: (typeof REFERON_ITEMS)[number];
    clickid: string;
    f: ReturnType<typeof figures>;
  }
  const lines: Line[] = [];
  if (!token.startsWith("empty")) {
    for (const day of eachDay(from, to)) {
      const key = `referon|${token}|${day}`;
      if (state.vanished.has(key)) continue;
      for (const item of token.startsWith("sites") ? REFERON_SITE_ITEMS : REFERON_ITEMS) {
        const f = figures(`${token}|${item.id}`, day, state.restated.get(key) ?? 1);
        const clickid = token.startsWith("sites") ? "" : item.id === "MI-1001" ? `cf${day.replace(/-/g, "")}x1` : "{clickid}";
        lines.push({ date: day, item, clickid, f });
      }
    }
  }
  const fee = (f: Line["f"]) => ({
    rs: f.partnerIncomeCents - f.fixedPerPlayerCents,
    cpa: f.fixedPerPlayerCents,
    cpc: f.visits * 2,
    sa: 150,
    deduction: -Math.round(f.registrations * 10),
  });
  const reward = (f: Line["f"]) => {
    const x = fee(f);
    return x.rs + x.cpa + x.cpc + x.sa - Math.abs(x.deduction);
  };

  const truth = new Map<string, number>();
  for (const l of lines) addTruth(truth, l.item.id, l.date, reward(l.f) * 10_000);
  recordTruth(state, "referon", token, truth);

  if (url.searchParams.get("download") === "true") {
    const semicolon = token.startsWith("semicolon");
    const sep = semicolon ? ";" : ",";
    const money = (cents: number) => (semicolon ? centsToDecimal(cents).replace(".", ",") : centsToDecimal(cents));
    const header = [
      "Date",
      "Brand",
      "Media Item",
      "Geo",
      "var1",
      "subid",
      "clickid",
      "Banner View Count",
      "Click Count",
      "Unique Click Count",
      "Reg. Count",
      "FTD Count",
      "Deposits",
      "FTD Amount",
      "FTDs Deposits",
      "NGR",
      "Revenue Share",
      "CPA",
      "CPC",
      "Sub-affiliate reward",
      "Deduction",
      "Commission Reward",
      "Currency",
    ];
    const out = [header.join(sep)];
    for (const l of lines) {
      const x = fee(l.f);
      const cells = [
        l.date,
        BRAND.name,
        l.item.id,
        l.item.geo,
        "seo",
        "",
        l.clickid,
        l.f.visits * 5,
        token.startsWith("malformed") ? "abc" : l.f.visits,
        l.f.visits - 3,
        l.f.registrations,
        l.f.ftds,
        money(l.f.depositsCents),
        money(l.f.ftdSumCents),
        money(l.f.ftdSumCents),
        money(l.f.ngrCents),
        money(x.rs),
        money(x.cpa),
        money(x.cpc),
        money(x.sa),
        money(x.deduction),
        money(reward(l.f)),
        "EUR",
      ].map((c) => (String(c).includes(sep) || String(c).includes('"') ? `"${String(c).replace(/"/g, '""')}"` : String(c)));
      out.push(cells.join(sep));
    }
    return {
      status: 200,
      headers: { "Content-Type": "text/csv; charset=UTF-8", "Content-Disposition": `attachment; filename="statistics-${from}-${to}.csv"` },
      body: `${out.join("\n")}\n`,
    };
  }

  const data = lines.map((l) => {
    const x = fee(l.f);
    return {
      date: l.date,
      brand: BRAND.name,
      brand_guid: BRAND.guid,
      media_item: l.item.id,
      geo: l.item.geo,
      var1: "seo",
      subid: null,
      clickid: l.clickid,
      banner_view_count: l.f.visits * 5,
      click_count: token.startsWith("malformed") ? "abc" : l.f.visits,
      unique_click_count: l.f.visits - 3,
      reg_count: l.f.registrations,
      ftd_count: l.f.ftds,
      deposits: centsToDecimal(l.f.depositsCents),
      ftd_amount: centsToDecimal(l.f.ftdSumCents),
      ftds_deposits: centsToDecimal(l.f.ftdSumCents),
      ngr: centsToDecimal(l.f.ngrCents),
      revenue_share: centsToDecimal(x.rs),
      cpa: centsToDecimal(x.cpa),
      cpc: centsToDecimal(x.cpc),
      sub_affiliate_reward: centsToDecimal(x.sa),
      deduction: centsToDecimal(x.deduction),
      commission_reward: centsToDecimal(reward(l.f)),
    };
  });
  if (token.startsWith("paged")) return json(200, { data, currency: "EUR", meta: { current_page: 1, last_page: 3, per_page: 2 } });
  return json(200, { data, currency: "EUR" });
}

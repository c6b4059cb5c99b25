import { centsToDecimal, eachDay, figures } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/**
 * A "generic" affiliate report endpoint, the kind a user pastes into the generic connector:
 *   GET /generic/report.csv?key=<token>&start=YYYY-MM-DD&end=YYYY-MM-DD   → CSV (comma, quoted
 *       thousands separators, a trailing "Total" line without a date)
 *   GET /generic/report.json?from=DD/MM/YYYY&to=DD/MM/YYYY with header X-Api-Key: <token>
 *       → {"result":{"rows":[…]}} with commission in integer cents
 * Date parameters are inclusive. Tokens select failure modes as in the Affilka sandbox, plus
 * badnumber* (a non-numeric Clicks cell) and renamed* (the Signups column is called Regs).
 */
const BRANDS = ["Spinia", "Wildz"];
/** The generic connector's mapping of report.csv's columns (tests add SubID / Campaign where they read them). */
export const GENERIC_CSV_MAPPING = {
  date: { column: "Date", format: "YYYY-MM-DD" },
  currency: { column: "Currency" },
  counts: { clicks: "Clicks", registrations: "Signups", ftdCount: "FTDs" },
  money: { deposits: "Deposits", commissionTotal: "Commission" },
  brand: "Brand",
};
const SUBIDS = ["gq1abc01hzz0000000000000000001aa", "{clickid}", ""];
/** sites* tokens: one brand on two sites told apart by a Campaign column, plus direct players (empty Campaign). */
export const GENERIC_SITE_CAMPAIGNS = ["site-a", "site-b", ""] as const;

function isoFrom(v: string | null, json: boolean): string | null {
  if (!v) return null;
  if (!json) return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

export function generic(url: URL, headers: Record<string, string>, state: SandboxState): SandboxReply {
  const json = url.pathname.endsWith("/report.json");
  if (!json && !url.pathname.endsWith("/report.csv")) return { status: 404, body: "not found" };
  const token = (json ? headers["x-api-key"] : url.searchParams.get("key")) ?? "";
  if (!token) return { status: 401, body: "missing key" };
  const n = bump(state, `generic|${token}`);
  if (token.startsWith("bad")) return { status: 401, body: json ? '{"error":"invalid api key"}' : "Unauthorized" };
  if (token.startsWith("forbidden")) return { status: 403, body: "Forbidden: IP not whitelisted" };
  if (token.startsWith("error200")) {
    return json
      ? { status: 200, body: JSON.stringify({ error: "Invalid API key" }) }
      : { status: 200, headers: { "Content-Type": "text/plain" }, body: "Error: invalid API key" };
  }
  if (token.startsWith("ratelimit") && n === 1) return { status: 429, headers: { "Retry-After": "2" }, body: "Too Many Requests" };
  if (token.startsWith("down")) return { status: 500, body: "<html>Internal Server Error</html>" };
  if (token.startsWith("slow")) return { status: 200, delayMs: 30_000, body: "" };
  if (token.startsWith("malformed")) {
    return json
      ? { status: 200, body: '{"result":{"rows":[{"Date":"01/11/2026","Clicks":' }
      : { status: 200, headers: { "Content-Type": "text/csv" }, body: 'Date,Brand,Clicks\n2026-11-01,"Spinia,12\n' };
  }
  const from = isoFrom(url.searchParams.get(json ? "from" : "start"), json);
  const to = isoFrom(url.searchParams.get(json ? "to" : "end"), json);
  if (!from || !to) return { status: 400, body: "start and end dates are required" };

  const records: Record<string, string | number>[] = [];
  const sites = token.startsWith("sites");
  if (sites) {
    const truth = new Map<string, number>();
    for (const day of eachDay(from, to)) {
      const key = `generic|${token}|${day}`;
      if (state.vanished.has(key)) continue;
      for (const campaign of GENERIC_SITE_CAMPAIGNS) {
        const f = figures(`generic|${token}|${campaign}`, day, state.restated.get(key) ?? 1);
        addTruth(truth, campaign, day, f.partnerIncomeCents * 10_000);
        records.push({
          Date: day,
          Brand: "Spinia",
          Campaign: campaign,
          SubID: "",
          Clicks: f.visits,
          Signups: f.registrations,
          FTDs: f.ftds,
          Deposits: centsToDecimal(f.depositsCents),
          Commission: centsToDecimal(f.partnerIncomeCents),
          Currency: "EUR",
        });
      }
    }
    recordTruth(state, "generic", token, truth);
  } else if (!token.startsWith("empty")) {
    for (const day of eachDay(from, to)) {
      const key = `generic|${token}|${day}`;
      if (state.vanished.has(key)) continue;
      for (const brand of BRANDS) {
        for (const sub of SUBIDS) {
          const f = figures(`generic|${token}|${brand}|${sub}`, day, state.restated.get(key) ?? 1);
          const [y, m, d] = day.split("-");
          records.push({
            Date: json ? `${d}/${m}/${y}` : day,
            Brand: brand,
            SubID: sub,
            Clicks: f.visits,
            [token.startsWith("renamed") ? "Regs" : "Signups"]: f.registrations,
            FTDs: f.ftds,
            Deposits: json ? centsToDecimal(f.depositsCents) : withThousands(centsToDecimal(f.depositsCents)),
            Commission: json ? f.partnerIncomeCents : centsToDecimal(f.partnerIncomeCents),
            Currency: "EUR",
          });
        }
      }
    }
    if (token.startsWith("nan") && records[1]) records[1].Clicks = "n/a";
  }
  if (json) {
    return {
      status: 200,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ result: { rows: records, count: records.length } }),
    };
  }
  const cols = [
    "Date",
    "Brand",
    ...(sites ? ["Campaign"] : []),
    "SubID",
    "Clicks",
    token.startsWith("renamed") ? "Regs" : "Signups",
    "FTDs",
    "Deposits",
    "Commission",
    "Currency",
  ];
  const q = (v: string | number | undefined) => {
    const s = String(v ?? "");
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [cols.join(","), ...records.map((r) => cols.map((c) => q(r[c])).join(","))];
  const totalClicks = records.reduce((a, r) => a + (typeof r.Clicks === "number" ? r.Clicks : 0), 0);
  if (records.length) lines.push(`,Total,${sites ? "," : ""},${totalClicks},,,,,`);
  return { status: 200, headers: { "Content-Type": "text/csv; charset=utf-8" }, body: `${lines.join("\r\n")}\r\n` };
}

/** "1234567.50" → "1,234,567.50" (how spreadsheet exports write amounts). */
function withThousands(decimal: string): string {
  const [whole = "0", frac = ""] = decimal.split(".");
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ",")}${frac ? `.${frac}` : ""}`;
}

import { eachDay, figures } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/**
 * MAP (affiliatesdiv) activity report (GET /map/generatemapreports.aspx), platforms.md §9 and
 * addendum §4: ver=3.0, username + apikey, reportstartdate/reportenddate as MM/DD/YYYY,
 * command=activityreport and format=csv (both mandatory). The CSV header is not confirmed anywhere;
 * the sandbox uses the UI grid's columns (Brand, Impressions, Clicks, Registrations, FTD, Currency
 * like "GBP(£)", Deposits, Net Revenue, Revenue Commission), amounts ASP.NET-formatted ("1,234.56"),
 * one row per brand summed over the range, and a "Total" row.
 *
 * apikey prefixes: daily* (adds a leading Date column, MM/DD/YYYY, one row per day and brand),
 * bad* (401 page), error200* ("Invalid username or API key." in a 200), login* (the ASP.NET login
 * page in a 200), reporterror* (an error text in a 200), ratelimit* (429 + Retry-After: 2 on the
 * first hit), down* (500), slow* (30 s), malformed* (a "n/a" Clicks cell), empty* (header only),
 * partial* (the second request fails with 500). Restated / vanished days: `map|<apikey>|<day>`.
 */
export const MAP_BRANDS = [
  { name: "Luckster", currency: "GBP(£)" },
  { name: "Casino Joy", currency: "EUR(€)" },
];
/** sites* keys: one brand on two sites told apart by a Campaign column, plus direct players (empty Campaign). */
export const MAP_SITE_CAMPAIGNS = ["site-a", "site-b", ""] as const;
const HEADER = ["Brand", "Impressions", "Clicks", "Registrations", "FTD", "Currency", "Deposits", "Net Revenue", "Revenue Commission"];

function param(url: URL, name: string): string | null {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === name) return v;
  return null;
}

function usDate(v: string | null): string | null {
  const m = v ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v.trim()) : null;
  return m ? `${m[3]}-${m[1]}-${m[2]}` : null;
}

/** ASP.NET "N2": thousands separators, two decimals. */
export function n2(cents: number): string {
  const neg = cents < 0;
  const a = Math.abs(cents);
  const whole = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${whole}.${String(a % 100).padStart(2, "0")}`;
}

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

const LOGIN_PAGE = `<!DOCTYPE html><html><head><title>Affiliate Login</title></head><body><form method="post" action="./Login.aspx?ReturnUrl=%2fgeneratemapreports.aspx" id="form1"><input name="txtUsername" type="text" /><input name="txtPassword" type="password" /><input type="submit" name="btnLogin" value="Login" /></form></body></html>`;

export function map(url: URL, _headers: Record<string, string>, state: SandboxState): SandboxReply {
  const html = { "Content-Type": "text/html; charset=utf-8" };
  const text = { "Content-Type": "text/plain; charset=utf-8" };
  if (url.pathname.toLowerCase() !== "/map/generatemapreports.aspx")
    return { status: 404, headers: html, body: "<html><body><h2>The resource cannot be found.</h2></body></html>" };
  const key = param(url, "apikey") ?? "";
  const user = param(url, "username") ?? "";
  if (!key || !user) return { status: 200, headers: text, body: "Invalid username or API key." };
  const n = bump(state, `map|${key}`);
  if (key.startsWith("bad")) return { status: 401, headers: html, body: "<html><body><h2>401 - Unauthorized</h2></body></html>" };
  if (key.startsWith("error200")) return { status: 200, headers: text, body: "Invalid username or API key." };
  if (key.startsWith("login")) return { status: 200, headers: html, body: LOGIN_PAGE };
  if (key.startsWith("reporterror")) return { status: 200, headers: text, body: "Error: An error occurred while generating the report." };
  if (key.startsWith("ratelimit") && n === 1) return { status: 429, headers: { "Retry-After": "2", ...text }, body: "Too many requests" };
  if (key.startsWith("down"))
    return {
      status: 500,
      headers: html,
      body: "<html><body><h1>Server Error in '/' Application.</h1><h2><i>Runtime Error</i></h2></body></html>",
    };
  if (key.startsWith("slow")) return { status: 200, delayMs: 30_000, headers: text, body: "" };
  if (key.startsWith("partial") && n === 2)
    return { status: 500, headers: html, body: "<html><body><h1>Server Error in '/' Application.</h1></body></html>" };
  if ((param(url, "command") ?? "").toLowerCase() !== "activityreport") return { status: 200, headers: text, body: "Invalid command." };
  if ((param(url, "format") ?? "").toLowerCase() !== "csv") return { status: 200, headers: text, body: "Invalid format." };
  const from = usDate(param(url, "reportstartdate"));
  const to = usDate(param(url, "reportenddate"));
  if (!from || !to || from > to) return { status: 200, headers: text, body: "Invalid date. Use MM/DD/YYYY." };

  if (key.startsWith("sites")) {
    // One row per campaign summed over the range (the connector asks one day per request).
    const truth = new Map<string, number>();
    const lines = [["Brand", "Campaign", ...HEADER.slice(1)].join(",")];
    for (const campaign of MAP_SITE_CAMPAIGNS) {
      const v = [0, 0, 0, 0, 0, 0, 0];
      for (const day of eachDay(from, to)) {
        const stateKey = `map|${key}|${day}`;
        if (state.vanished.has(stateKey)) continue;
        const f = figures(`${key}|${campaign}`, day, state.restated.get(stateKey) ?? 1);
        const values = [
          f.visits * 9,
          f.visits,
          f.registrations,
          f.ftds,
          f.depositsCents,
          f.ngrCents,
          f.partnerIncomeCents - f.fixedPerPlayerCents,
        ];
        values.forEach((x, i) => {
          v[i] = (v[i] ?? 0) + x;
        });
        addTruth(truth, campaign, day, (f.partnerIncomeCents - f.fixedPerPlayerCents) * 10_000);
      }
      lines.push(
        ["Luckster", campaign, v[0] ?? 0, v[1] ?? 0, v[2] ?? 0, v[3] ?? 0, "GBP(£)", n2(v[4] ?? 0), n2(v[5] ?? 0), n2(v[6] ?? 0)]
          .map(csvCell)
          .join(","),
      );
    }
    recordTruth(state, "map", key, truth);
    return { status: 200, headers: { "Content-Type": "text/csv; charset=utf-8" }, body: `${lines.join("\r\n")}\r\n` };
  }
  const daily = key.startsWith("daily");
  const header = daily ? ["Date", ...HEADER] : HEADER;
  const lines = [header.join(",")];
  if (!key.startsWith("empty")) {
    const sums = new Map<string, number[]>(); // bucket (day or range) + brand → figures
    for (const day of eachDay(from, to)) {
      const stateKey = `map|${key}|${day}`;
      if (state.vanished.has(stateKey)) continue;
      for (const brand of MAP_BRANDS) {
        const f = figures(`${key}|${brand.name}`, day, state.restated.get(stateKey) ?? 1);
        const bucket = `${daily ? day : "range"}|${brand.name}`;
        const values = [
          f.visits * 9,
          f.visits,
          f.registrations,
          f.ftds,
          f.depositsCents,
          f.ngrCents,
          f.partnerIncomeCents - f.fixedPerPlayerCents,
        ];
        const prev = sums.get(bucket) ?? values.map(() => 0);
        sums.set(
          bucket,
          prev.map((v, i) => v + (values[i] ?? 0)),
        );
      }
    }
    for (const [bucket, v] of sums) {
      const [day = "", brandName = ""] = bucket.split("|");
      const brand = MAP_BRANDS.find((b) => b.name === brandName);
      const cells: (string | number)[] = [
        brandName,
        v[0] ?? 0,
        key.startsWith("malformed") ? "n/a" : (v[1] ?? 0),
        v[2] ?? 0,
        v[3] ?? 0,
        brand?.currency ?? "",
        n2(v[4] ?? 0),
        n2(v[5] ?? 0),
        n2(v[6] ?? 0),
      ];
      if (daily) cells.unshift(`${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`);
      lines.push(cells.map(csvCell).join(","));
    }
    if (sums.size > 0) {
      const total = [...sums.values()].reduce((a, b) => a.map((x, i) => x + (b[i] ?? 0)));
      const cells: (string | number)[] = [
        "Total",
        total[0] ?? 0,
        total[1] ?? 0,
        total[2] ?? 0,
        total[3] ?? 0,
        "",
        n2(total[4] ?? 0),
        n2(total[5] ?? 0),
        n2(total[6] ?? 0),
      ];
      if (daily) cells.unshift("");
      lines.push(cells.map(csvCell).join(","));
    }
  }
  return {
    status: 200,
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=ActivityReport.csv" },
    body: `${lines.join("\r\n")}\r\n`,
  };
}

import { centsToDecimal, eachDay, figures } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/**
 * Income Access "API Reports" (GET /income-access/api/affreporting.asp), as platforms.md addendum §1
 * describes: key (or apipassword) in the URL, reportname "Member Report - Detailed", reportformat=csv,
 * reportmerchantid, reportstartdate/reportenddate (lenient: YYYY/MM/DD, YYYY/M/D, YYYY-MM-DD),
 * optional reportdisplayby=Date|Site,Date. Without reportdisplayby the report sums the whole period
 * into one row per site and country, like the real report's `period` column suggests.
 *
 * The CSV has a preamble, then a double-quoted header starting at "rowid"; rowid 1 = data,
 * 2 = total row; an empty report is the text "No Records"; `memberid` is in the header twice.
 * Errors come as IIS pages or short text in an HTTP 200.
 *
 * Key prefixes select failure modes: bad* (401 IIS page), forbidden* (403), error200* ("Invalid Key"
 * in a 200), ipblock* (IP not whitelisted, 200), reporterror* (report error text, 200),
 * ratelimit* (429 + Retry-After: 2 on the first hit), down* (500), slow* (30 s), malformed* (a
 * non-numeric clicks cell), garbage* (a body that is no CSV at all), empty* ("No Records"),
 * partial* (the second request of a sync fails with 500), dollar* (currencysymbol "$").
 * Restated / vanished days: state keys `income_access|<key>|<day>`.
 */
export const IA_HEADER = [
  "rowid",
  "currencysymbol",
  "totalrecords",
  "period",
  "merchantname",
  "memberid",
  "username",
  "country",
  "memberid",
  "siteid",
  "sitename",
  "impressions",
  "clicks",
  "installs",
  "clickthroughratio",
  "downloads",
  "downloadratio",
  "newaccountratio",
  "newdepositingacc",
  "newaccounts",
  "firstdepositcount",
  "activeaccounts",
  "activedays",
  "newpurchases",
  "purchaccountcount",
  "wageraccountcount",
  "avgactivedays",
  "grossrevenueplayer",
  "netrevenueplayer",
  "purchases",
  "chargebacks",
  "grossrevenue",
  "prod2bets",
  "prod2tournament",
  "prod2revenue",
  "prod2netrevenue",
  "prod2commission",
  "prod4bets",
  "prod4tournament",
  "prod4revenue",
  "prod4netrevenue",
  "prod4commission",
  "revsharecommission",
  "totalcpacommission",
  "cpacommissioncount",
  "totalcommission",
] as const;

export const IA_SITES = [
  { id: "39356", name: "casino-reviews.example" },
  { id: "40122", name: "slots-blog.example" },
];
export const IA_COUNTRIES = ["GB", "CA"];
/** sites* keys: the two sites plus the account's default site (41000) that no site of ours uses (players who came direct). */
export const IA_DIRECT_SITE = { id: "41000", name: "(default site)" };
const MERCHANTS: Record<string, string> = { "0": "All Merchants", "7": "Betano", "8": "Skrill" };

const iis = (code: number, title: string) =>
  `<!DOCTYPE html><html><head><title>${code} - ${title}</title></head><body><div id="header"><h1>Server Error</h1></div><h2>${code} - ${title}</h2></body></html>`;

function param(url: URL, name: string): string | null {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === name) return v;
  return null;
}

function lenientDate(v: string | null): string | null {
  const m = v ? /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(v.trim()) : null;
  if (!m) return null;
  return `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
}

type Sums = Record<string, number>;

function q(cells: (string | number)[]): string {
  return cells.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(",");
}

export function incomeAccess(url: URL, _headers: Record<string, string>, state: SandboxState): SandboxReply {
  const html = { "Content-Type": "text/html" };
  if (url.pathname.toLowerCase() !== "/income-access/api/affreporting.asp")
    return { status: 404, headers: html, body: iis(404, "File or directory not found.") };
  const key = param(url, "key") ?? param(url, "apipassword") ?? "";
  if (!key) return { status: 200, headers: html, body: "Invalid Key" };
  const n = bump(state, `income_access|${key}`);
  if (key.startsWith("bad"))
    return { status: 401, headers: html, body: iis(401, "Unauthorized: Access is denied due to invalid credentials.") };
  if (key.startsWith("forbidden")) return { status: 403, headers: html, body: iis(403, "Forbidden: Access is denied.") };
  if (key.startsWith("error200")) return { status: 200, headers: html, body: "Invalid Key" };
  if (key.startsWith("ipblock"))
    return { status: 200, headers: html, body: "Access Denied. Your IP address (203.0.113.7) is not whitelisted." };
  if (key.startsWith("reporterror"))
    return { status: 200, headers: html, body: "<html><body>Report Error: the report could not be generated at this time.</body></html>" };
  if (key.startsWith("ratelimit") && n === 1)
    return { status: 429, headers: { "Retry-After": "2", ...html }, body: iis(429, "Too Many Requests") };
  if (key.startsWith("down")) return { status: 500, headers: html, body: iis(500, "Internal server error.") };
  if (key.startsWith("slow")) return { status: 200, delayMs: 30_000, headers: html, body: "No Records" };
  if (key.startsWith("partial") && n === 2) return { status: 500, headers: html, body: iis(500, "Internal server error.") };
  if (key.startsWith("garbage"))
    return { status: 200, headers: { "Content-Type": "text/csv" }, body: `${"x".repeat(200)},${"y".repeat(200)}\n1,2,3\n`.repeat(3) };

  const name = (param(url, "reportname") ?? "").trim();
  if (name.toLowerCase() !== "member report - detailed") return { status: 200, headers: html, body: "Invalid Report Name" };
  if ((param(url, "reportformat") ?? "").toLowerCase() !== "csv") return { status: 200, headers: html, body: "Invalid Report Format" };
  const from = lenientDate(param(url, "reportstartdate"));
  const to = lenientDate(param(url, "reportenddate"));
  if (!from || !to || from > to) return { status: 200, headers: html, body: "Invalid Date Range" };
  const merchantId = param(url, "reportmerchantid") ?? "0";
  const merchant = MERCHANTS[merchantId] ?? `Merchant ${merchantId}`;
  const byDate = /date/i.test(param(url, "reportdisplayby") ?? "");
  const symbol = key.startsWith("dollar") ? "$" : "€";
  const slash = (d: string) => d.replace(/-/g, "/");

  // One bucket per (period, site, country): per day with reportdisplayby=Date, else the whole range.
  const buckets = new Map<string, { period: string; site: (typeof IA_SITES)[number]; country: string; sums: Sums }>();
  const truth = new Map<string, number>();
  if (!key.startsWith("empty")) {
    for (const day of eachDay(from, to)) {
      const stateKey = `income_access|${key}|${day}`;
      if (state.vanished.has(stateKey)) continue;
      for (const site of key.startsWith("sites") ? [...IA_SITES, IA_DIRECT_SITE] : IA_SITES) {
        for (const country of IA_COUNTRIES) {
          const period = byDate ? slash(day) : `${slash(from)} - ${slash(to)}`;
          const id = `${period}|${site.id}|${country}`;
          const bucket = buckets.get(id) ?? { period, site, country, sums: {} };
          buckets.set(id, bucket);
          const f = figures(`${key}|${merchantId}|${site.id}|${country}`, day, state.restated.get(stateKey) ?? 1);
          const add = (k: string, v: number) => {
            bucket.sums[k] = (bucket.sums[k] ?? 0) + v;
          };
          add("impressions", f.visits * 7);
          add("clicks", f.visits);
          add("downloads", f.registrations);
          add("newaccounts", f.registrations);
          add("newdepositingacc", f.ftds);
          add("firstdepositcount", f.ftds);
          add("activeaccounts", f.depositingPlayers + 3);
          add("purchaccountcount", f.depositingPlayers);
          add("cpacommissioncount", f.qualified);
          add("purchases", f.depositsCents);
          add("newpurchases", f.ftdSumCents);
          add("grossrevenue", f.ngrCents);
          add("prod2revenue", Math.round(f.ngrCents * 0.7));
          add("prod4revenue", f.ngrCents - Math.round(f.ngrCents * 0.7));
          add("totalcpacommission", f.fixedPerPlayerCents);
          add("revsharecommission", f.partnerIncomeCents - f.fixedPerPlayerCents);
          add("totalcommission", f.partnerIncomeCents);
          addTruth(truth, site.id, day, f.partnerIncomeCents * 10_000);
        }
      }
    }
  }
  recordTruth(state, "income_access", key, truth);
  const preamble = `Member Report - Detailed\r\nMerchant: ${merchant}\r\nPeriod: ${slash(from)} - ${slash(to)}\r\n\r\n`;
  if (buckets.size === 0) return { status: 200, headers: { "Content-Type": "text/csv" }, body: `${preamble}No Records\r\n` };

  const money = (k: string, s: Sums) => centsToDecimal(s[k] ?? 0);
  const altcols = key.startsWith("altcols");
  const header = altcols ? [...IA_HEADER, "netrevenue"] : IA_HEADER;
  const line = (rowid: number, b: { period: string; site: { id: string; name: string } | null; country: string; sums: Sums }) => {
    const s = b.sums;
    const values: Record<string, string | number> = {
      rowid,
      currencysymbol: symbol,
      totalrecords: buckets.size,
      period: b.period,
      merchantname: rowid === 1 ? merchant : "",
      memberid: rowid === 1 ? "700712" : "",
      username: rowid === 1 ? "affiliate_one" : "",
      country: b.country,
      siteid: b.site?.id ?? "",
      sitename: b.site?.name ?? "Total",
      clickthroughratio: `${(((s.clicks ?? 0) / Math.max(1, s.impressions ?? 0)) * 100).toFixed(2)}%`,
      downloadratio: "0.00%",
      newaccountratio: "0.00%",
      installs: 0,
      activedays: 0,
      wageraccountcount: s.activeaccounts ?? 0,
      avgactivedays: "0.00",
      grossrevenueplayer: "0.00",
      netrevenueplayer: "0.00",
      chargebacks: "0.00",
      prod2bets: "0.00",
      prod2tournament: "0.00",
      prod2netrevenue: money("prod2revenue", s),
      prod2commission: "0.00",
      prod4bets: "0.00",
      prod4tournament: "0.00",
      prod4netrevenue: money("prod4revenue", s),
      prod4commission: "0.00",
    };
    for (const k of [
      "impressions",
      "clicks",
      "downloads",
      "newaccounts",
      "newdepositingacc",
      "firstdepositcount",
      "activeaccounts",
      "purchaccountcount",
      "cpacommissioncount",
    ]) {
      values[k] = s[k] ?? 0;
    }
    for (const k of [
      "purchases",
      "newpurchases",
      "grossrevenue",
      "prod2revenue",
      "prod4revenue",
      "totalcpacommission",
      "revsharecommission",
      "totalcommission",
    ]) {
      values[k] = money(k, s);
    }
    if (key.startsWith("malformed") && rowid === 1) values.clicks = "1x2";
    if (altcols) {
      // A program that carries sign-ups in newaccounts and NGR in netrevenue: the default columns are all 0.
      values.netrevenue = values.grossrevenue ?? "0.00";
      values.downloads = 0;
      values.grossrevenue = "0.00";
    }
    return q(header.map((h) => values[h] ?? ""));
  };
  const total: Sums = {};
  const lines = [q([...header])];
  for (const b of buckets.values()) {
    lines.push(line(1, b));
    for (const [k, v] of Object.entries(b.sums)) total[k] = (total[k] ?? 0) + v;
  }
  lines.push(line(2, { period: `${slash(from)} - ${slash(to)}`, site: null, country: "", sums: total }));
  return {
    status: 200,
    headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="MemberReportDetailed.csv"' },
    body: `${preamble}${lines.join("\r\n")}\r\n`,
  };
}

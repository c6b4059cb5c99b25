import { eachDay, figures, hash32 } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/**
 * Cellxpert affiliate API (GET /cellxpert/api/?command=…) as platforms.md §1 describes:
 * headers `affiliateid` + `x-api-key`; fromdate/todate YYYY-MM-DD, at most 31 days, no future
 * dates; XML `<ResultSet><row>` with the `<Leads>` tag repeated in every row (as in the Postman
 * collection's sample), Day as 2023/01/02, Commission with 4 decimals, everything served as
 * text/html. Errors are HTTP 200 text: "Bad Command", "Bad Authentication Key",
 * "IP Not Authenticated". Commands: mediareport (Day=1 plus TrackingCode=1 / Brand=1) and the
 * commissions ledger (several entries per day and sub-id, US-format `created`).
 * The x-api-key selects failure modes as in the Affilka sandbox, plus ipblocked*. sites* keys:
 * one brand promoted on two sites told apart by tracking code (tc-a, tc-b) plus players who came
 * direct (no tracking code).
 */
export const CELLXPERT_SITE_CODES = ["tc-a", "tc-b", ""] as const;
const HTML = { "Content-Type": "text/html; charset=utf-8" };
const CODES = ["tc-reviews", "tc-news"];
const BRANDS = ["6option", "bb"];

function text(body: string): SandboxReply {
  return { status: 200, headers: HTML, body };
}

function fourDecimals(tenThousandths: number): string {
  const neg = tenThousandths < 0;
  const a = Math.abs(tenThousandths);
  return `${neg ? "-" : ""}${Math.floor(a / 10_000)}.${String(a % 10_000).padStart(4, "0")}`;
}

export function clickIdFor(token: string, code: string, n: number): string {
  return `cx0001${String(hash32(`${token}|${code}|${n}`)).padStart(10, "0")}0000000000000000`.slice(0, 32);
}

export function cellxpert(url: URL, headers: Record<string, string>, state: SandboxState): SandboxReply {
  if (!/^\/cellxpert\/api\/?$/.test(url.pathname)) return { status: 404, headers: HTML, body: "<html>Not Found</html>" };
  const token = headers["x-api-key"] ?? "";
  if (!token || !headers.affiliateid) return text("Bad Authentication Key");
  const n = bump(state, `cellxpert|${token}`);
  if (token.startsWith("bad")) return text("Bad Authentication Key");
  if (token.startsWith("ipblocked")) return text("IP Not Authenticated");
  if (token.startsWith("forbidden")) return { status: 403, headers: HTML, body: "<html><body>403 Forbidden</body></html>" };
  if (token.startsWith("error200")) return text("Bad Command");
  if (token.startsWith("ratelimit") && n === 1) return { status: 429, headers: { ...HTML, "Retry-After": "2" }, body: "Too Many Requests" };
  if (token.startsWith("down")) return { status: 500, headers: HTML, body: "<html>Internal Server Error</html>" };
  if (token.startsWith("slow")) return { status: 200, delayMs: 30_000, headers: HTML, body: "<ResultSet></ResultSet>" };
  if (token.startsWith("malformed")) return text("<ResultSet><row><Day>2026/11/01</Day><Impressions>12</Impr");
  if (token.startsWith("partial") && n >= 2) return { status: 500, headers: HTML, body: "<html>Internal Server Error</html>" };

  const command = url.searchParams.get("command");
  const from = url.searchParams.get("fromdate") ?? "";
  const to = url.searchParams.get("todate") ?? "";
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (!iso.test(from) || !iso.test(to) || from > to) return text("Bad Command");
  const days = eachDay(from, to);
  const today = new Date().toISOString().slice(0, 10);
  // "limit the date range for all calls to a maximum of 31 days" and "not to include future dates"
  if (days.length > 31 || to > today) return text("Bad Command");

  if (command === "mediareport") {
    const byCode = url.searchParams.get("TrackingCode") === "1";
    const byBrand = url.searchParams.get("Brand") === "1";
    if (url.searchParams.get("Day") !== "1" && !byCode && !byBrand) return text("Bad Command");
    const rows: string[] = [];
    const sites = token.startsWith("sites");
    const truth = new Map<string, number>();
    if (!token.startsWith("empty")) {
      for (const day of days) {
        const key = `cellxpert|${token}|${day}`;
        if (state.vanished.has(key)) continue;
        const groups = new Map<string, { code: string; brand: string; f: number[] }>();
        for (const code of sites ? CELLXPERT_SITE_CODES : CODES) {
          for (const brand of sites ? BRANDS.slice(0, 1) : BRANDS) {
            const f = figures(`cellxpert|${token}|${code}|${brand}`, day, state.restated.get(key) ?? 1);
            const extra = hash32(`${token}|${code}|${brand}|${day}`) % 100;
            const values = [
              f.visits * 3,
              f.visits,
              f.registrations,
              f.registrations,
              f.ftds,
              f.qualified,
              f.depositsCents,
              f.ngrCents,
              f.partnerIncomeCents * 100 + extra,
            ];
            const g = `${byCode ? code : ""}|${byBrand ? brand : ""}`;
            const cur = groups.get(g);
            if (cur) cur.f = cur.f.map((v, i) => v + (values[i] ?? 0));
            else groups.set(g, { code, brand, f: values });
          }
        }
        for (const { code, brand, f } of groups.values()) {
          const [imp, vis, leads, regs, ftd, qftd, depCents, plCents, comm] = f;
          addTruth(truth, byCode ? code : "", day, (comm ?? 0) * 100);
          rows.push(
            [
              "<row>",
              `<Day>${day.replace(/-/g, "/")}</Day>`,
              byCode ? `<Tracking_Code>${code}</Tracking_Code>` : "",
              byBrand ? `<Brand>${brand}</Brand>` : "",
              `<Impressions>${imp}</Impressions><Visitors>${vis}</Visitors><Unique_Visitors>${Math.round((vis ?? 0) * 0.8)}</Unique_Visitors>`,
              `<Leads>${leads}</Leads><Unique_Leads>${leads}</Unique_Leads><Leads>${leads}</Leads>`,
              `<Registrations>${regs}</Registrations><Unique_Pre_Reals>0</Unique_Pre_Reals>`,
              `<FTD>${ftd}</FTD><QFTD>${qftd}</QFTD>`,
              `<Deposits>${fourDecimals((depCents ?? 0) * 100)}</Deposits><Volume>0</Volume><PL>${fourDecimals((plCents ?? 0) * 100)}</PL>`,
              `<Commission>${fourDecimals(comm ?? 0)}</Commission><Demo>0</Demo><Unique_Demo>0</Unique_Demo>`,
              "</row>",
            ].join(""),
          );
        }
      }
    }
    if (sites) recordTruth(state, "cellxpert", token, truth);
    return text(`<?xml version="1.0" encoding="utf-8"?><ResultSet>${rows.join("")}</ResultSet>`);
  }

  if (command === "commissions") {
    const rows: string[] = [];
    let id = 1000;
    if (!token.startsWith("empty")) {
      for (const day of days) {
        const key = `cellxpert|${token}|${day}`;
        if (state.vanished.has(key)) continue;
        const factor = state.restated.get(key) ?? 1;
        const [y, m, d] = day.split("-").map(Number);
        const us = (h: number) => `${m}/${d}/${y} ${((h + 11) % 12) + 1}:29:41 ${h < 12 ? "AM" : "PM"}`;
        for (const code of CODES) {
          const entries: [string, string, number, number][] = [
            // afp, type, commission (ten-thousandths), hour
            [`|afp1:${clickIdFor(token, code, 1)}|afp10:Streamers`, "CPA FR", Math.round(10_000 * 100 * factor), 9],
            [`|afp1:${clickIdFor(token, code, 1)}|afp10:Streamers`, "Adjustment", -534_000, 15],
            [`|afp1:${clickIdFor(token, code, 2)}|afp10:Streamers`, "CPA FR", 750_000, 11],
            ["|afp1:{YOURCLICKID}|afp10:Streamers", "Sub Affiliate Commission", 123_456, 14],
            ["|afp1:{YOURCLICKID}|afp10:Streamers", "Chargeback", -200_000, 22],
          ];
          for (const [afp, type, comm, hour] of entries) {
            rows.push(
              `<row><id>${id++}</id><TraderId>6option-${40727100 + id}</TraderId><TrackingCode>${code}</TrackingCode><afp>${afp.replace(/&/g, "&amp;")}</afp>` +
                `<CommissionType>${type}</CommissionType><Commission>${fourDecimals(comm)}</Commission><created>${us(hour)}</created></row>`,
            );
          }
        }
      }
    }
    return text(`<ResultSet>${rows.join("")}</ResultSet>`);
  }
  return text("Bad Command");
}

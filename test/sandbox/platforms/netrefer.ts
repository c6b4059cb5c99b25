import { createHash } from "node:crypto";
import { centsToDecimal, eachDay, figures } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/**
 * NetRefer ASR as platforms.md (Addendum §5) describes, both halves on one sandbox:
 *   POST /netrefer/<tenant>/oauth2/v2.0/token   Azure-AD-style password grant; client
 *        "nr-client" / "nr-secret", password "nr-password"; wrong password or a bad* username →
 *        400 {"error":"invalid_grant","error_description":"AADSTS50126: …"}; wrong client secret → 401 invalid_client
 *   GET  /netrefer/dpm/v1/<report_type_code>/<affiliate_id>/<from>/<to>   Bearer token;
 *        400 when from and to are not in the same month
 * The report: id, lastCheckSum (sha256 of the records), reportingTime, reportingPeriod,
 * reportingCurrency, opening/outgoing balance, markedReadyForInvoicingTime (set for months before
 * the current one), source, brands[], marketingSources[].brands[].dataPoints[] with one "wide"
 * data point per day whose metric names follow the Monthly Figures columns (an assumption: ASR's
 * own names are not public). The username selects failure modes as in the Affilka sandbox, plus
 * rotate* (a token works for one report request only, so a cached token gets a 401).
 */
const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8" };
const CLIENT_ID = "nr-client";
const CLIENT_SECRET = "nr-secret";
const PASSWORD = "nr-password";
const BRANDS = [
  { id: "b1", name: "Unibet" },
  { id: "b2", name: "Maria Casino" },
];
const SOURCES = [
  { id: 7001, name: "reviews-site", brands: ["b1", "b2"] },
  { id: 7002, name: "news-site", brands: ["b1"] },
];

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): SandboxReply => ({
  status,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body),
});

/** sites* users: one brand on two sites (marketing sources 7101, 7102) plus the account's default source 7100 (direct). */
export const NETREFER_SITE_SOURCES = [
  { id: 7101, name: "site-a", brands: ["b1"] },
  { id: 7102, name: "site-b", brands: ["b1"] },
  { id: 7100, name: "default", brands: ["b1"] },
];

let issued = 0;

export function netrefer(url: URL, headers: Record<string, string>, state: SandboxState, body: string, method: string): SandboxReply {
  if (/^\/netrefer\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) return token(body, method, state);
  const m = /^\/netrefer\/dpm\/v(\d+)\/([^/]+)\/([^/]+)\/(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(url.pathname);
  if (!m) return reply(404, { error: "Resource not found" });
  const [, , code, affiliateId, from = "", to = ""] = m;
  const auth = /^Bearer nrtok\.([A-Za-z0-9_-]+)\.(\d+)$/.exec(headers.authorization ?? "");
  if (!auth?.[1]) return reply(401, { error: "invalid_token" }, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
  const user = Buffer.from(auth[1], "base64url").toString("utf8");
  const uses = bump(state, `netrefer-token|${headers.authorization}`);
  if (user.startsWith("rotate") && uses > 1) return reply(401, { error: "invalid_token" });
  const n = bump(state, `netrefer|${user}`);
  if (user.startsWith("forbidden")) return reply(403, { error: "The affiliate is not allowed to read this report" });
  if (user.startsWith("error200")) return reply(200, { error: "Report generation failed" });
  if (user.startsWith("ratelimit") && n === 1) return reply(429, { error: "Too many requests" }, { "Retry-After": "2" });
  if (user.startsWith("down")) return { status: 500, body: "<html>Internal Server Error</html>" };
  if (user.startsWith("slow")) return { status: 200, delayMs: 30_000, body: "{}" };
  if (user.startsWith("malformed"))
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: '{"id":"3f0c","marketingSources":[{"id":7001,"brands":[{"dataPoints":[{"date":"2026-',
    };
  if (user.startsWith("partial") && n >= 2) return { status: 500, body: "<html>Internal Server Error</html>" };
  if (code !== "DAR") return reply(404, { error: `Unknown report type ${code}` });
  if (from > to) return reply(400, { error: "from must not be after to" });
  if (from.slice(0, 7) !== to.slice(0, 7)) return reply(400, { error: "The from and to dates need to be within the same month and year" });

  const truth = new Map<string, number>();
  const marketingSources = (user.startsWith("sites") ? NETREFER_SITE_SOURCES : SOURCES).map((s) => ({
    id: s.id,
    name: s.name,
    brands: s.brands.map((bid) => ({
      id: bid,
      name: BRANDS.find((b) => b.id === bid)?.name,
      dataPoints: user.startsWith("empty")
        ? []
        : eachDay(from, to)
            .filter((day) => !state.vanished.has(`netrefer|${user}|${day}`))
            .map((day) => {
              const f = figures(`netrefer|${user}|${s.id}|${bid}`, day, state.restated.get(`netrefer|${user}|${day}`) ?? 1);
              addTruth(truth, String(s.id), day, f.partnerIncomeCents * 10_000);
              return {
                date: day,
                views: f.visits * 4,
                clicks: f.visits,
                signups: f.registrations,
                firstTimeDepositingCustomers: f.ftds,
                depositingCustomers: f.depositingPlayers,
                deposits: Number(centsToDecimal(f.depositsCents)),
                netRevenue: Number(centsToDecimal(f.ngrCents)),
                commission: Number(centsToDecimal(f.partnerIncomeCents)),
              };
            }),
    })),
  }));
  recordTruth(state, "netrefer", user, truth);
  const now = new Date();
  const thisMonth = now.toISOString().slice(0, 7);
  const month = from.slice(0, 7);
  const [y = 0, mo = 0] = month.split("-").map(Number);
  const nextMonth = new Date(Date.UTC(y, mo, 5, 2)).toISOString();
  return reply(200, {
    id: `${createHash("md5")
      .update(`${user}|${from}|${to}`)
      .digest("hex")
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5")}`,
    lastCheckSum: createHash("sha256").update(JSON.stringify(marketingSources)).digest("hex"),
    reportingTime: now.toISOString(),
    reportingPeriod: { from, to },
    reportingCurrency: "EUR",
    openingBalance: 0,
    outgoingBalance: 1234.5,
    markedReadyForInvoicingTime: month < thisMonth ? nextMonth : null,
    source: { affiliateId: Number(affiliateId), affiliateName: "Sandbox Affiliate", operatorName: "Sandbox Operator" },
    brands: BRANDS,
    marketingSources,
  });
}

function token(body: string, method: string, state: SandboxState): SandboxReply {
  if (method !== "POST")
    return reply(405, { error: "invalid_request", error_description: "AADSTS900561: The endpoint only accepts POST requests." });
  const f = new URLSearchParams(body);
  const user = f.get("username") ?? "";
  bump(state, `netrefer-signin|${user}`);
  if (f.get("grant_type") !== "password")
    return reply(400, { error: "unsupported_grant_type", error_description: "AADSTS70003: grant type not supported" });
  if (f.get("client_id") !== CLIENT_ID)
    return reply(400, { error: "unauthorized_client", error_description: "AADSTS700016: Application not found." });
  if (f.get("client_secret") !== CLIENT_SECRET)
    return reply(401, { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." });
  if (f.get("scope") !== `api://${CLIENT_ID}/Reports.Read`)
    return reply(400, { error: "invalid_scope", error_description: "AADSTS70011: The provided value for scope is not valid." });
  if (!user || user.startsWith("bad") || f.get("password") !== PASSWORD) {
    return reply(400, {
      error: "invalid_grant",
      error_description: "AADSTS50126: Error validating credentials due to invalid username or password.\r\nTrace ID: 0000",
      error_codes: [50126],
    });
  }
  issued++;
  return reply(200, {
    token_type: "Bearer",
    scope: `api://${CLIENT_ID}/Reports.Read`,
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: `nrtok.${Buffer.from(user).toString("base64url")}.${issued}`,
  });
}

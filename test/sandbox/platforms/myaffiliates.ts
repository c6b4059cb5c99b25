import { centsToDecimal, eachDay, figures } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/**
 * MyAffiliates affiliate API (platforms.md §2, addendum §2):
 *   POST /myaffiliates/oauth/access_token  form grant_type=client_credentials, client_id,
 *        client_secret, scope=r_user_stats → {"token_type":"Bearer","expires_in":3600,"access_token":…}
 *        (errors as league/oauth2-server sends them: 400/401 {"error","error_description","message"})
 *   GET  /myaffiliates/statistics.php?d1=YYYY-MM-DD&d2=YYYY-MM-DD&mode=csv… with Authorization: Bearer
 *        → CSV "Date","Channel","Campaign","Impressions","Hits","Signups","First Deposits","Deposits",
 *        "Total NGR","Commission" (one row per day and campaign); an unknown or missing bearer gets
 *        the HTML login page with HTTP 200, as a browser session would.
 *
 * Failure modes by client_id prefix (client_secret prefix bad* → 401 invalid_client):
 * htmlbearer* (every bearer refused with the login page), expired* (the client's first token is
 * refused, later ones work), error200* (an error text in a 200), ratelimit* (429 + Retry-After: 2
 * on the first report hit), down* (500), slow* (30 s), malformed* (a non-numeric Hits cell),
 * empty* (header only), partial* (the second report request fails with 500), monthly* (the Date
 * column holds the month, YYYY-MM, and rows are summed per month). Restated / vanished days:
 * `myaffiliates|<client_id>|<day>`.
 */
const CAMPAIGNS = ["Reviews UK", "Newsletter"];
/** sites* client ids: one deal on two sites told apart by campaign, plus players who came direct (no campaign). */
export const MYAFF_SITE_CAMPAIGNS = ["Site A", "Site B", ""];
const HEADER = ["Date", "Channel", "Campaign", "Impressions", "Hits", "Signups", "First Deposits", "Deposits", "Total NGR", "Commission"];

/** Tokens issued by the sandbox: token → client id and its serial number for that client. */
const issued = new Map<string, { clientId: string; serial: number }>();
let nextToken = 1;

const LOGIN_PAGE =
  '<!DOCTYPE html><html><head><title>Affiliate Login</title></head><body><form action="/login.php" method="post"><input type="text" name="username"><input type="password" name="password"><button>Login</button></form></body></html>';

const json = (status: number, body: unknown): SandboxReply => ({
  status,
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});
const oauthError = (status: number, error: string, description: string) =>
  json(status, { error, error_description: description, message: description });
const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export function myaffiliates(url: URL, headers: Record<string, string>, state: SandboxState, body: string, method: string): SandboxReply {
  if (url.pathname === "/myaffiliates/oauth/access_token") {
    if (method !== "POST") return oauthError(405, "invalid_request", "The request method must be POST");
    const form = new URLSearchParams(body);
    const clientId = form.get("client_id") ?? "";
    if (form.get("grant_type") !== "client_credentials")
      return oauthError(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
    if (!clientId || !form.get("client_secret")) return oauthError(400, "invalid_request", "The request is missing a required parameter.");
    if ((form.get("client_secret") ?? "").startsWith("bad")) return oauthError(401, "invalid_client", "Client authentication failed");
    if (!(form.get("scope") ?? "").split(/[ ,]+/).includes("r_user_stats"))
      return oauthError(400, "invalid_scope", "The requested scope is invalid, unknown, or malformed");
    const serial = bump(state, `myaffiliates-token|${clientId}`);
    const token = `mya${String(nextToken++).padStart(6, "0")}${Math.random().toString(36).slice(2, 12)}`;
    issued.set(token, { clientId, serial });
    return json(200, { token_type: "Bearer", expires_in: 3600, access_token: token });
  }
  if (url.pathname !== "/myaffiliates/statistics.php")
    return { status: 404, headers: { "Content-Type": "text/html" }, body: "<html><body>Not Found</body></html>" };

  const html: SandboxReply = { status: 200, headers: { "Content-Type": "text/html; charset=UTF-8" }, body: LOGIN_PAGE };
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1] ?? "";
  const grant = issued.get(bearer);
  if (!grant) return html;
  const id = grant.clientId;
  if (id.startsWith("htmlbearer")) return html;
  if (id.startsWith("expired") && grant.serial === 1) return html;
  const n = bump(state, `myaffiliates|${id}`);
  const text = { "Content-Type": "text/plain; charset=UTF-8" };
  if (id.startsWith("error200")) return { status: 200, headers: text, body: "ERROR: This report is not available for your account." };
  if (id.startsWith("ratelimit") && n === 1) return { status: 429, headers: { "Retry-After": "2", ...text }, body: "Too Many Requests" };
  if (id.startsWith("down"))
    return { status: 500, headers: { "Content-Type": "text/html" }, body: "<html><body><h1>500 Internal Server Error</h1></body></html>" };
  if (id.startsWith("slow")) return { status: 200, delayMs: 30_000, headers: text, body: "" };
  if (id.startsWith("partial") && n === 2)
    return { status: 500, headers: { "Content-Type": "text/html" }, body: "<html><body><h1>500 Internal Server Error</h1></body></html>" };
  if (url.searchParams.get("mode") !== "csv")
    return { status: 200, headers: { "Content-Type": "text/html" }, body: "<html><body><table id='stats'></table></body></html>" };
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  const from = url.searchParams.get("d1") ?? "";
  const to = url.searchParams.get("d2") ?? "";
  if (!iso.test(from) || !iso.test(to) || from > to) return { status: 200, headers: text, body: "ERROR: Invalid date range." };

  const channel = url.searchParams.get("channel") ?? "Casino Main";
  const monthly = id.startsWith("monthly");
  const sums = new Map<string, number[]>();
  const truth = new Map<string, number>();
  if (!id.startsWith("empty")) {
    for (const day of eachDay(from, to)) {
      const stateKey = `myaffiliates|${id}|${day}`;
      if (state.vanished.has(stateKey)) continue;
      for (const campaign of id.startsWith("sites") ? MYAFF_SITE_CAMPAIGNS : CAMPAIGNS) {
        const f = figures(`${id}|${campaign}`, day, state.restated.get(stateKey) ?? 1);
        const bucket = `${monthly ? day.slice(0, 7) : day}|${campaign}`;
        const values = [f.visits * 6, f.visits, f.registrations, f.ftds, f.depositsCents, f.ngrCents, f.partnerIncomeCents];
        addTruth(truth, campaign, day, f.partnerIncomeCents * 10_000);
        const prev = sums.get(bucket) ?? values.map(() => 0);
        sums.set(
          bucket,
          prev.map((v, i) => v + (values[i] ?? 0)),
        );
      }
    }
  }
  recordTruth(state, "myaffiliates", id, truth);
  const lines = [HEADER.map(csvCell).join(",")];
  for (const [bucket, v] of sums) {
    const [date = "", campaign = ""] = bucket.split("|");
    const hits: string | number = id.startsWith("malformed") ? "12 hits" : (v[1] ?? 0);
    lines.push(
      [
        date,
        channel,
        campaign,
        v[0] ?? 0,
        hits,
        v[2] ?? 0,
        v[3] ?? 0,
        centsToDecimal(v[4] ?? 0),
        centsToDecimal(v[5] ?? 0),
        centsToDecimal(v[6] ?? 0),
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return {
    status: 200,
    headers: { "Content-Type": "text/csv; charset=UTF-8", "Content-Disposition": 'attachment; filename="statistics.csv"' },
    body: `${lines.join("\n")}\n`,
  };
}

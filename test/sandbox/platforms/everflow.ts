import { centsToDecimal, eachDay, figures, hash32 } from "../data";
import type { SandboxReply } from "../server";
import { addTruth, bump, recordTruth, type SandboxState } from "../state";

/** sites* keys: the two sites' sub2 values and direct players (none). */
export const EVERFLOW_SITE_TAGS = ["site-a", "site-b", ""] as const;

/**
 * Everflow affiliate reporting (POST /everflow/v1/affiliates/reporting/entity/table) as
 * platforms.md §11 describes: header X-Eflow-Api-Key; JSON body {from, to, timezone_id,
 * currency_id, columns, query.filters}; from/to inclusive days, at most 367 days, one time
 * column. Answer {table:[{columns:[{column_type, id, label}], reporting:{…}}], incomplete_results}:
 * the date column's id is the day's Unix timestamp (midnight UTC), sub1 carries the click id.
 * Rows beyond the cap are cut and `incomplete_results: true` set: the real cap is 10,000 rows;
 * capped* keys use 20 so tests exercise it, hugeday* puts 30 rows on every day (one day alone is
 * over the cap). Other failure modes as in the Affilka sandbox.
 */
const JSON_HEADERS = { "Content-Type": "application/json" };
const REAL_CAP = 10_000;

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): SandboxReply => ({
  status,
  headers: { ...JSON_HEADERS, ...headers },
  body: JSON.stringify(body),
});

export function everflowClickId(token: string, n: number): string {
  return `ef0001${String(hash32(`${token}|${n}`)).padStart(10, "0")}0000000000000000`.slice(0, 32);
}

export function everflow(url: URL, headers: Record<string, string>, state: SandboxState, body: string, method: string): SandboxReply {
  if (url.pathname !== "/everflow/v1/affiliates/reporting/entity/table") return reply(404, { Error: "Not Found" });
  if (method !== "POST") return reply(405, { Error: "Method Not Allowed" });
  const token = headers["x-eflow-api-key"] ?? "";
  if (!token) return reply(401, { Error: "Unauthorized" });
  const n = bump(state, `everflow|${token}`);
  if (token.startsWith("bad")) return reply(401, { Error: "Unauthorized" });
  if (token.startsWith("forbidden")) return reply(403, { Error: "Forbidden" });
  if (token.startsWith("error200")) return reply(200, { error: "Invalid API key" });
  if (token.startsWith("ratelimit") && n === 1) return reply(429, { Error: "Too Many Requests" }, { "Retry-After": "2" });
  if (token.startsWith("down")) return { status: 500, body: "<html>Internal Server Error</html>" };
  if (token.startsWith("slow")) return { status: 200, delayMs: 30_000, body: "{}" };
  if (token.startsWith("malformed"))
    return { status: 200, headers: JSON_HEADERS, body: '{"table":[{"columns":[{"column_type":"date","id":"17' };
  if (token.startsWith("partial") && n >= 2) return { status: 500, body: "<html>Internal Server Error</html>" };

  let req: { from?: unknown; to?: unknown; timezone_id?: unknown; currency_id?: unknown; columns?: { column?: unknown }[] };
  try {
    req = JSON.parse(body) as typeof req;
  } catch {
    return reply(400, { Error: "Invalid JSON body" });
  }
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  const from = String(req.from ?? "");
  const to = String(req.to ?? "");
  if (!iso.test(from) || !iso.test(to) || from > to) return reply(400, { Error: "from and to are required (YYYY-MM-DD)" });
  if (!Number.isInteger(req.timezone_id)) return reply(400, { Error: "timezone_id is required" });
  if (typeof req.currency_id !== "string") return reply(400, { Error: "currency_id is required" });
  const cols = (req.columns ?? []).map((c) => String(c.column));
  if (cols.length < 1 || cols.length > 10) return reply(400, { Error: "between 1 and 10 columns" });
  if (cols.filter((c) => ["hour", "date", "week", "month", "year"].includes(c)).length > 1)
    return reply(400, { Error: "only one time column" });
  const days = eachDay(from, to);
  if (days.length > 367) return reply(400, { Error: "The date range cannot exceed 367 days" });
  const subCol = cols.find((c) => /^sub[1-5]$/.test(c));

  const subs = token.startsWith("hugeday")
    ? Array.from({ length: 30 }, (_, i) => everflowClickId(token, i))
    : [everflowClickId(token, 1), everflowClickId(token, 2), everflowClickId(token, 3), "{sub1}", ""];
  const table: unknown[] = [];
  if (token.startsWith("sites")) {
    // One offer on two sites told apart by sub2 (site-a, site-b) plus players who came direct (no sub2).
    const subCols = cols.filter((c) => /^sub[1-5]$/.test(c));
    const truth = new Map<string, number>();
    for (const day of days) {
      const key = `everflow|${token}|${day}`;
      if (state.vanished.has(key)) continue;
      for (const tag of EVERFLOW_SITE_TAGS) {
        const f = figures(`everflow|${token}|${tag}`, day, state.restated.get(key) ?? 1);
        addTruth(truth, tag, day, f.partnerIncomeCents * 10_000);
        table.push({
          columns: [
            { column_type: "date", id: String(Date.parse(`${day}T00:00:00Z`) / 1000), label: "" },
            ...subCols.map((c) => ({ column_type: c, id: c === "sub2" ? tag : "", label: c === "sub2" ? tag : "" })),
          ],
          reporting: {
            imp: f.visits * 5,
            total_click: f.visits,
            cv: f.ftds,
            event: f.registrations,
            revenue: Number(centsToDecimal(f.partnerIncomeCents)),
          },
        });
      }
    }
    recordTruth(state, "everflow", token, truth);
  } else if (!token.startsWith("empty")) {
    for (const day of days) {
      const key = `everflow|${token}|${day}`;
      if (state.vanished.has(key)) continue;
      for (const sub of subCol ? subs : [""]) {
        const f = figures(`everflow|${token}|${sub}`, day, state.restated.get(key) ?? 1);
        const columns: { column_type: string; id: string; label: string }[] = [];
        if (cols.includes("date")) columns.push({ column_type: "date", id: String(Date.parse(`${day}T00:00:00Z`) / 1000), label: "" });
        if (subCol) columns.push({ column_type: subCol, id: sub, label: sub });
        table.push({
          columns,
          reporting: {
            imp: f.visits * 5,
            total_click: f.visits,
            unique_click: Math.round(f.visits * 0.9),
            invalid_click: 0,
            duplicate_click: f.visits - Math.round(f.visits * 0.9),
            ctr: 0,
            cv: f.ftds,
            view_through_cv: 0,
            event: f.registrations,
            cvr: f.visits ? Math.round((f.ftds / f.visits) * 10_000) / 100 : 0,
            evr: 0,
            rpc: 0,
            rpm: 0,
            revenue: Number(centsToDecimal(f.partnerIncomeCents)),
            redirect_traffic_revenue: 0,
            on_hold_conversion_count: 0,
            on_hold_potential_revenue: 0,
          },
        });
      }
    }
  }
  const cap = token.startsWith("capped") || token.startsWith("hugeday") ? 20 : REAL_CAP;
  return reply(200, { table: table.slice(0, cap), incomplete_results: table.length > cap });
}

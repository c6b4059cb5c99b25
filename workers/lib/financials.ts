import type { MiddlewareHandler } from "hono";
import Papa from "papaparse";
import { toCsv } from "./csv";
import type { AppEnv } from "./hono";

/**
 * "Hide financials": for a member with the flag, every money figure (revenue, NGR, commission, EPC,
 * cost, ROI, payouts, amounts) is removed from API responses, JSON and CSV alike, in one place, so a
 * new report cannot forget it. Keys are matched by name; money keys are named for what they hold.
 */
const MONEY_KEY = /micros$|revenue|ngr|commission|epc|cost|roi|payout|amount|fxrate|^fx|deposits?value/i;
const MONEY_PARAM = /((?:^|[?&])(?:[a-z_]*?)(?:amount|payout|revenue|commission|ngr|sum|value|price)[a-z_]*=)[^&\s"]*/gi;

/** States and timestamps about revenue (revenueState, revenue_state, revenueComplete) are not money. */
const NOT_MONEY = /(state|complete|through|sync(ed)?at)$/i;
export const isMoneyKey = (key: string) => MONEY_KEY.test(key) && !NOT_MONEY.test(key);

/** Set by the API on the live WebSocket upgrade it forwards to a site's hub. */
export const HIDE_FINANCIALS_HEADER = "x-cf-hide-financials";

/** A counter row such as { metric: "deposit_amount", value } is money too. */
const isMoneyRow = (v: unknown) =>
  !!v &&
  typeof v === "object" &&
  typeof (v as { metric?: unknown }).metric === "string" &&
  isMoneyKey((v as { metric: string }).metric.replace(/_/g, ""));

const isPlainGroup = (v: unknown) => !!v && typeof v === "object" && !Array.isArray(v);

export function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => !isMoneyRow(v)).map(redactJson);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // A group named for money ("revenue": { completeThrough, … }) keeps its non-money facts; its figures go.
      if (isMoneyKey(k) && !isPlainGroup(v)) continue;
      // Raw postback requests carry amounts in their query or body.
      out[k] = typeof v === "string" && /^raw/i.test(k) ? v.replace(MONEY_PARAM, "$1(hidden)") : redactJson(v);
    }
    return out;
  }
  return value;
}

/** Drops money columns from a CSV (header row decides). */
export function redactCsv(csv: string, parse: (s: string) => string[][], unparse: (rows: string[][]) => string): string {
  const rows = parse(csv);
  const header = rows[0];
  if (!header) return csv;
  const keep = header.map((h, i) => (isMoneyKey(h.replace(/[^a-z]/gi, "")) ? -1 : i)).filter((i) => i >= 0);
  const raw = new Set(header.map((h, i) => (/^raw/i.test(h) ? i : -1)).filter((i) => i >= 0));
  return unparse(
    rows.map((r, n) => keep.map((i) => (n > 0 && raw.has(i) ? (r[i] ?? "").replace(MONEY_PARAM, "$1(hidden)") : (r[i] ?? "")))),
  );
}

export const hideFinancials: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.get("session")?.hideFinancials) return;
  const type = c.res.headers.get("content-type") ?? "";
  if (c.res.status === 101) return; // the live WebSocket is filtered by the hub (it is told at upgrade)
  if (type.includes("application/json")) {
    const body = redactJson(await c.res.json());
    c.res = new Response(JSON.stringify(body), c.res);
  } else if (type.includes("text/csv")) {
    const text = redactCsv(
      await c.res.text(),
      (s) => Papa.parse<string[]>(s, { skipEmptyLines: true }).data,
      (rows) => toCsv(rows[0] ?? [], rows.slice(1)),
    );
    c.res = new Response(text, c.res);
  }
};

import { queryLocalD1 } from "../lib/local-d1";
import type { Seed } from "../lib/stack";
import type { ApiClient } from "./client";
import type { Traffic } from "./traffic";

/** What the chaos run finds stored in D1, against what the traffic was told. */
export function checkStored(persistDir: string, traffic: Traffic, txidPrefix: string, violations: string[], log: (m: string) => void) {
  if (!/^[\w-]+$/.test(txidPrefix)) throw new Error("bad txid prefix");
  const conv = queryLocalD1<{
    txid: string;
    n: number;
    site_id: string | null;
    offer_id: string | null;
    campaign_id: string | null;
    attributed: number;
  }>(
    persistDir,
    `SELECT txid, count(*) AS n, min(site_id) AS site_id, min(offer_id) AS offer_id, min(campaign_id) AS campaign_id, min(attributed) AS attributed
     FROM conversions WHERE txid LIKE '${txidPrefix}%' GROUP BY txid`,
  );
  const byTxid = new Map(conv.map((c) => [c.txid, c]));
  const storedClicks = new Set(
    queryLocalD1<{ id: string }>(persistDir, "SELECT id FROM clicks WHERE json_extract(sub_ids, '$.sub1') = 'chaos'").map((r) => r.id),
  );
  let clicksStored = 0;
  for (const id of traffic.clicks.keys()) if (storedClicks.has(id)) clicksStored++;
  const lost = traffic.clicks.size - clicksStored;

  let acked = 0;
  let stored = 0;
  const problems = { missing: 0, twice: 0, misattributed: 0, lostAttributed: 0, lostMisattributed: 0 };
  const examples: string[] = [];
  for (const pb of traffic.postbacks) {
    if (!pb.acked) continue;
    acked++;
    const c = byTxid.get(pb.txid);
    if (!c) {
      problems.missing++;
      if (examples.length < 5) examples.push(`acknowledged but not stored: ${pb.path}`);
      continue;
    }
    if (c.n !== 1) {
      problems.twice++;
      if (examples.length < 5) examples.push(`stored ${c.n} times: ${pb.path}`);
      continue;
    }
    stored++;
    const click = traffic.clicks.get(pb.clickId);
    if (!click) throw new Error(`postback for unknown click ${pb.clickId}`);
    const right = c.site_id === click.siteId && c.offer_id === click.offerId && c.campaign_id === click.campaignId && c.attributed === 1;
    const clickLost = !storedClicks.has(pb.clickId);
    if (clickLost && right) problems.lostAttributed++;
    if (!right) {
      if (clickLost) problems.lostMisattributed++;
      else problems.misattributed++;
      if (examples.length < 5)
        examples.push(
          `${clickLost ? "lost click's " : ""}postback ${pb.txid} stored as site=${c.site_id} offer=${c.offer_id} campaign=${c.campaign_id} attributed=${c.attributed}, link is site=${click.siteId} offer=${click.offerId} campaign=${click.campaignId}`,
        );
    }
  }
  log(
    `clicks: ${traffic.clicks.size} redirected, ${clicksStored} stored, ${lost} lost; postbacks of lost clicks attributed from the click id: ${problems.lostAttributed}, not: ${problems.lostMisattributed}`,
  );
  for (const e of examples) log(`  e.g. ${e}`);
  if (problems.missing) violations.push(`${problems.missing} acknowledged postbacks not stored`);
  if (problems.twice) violations.push(`${problems.twice} acknowledged postbacks stored more than once`);
  if (problems.misattributed) violations.push(`${problems.misattributed} postbacks of stored clicks attributed wrongly`);
  if (problems.lostMisattributed) violations.push(`${problems.lostMisattributed} postbacks of lost clicks not attributed to their link`);
  return { acked, stored, lost, clicksStored };
}

interface CounterRow {
  metric: string;
  value: number;
}

/**
 * Each site's live counters (its hub, today in the site's timezone) against the D1 reports for the same
 * day, both through the API. Reports use the member's timezone, so it is set to the site's while its
 * overview is read (between 23:00 and 24:00 UTC a London member's today is not a Berlin site's), then cleared.
 */
export async function compareCounters(api: ApiClient, demo: Seed, log: (m: string) => void): Promise<boolean> {
  let match = true;
  for (const site of demo.sites) {
    const live = await api.get<{ day: string; counters: CounterRow[] }>(`/api/sites/${site.id}/live`);
    const sum = (m: string) => live.counters.filter((c) => c.metric === m).reduce((a, c) => a + c.value, 0);
    const range = `from=${live.day}&to=${live.day}`;
    const { site: detail } = await api.get<{ site: { timezone: string } }>(`/api/sites/${site.id}`);
    const tz = await api.patch("/api/auth/me", { timezone: detail.timezone });
    if (tz.status !== 200) throw new Error(`setting the member's timezone failed: ${tz.status}`);
    const ov = await api.get<{ totals: { clicks: number; registrations: number; ftds: number; deposits: { count: number } } }>(
      `/api/sites/${site.id}/overview?${range}`,
    );
    const an = await api.get<{ totals: { pageviews: number } }>(`/api/sites/${site.id}/analytics?${range}`);
    const pairs: [string, number, number][] = [
      ["clicks", sum("clicks"), ov.totals.clicks],
      ["registrations", sum("registrations"), ov.totals.registrations],
      ["ftds", sum("ftds"), ov.totals.ftds],
      ["deposits", sum("deposits"), ov.totals.deposits.count],
      ["pageviews", sum("pageviews"), an.totals.pageviews],
    ];
    const text = pairs.map(([m, l, d]) => `${m} ${l}/${d}`).join(", ");
    const ok = pairs.every(([, l, d]) => l === d);
    log(`counters ${site.id} (${live.day}) live/D1: ${text}${ok ? "" : "  ← MISMATCH"}`);
    match &&= ok;
  }
  await api.patch("/api/auth/me", { timezone: null });
  return match;
}

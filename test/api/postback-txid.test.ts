/**
 * Postback URL templates and transaction ids, per platform: a template carries the platform's own
 * per-event transaction-id macro where one is documented (only the generic {txid}), and a retry of that
 * postback as the platform fills it is deduped by txid while another txid counts; a platform without such
 * a macro says so next to its template (the campaign answer's `txidNote`). A click-level id is no txid:
 * Everflow's {transaction_id} is the same for every event of a click, so a click's registration and FTD,
 * both sent as Everflow fills its template, must both count.
 */
import { describe, expect, it } from "vitest";
import type { CampaignDetail } from "../../shared/entity-types";
import { PLATFORM_IDS, PLATFORM_PRESETS, type PlatformId } from "../../shared/platforms";
import { ulid } from "../../workers/lib/ids";
import { api, call, clearRouteCache, demo, login } from "../helpers";
import { json } from "./entity-helpers";

/** Platforms whose documentation names a per-event transaction-id macro (shared/reference/platforms.md). */
const DOCUMENTED_TXID: Partial<Record<PlatformId, string>> = { generic: "{txid}" };

async function campaignOn(cookie: string, platform: PlatformId) {
  const offer = await api<{ offer: { id: string } }>(
    cookie,
    "/api/offers",
    json("POST", {
      name: `${platform} txid ${ulid()}`,
      platform,
      brand: "Brand",
      trackingUrl: "https://go.brand.example/visit?a=1",
      accountCurrency: "EUR",
      siteIds: ["site_uk"],
    }),
  );
  expect(offer.status).toBe(201);
  const offerId = offer.body.offer.id;
  const created = await api<{ campaign: CampaignDetail }>(
    cookie,
    "/api/campaigns",
    json("POST", { name: `${platform} txid`, siteId: "site_uk", offerIds: [offerId] }),
  );
  expect(created.status).toBe(201);
  const link = await api<{ slug: string }>(cookie, "/api/links", json("POST", { campaignId: created.body.campaign.id, offerId }));
  expect(link.status).toBe(201);
  const detail = await api<{ campaign: CampaignDetail }>(cookie, `/api/campaigns/${created.body.campaign.id}`);
  return { detail: detail.body.campaign, slug: link.body.slug };
}

describe.each(PLATFORM_IDS.map((platform) => ({ platform })))("postback template on $platform", ({ platform }) => {
  it("carries the platform's txid macro, or says next to it that the platform has none", async () => {
    await demo();
    const cookie = await login();
    const { detail, slug } = await campaignOn(cookie, platform);
    const urls = detail.postbackUrls.filter((u) => u.platform === platform);
    expect(urls.length).toBeGreaterThan(0);
    const macro = DOCUMENTED_TXID[platform];
    for (const u of urls) {
      expect(u).toHaveProperty("txidNote");
      if (macro) {
        expect(new URL(u.url).searchParams.get("txid")).toBe(macro);
        expect(u.txidNote).toBeNull();
      } else {
        expect(new URL(u.url).searchParams.has("txid")).toBe(false);
        expect(u.txidNote).toMatch(/no transaction-id macro/);
      }
    }
    if (!macro) return;

    // As the platform fills the template: a retry (same txid) is a duplicate, another event id counts.
    const template = urls.find((u) => u.event === (PLATFORM_PRESETS[platform].events.includes("deposit") ? "deposit" : "ftd"));
    expect(template).toBeDefined();
    clearRouteCache();
    const go = await call(`/go/${slug}`);
    const clickId = new URL(go.headers.get("location") ?? "").searchParams.get(PLATFORM_PRESETS[platform].clickParam) ?? "";
    expect(clickId).not.toBe("");
    const fill = (txid: string) => {
      let out = template?.url ?? "";
      const values: Record<string, string> = {
        clickId,
        amount: "20.00",
        currency: "EUR",
        txid,
        event: template?.event ?? "",
        status: "approved",
      };
      for (const [field, m] of Object.entries(PLATFORM_PRESETS[platform].macros)) out = out.split(m).join(values[field] ?? "x");
      return out.replace("https://cf.test", "");
    };
    const send = async (txid: string) => ((await (await call(fill(txid))).json()) as { outcome: string }).outcome;
    const tx = `tx-${ulid()}`;
    expect(await send(tx)).toBe("accepted");
    expect(await send(tx)).toBe("duplicate");
    if (template?.event === "deposit") expect(await send(`tx-${ulid()}`)).toBe("accepted");
  });
});

describe("Everflow postback template", () => {
  it("counts a click's registration and its FTD, though Everflow fills {transaction_id} alike for both", async () => {
    await demo();
    const cookie = await login();
    const { detail, slug } = await campaignOn(cookie, "everflow");
    clearRouteCache();
    const go = await call(`/go/${slug}`);
    const clickId = new URL(go.headers.get("location") ?? "").searchParams.get("sub1") ?? "";
    expect(clickId).not.toBe("");
    // Everflow's click id for this click: one value for every postback of the click.
    const everflowTransaction = `ef${ulid().toLowerCase()}`;
    const filled = (event: string) => {
      const u = detail.postbackUrls.find((x) => x.event === event)?.url;
      expect(u).toBeDefined();
      return (u ?? "")
        .replace("{sub1}", clickId)
        .replace("{payout_amount}", "10.00")
        .replace("{status}", "approved")
        .replace("{transaction_id}", everflowTransaction)
        .replace("https://cf.test", "");
    };
    const send = async (event: string) => ((await (await call(filled(event))).json()) as { outcome: string }).outcome;
    expect(await send("registration")).toBe("accepted");
    expect(await send("ftd")).toBe("accepted");
    // A retry of the FTD is still one FTD (one per click without a txid).
    expect(await send("ftd")).toBe("duplicate");
  });
});

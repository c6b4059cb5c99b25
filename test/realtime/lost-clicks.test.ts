import { describe, expect, it } from "vitest";
import { api, call, demo, drain, login, todayIn } from "../helpers";

/**
 * A click is written to its hub just after its redirect, so one can be lost (docs/decisions.md). Its
 * postbacks must still count for the link's site, offer and campaign: the click id carries the link.
 * A click id minted for a link but never stored is made here from a real one by changing its random tail.
 */
describe("postbacks of clicks the hub never stored", () => {
  it("are attributed to the link named by the click id; an id naming no link stays unattributed", async () => {
    const seed = await demo();
    const key = seed.postbackKeys.find((k) => k.offerId === "of_spinia")?.key;
    if (!key) throw new Error("no Spinia postback key");
    const res = await call("/go/spinia-uk-ads", { ip: "203.0.113.90" });
    const real = new URL(res.headers.get("location") ?? "").searchParams.get("click_id");
    if (!real) throw new Error("no click id");
    const lost = `${real.slice(0, 22)}${real.slice(22) === "0000000000" ? "1111111111" : "0000000000"}`;

    const cookie = await login();
    const today = todayIn("Europe/London");
    const registrations = async () => {
      await drain(seed);
      const r = await api<{ totals: { registrations: number } }>(
        cookie,
        `/api/sites/site_uk/overview?from=${today}&to=${today}&campaign=cp_uk_ads`,
      );
      expect(r.status).toBe(200);
      return r.body.totals.registrations;
    };
    const before = await registrations();

    const pb = await call(`/pb/${key}?click_id=${lost}&event=registration&txid=lost-click-1`);
    expect(pb.status).toBe(200);
    const body = (await pb.json()) as { outcome: string; reason: string | null };
    expect(body.outcome).toBe("accepted");
    expect(body.reason).toContain("attributed to link tl_spinia_ads");
    expect(await registrations()).toBe(before + 1);

    const noLink = `${real.slice(0, 16)}zzzzzz${real.slice(22)}`;
    const other = await call(`/pb/${key}?click_id=${noLink}&event=registration&txid=lost-click-2`);
    expect(((await other.json()) as { outcome: string }).outcome).toBe("unattributed");
    expect(await registrations()).toBe(before + 1);
  });
});

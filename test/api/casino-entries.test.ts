/** Casino Entries API: list (with offer and sites), edit (audited), validation naming the field, workspace scoping. */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { CasinoEntryView } from "../../shared/entity-types";
import { getDb } from "../../workers/db/client";
import { auditLog } from "../../workers/db/schema";
import { api, demo, env, login } from "../helpers";
import { expectAll404, json, otherWorkspace } from "./entity-helpers";

describe("Casino Entries API", () => {
  it("lists entries with their offer and sites, and edits one (audited)", async () => {
    await demo();
    const cookie = await login();
    const list = await api<{ entries: CasinoEntryView[] }>(cookie, "/api/casino-entries");
    const spinia = list.body.entries.find((e) => e.offerId === "of_spinia");
    expect(spinia).toMatchObject({ name: "Spinia", offerName: "Spinia UK — CPA €100", siteIds: ["site_uk"] });
    const id = spinia?.id ?? "";
    const res = await api<{ entry: CasinoEntryView }>(
      cookie,
      `/api/casino-entries/${id}`,
      json("PATCH", {
        name: "Spinia Casino",
        logoUrl: "https://cdn.example/spinia.png",
        bonusText: "100% up to €500",
        paymentMethods: ["Visa", "Trustly"],
        markets: ["gb", "ie"],
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body.entry).toMatchObject({
      name: "Spinia Casino",
      logoUrl: "https://cdn.example/spinia.png",
      bonusText: "100% up to €500",
      paymentMethods: ["Visa", "Trustly"],
      markets: ["GB", "IE"],
    });
    const audit = (await getDb(env.DB).select().from(auditLog).where(eq(auditLog.entityId, id)))[0];
    expect(audit?.action).toBe("casino_entry.update");
    expect(audit?.diff?.name).toEqual(["Spinia", "Spinia Casino"]);
  });

  it("refuses bad input naming the field", async () => {
    await demo();
    const cookie = await login();
    const id = (await api<{ entries: CasinoEntryView[] }>(cookie, "/api/casino-entries")).body.entries[0]?.id ?? "";
    for (const [body, field] of [
      [{ logoUrl: "javascript:alert(1)" }, "logoUrl"],
      [{ markets: ["Germany"] }, "markets.0"],
      [{ name: "" }, "name"],
      [{ offerId: "of_x" }, "offerId"],
    ] as [Record<string, unknown>, string][]) {
      const res = await api<{ error: { details: { fields: { field: string }[] } } }>(
        cookie,
        `/api/casino-entries/${id}`,
        json("PATCH", body),
      );
      expect(res.status, field).toBe(400);
      expect(res.body.error.details.fields[0]?.field).toBe(field);
    }
  });

  it("answers 404 for another workspace's entry", async () => {
    await demo();
    const cookie = await login();
    const id = (await api<{ entries: CasinoEntryView[] }>(cookie, "/api/casino-entries")).body.entries[0]?.id ?? "";
    const other = await otherWorkspace();
    expect((await api<{ entries: CasinoEntryView[] }>(other, "/api/casino-entries")).body.entries).toEqual([]);
    const wrong = await expectAll404(other, [
      [`/api/casino-entries/${id}`, {}],
      [`/api/casino-entries/${id}`, json("PATCH", { name: "Mine" })],
    ]);
    expect(wrong).toEqual([]);
  });
});

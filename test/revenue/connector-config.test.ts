/**
 * Connector settings are parsed once by the platform's schema (shared/connector-config.ts): a value
 * that does not fit, or a filter the platform's report cannot apply, is refused by name when API Setup
 * is saved (400), and a stored one fails the sync and test connection as a config error — never a
 * default, never silently ignored. Filters a platform can apply are honoured.
 */
import { eq } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import type { PlatformId } from "../../shared/platforms";
import type { OfferDetail, TestConnectionResult } from "../../shared/report-types";
import { offers, revenueRows, syncRuns } from "../../workers/db/schema";
import { ulid } from "../../workers/lib/ids";
import { runOfferSync } from "../../workers/revenue/sync";
import { api, demo, env, json, login } from "../helpers";
import { activeRows, db, makeOffer, sync } from "./harness";

const sandbox = () => String(inject("sandboxUrl"));
type Err = { error: { code: string; message: string; details?: { fields: { field: string; message: string }[] } } };

interface FilterCase {
  platform: PlatformId;
  setup: Record<string, unknown>;
  accountCurrency: string | null;
  /** A filter this platform's report cannot apply. */
  filter: string;
  value: string;
  kind: string;
}

const ia = (merchant: string | null) =>
  `${sandbox()}/income-access/api/affreporting.asp?key=ok${ulid().toLowerCase()}&reportname=Member%20Report%20-%20Detailed&reportformat=csv${merchant ? `&reportmerchantid=${merchant}` : ""}`;

const REFUSED: FilterCase[] = [
  {
    platform: "cellxpert",
    setup: { baseUrl: "https://partners.example.com", affiliateId: "1", apiKey: "k" },
    accountCurrency: "USD",
    filter: "merchantId",
    value: "7",
    kind: "merchant",
  },
  {
    platform: "smartico",
    setup: { apiKey: "k" },
    accountCurrency: "EUR",
    filter: "promo",
    value: "promo-a",
    kind: "promo",
  },
  {
    platform: "income_access",
    setup: { reportUrl: "https://aff.example.com/api/affreporting.asp?key=k" },
    accountCurrency: "EUR",
    filter: "brandName",
    value: "Betano",
    kind: "brand",
  },
];

describe.each(REFUSED)("$platform refuses a $kind filter its report cannot apply", (fc) => {
  it("on save (400 naming the field), and as a config error on test connection and sync when stored", async () => {
    const seed = await demo();
    const cookie = await login();
    const created = await api<Err>(
      cookie,
      "/api/offers",
      json("POST", {
        name: `Filter ${fc.platform} ${ulid()}`,
        platform: fc.platform,
        brand: "One deal",
        trackingUrl: "https://operator.example/track",
        accountCurrency: fc.accountCurrency,
        apiSetup: { ...fc.setup, [fc.filter]: fc.value },
      }),
    );
    expect(created.status).toBe(400);
    const field = created.body.error.details?.fields.find((f) => f.field === `apiSetup.${fc.filter}`);
    expect(field?.message).toContain(`cannot be filtered by ${fc.kind}`);

    // Unsaved settings in a test connection are refused the same way.
    const test = await api<Err>(
      cookie,
      "/api/offers/test-connection",
      json("POST", { platform: fc.platform, accountCurrency: fc.accountCurrency, apiSetup: { ...fc.setup, [fc.filter]: fc.value } }),
    );
    expect(test.status).toBe(400);
    expect(test.body.error.details?.fields.map((f) => f.field)).toContain(`apiSetup.${fc.filter}`);

    // Stored before this rule (or written around the API): test connection and the pull refuse it by name.
    const saved = await api<{ offer: OfferDetail }>(
      cookie,
      "/api/offers",
      json("POST", {
        name: `Filter ${fc.platform} ${ulid()}`,
        platform: fc.platform,
        brand: "One deal",
        trackingUrl: "https://operator.example/track",
        accountCurrency: fc.accountCurrency,
        apiSetup: fc.setup,
      }),
    );
    expect(saved.status).toBe(201);
    const id = saved.body.offer.id;
    const [row] = await db().select().from(offers).where(eq(offers.id, id));
    await db()
      .update(offers)
      .set({ apiConfig: { ...row?.apiConfig, [fc.filter]: fc.value } })
      .where(eq(offers.id, id));
    const said = `${fc.filter}: ${fc.platform} reports cannot be filtered by ${fc.kind}`;
    const tested = await api<TestConnectionResult>(cookie, `/api/offers/${id}/test-connection`, json("POST", {}));
    expect(tested.status).toBe(200);
    if (tested.body.ok) throw new Error("a stored filter the platform cannot apply must not test as ok");
    expect(tested.body.error.kind).toBe("config");
    expect(tested.body.error.message).toContain(said);
    const out = await runOfferSync(env, {
      offerId: id,
      workspaceId: seed.workspaceId,
      trigger: "test",
      from: "2026-11-02",
      to: "2026-11-02",
    });
    expect(out.status).toBe("failed");
    const [run] = await db().select().from(syncRuns).where(eq(syncRuns.offerId, id));
    expect(run?.error).toContain(said);
    const stored = await db().select().from(revenueRows).where(eq(revenueRows.offerId, id));
    expect(stored).toEqual([]);
  });
});

describe("stored settings are parsed once, by name", () => {
  it("a stored value that breaks its field's rule fails test connection as a config error naming it", async () => {
    await demo();
    const cookie = await login();
    const created = await api<{ offer: OfferDetail }>(
      cookie,
      "/api/offers",
      json("POST", {
        name: `Bad stored config ${ulid()}`,
        platform: "cellxpert",
        brand: "One deal",
        trackingUrl: "https://operator.example/track",
        accountCurrency: "USD",
        apiSetup: { baseUrl: `${sandbox()}/cellxpert`, affiliateId: "1", apiKey: `ok${ulid().toLowerCase()}` },
      }),
    );
    expect(created.status).toBe(201);
    await db()
      .update(offers)
      .set({ apiConfig: { baseUrl: `${sandbox()}/cellxpert`, affiliateId: "1", report: "ledger" } })
      .where(eq(offers.id, created.body.offer.id));
    const test = await api<TestConnectionResult>(cookie, `/api/offers/${created.body.offer.id}/test-connection`, json("POST", {}));
    expect(test.status).toBe(200);
    if (test.body.ok) throw new Error("a bad stored report type must not test as ok");
    expect(test.body.error.kind).toBe("config");
    expect(test.body.error.message).toContain("report: must be one of mediareport, commissions");

    // Saving any API Setup change re-checks what is kept, so the bad value cannot linger unseen.
    const patch = await api<Err>(cookie, `/api/offers/${created.body.offer.id}`, json("PATCH", { apiSetup: { brand: "bb" } }));
    expect(patch.status).toBe(400);
    expect(patch.body.error.details?.fields.map((f) => f.field)).toEqual(["apiSetup.report"]);
  });
});

describe("filters a platform can apply are honoured", () => {
  it("Income Access asks for the configured merchant, and refuses a report URL generated for another", async () => {
    const o = await makeOffer({
      platform: "income_access",
      secrets: { reportUrl: ia(null) },
      config: { merchantId: "8" },
      accountCurrency: "EUR",
    });
    expect((await sync(o, "2026-11-02", "2026-11-02")).status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.brandExtId))).toEqual(new Set(["8"]));

    const other = await makeOffer({
      platform: "income_access",
      secrets: { reportUrl: ia("7") },
      config: { merchantId: "8" },
      accountCurrency: "EUR",
    });
    const out = await sync(other, "2026-11-02", "2026-11-02");
    expect(out.status).toBe("failed");
    expect(out.error?.message).toContain("merchantId: the report URL is for merchant 7, not 8");
    expect(await activeRows(other)).toEqual([]);
  });

  it("Cellxpert's brand filter asks the report for brands instead of dropping every row", async () => {
    const o = await makeOffer({
      platform: "cellxpert",
      secrets: { apiKey: `ok${ulid().toLowerCase()}` },
      config: { baseUrl: `${sandbox()}/cellxpert`, affiliateId: "1", brand: "bb" },
      accountCurrency: "USD",
    });
    expect((await sync(o, "2026-11-02", "2026-11-02")).status).toBe("ok");
    const rows = await activeRows(o);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.brandNameRaw ?? r.brandExtId))).toEqual(new Set(["bb"]));
  });
});

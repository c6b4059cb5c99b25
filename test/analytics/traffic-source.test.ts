import { describe, expect, it } from "vitest";
import { classifyOfferLink } from "../../workers/edge/offer-link";
import { clickSource, referrerSource, utm } from "../../workers/edge/traffic-source";
import type { SiteRoute } from "../../workers/site-hub/routes";

describe("traffic source", () => {
  const domains = ["casinoguide.example"];
  it("names known referrers, keeps other hosts, and calls no or internal referrers direct", () => {
    expect(referrerSource("https://www.google.co.uk/", domains)).toBe("Google");
    expect(referrerSource("https://www.bing.com/search?q=x", domains)).toBe("Bing");
    expect(referrerSource("https://t.co/abc", domains)).toBe("X");
    expect(referrerSource("https://l.facebook.com/", domains)).toBe("Facebook");
    expect(referrerSource("https://www.askgamblers.example/forum", domains)).toBe("askgamblers.example");
    expect(referrerSource("", domains)).toBe("(direct)");
    expect(referrerSource("not a url", domains)).toBe("(direct)");
    expect(referrerSource("https://casinoguide.example/other", domains)).toBe("(direct)");
    expect(referrerSource("https://blog.casinoguide.example/", domains)).toBe("(direct)");
  });

  it("reads UTM values (capped) and the ad network of a click id, never the id", () => {
    const q = new URLSearchParams(`utm_source=newsletter&utm_campaign=${"c".repeat(300)}&fbclid=IwAR123`);
    expect(utm(q, "source")).toBe("newsletter");
    expect(utm(q, "medium")).toBe("");
    expect(utm(q, "campaign")).toHaveLength(100);
    expect(clickSource(q)).toBe("Facebook");
    expect(clickSource(new URLSearchParams("gclid=x"))).toBe("Google Ads");
    expect(clickSource(new URLSearchParams("msclkid=x"))).toBe("Microsoft Ads");
    expect(clickSource(new URLSearchParams("gclid="))).toBe("");
  });
});

describe("offer links", () => {
  const site: SiteRoute = {
    workspaceId: "ws1",
    siteId: "s1",
    hubCode: "abc123",
    timezone: "UTC",
    publicKey: "pk12345678",
    domains: ["casinoguide.example"],
    offerHosts: ["go.spinia.example", "shared.example"],
    offerByHost: { "go.spinia.example": "of_spinia", "shared.example": "" },
  };
  const slugs: Record<string, { workspaceId: string; offerId: string }> = {
    mine: { workspaceId: "ws1", offerId: "of_mine" },
    theirs: { workspaceId: "ws2", offerId: "of_theirs" },
  };
  const classify = (href: string) => classifyOfferLink(new URL(href), site, "app.casinoflux.example", async (s) => slugs[s] ?? null);

  it("recognises this workspace's tracking links on CasinoFlux's host or the site's domains", async () => {
    expect(await classify("https://app.casinoflux.example/go/mine?p=hero")).toBe("of_mine");
    expect(await classify("https://casinoguide.example/go/mine")).toBe("of_mine");
    expect(await classify("https://www.casinoguide.example/go/mine/")).toBe("of_mine");
    expect(await classify("https://app.casinoflux.example/go/theirs")).toBeNull();
    expect(await classify("https://app.casinoflux.example/go/unknown")).toBeNull();
    expect(await classify("https://elsewhere.example/go/mine")).toBeNull();
  });

  it("recognises offer domains (and their subdomains), naming the host when several offers share it", async () => {
    expect(await classify("https://go.spinia.example/visit/?bta=501")).toBe("of_spinia");
    expect(await classify("https://www.go.spinia.example/")).toBe("of_spinia");
    expect(await classify("https://m.shared.example/x")).toBe("host:shared.example");
    expect(await classify("https://spinia.example/")).toBeNull();
    expect(await classify("https://example.org/")).toBeNull();
  });
});

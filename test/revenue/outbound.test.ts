/**
 * Test connection (and syncs) reach only public report URLs outside development: private,
 * loopback, link-local, unique-local and metadata targets are refused by literal and on every
 * redirect, and hostnames by what they resolve to (DoH, answered here by test/sandbox/doh.ts); a failed
 * lookup refuses. Credentials in a URL's userinfo are masked like tokens.
 */
import { describe, expect, inject, it } from "vitest";
import type { TestConnectionResult } from "../../shared/report-types";
import { blockedReason } from "../../workers/lib/outbound";
import { api, demo, login, ORIGIN } from "../helpers";

const sandbox = () => String(inject("sandboxUrl"));
const mapping = { date: { column: "Date" }, currency: { fixed: "EUR" }, counts: { clicks: "Clicks" } };
const post = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", origin: ORIGIN },
  body: JSON.stringify(body),
});
const test = async (url: string) => {
  const res = await api<TestConnectionResult>(
    await login(),
    "/api/offers/test-connection",
    post({ platform: "generic", apiSetup: { url, mapping } }),
  );
  expect(res.status).toBe(200);
  return res.body;
};

describe("outbound report URLs", () => {
  it.each([
    "http://10.0.0.7/report.csv?from={from}&to={to}",
    "http://169.254.169.254/latest/meta-data/?from={from}&to={to}",
    "http://[fd00:ec2::254]/latest?from={from}&to={to}",
    "http://[fe80::1]/r?from={from}&to={to}",
    "http://192.168.1.1/r?from={from}&to={to}",
    "http://[::ffff:10.0.0.1]/r?from={from}&to={to}",
    "http://metadata.google.internal/computeMetadata/v1/?from={from}&to={to}",
    "http://0x0a000001/r?from={from}&to={to}",
  ])("refuses %s without fetching it", async (url) => {
    await demo();
    const r = await test(url);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/private|local|internal/);
  });

  it("refuses a public-looking URL that redirects to a private target", async () => {
    await demo();
    const r = await test(`${sandbox()}/redirect?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}&from={from}&to={to}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/private or local address \(169\.254\.169\.254\)/);
  });

  it.each([
    ["intranet.partners.example", /resolves to a private or local address \(10\.0\.0\.7\)/, "config"],
    ["metadata-alias.partners.example", /resolves to a private or local address \(169\.254\.169\.254\)/, "config"],
    ["dual.partners.example", /resolves to a private or local address \(fd00:ec2::254\)/, "config"],
    ["alias.partners.example", /resolves to a private or local address \(10\.0\.0\.7\)/, "config"],
    ["servfail.partners.example", /could not be checked \(DNS SERVFAIL\)/, "server"],
    ["resolver-down.partners.example", /could not be checked \(DNS resolver answered 503\)/, "server"],
    ["nowhere.partners.example", /does not exist \(DNS NXDOMAIN\)/, "config"],
  ] as const)("refuses a hostname by what it resolves to, or when that cannot be known: %s", async (host, reason, kind) => {
    await demo();
    const r = await test(`http://${host}/report.csv?key=ok1&start={from}&end={to}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(reason);
    // A resolver failure is worth a later retry (a sync's queue retries "server"); a private answer is not.
    expect(r.error.kind).toBe(kind);
  });

  it("refuses a redirect to a hostname that resolves to a private address", async () => {
    await demo();
    const r = await test(`${sandbox()}/redirect?to=${encodeURIComponent("http://intranet.partners.example/r.csv")}&from={from}&to={to}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/intranet\.partners\.example resolves to a private or local address \(10\.0\.0\.7\)/);
  });

  it("fetches a hostname whose addresses are allowed (the test runner's loopback, resolved over DoH)", async () => {
    await demo();
    const url = new URL(sandbox());
    url.hostname = "localhost";
    const r = await test(`${url.origin}/generic/report.csv?key=okdns1&start={from}&end={to}`);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });

  it("outside development and the test runner, loopback and localhost are refused too; development reaches anything", () => {
    for (const url of ["http://127.0.0.1:8080/x", "http://localhost/x", "http://[::1]/x", "http://api.localhost/x"]) {
      expect(blockedReason(url, "production"), url).not.toBeNull();
      expect(blockedReason(url, "development"), url).toBeNull();
    }
    expect(blockedReason("https://partners.example.com/api?key=1", "production")).toBeNull();
    expect(blockedReason("https://8.8.8.8/x", "production")).toBeNull();
  });

  it("masks credentials in a URL's userinfo in the stored offer and in test results", async () => {
    await demo();
    const cookie = await login();
    const url = `http://reportuser:s3cr3t-pass@10.0.0.9/r.csv?from={from}&to={to}`;
    const r = await test(url);
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("s3cr3t-pass");
    const created = await api<{ offer: { id: string; apiSetup: { secrets: Record<string, { masked: string | null }> } } }>(
      cookie,
      "/api/offers",
      post({
        name: "Userinfo test",
        platform: "generic",
        brand: "Generic",
        trackingUrl: "https://casino.example/?a=1",
        postbackEvents: ["ftd"],
        platformTimezone: "UTC",
        accountCurrency: "EUR",
        apiSetup: { url: "https://reportuser:s3cr3t-pass@reports.example.com/r.csv?from={from}&to={to}", mapping },
      }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const masked = created.body.offer.apiSetup.secrets.url?.masked;
    expect(masked).toBeDefined();
    expect(masked).not.toContain("s3cr3t-pass");
    expect(masked).not.toContain("reportuser");
    expect(masked).toContain("reports.example.com");
  });
});

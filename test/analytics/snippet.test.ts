import { describe, expect, it } from "vitest";
import { SNIPPET_GZIP_BYTES, SNIPPET_JS } from "../../workers/edge/snippet.generated";
import { call } from "../helpers";

/** The snippet's size budget (gzip -9 of the minified script; `npm run build` prints raw and gzip). */
const SNIPPET_BUDGET_GZIP = 900;

describe("/s.js", () => {
  it(`stays within ${SNIPPET_BUDGET_GZIP} bytes gzip -9`, () => {
    console.log(`snippet: ${SNIPPET_JS.length} B raw, ${SNIPPET_GZIP_BYTES} B gzip -9 (budget ${SNIPPET_BUDGET_GZIP})`);
    expect(SNIPPET_GZIP_BYTES).toBeGreaterThan(0);
    expect(SNIPPET_GZIP_BYTES).toBeLessThanOrEqual(SNIPPET_BUDGET_GZIP);
  });

  it("is served minified, cacheable and cross-origin, with no cookie or storage API in it", async () => {
    const res = await call("/s.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    expect(res.headers.get("cache-control")).toContain("max-age");
    expect(res.headers.get("set-cookie")).toBeNull();
    const js = await res.text();
    expect(js).toBe(SNIPPET_JS);
    expect(js).not.toMatch(/document\.cookie|localStorage|sessionStorage|indexedDB|preventDefault/);
    for (const needle of ["sendBeacon", "keepalive", "pushState", "replaceState", "popstate", "visibilitychange", "auxclick"]) {
      expect(js).toContain(needle);
    }
  });
});

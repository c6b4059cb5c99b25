/**
 * The query of a request URL, read from the URL string: what `new URL(url).search` and
 * `.searchParams` give, without building a URL object per click or postback (a large share of
 * their CPU in the V8 profile, docs/performance.md). The runtime hands over a serialised URL, so the
 * query is already in the form the URL parser would produce; a request URL carries no fragment.
 */
export function requestSearch(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return "";
  const hash = url.indexOf("#", q);
  const search = url.slice(q, hash < 0 ? undefined : hash);
  // URL.search is "" for an empty query ("…?").
  return search === "?" ? "" : search;
}

export function requestQuery(url: string): URLSearchParams {
  return new URLSearchParams(requestSearch(url));
}

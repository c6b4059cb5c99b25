/**
 * CasinoFlux Site Analytics snippet (/s.js). Budget: 900 B gzip -9 (checked by `npm test`).
 *
 *   <script defer src="https://<app>/s.js" data-site="<public key>"></script>
 *
 * Options (data- attributes): data-api="<origin>" (endpoint origin, default: the script's origin),
 * data-dnt (honour Do Not Track / Global Privacy Control), data-dev (also count localhost, file:
 * pages and automated browsers — for local development and tests).
 *
 * Sends beacons with short keys (see shared/beacon.ts): a pageview per path (first load, history
 * pushState / replaceState / popstate, deduplicated by path), the visible time on each page when
 * it is hidden or left ("e"), and clicks on links that leave the page's host or go to /go/ ("c";
 * the endpoint keeps only this workspace's offer links). No cookies, no storage, never
 * preventDefault: new tabs, middle-click and Ctrl/Cmd-click work as without the snippet.
 * Everything runs inside try/catch: a failure here never reaches the host page.
 */
interface Sent {
  t: string;
  u?: string;
  r?: string;
  w?: number;
  d?: number;
  h?: string;
}

((w: Window & { _cfx?: 1 }, d: Document, n: Navigator, l: Location, h: History) => {
  try {
    const el = d.currentScript as HTMLScriptElement;
    const o = el.dataset;
    const site = o.site;
    if (
      !site ||
      w._cfx || // loaded twice on one page: count once
      (o.dnt != null && (n.doNotTrack === "1" || (n as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl)) ||
      (o.dev == null && (n.webdriver || /^(localhost|127(\.\d+){3}|\[::1\])$/.test(l.hostname) || l.protocol === "file:"))
    )
      return;
    w._cfx = 1;
    const api = `${(o.api || new URL(el.src).origin).replace(/\/$/, "")}/e`;
    let path: string | undefined; // last counted path (dedupes SPA navigations)
    let page: string | undefined; // URL of the page being read
    let since = 0; // visible since (ms), 0 while hidden

    const send = (b: Sent) => {
      try {
        const body = JSON.stringify({ s: site, u: l.href, ...b });
        n.sendBeacon(api, body) || fetch(api, { method: "POST", body, keepalive: true }).catch(() => 0);
      } catch {}
    };

    // Visible time on the current page; called when the page hides or shows and before a SPA pageview.
    const engage = () => {
      const now = Date.now();
      if (since && page) send({ t: "e", u: page, d: now - since });
      since = d.hidden ? 0 : now;
    };

    const pageview = () => {
      if (path !== l.pathname) {
        engage();
        path = l.pathname;
        page = l.href;
        send({ t: "pv", r: d.referrer, w: screen.width });
      }
    };

    const click = (e: MouseEvent) => {
      try {
        const a = (e.target as Element).closest("a");
        // Primary button on "click", middle button on "auxclick" (never both for one click; right-click is not a visit).
        if (a && (e.type === "click" ? !e.button : e.button === 1) && (a.host !== l.host || /^\/go\//.test(a.pathname)))
          send({ t: "c", h: a.href });
      } catch {}
    };

    for (const k of ["pushState", "replaceState"] as const) {
      const f = h[k];
      h[k] = (...a: Parameters<History["pushState"]>) => {
        f.apply(h, a);
        pageview();
      };
    }
    w.addEventListener("popstate", pageview);
    // Back from the casino's tab (page restored from the back/forward cache): a new view of this page.
    w.addEventListener("pageshow", (e) => {
      if (e.persisted) {
        path = undefined;
        pageview();
      }
    });
    d.addEventListener("visibilitychange", engage);
    d.addEventListener("click", click, true);
    d.addEventListener("auxclick", click, true);
    (d as Document & { prerendering?: boolean }).prerendering ? d.addEventListener("prerenderingchange", pageview) : pageview();
  } catch {}
})(window, document, navigator, location, history);

// CasinoFlux snippet: one script tag, no cookies, never throws on the host page.
((w: Window, d: Document) => {
  try {
    const el = d.currentScript as HTMLScriptElement | null;
    const site = el?.dataset.site;
    if (!el || !site) return;
    const api = el.dataset.api || new URL(el.src).origin;
    const send = () => {
      const body = JSON.stringify({ s: site, t: "pv", u: location.href, r: d.referrer, w: w.innerWidth });
      try {
        if (!navigator.sendBeacon?.(`${api}/e`, body)) fetch(`${api}/e`, { method: "POST", body, keepalive: true }).catch(() => {});
      } catch {}
    };
    send();
  } catch {}
})(window, document);

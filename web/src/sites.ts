import { createAsync, query, revalidate } from "@solidjs/router";
import { createEffect } from "solid-js";
import type { SiteSummary } from "../../shared/report-types";
import { getSites } from "./api";
import type { Loadable } from "./components/Async";

/** The workspace's sites: one cached query for every page (router `query`), not one fetch per page. */
export const sitesQuery = query(getSites, "sites");

/** Call after creating, editing or archiving a site so every page sees the change. */
export const refreshSites = () => revalidate(sitesQuery.key);

type Settled = { ok: true; sites: SiteSummary[] } | { ok: false; error: unknown };

/** The sites as a Loadable (undefined while loading; `.error` when the API failed). Use inside a component. */
export function useSites(): Loadable<SiteSummary[]> {
  const settled = createAsync<Settled>(() =>
    sitesQuery().then(
      (sites) => ({ ok: true, sites }),
      (error: unknown) => ({ ok: false, error }),
    ),
  );
  const read = () => {
    const s = settled();
    return s?.ok ? s.sites : undefined;
  };
  return Object.defineProperty(read, "error", {
    get: () => {
      const s = settled();
      return s && !s.ok ? s.error : undefined;
    },
  }) as Loadable<SiteSummary[]>;
}

/**
 * The site a page shows, from its URL (`?site=`). Without one, the first site is written into the URL
 * (replacing the entry), so a reload shows the same site; an id the workspace does not have is reported,
 * never silently swapped for another site.
 */
export function useSiteParam(id: () => string | undefined, setId: (id: string) => void, opts: { all?: boolean } = {}) {
  const sites = useSites();
  /** `?site=all` on a page that can show every site at once. */
  const isAll = () => opts.all === true && id() === ALL_SITES;
  createEffect(() => {
    const first = sites()?.[0];
    if (first && !id()) setId(first.id);
  });
  return {
    sites,
    isAll,
    site: () => sites()?.find((s) => s.id === id()),
    /** The URL names a site this workspace does not have. */
    unknown: () => {
      const list = sites();
      const want = id();
      return list && want && !isAll() && !list.some((s) => s.id === want) ? want : null;
    },
  };
}

/** The site parameter's value for "all sites" (the SitePicker's first option with `all`). */
export const ALL_SITES = "all";

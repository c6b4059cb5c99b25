import { createAsync, query, revalidate } from "@solidjs/router";
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

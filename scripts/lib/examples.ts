import { clickParamFor, type PlatformId } from "../../shared/platforms";
import type { Seed } from "./stack";

/** A desktop Chrome user agent: curl's own ("curl/8…") is a bot to the click endpoint, and a bot's click is not attributed. */
export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";

export interface Examples {
  /** Follows a tracking link like a browser and puts the click id from the redirect into $CLICK. */
  click: string;
  /** The FTD postback for that click, on the postback key of the link's own offer. */
  postback: string;
  /** The snippet tag for the site that lists localhost / 127.0.0.1 among its domains (data-dev: count on localhost). */
  snippet: string;
  /** Where the snippet counts: the local hosts that site allows. */
  snippetHosts: string[];
}

/**
 * The commands `npm run dev` prints (and README shows), built from the real demo seed so they work as
 * printed: the link and the postback key belong to the same offer, the click id is read from the
 * redirect in that offer's click parameter, and the click is sent with a browser user agent.
 * test/browser/readme-examples.test.ts runs them.
 */
export function examples(url: string, demo: Seed): Examples {
  const pair = demo.links
    .map((link) => ({ link, key: demo.postbackKeys.find((k) => k.offerId === link.offerId) }))
    .find((p) => p.key !== undefined);
  if (!pair?.key) throw new Error("demo seed has no tracking link whose offer has a postback key");
  const param = clickParamFor(pair.key.platform as PlatformId, null);
  const local = demo.sites.find((s) => s.domains.some((d) => d === "localhost" || d === "127.0.0.1"));
  if (!local) throw new Error("demo seed has no site that allows localhost");
  return {
    click:
      `CLICK=$(curl -s -o /dev/null -w '%{redirect_url}' -A '${BROWSER_UA}' ${url}/go/${pair.link.slug}` +
      ` | sed -E 's/.*[?&]${param}=([^&]*).*/\\1/'); echo "click id: $CLICK"`,
    postback: `curl -i "${url}/pb/${pair.key.key}?click_id=$CLICK&event=ftd&amount=50&currency=EUR&txid=ftd-$CLICK"`,
    snippet: `<script defer src="${url}/s.js" data-site="${local.publicKey}" data-dev></script>`,
    snippetHosts: local.domains.filter((d) => d === "localhost" || d === "127.0.0.1"),
  };
}

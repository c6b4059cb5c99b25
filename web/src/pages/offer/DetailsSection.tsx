import { For, Show } from "solid-js";
import { apiSetupFor, FILTER_OF_KEY } from "../../../../shared/api-setup";
import { PLATFORM_IDS, PLATFORM_PRESETS, type PlatformId, txidNoteFor } from "../../../../shared/platforms";
import { errorMessage } from "../../components/Async";
import { Field, FieldGroup } from "../../components/Field";
import { PostbackKeysNote } from "../../components/PostbackKeysNote";
import { RotateKey } from "../../components/RotateKey";
import { platformLabel } from "../../format";
import { useSites } from "../../sites";
import { postbackUrls } from "../Offers";
import type { OfferForm } from "./form";

/** Name, platform, brand, tracking link, postback events and sites of an offer; its postback URLs once saved. */
export function DetailsSection(props: { f: OfferForm }) {
  const f = props.f;
  const sites = useSites();
  // A getter, so the spread input follows the form (a plain value would be read once).
  const text = (key: "name" | "brand" | "merchant" | "channel" | "campaignTag" | "trackingUrl" | "clickParam") => ({
    get value() {
      return f.form[key];
    },
    onInput: (e: InputEvent & { currentTarget: HTMLInputElement }) => f.setForm(key, e.currentTarget.value),
  });
  return (
    <section class="card" aria-labelledby="offer-details">
      <h2 id="offer-details">Deal</h2>
      <div class="fields">
        <Field label="Name" error={f.err("name")}>
          {(a) => <input {...a} name="name" {...text("name")} required />}
        </Field>
        <Field label="Platform" error={f.err("platform")}>
          {(a) => (
            <select {...a} name="platform" value={f.form.platform} onChange={(e) => f.changePlatform(e.currentTarget.value as PlatformId)}>
              <For each={PLATFORM_IDS}>{(p) => <option value={p}>{PLATFORM_PRESETS[p].label}</option>}</For>
            </select>
          )}
        </Field>
        <Field label="Brand" error={f.err("brand")} help={brandHelp(f.form.platform as PlatformId)}>
          {(a) => <input {...a} name="brand" {...text("brand")} />}
        </Field>
        <Field label="Merchant" error={f.err("merchant")}>
          {(a) => <input {...a} name="merchant" {...text("merchant")} />}
        </Field>
        <Field label="Channel" error={f.err("channel")}>
          {(a) => <input {...a} name="channel" {...text("channel")} />}
        </Field>
        <Field
          label="Campaign tag"
          error={f.err("campaignTag")}
          help="The campaign / marketing source on the operator account this deal is tagged with. Without it a pull mixes every deal on the account."
        >
          {(a) => <input {...a} name="campaignTag" {...text("campaignTag")} />}
        </Field>
        <Field label="Tracking URL" error={f.err("trackingUrl")} wide help="The link the operator gave you.">
          {(a) => <input {...a} name="trackingUrl" type="url" placeholder="https://…" {...text("trackingUrl")} />}
        </Field>
        <Field label="Click id parameter" error={f.err("clickParam")} help={`Default for ${f.preset().label}: ${f.preset().clickParam}`}>
          {(a) => <input {...a} name="clickParam" placeholder={f.preset().clickParam} {...text("clickParam")} />}
        </Field>
        <FieldGroup legend="Postback events" error={f.err("postbackEvents")} wide>
          <For each={f.preset().events}>
            {(ev) => (
              <label>
                <input
                  type="checkbox"
                  checked={f.form.postbackEvents.includes(ev)}
                  onChange={(e) => f.toggle("postbackEvents", ev, e.currentTarget.checked)}
                />{" "}
                {ev}
              </label>
            )}
          </For>
        </FieldGroup>
        <FieldGroup legend="Sites" error={f.err("siteIds")} wide>
          <Show when={!sites.error} fallback={<span class="error">Could not load the sites: {errorMessage(sites.error)}</span>}>
            <For
              each={sites() ?? []}
              fallback={<span class="muted">{sites() ? "No sites in this workspace yet." : "Loading sites…"}</span>}
            >
              {(s) => (
                <label>
                  <input
                    type="checkbox"
                    checked={f.form.siteIds.includes(s.id)}
                    onChange={(e) => f.toggle("siteIds", s.id, e.currentTarget.checked)}
                  />{" "}
                  {s.name}
                </label>
              )}
            </For>
          </Show>
        </FieldGroup>
      </div>
      <Show when={f.offer()}>
        {(o) => (
          <div class="pb-block">
            <strong>Postback URLs</strong>
            <Show when={txidNoteFor(o().platform as PlatformId)}>
              {(note) => (
                <p class="muted small" data-testid="postback-txid-note">
                  {note()}
                </p>
              )}
            </Show>
            <ul class="pb-urls">
              <For each={postbackUrls(o())}>
                {(p) => (
                  <li>
                    <span class="pb-event">{p.event}</span>
                    <code>{p.url}</code>
                  </li>
                )}
              </For>
            </ul>
            <PostbackKeysNote kind="offer" />
            <RotateKey kind="offers" id={o().id} previousKeyExpiresAt={o().previousKeyExpiresAt} onRotated={f.setKeyState} />
          </div>
        )}
      </Show>
    </section>
  );
}

/**
 * The deal's Brand is a name and filters nothing; the API Setup field that does is named here, so a
 * user who types a brand does not take it for the import's filter (which would book other brands).
 */
function brandHelp(platform: PlatformId): string {
  const filter = apiSetupFor(platform)?.fields.find((x) => FILTER_OF_KEY[x.key] === "brand");
  return filter
    ? `The deal's brand, as you name it. It does not filter imported revenue: on an account reporting several brands, set “${filter.label}” in API Setup.`
    : `The deal's brand, as you name it. It does not filter imported revenue, and ${platformLabel(platform)} reports have no brand filter: the campaign tag keeps other deals' rows out.`;
}

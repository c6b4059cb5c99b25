import { createResource, For, Show } from "solid-js";
import { getOutbox } from "../../account-api";
import { fmtDateTime } from "../../format";

/** /dev/outbox — mail the app "sent" while no mail provider is configured (local runs only). */
export function DevOutbox() {
  const [mail] = createResource(getOutbox);
  return (
    <div class="page">
      <h1>Dev outbox</h1>
      <p class="muted">Password resets and invitations sent by this local CasinoFlux. Nothing leaves the machine.</p>
      <Show when={!mail.error} fallback={<p class="error">{(mail.error as Error).message}</p>}>
        <Show when={mail()} fallback={<p class="muted">Loading…</p>}>
          {(m) => (
            <Show when={m().mail.length > 0} fallback={<p class="muted">No mail yet.</p>}>
              <For each={m().mail}>
                {(x) => (
                  <article class="card mail">
                    <p class="muted">
                      {fmtDateTime(x.sentAt)} · to {x.to}
                    </p>
                    <h2>{x.subject}</h2>
                    <pre class="mail-text">{x.text}</pre>
                  </article>
                )}
              </For>
            </Show>
          )}
        </Show>
      </Show>
    </div>
  );
}

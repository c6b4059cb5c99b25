import { createResource, createSignal, For, Show } from "solid-js";
import { API_KEY_SCOPE_LABELS, API_KEY_SCOPES, type ApiKeyScope } from "../../../../shared/roles";
import { createApiKey, getApiKeys, revokeApiKey } from "../../account-api";
import { CopyButton } from "../../components/CopyButton";
import { TableScroll } from "../../components/TableScroll";
import { fmtAgo, fmtDateTime } from "../../format";
import { can } from "../../session";
import { createActions, SettingsSection } from "./SettingsSection";

/** Workspace API keys: create (the key is shown once, to copy), list with last use, revoke. Owners and admins. */
export function ApiKeySettings() {
  const [keys, { refetch }] = createResource(() => (can("manage") ? getApiKeys() : Promise.resolve(null)));
  const [fresh, setFresh] = createSignal<{ name: string; key: string } | null>(null);
  const { status, act } = createActions(refetch);
  const create = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    void act(async () => {
      const out = await createApiKey({ name: String(f.get("name")), scope: String(f.get("scope")) as ApiKeyScope });
      setFresh({ name: out.apiKey.name, key: out.key });
      form.reset();
    }, "API key created. Copy it now: it is not shown again.");
  };
  return (
    <SettingsSection allowed={can("manage")} denied="Only owners and admins manage API keys." data={keys} what="API keys" status={status}>
      {(list) => (
        <>
          <section class="card">
            <h2>New API key</h2>
            <p class="muted">
              Scripts call the API with <code>Authorization: Bearer &lt;key&gt;</code>. The reference is at{" "}
              {/* rel=external: the router leaves it to the browser (the reference is served by the API, not the dashboard). */}
              <a href="/api/docs" rel="external noopener" target="_blank" style={{ "text-decoration": "underline" }}>
                /api/docs
              </a>
              .
            </p>
            <form class="inline-form" onSubmit={create} data-testid="api-key-form">
              <label>
                Name
                <input name="name" required maxLength={80} placeholder="e.g. Reporting script" />
              </label>
              <label>
                Scope
                <select name="scope">
                  <For each={API_KEY_SCOPES}>{(s) => <option value={s}>{API_KEY_SCOPE_LABELS[s]}</option>}</For>
                </select>
              </label>
              <button type="submit">Create key</button>
            </form>
            <Show when={fresh()}>
              {(k) => (
                <p>
                  Key for {k().name} (shown once):{" "}
                  <code class="mono" data-testid="new-api-key">
                    {k().key}
                  </code>{" "}
                  <CopyButton text={k().key} label="Copy the new API key" />
                </p>
              )}
            </Show>
          </section>
          <section class="card">
            <h2>Keys</h2>
            <Show
              when={list().apiKeys.length > 0}
              fallback={
                <p class="muted" data-testid="api-keys-empty">
                  No API keys yet.
                </p>
              }
            >
              <TableScroll label="API keys">
                <table class="grid" data-testid="api-keys-table">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Key</th>
                      <th scope="col">Scope</th>
                      <th scope="col">Created</th>
                      <th scope="col">Last used</th>
                      <th scope="col">
                        <span class="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={list().apiKeys}>
                      {(k) => (
                        <tr>
                          <td>{k.name}</td>
                          <td class="mono">{k.prefix}…</td>
                          <td>{k.scope === "read" ? "Read" : "Read and write"}</td>
                          <td>
                            {fmtDateTime(k.createdAt)} <span class="muted">{k.createdBy ?? ""}</span>
                          </td>
                          <td>{k.lastUsedAt === null ? "never" : fmtAgo(k.lastUsedAt)}</td>
                          <td>
                            <Show when={k.revokedAt === null} fallback={<span class="muted">revoked {fmtDateTime(k.revokedAt)}</span>}>
                              <button
                                type="button"
                                class="link danger"
                                onClick={() => void act(() => revokeApiKey(k.id), `API key ${k.name} revoked.`)}
                              >
                                Revoke<span class="sr-only"> {k.name}</span>
                              </button>
                            </Show>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableScroll>
            </Show>
          </section>
        </>
      )}
    </SettingsSection>
  );
}

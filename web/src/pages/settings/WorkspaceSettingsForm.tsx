import { createResource, createSignal, Show } from "solid-js";
import { getWorkspace, updateWorkspace } from "../../account-api";
import { can, refetchMe } from "../../session";
import { TIMEZONES } from "./timezones";

export function WorkspaceSettingsForm() {
  const [ws, { refetch }] = createResource(getWorkspace);
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setStatus(null);
    try {
      await updateWorkspace({
        name: String(f.get("name")),
        reportingCurrency: String(f.get("reportingCurrency")).toUpperCase(),
        reportingTimezone: String(f.get("reportingTimezone")),
      });
      await Promise.all([refetch(), refetchMe()]);
      setStatus({ ok: true, text: "Saved." });
    } catch (err) {
      setStatus({ ok: false, text: (err as Error).message });
    }
  };
  return (
    <Show
      when={!ws.error}
      fallback={
        <p class="error" role="alert">
          {(ws.error as Error).message}
        </p>
      }
    >
      <Show when={ws()} fallback={<p class="muted">Loading…</p>}>
        {(w) => (
          <form class="card stack narrow" onSubmit={submit}>
            <label>
              Workspace name
              <input name="name" value={w().name} required maxLength={80} disabled={!can("write")} />
            </label>
            <label>
              Reporting currency <span class="muted">(ISO code; revenue is converted to it at each day's rate)</span>
              <input
                name="reportingCurrency"
                value={w().reportingCurrency}
                required
                pattern="[A-Za-z]{3}"
                maxLength={3}
                disabled={!can("write")}
              />
            </label>
            <label>
              Reporting timezone <span class="muted">(day boundaries of clicks and postbacks; members may override it for themselves)</span>
              <input name="reportingTimezone" value={w().reportingTimezone} list="tz-list" required disabled={!can("write")} />
            </label>
            <datalist id="tz-list">
              {TIMEZONES.map((z) => (
                <option value={z} />
              ))}
            </datalist>
            <Show when={can("write")} fallback={<p class="muted">Only owners and admins change workspace settings.</p>}>
              <button type="submit">Save settings</button>
            </Show>
            <Show when={status()}>
              {(s) => (
                <p class={s().ok ? "ok" : "error"} role="status">
                  {s().text}
                </p>
              )}
            </Show>
          </form>
        )}
      </Show>
    </Show>
  );
}

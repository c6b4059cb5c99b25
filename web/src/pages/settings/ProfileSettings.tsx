import { createSignal, Show } from "solid-js";
import { changePassword, logoutEverywhere, updateMe } from "../../account-api";
import { me, refetchMe } from "../../session";
import { TIMEZONES } from "./timezones";

/** One's own account: name, timezone override, password, sessions. */
export function ProfileSettings() {
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setStatus(null);
    try {
      await fn();
      setStatus({ ok: true, text: ok });
    } catch (err) {
      setStatus({ ok: false, text: (err as Error).message });
    }
  };
  const saveProfile = (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const tz = String(f.get("timezone") ?? "").trim();
    void run(async () => {
      await updateMe({ name: String(f.get("name")), timezone: tz === "" ? null : tz });
      await refetchMe();
    }, "Saved.");
  };
  const savePassword = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    void run(async () => {
      await changePassword(String(f.get("current")), String(f.get("new")));
      form.reset();
    }, "Password changed; your other sessions were signed out.");
  };
  return (
    <div class="stack narrow">
      <form class="card stack" onSubmit={saveProfile}>
        <h2>Profile</h2>
        <label>
          Name
          <input name="name" value={me()?.user.name ?? ""} required maxLength={100} />
        </label>
        <label>
          Your reporting timezone <span class="muted">(empty = the workspace's, {me()?.workspace?.reportingTimezone ?? "UTC"})</span>
          <input name="timezone" value={me()?.user.timezone ?? ""} list="tz-list-me" />
        </label>
        <datalist id="tz-list-me">
          {TIMEZONES.map((z) => (
            <option value={z} />
          ))}
        </datalist>
        <button type="submit">Save profile</button>
      </form>
      <form class="card stack" onSubmit={savePassword}>
        <h2>Password</h2>
        <label>
          Current password
          <input name="current" type="password" autocomplete="current-password" required />
        </label>
        <label>
          New password <span class="muted">(at least 10 characters)</span>
          <input name="new" type="password" autocomplete="new-password" required minLength={10} maxLength={200} />
        </label>
        <button type="submit">Change password</button>
      </form>
      <section class="card stack">
        <h2>Sessions</h2>
        <p class="muted">Signed in somewhere you no longer use? Sign out of every browser and device at once.</p>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            void run(async () => {
              await logoutEverywhere();
              window.location.replace("/login");
            }, "Signed out everywhere.")
          }
        >
          Sign out everywhere
        </button>
      </section>
      <Show when={status()}>
        {(s) => (
          <p class={s().ok ? "ok" : "error"} role="status">
            {s().text}
          </p>
        )}
      </Show>
    </div>
  );
}

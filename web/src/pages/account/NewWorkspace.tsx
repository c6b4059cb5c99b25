import { useNavigate } from "@solidjs/router";
import { createSignal } from "solid-js";
import { createWorkspace } from "../../account-api";
import { refetchMe } from "../../session";
import { TIMEZONES } from "../settings/timezones";
import { AuthCard, submitter } from "./AuthCard";

/** For a signed-in user without a workspace (or one who wants another): name, currency, timezone. */
export function NewWorkspace() {
  const navigate = useNavigate();
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const guessTz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const submit = submitter(
    async (f) => {
      await createWorkspace({
        name: String(f.get("name")),
        reportingCurrency: String(f.get("currency")).toUpperCase(),
        reportingTimezone: String(f.get("timezone")),
      });
      await refetchMe();
      navigate("/", { replace: true });
    },
    setBusy,
    setError,
  );
  return (
    <AuthCard title="Create a workspace" error={error()}>
      <p class="muted">A workspace holds your sites, offers, campaigns and team.</p>
      <form class="stack" onSubmit={submit}>
        <label>
          Workspace name
          <input name="name" required maxLength={80} />
        </label>
        <label>
          Reporting currency
          <input name="currency" value="EUR" required pattern="[A-Za-z]{3}" maxLength={3} />
        </label>
        <label>
          Reporting timezone
          <input name="timezone" value={guessTz} list="tz-list-new" required />
        </label>
        <datalist id="tz-list-new">
          {TIMEZONES.map((z) => (
            <option value={z} />
          ))}
        </datalist>
        <button type="submit" disabled={busy()}>
          {busy() ? "Creating…" : "Create workspace"}
        </button>
      </form>
    </AuthCard>
  );
}

import { createSignal, Show } from "solid-js";
import type { PostbackKeyState } from "../../../shared/postback-keys";
import { DEFAULT_KEY_GRACE_DAYS } from "../../../shared/postback-keys";
import { rotateKey } from "../api";
import { fmtDateTime } from "../format";

/**
 * Rotate an offer's or campaign's postback key: the old key keeps working for the grace period
 * (its end is shown), so the platforms can be updated before it stops.
 */
export function RotateKey(props: {
  kind: "offers" | "campaigns";
  id: string;
  previousKeyExpiresAt: number | null;
  onRotated: (state: PostbackKeyState) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const rotate = async () => {
    if (
      !confirm(
        `Make a new postback key? The current one keeps working for ${DEFAULT_KEY_GRACE_DAYS} days; update your platforms before then.`,
      )
    )
      return;
    setBusy(true);
    setError(null);
    try {
      props.onRotated(await rotateKey(props.kind, props.id));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="rotate-key" data-testid="rotate-key">
      <Show when={props.previousKeyExpiresAt}>
        {(at) => (
          <p class="muted" data-testid="previous-key-expiry">
            The previous key still works until {fmtDateTime(at())}.
          </p>
        )}
      </Show>
      <button type="button" class="small" onClick={rotate} disabled={busy()}>
        {busy() ? "Rotating…" : "Rotate postback key"}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </div>
  );
}

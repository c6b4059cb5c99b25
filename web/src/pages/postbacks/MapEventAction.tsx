import { createSignal, For, Show } from "solid-js";
import { EVENT_TYPE_LABELS, POSTBACK_EVENT_TYPES, type PostbackEventType } from "../../../../shared/postback-events";
import { mapOfferEvent } from "../../api";

/**
 * "Map this event" on a Postbacks log row whose event the offer does not map: pick what the name
 * counts as; the offer's mapping is saved and the postbacks kept under that name are re-applied once.
 */
interface ActionState {
  open: boolean;
  type: PostbackEventType | "";
  msg: string | null;
  busy: boolean;
}
// Kept outside the component: the live log re-renders its rows every few seconds, and a half-made
// choice must survive that. Keyed by offer and name (every row of that name shares one action).
const [states, setStates] = createSignal<Record<string, ActionState>>({});
const EMPTY: ActionState = { open: false, type: "", msg: null, busy: false };

export function MapEventAction(props: { offerId: string; eventName: string; onMapped: () => void }) {
  const id = () => `${props.offerId}\u0000${props.eventName}`;
  const state = () => states()[id()] ?? EMPTY;
  const patch = (p: Partial<ActionState>) => setStates((all) => ({ ...all, [id()]: { ...(all[id()] ?? EMPTY), ...p } }));
  const open = () => state().open;
  const setOpen = (v: boolean) => patch({ open: v });
  const type = () => state().type;
  const setType = (v: PostbackEventType | "") => patch({ type: v });
  const msg = () => state().msg;
  const setMsg = (v: string | null) => patch({ msg: v });
  const busy = () => state().busy;
  const setBusy = (v: boolean) => patch({ busy: v });
  const save = async () => {
    const t = type();
    if (!t) return;
    setBusy(true);
    setMsg(null);
    try {
      const r = await mapOfferEvent(props.offerId, props.eventName, t);
      setMsg(`Mapped; ${r.reapplied} re-applied.`);
      setOpen(false);
      props.onMapped();
    } catch (err) {
      setMsg((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    // The row toggles its raw request on click; the action keeps its clicks to itself.
    // biome-ignore lint/a11y/noStaticElementInteractions: only stops propagation to the row
    // biome-ignore lint/a11y/useKeyWithClickEvents: only stops propagation to the row
    <span class="map-event" onClick={(e) => e.stopPropagation()}>
      <Show
        when={open()}
        fallback={
          <button type="button" onClick={() => setOpen(true)}>
            Map this event
          </button>
        }
      >
        <select
          aria-label={`Count ${props.eventName} as`}
          value={type()}
          onChange={(e) => setType(e.currentTarget.value as PostbackEventType)}
        >
          <option value="" disabled>
            Count as…
          </option>
          <For each={POSTBACK_EVENT_TYPES}>{(t) => <option value={t}>{EVENT_TYPE_LABELS[t]}</option>}</For>
        </select>
        <button type="button" disabled={!type() || busy()} onClick={() => void save()}>
          Map
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </Show>
      <Show when={msg()}>
        <span class="muted" role="status">
          {" "}
          {msg()}
        </span>
      </Show>
    </span>
  );
}

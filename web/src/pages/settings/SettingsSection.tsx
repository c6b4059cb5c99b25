import { type Accessor, createSignal, type JSX, Show } from "solid-js";
import { errorMessage, type Loadable, Loaded } from "../../components/Async";

export type ActionStatus = { ok: boolean; text: string } | null;

/** A settings tab's actions: each runs, re-reads the tab's data, and leaves one status line (success or the API's message). */
export function createActions(refetch: () => unknown) {
  const [status, setStatus] = createSignal<ActionStatus>(null);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setStatus(null);
    try {
      await fn();
      await refetch();
      setStatus({ ok: true, text: ok });
    } catch (err) {
      setStatus({ ok: false, text: errorMessage(err) });
    }
  };
  return { status, act };
}

/**
 * The one shell of a settings tab that reads data: who may see it (else `denied`), the data's load and
 * error states (components/Async.tsx), then its sections stacked, and the status line of the last action.
 */
export function SettingsSection<T>(props: {
  allowed: boolean;
  denied: string;
  data: Loadable<T>;
  what: string;
  status: Accessor<ActionStatus>;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  return (
    <Show when={props.allowed} fallback={<p class="muted">{props.denied}</p>}>
      <Loaded data={props.data} what={props.what}>
        {(value) => (
          <div class="stack">
            {props.children(value)}
            <Show when={props.status()}>
              {(s) => (
                <p class={s().ok ? "ok" : "error"} role="status">
                  {s().text}
                </p>
              )}
            </Show>
          </div>
        )}
      </Loaded>
    </Show>
  );
}

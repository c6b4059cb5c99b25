import { type Accessor, type JSX, Match, Show, Switch } from "solid-js";

/** Anything read asynchronously: a Solid resource, or `useSites()`. Reading it may throw once it failed. */
export interface Loadable<T> {
  (): T | undefined;
  readonly error?: unknown;
}

export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The one loading / error / ready switch of the dashboard: an API error is shown as an error with its
 * message (never as "Loading…" forever, nor as an empty list); `children` gets the loaded value.
 */
export function Loaded<T>(props: {
  data: Loadable<T>;
  what: string;
  /** Offered as a "Try again" button next to the error. */
  retry?: () => void;
  /** Re-render the content for each new value (an editor that must start from the saved record). */
  keyed?: boolean;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}) {
  return (
    <Switch
      fallback={
        <p class="muted" role="status">
          Loading {props.what}…
        </p>
      }
    >
      <Match when={props.data.error}>
        {(e) => (
          <p class="error" role="alert" data-testid="load-error">
            Could not load {props.what}: {errorMessage(e())}{" "}
            <Show when={props.retry}>
              {(retry) => (
                <button type="button" class="small" onClick={() => retry()()}>
                  Try again
                </button>
              )}
            </Show>
          </p>
        )}
      </Match>
      <Match when={props.keyed && props.data()} keyed>
        {(v) => props.children(() => v as NonNullable<T>)}
      </Match>
      <Match when={!props.keyed && props.data()}>{(v) => props.children(v as Accessor<NonNullable<T>>)}</Match>
    </Switch>
  );
}

import { A } from "@solidjs/router";
import { createResource, For, Show } from "solid-js";
import { getOnboarding } from "../entities-api";
import "../pages/entities.css";

/** The getting-started checklist on the home page while setup is incomplete; each tick comes from data. */
export function Onboarding() {
  const [state] = createResource(getOnboarding);
  return (
    <Show when={state() && !state()?.complete ? state() : null}>
      {(s) => (
        <section class="card onboarding" data-testid="onboarding" aria-labelledby="onboarding-title">
          <h2 id="onboarding-title">Get set up</h2>
          <p class="muted">
            Each step ticks itself when the data arrives. Campaign, click and postback are only needed for postbacks (Full Tracking).
          </p>
          <ol class="steps">
            <For each={s().steps}>
              {(step) => (
                <li classList={{ done: step.done }} data-step={step.id} data-done={step.done ? "1" : "0"}>
                  <span class="tick" aria-hidden="true">
                    {step.done ? "✓" : "○"}
                  </span>
                  <Show when={!step.done} fallback={<span>{step.label}</span>}>
                    <A href={step.href}>{step.label}</A>
                  </Show>
                  <span class="visually-hidden">{step.done ? " (done)" : " (to do)"}</span>
                  <Show when={step.fullTrackingOnly}>
                    <span class="muted small-print"> · Full Tracking</span>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </section>
      )}
    </Show>
  );
}

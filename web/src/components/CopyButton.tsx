import { createSignal } from "solid-js";

/** Copies a text (link, postback URL, snippet); says whether it worked. `label` is the button's accessible name. */
export function CopyButton(props: { text: string; label?: string; testid?: string }) {
  const [done, setDone] = createSignal<"Copied" | "Copy failed" | null>(null);
  return (
    <button
      type="button"
      class="small"
      data-testid={props.testid}
      aria-label={done() ? undefined : props.label}
      onClick={async () => {
        const ok = await (navigator.clipboard?.writeText(props.text) ?? Promise.reject()).then(
          () => true,
          () => false,
        );
        setDone(ok ? "Copied" : "Copy failed");
        setTimeout(() => setDone(null), 1500);
      }}
    >
      {done() ?? "Copy"}
    </button>
  );
}

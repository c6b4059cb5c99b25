import type { JSX } from "solid-js";

/**
 * A table's own horizontal scroll box, so a wide table scrolls inside it and never the page (390 px
 * phones). Focusable and named, so keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
export function TableScroll(props: { label: string; children: JSX.Element }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section class="table-wrap" aria-label={props.label} tabIndex={0}>
      {props.children}
    </section>
  );
}

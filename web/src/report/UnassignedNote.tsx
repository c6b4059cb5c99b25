import { Show } from "solid-js";
import type { UnassignedPart } from "../../../shared/report-types";
import { fmtMoney } from "../format";

/**
 * The unassigned part of a revenue total, worded the same on Site Overview and Site Report so the
 * two totals are comparable: all sites include it (said as "of which"), one site leaves it out (said
 * as "not in these figures"). Nothing when the scope has no unassigned revenue.
 */
export function UnassignedNote(props: { part: UnassignedPart | undefined; currency: string }) {
  const amount = () => (props.part?.missingFx.length ? `an amount in ${props.part.missingFx.join(", ")} without FX rate` : null);
  const shown = () => props.part && (props.part.missingFx.length > 0 || (props.part.commissionMicros ?? 0) !== 0);
  return (
    <Show when={shown() && props.part}>
      {(p) => (
        <p class="provisional small" data-testid="unassigned-part" data-in-total={String(p().inTotal)}>
          {p().inTotal ? "Of this total, " : ""}
          <strong>{amount() ?? fmtMoney(p().commissionMicros, props.currency)}</strong>{" "}
          {p().inTotal
            ? "is commission not placed on any site (no tag route or click id): counted in the all-sites total, in no site's."
            : "of this site's offers' commission is not placed on any site (no tag route or click id): not in these figures."}{" "}
          Set where it goes in each offer's “Where revenue goes”.
        </p>
      )}
    </Show>
  );
}

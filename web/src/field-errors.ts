/** One failing field of a 400, as the API names it ("domains.1", "casino.markets.0", "deal.cpa"). */
export interface FieldMessage {
  field: string;
  message: string;
}

/**
 * The messages a form control shows for `field`: its own, and those of its list items, each said with the
 * item's place ("item 2: must be a hostname…") so a list with two bad lines does not repeat one message
 * twice without saying which. `nested`: also the messages of named sub-fields, for a control that has none
 * of its own.
 */
export function messagesFor(errors: readonly FieldMessage[], field: string, nested = false): string | null {
  const out = errors.flatMap((e) => {
    if (e.field === field) return [e.message];
    if (!e.field.startsWith(`${field}.`)) return [];
    const rest = e.field.slice(field.length + 1);
    const item = /^(\d+)(?:\.(.+))?$/.exec(rest);
    if (item) return [`item ${Number(item[1]) + 1}${item[2] ? ` (${item[2]})` : ""}: ${e.message}`];
    return nested ? [`${rest}: ${e.message}`] : [];
  });
  return out.length ? [...new Set(out)].join("; ") : null;
}

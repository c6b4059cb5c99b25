/** Small pieces the entity pages share: field errors of a save, load states (labelled fields: components/Field.tsx). */
import { createSignal, type JSX } from "solid-js";
import { FieldsError } from "../api";
import { type Loadable, Loaded as SharedLoaded } from "../components/Async";
import { messagesFor } from "../field-errors";

/** Field errors of the last failed save, by field path ("domains.0" also shows on "domains"). */
export function createFieldErrors() {
  const [errors, setErrors] = createSignal<{ field: string; message: string }[]>([]);
  const [message, setMessage] = createSignal<string | null>(null);
  return {
    of: (field: string) => messagesFor(errors(), field, true),
    /** Only errors on this exact field, for a control whose sub-fields show their own. */
    only: (field: string) =>
      errors()
        .filter((e) => e.field === field)
        .map((e) => e.message)
        .join("; ") || null,
    message,
    clear: () => {
      setErrors([]);
      setMessage(null);
    },
    set: (err: unknown) => {
      setErrors(err instanceof FieldsError ? err.fields : []);
      setMessage(err instanceof Error ? err.message : String(err));
    },
  };
}

/** The shared load states (components/Async.tsx), keyed: a saved or refetched value re-renders the section. */
export function Loaded<T>(props: { data: Loadable<T>; what: string; children: (v: NonNullable<T>) => JSX.Element }) {
  return (
    <SharedLoaded data={props.data} what={props.what} keyed>
      {(v) => props.children(v())}
    </SharedLoaded>
  );
}

export const splitList = (s: string) =>
  s
    .split(/[,\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

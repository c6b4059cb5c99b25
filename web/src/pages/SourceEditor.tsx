import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { TrafficSourceView } from "../../../shared/entity-types";
import { formatMicros } from "../../../shared/money";
import {
  COST_MODEL_LABELS,
  COST_MODELS,
  type CostModel,
  SOURCE_MACROS,
  SOURCE_PRESETS,
  SOURCE_TYPE_LABELS,
  SOURCE_TYPES,
  type SourceType,
} from "../../../shared/traffic-sources";
import { Field } from "../components/Field";
import { FormActions } from "../components/FormActions";
import { archiveSource, createSource, getSource, type SourceInput, updateSource } from "../entities-api";
import { createFieldErrors, Loaded } from "./entity-ui";
import "./entities.css";

interface Form {
  name: string;
  type: SourceType;
  clickIdParam: string;
  postbackUrlTemplate: string;
  costModel: CostModel | "";
  costAmount: string;
  costCurrency: string;
  costRevsharePct: string;
}

const EMPTY = (): Form => ({
  name: "",
  type: "ad_network",
  clickIdParam: "",
  postbackUrlTemplate: "",
  costModel: "",
  costAmount: "",
  costCurrency: "",
  costRevsharePct: "",
});
const formOf = (s: TrafficSourceView): Form => ({
  name: s.name,
  type: s.type,
  clickIdParam: s.clickIdParam ?? "",
  postbackUrlTemplate: s.postbackUrlTemplate ?? "",
  costModel: s.cost?.model ?? "",
  costAmount: s.cost?.amountMicros != null ? formatMicros(s.cost.amountMicros) : "",
  costCurrency: s.cost?.currency ?? "",
  costRevsharePct: s.cost?.revsharePct ?? "",
});

function inputOf(f: Form): SourceInput {
  const cost: SourceInput["cost"] = !f.costModel
    ? null
    : f.costModel === "revshare"
      ? { model: f.costModel, revsharePct: f.costRevsharePct || undefined }
      : { model: f.costModel, amount: f.costAmount || undefined, currency: f.costCurrency || undefined };
  return {
    name: f.name,
    type: f.type,
    clickIdParam: f.clickIdParam || null,
    postbackUrlTemplate: f.postbackUrlTemplate || null,
    cost,
  };
}

/** Create or edit a traffic source: type, click-id parameter, outgoing postback URL (presets), cost model. */
export function SourceEditor() {
  const params = useParams();
  const navigate = useNavigate();
  const isNew = () => params.id === "new";
  const [source, { mutate }] = createResource(
    () => (isNew() ? null : params.id),
    (id) => getSource(id),
  );
  const [form, setForm] = createStore<Form>(EMPTY());
  const [saving, setSaving] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const [presetNote, setPresetNote] = createSignal<string | null>(null);
  const errs = createFieldErrors();
  createEffect(() => {
    const s = source();
    if (s) setForm(formOf(s));
  });

  const applyPreset = (id: string) => {
    const p = SOURCE_PRESETS.find((x) => x.id === id);
    if (!p) return;
    setForm({
      type: p.type,
      clickIdParam: p.clickIdParam ?? "",
      postbackUrlTemplate: p.postbackUrlTemplate ?? "",
      name: form.name || p.label,
    });
    setPresetNote(`${p.note}${p.linkSuffix ? ` Add ${p.linkSuffix} to your tracking links in ${p.label}.` : ""}`);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    errs.clear();
    setSaved(false);
    setSaving(true);
    try {
      if (isNew()) {
        await createSource(inputOf(form));
        navigate("/sources");
      } else {
        mutate(await updateSource(params.id ?? "", inputOf(form)));
        setSaved(true);
      }
    } catch (err) {
      errs.set(err);
    } finally {
      setSaving(false);
    }
  };

  const formView = () => (
    <form class="card entity-form" onSubmit={save} data-testid="source-form" novalidate>
      <div class="fields">
        <Field label="Start from a preset" help={presetNote() ?? "Fills the type, click-id parameter and postback URL."}>
          {(a) => (
            <select {...a} name="preset" onChange={(e) => applyPreset(e.currentTarget.value)}>
              <option value="">Choose a network…</option>
              <For each={SOURCE_PRESETS}>{(p) => <option value={p.id}>{p.label}</option>}</For>
            </select>
          )}
        </Field>
        <Field label="Name" error={errs.of("name")}>
          {(a) => <input {...a} name="name" value={form.name} onInput={(e) => setForm("name", e.currentTarget.value)} />}
        </Field>
        <Field label="Type" error={errs.of("type")}>
          {(a) => (
            <select {...a} name="type" value={form.type} onChange={(e) => setForm("type", e.currentTarget.value as SourceType)}>
              <For each={SOURCE_TYPES}>{(t) => <option value={t}>{SOURCE_TYPE_LABELS[t]}</option>}</For>
            </select>
          )}
        </Field>
        <Field
          label="Click-id parameter"
          error={errs.of("clickIdParam")}
          help="The parameter the network appends to your link with its own click id."
        >
          {(a) => (
            <input {...a} name="clickIdParam" value={form.clickIdParam} onInput={(e) => setForm("clickIdParam", e.currentTarget.value)} />
          )}
        </Field>
        <Field
          label="Outgoing postback URL"
          error={errs.of("postbackUrlTemplate")}
          wide
          help={
            <>
              Called when a conversion of this source's click is accepted. Macros:{" "}
              <For each={Object.keys(SOURCE_MACROS)}>
                {(m) => (
                  <code title={SOURCE_MACROS[m]} class="macro">
                    {`{${m}}`}
                  </code>
                )}
              </For>
            </>
          }
        >
          {(a) => (
            <textarea
              {...a}
              name="postbackUrlTemplate"
              class="mono"
              rows={3}
              value={form.postbackUrlTemplate}
              onInput={(e) => setForm("postbackUrlTemplate", e.currentTarget.value)}
            />
          )}
        </Field>
      </div>
      <fieldset class="checks-box">
        <legend>Cost model (stored for ROI)</legend>
        <div class="fields">
          <Field label="Model" error={errs.of("cost.model") ?? errs.only("cost")}>
            {(a) => (
              <select
                {...a}
                name="costModel"
                value={form.costModel}
                onChange={(e) => setForm("costModel", e.currentTarget.value as CostModel | "")}
              >
                <option value="">No cost tracked</option>
                <For each={COST_MODELS}>{(m) => <option value={m}>{COST_MODEL_LABELS[m]}</option>}</For>
              </select>
            )}
          </Field>
          <Show when={form.costModel && form.costModel !== "revshare"}>
            <Field label="Amount" error={errs.of("cost.amount")} help="Exact decimal, e.g. 0.035">
              {(a) => (
                <input
                  {...a}
                  name="costAmount"
                  inputMode="decimal"
                  value={form.costAmount}
                  onInput={(e) => setForm("costAmount", e.currentTarget.value)}
                />
              )}
            </Field>
            <Field label="Currency" error={errs.of("cost.currency")}>
              {(a) => (
                <input
                  {...a}
                  name="costCurrency"
                  maxLength={3}
                  value={form.costCurrency}
                  onInput={(e) => setForm("costCurrency", e.currentTarget.value)}
                />
              )}
            </Field>
          </Show>
          <Show when={form.costModel === "revshare"}>
            <Field label="Source's share (%)" error={errs.of("cost.revsharePct")}>
              {(a) => (
                <input
                  {...a}
                  name="costRevsharePct"
                  inputMode="decimal"
                  value={form.costRevsharePct}
                  onInput={(e) => setForm("costRevsharePct", e.currentTarget.value)}
                />
              )}
            </Field>
          </Show>
        </div>
      </fieldset>
      <FormActions saving={saving()} label={isNew() ? "Create traffic source" : "Save"} saved={saved()} error={errs.message()} />
    </form>
  );

  return (
    <div class="page entity-page">
      <div class="toolbar">
        <h1>{isNew() ? "New traffic source" : (source()?.name ?? "Traffic source")}</h1>
        <A href="/sources">All traffic sources</A>
      </div>
      <Show when={!isNew()} fallback={formView()}>
        <Loaded data={source} what="the traffic source">
          {(s) => (
            <>
              <Show when={s.archivedAt}>
                <p class="card notice" role="status">
                  Archived: hidden from pickers. Campaigns already using it keep it, and its postback URL.
                </p>
              </Show>
              {formView()}
              <section class="card danger-zone">
                <button
                  type="button"
                  onClick={async () => {
                    try {
                      mutate(await archiveSource(s.id, s.archivedAt === null));
                    } catch (err) {
                      errs.set(err);
                    }
                  }}
                >
                  {s.archivedAt ? "Restore traffic source" : "Archive traffic source"}
                </button>
              </section>
            </>
          )}
        </Loaded>
      </Show>
    </div>
  );
}

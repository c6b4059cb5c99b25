import { createEffect, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { fmtTick } from "../format";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Right-hand axis (e.g. money next to counts). */
  right?: boolean;
  dashed?: boolean;
}

/**
 * A small time-series chart (uPlot: ~50 kB, canvas, fast). Days are YYYY-MM-DD strings; or pass `xs`
 * (epoch seconds, e.g. hours) with the `timezone` the axis should be labelled in.
 */
export function Chart(props: {
  days: string[];
  series: ChartSeries[];
  height?: number;
  rightLabel?: string;
  xs?: number[];
  timezone?: string;
  testid?: string;
}) {
  let el!: HTMLDivElement;
  let plot: uPlot | null = null;

  const build = () => {
    plot?.destroy();
    const xs = props.xs ?? props.days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000);
    const tz = props.timezone;
    // Day charts put each day at UTC noon; hour charts pass their own xs.
    const hourly = props.xs !== undefined;
    const opts: uPlot.Options = {
      ...(tz ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), tz) } : {}),
      width: el.clientWidth || 800,
      height: props.height ?? 260,
      scales: { x: { time: true }, y: { auto: true }, r: { auto: true } },
      axes: [
        {
          stroke: "#526072",
          grid: { stroke: "#eef2f7" },
          // The app's one date format (format.ts), not uPlot's US-style "11/17".
          values: (_u, splits) => splits.map((s) => fmtTick(s, hourly, tz)),
        },
        { stroke: "#526072", grid: { stroke: "#eef2f7" } },
        { scale: "r", side: 1, stroke: "#526072", grid: { show: false }, label: props.rightLabel ?? "" },
      ],
      series: [
        { label: hourly ? "Hour" : "Day", value: (_u, v) => (v == null ? "—" : fmtTick(v, hourly, hourly ? tz : "UTC")) },
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          scale: s.right ? "r" : "y",
          dash: s.dashed ? [6, 4] : undefined,
          points: { show: xs.length < 40 },
        })),
      ],
      legend: { show: true },
    };
    plot = new uPlot(opts, [xs, ...props.series.map((s) => s.values)] as uPlot.AlignedData, el);
  };

  onMount(() => {
    const ro = new ResizeObserver(() => plot?.setSize({ width: el.clientWidth, height: props.height ?? 260 }));
    ro.observe(el);
    onCleanup(() => {
      ro.disconnect();
      plot?.destroy();
    });
  });
  createEffect(build);
  return <div ref={el} class="chart" data-testid={props.testid ?? "overview-chart"} />;
}

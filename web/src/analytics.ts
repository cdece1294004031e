// Analytics: the summary of a period against the one before (occupancy, energy, comfort, alerts,
// data health) and one metric's trend over calendar buckets of a chosen time zone. The choices live
// in the address (#/analytics?period=week&metric=energy…), so a view can be bookmarked and shared.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { ApiError, ok, transient, type Client, type MetricType, type Problem, type Schemas } from "./api";
import { errorBox, h, replace } from "./dom";
import { allRooms } from "./overview";

type Summary = Schemas["AnalyticsSummary"];
type Figure = Schemas["Figure"];
type Trend = Schemas["Trend"];
type TrendInterval = Schemas["TrendInterval"];

const PERIODS = {
  day: { label: "Last 24 hours", days: 1 },
  week: { label: "Last 7 days", days: 7 },
  month: { label: "Last 30 days", days: 30 },
} as const;
type PeriodName = keyof typeof PERIODS;
const METRICS: MetricType[] = ["temperature", "humidity", "co2", "occupancy", "energy", "light"];
const INTERVALS: Record<TrendInterval, string> = { "1h": "Hourly", "1d": "Daily", "1w": "Weekly", "1mo": "Monthly" };

export interface AnalyticsChoice {
  period: PeriodName;
  building?: string;
  metric: MetricType;
  interval: TrendInterval;
  tz: string;
}

export function analyticsChoice(params: URLSearchParams): AnalyticsChoice {
  const period = params.get("period");
  const metric = params.get("metric");
  const interval = params.get("interval");
  return {
    period: period !== null && period in PERIODS ? (period as PeriodName) : "day",
    building: params.get("building") || undefined,
    metric: METRICS.includes(metric as MetricType) ? (metric as MetricType) : "temperature",
    interval: interval !== null && interval in INTERVALS ? (interval as TrendInterval) : "1h",
    tz: params.get("tz") || Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
  };
}

function address(choice: AnalyticsChoice): string {
  const query = new URLSearchParams({ period: choice.period, metric: choice.metric, interval: choice.interval, tz: choice.tz });
  if (choice.building) query.set("building", choice.building);
  return `#/analytics?${query}`;
}

/** A number for people: fixed decimals, "–" when there is none. */
export function figureText(value: number | null | undefined, decimals: number, unit = ""): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return `${value.toFixed(decimals)}${unit ? ` ${unit}` : ""}`;
}

function changeText(figure: Figure, decimals: number, scale: number): string {
  if (figure.change === null || figure.change === undefined) {
    return figure.previous === null || figure.previous === undefined ? "no data in the previous period" : "–";
  }
  const change = figure.change * scale;
  const arrow = change > 0 ? "▲" : change < 0 ? "▼" : "=";
  const sign = change > 0 ? "+" : "";
  return `${arrow} ${sign}${change.toFixed(decimals)} vs ${figureText(figure.previous! * scale, decimals)}`;
}

function figureCard(id: string, label: string, figure: Figure, decimals: number, unit: string, scale = 1): HTMLElement {
  const value = figure.value === null || figure.value === undefined ? null : figure.value * scale;
  return h(
    "div",
    { class: "figure", "data-figure": id },
    h("h3", {}, label),
    h("p", { class: "value" }, figureText(value, decimals, unit)),
    h("p", { class: "change muted" }, changeText(figure, decimals, scale)),
  );
}

/** The start of a bucket as the calendar of tz shows it: 2025-03-30 00:00. */
export function localTime(iso: string, tz: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}

function summarySection(summary: Summary, tz: string): HTMLElement {
  const alerts = summary.alerts;
  const health = summary.dataHealth;
  return h(
    "section",
    { class: "card", "aria-label": "Summary", "data-from": summary.from, "data-to": summary.to },
    h("h2", {}, "Summary"),
    h("p", { class: "muted period" }, `${localTime(summary.from, tz)} – ${localTime(summary.to, tz)} (${tz}), against the period from ${localTime(summary.previousFrom, tz)}`),
    h(
      "div",
      { class: "figures" },
      figureCard("occupancy", "Occupancy", summary.occupancy.utilisationPercent, 1, "%"),
      figureCard("energy", "Energy", summary.energy.totalKwh, 1, "kWh"),
      figureCard("energy-per-m2", "Energy per m²", summary.energy.kwhPerM2, 2, "kWh/m²"),
      figureCard("comfort", "Comfort", summary.comfort.insidePercent, 1, "%"),
      figureCard("co2-exceedance", "CO₂ exceedance", summary.comfort.co2ExceedanceHours, 0, "h"),
      figureCard("alerts-raised", "Alerts raised", alerts.raised, 0, ""),
      figureCard("alerts-active", "Alerts active", alerts.active, 0, ""),
      figureCard("mttr", "Mean time to resolve", alerts.meanTimeToResolveSeconds, 1, "min", 1 / 60),
      figureCard("completeness", "Data completeness", health.completenessPercent, 1, "%"),
    ),
    h(
      "p",
      { class: "health" },
      `${health.sensorCount} sensor(s) reporting, ${health.staleSensors.length} stale`,
      health.staleSensors.length ? `: ${health.staleSensors.map((s) => s.sensorId).join(", ")}` : "",
    ),
    summary.rooms.length
      ? h(
          "table",
          { class: "rooms-summary" },
          h("caption", {}, "Rooms"),
          h(
            "thead",
            {},
            h("tr", {}, ...["Room", "Occupancy %", "Energy kWh", "kWh/m²", "Comfort %", "CO₂ exceedance h", "Alerts"].map((c) => h("th", { scope: "col" }, c))),
          ),
          h(
            "tbody",
            {},
            ...summary.rooms.map((room) =>
              h(
                "tr",
                { "data-room-id": room.roomId },
                h("th", { scope: "row" }, room.name ?? room.roomId),
                h("td", {}, figureText(room.occupancy.utilisationPercent, 1)),
                h("td", {}, figureText(room.energyKwh, 1)),
                h("td", {}, figureText(room.kwhPerM2, 2)),
                h("td", {}, figureText(room.comfort.insidePercent, 1)),
                h("td", {}, String(room.co2ExceedanceHours)),
                h("td", {}, String(room.alertsRaised)),
              ),
            ),
          ),
        )
      : h("p", {}, "No room has data in this period."),
  );
}

function trendChart(container: HTMLElement, trend: Trend, unit: string) {
  const points = trend.points.filter((p) => p.count > 0);
  if (points.length === 0) {
    container.append(h("p", {}, `${trend.metric}: no data in this period.`));
    return;
  }
  const xs = points.map((p) => Date.parse(p.t) / 1000);
  const width = Math.max(280, Math.min(900, container.clientWidth || 600));
  new uPlot(
    {
      title: `${trend.metric} (${INTERVALS[trend.interval].toLowerCase()}, ${trend.tz})`,
      width,
      height: 240,
      // Axis labels on the chosen zone's clock, like the buckets.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), trend.tz),
      series: [
        {},
        { label: "min", stroke: "rgba(40,100,200,0.35)" },
        { label: "max", stroke: "rgba(40,100,200,0.35)" },
        { label: trend.metric === "energy" ? "sum" : "avg", stroke: "#1f5fbf", width: 2 },
      ],
      bands: [{ series: [2, 1], fill: "rgba(40,100,200,0.15)" }],
      axes: [{}, { label: unit }],
    },
    [xs, points.map((p) => p.min ?? null), points.map((p) => p.max ?? null), points.map((p) => (trend.metric === "energy" ? p.sum : p.avg) ?? null)],
    container,
  );
}

function trendTable(trend: Trend): HTMLElement {
  const cell = (value: number | undefined) => h("td", {}, figureText(value, 2));
  return h(
    "details",
    { class: "trend-table" },
    h("summary", {}, `The ${trend.points.length} buckets as a table`),
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, ...[`Bucket (${trend.tz})`, "Readings", "Min", "Avg", "Max", "Sum"].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        ...trend.points.map((p) => h("tr", { "data-t": p.t }, h("th", { scope: "row" }, localTime(p.t, trend.tz)), h("td", {}, String(p.count)), cell(p.min), cell(p.avg), cell(p.max), cell(p.sum))),
      ),
    ),
  );
}

function select(id: string, label: string, value: string, options: Array<[string, string]>, onChange: (value: string) => void): HTMLElement[] {
  const element = h("select", { id, onchange: (event: Event) => onChange((event.target as HTMLSelectElement).value) }, ...options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
  return [h("label", { for: id }, label), element];
}

function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set(["UTC", current, ...zones])];
}

type ReportKind = Schemas["ReportKind"];
const REPORT_KINDS: Array<[ReportKind, string]> = [
  ["building-summary", "Building summary"],
  ["comfort", "Comfort"],
  ["energy", "Energy"],
];

/** Start a report (an analytics-report task) over the summary's period and follow it to the download. */
function reportCard(api: Client, summary: Summary): HTMLElement | null {
  const kind = h("select", { id: "report-kind" }, ...REPORT_KINDS.map(([k, text]) => h("option", { value: k }, text)));
  const format = h("select", { id: "report-format" }, h("option", { value: "pdf" }, "PDF"), h("option", { value: "csv" }, "CSV"));
  const state = h("div", { "aria-live": "polite" });
  const card = h(
    "form",
    {
      class: "card narrow",
      "aria-label": "Report",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const { data, error, response } = await api.POST("/analytics/reports", {
          body: { kind: kind.value as ReportKind, format: format.value as "pdf" | "csv", from: summary.from, to: summary.to, building: summary.building ?? undefined },
        });
        if (!response.ok || !data) {
          replace(state, errorBox({ problem: error ?? {} }));
          return;
        }
        const bar = h("progress", { max: 100, value: 0, "aria-label": "Report progress" });
        const text = h("span", {}, " queued");
        replace(state, bar, text);
        let report = data;
        card.dataset.reportId = report.id;
        try {
          while (report.status === "pending" || report.status === "running" || report.status === "cancelling") {
            await new Promise((resolve) => window.setTimeout(resolve, 1000));
            if (!card.isConnected) return;
            // A poll the gateway could not answer (a 502–504) is asked again at the next tick.
            const polled = await api.GET("/analytics/reports/{id}", { params: { path: { id: report.id } } });
            if (!polled.data) {
              if (transient(polled.response.status)) continue;
              throw new ApiError(polled.response.status, (polled.error ?? {}) as Partial<Problem>);
            }
            report = polled.data;
            card.dataset.status = report.status;
            const progress = report.progress;
            if (progress && progress.total) bar.value = Math.min(100, Math.round((progress.done / progress.total) * 100));
            text.textContent = ` ${report.status}${progress?.total ? ` ${bar.value} % (day ${progress.done} of ${progress.total})` : ""}`;
          }
        } catch (e) {
          replace(state, errorBox(e));
          return;
        }
        card.dataset.status = report.status;
        if (report.status === "succeeded" && report.downloadUrl) {
          bar.value = 100;
          replace(state, bar, h("span", {}, " 100 % "), h("a", { class: "download", href: report.downloadUrl, download: "" }, "Download the report"));
        } else replace(state, errorBox(new Error(`The report ${report.status}${report.error ? `: ${report.error}` : ""}.`)));
      },
    },
    h("h2", {}, "Report"),
    h("label", { for: "report-kind" }, "Kind"),
    kind,
    h("label", { for: "report-format" }, "Format"),
    format,
    state,
    h("button", { type: "submit" }, "Start report"),
  );
  return card;
}

export async function analyticsView(app: HTMLElement, api: Client, choice: AnalyticsChoice, canReport = false) {
  const go = (change: Partial<AnalyticsChoice>) => (window.location.hash = address({ ...choice, ...change }));
  const summaryBox = h("div", {}, h("p", {}, "Loading the summary…"));
  const trendBox = h("div", { class: "trend" }, h("p", {}, "Loading the trend…"));
  const buildingOptions = h("span");
  replace(
    app,
    h("h1", {}, "Analytics"),
    h(
      "form",
      { class: "choices", "aria-label": "Period and building", onsubmit: (e: Event) => e.preventDefault() },
      ...select("period", "Period", choice.period, (Object.keys(PERIODS) as PeriodName[]).map((p) => [p, PERIODS[p].label]), (period) => go({ period: period as PeriodName })),
      buildingOptions,
    ),
    summaryBox,
    h(
      "section",
      { class: "card", "aria-label": "Trend" },
      h("h2", {}, "Trend"),
      h(
        "form",
        { class: "choices", "aria-label": "Trend", onsubmit: (e: Event) => e.preventDefault() },
        ...select("trend-metric", "Metric", choice.metric, METRICS.map((m) => [m, m]), (metric) => go({ metric: metric as MetricType })),
        ...select("trend-interval", "Buckets", choice.interval, Object.entries(INTERVALS) as Array<[string, string]>, (interval) => go({ interval: interval as TrendInterval })),
        ...select("trend-tz", "Time zone", choice.tz, timeZones(choice.tz).map((z) => [z, z]), (tz) => go({ tz })),
      ),
      trendBox,
    ),
  );
  try {
    const buildings = [...new Set((await allRooms(api)).map((r) => r.building))].sort();
    replace(buildingOptions, ...select("building", "Building", choice.building ?? "", [["", "All buildings"], ...buildings.map((b): [string, string] => [b, b])], (building) => go({ building: building || undefined })));
    // Whole hours up to the end of the current one, as the API counts them.
    const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
    const from = new Date(to.getTime() - PERIODS[choice.period].days * 86_400_000);
    const summary = await ok(api.GET("/analytics/summary", { params: { query: { building: choice.building, from: from.toISOString(), to: to.toISOString() } } }));
    replace(summaryBox, summarySection(summary, choice.tz), canReport ? reportCard(api, summary) : null);
    try {
      // The trend covers the summary's period (whole hours), in the chosen zone's buckets.
      const trend = await ok(
        api.GET("/analytics/trends", {
          params: { query: { metric: choice.metric, building: choice.building, from: summary.from, to: summary.to, interval: choice.interval, tz: choice.tz, agg: "min,max,avg,sum,count" } },
        }),
      );
      const unit = { temperature: "°C", humidity: "%", co2: "ppm", occupancy: "people", energy: "kWh", light: "lx" }[choice.metric];
      const chart = h("figure", { class: "chart", "data-metric": choice.metric, "data-points": trend.points.filter((p) => p.count > 0).length });
      replace(trendBox, chart, trendTable(trend));
      trendChart(chart, trend, unit);
    } catch (e) {
      replace(trendBox, errorBox(e));
    }
  } catch (e) {
    replace(summaryBox, errorBox(e));
    replace(trendBox);
  }
}

// Room page: a chart per metric (min–max band and average line, thresholds drawn), the latest
// values, the room's sensors, and the thresholds form for admins and operators.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { ok, type Client, type MetricType, type Room, type Schemas } from "./api";
import { errorBox, formatValue, h, replace } from "./dom";
import type { Session } from "./session";

type Thresholds = Schemas["Thresholds"];
const METRICS: MetricType[] = ["temperature", "humidity", "co2", "occupancy", "energy", "light"];
const WINDOWS = {
  hour: { label: "Last hour", ms: 3_600_000, interval: "1m" },
  day: { label: "Last day", ms: 86_400_000, interval: "1h" },
  week: { label: "Last week", ms: 7 * 86_400_000, interval: "1h" },
} as const;
type WindowName = keyof typeof WINDOWS;

async function chart(api: Client, container: HTMLElement, room: Room, metric: MetricType, unit: string, window: WindowName) {
  const to = new Date();
  const from = new Date(to.getTime() - WINDOWS[window].ms);
  const history = await ok(
    api.GET("/rooms/{id}/history", {
      params: { path: { id: room.id }, query: { metric, from: from.toISOString(), to: to.toISOString(), interval: WINDOWS[window].interval } },
    }),
  );
  const points = history.points.filter((p) => p.count > 0);
  const figure = h("figure", { class: "chart", "data-metric": metric, "data-points": points.length });
  container.append(figure);
  if (points.length === 0) {
    figure.append(h("figcaption", {}, `${metric}: no data in this window`));
    return;
  }
  const limit = room.thresholds?.[metric];
  const xs = points.map((p) => Date.parse(p.t) / 1000);
  const data: uPlot.AlignedData = [
    xs,
    points.map((p) => p.min),
    points.map((p) => p.max),
    points.map((p) => p.avg),
    xs.map(() => limit?.min ?? null),
    xs.map(() => limit?.max ?? null),
  ];
  const width = Math.max(280, Math.min(900, container.clientWidth || 600));
  new uPlot(
    {
      title: `${metric} (${unit})`,
      width,
      height: 220,
      series: [
        {},
        { label: "min", stroke: "rgba(40,100,200,0.35)" },
        { label: "max", stroke: "rgba(40,100,200,0.35)" },
        { label: "avg", stroke: "#1f5fbf", width: 2 },
        { label: "min limit", stroke: "#c0392b", dash: [6, 4] },
        { label: "max limit", stroke: "#c0392b", dash: [6, 4] },
      ],
      bands: [{ series: [2, 1], fill: "rgba(40,100,200,0.15)" }],
      axes: [{}, { label: unit }],
    },
    data,
    figure,
  );
}

function thresholdsForm(api: Client, room: Room, notice: string | undefined, onSaved: () => void): HTMLElement {
  const message = h("div", {}, notice ? h("p", { class: "ok", role: "status" }, notice) : null);
  const inputs = METRICS.map((metric) => {
    const current = room.thresholds?.[metric];
    return {
      metric,
      min: h("input", { type: "number", step: "any", id: `th-${metric}-min`, value: current?.min ?? "", "aria-label": `${metric} minimum` }),
      max: h("input", { type: "number", step: "any", id: `th-${metric}-max`, value: current?.max ?? "", "aria-label": `${metric} maximum` }),
    };
  });
  return h(
    "form",
    {
      class: "card thresholds",
      "aria-label": "Thresholds",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const body: Thresholds = {};
        for (const { metric, min, max } of inputs) {
          const limit: { min?: number; max?: number } = {};
          if (min.value !== "") limit.min = Number(min.value);
          if (max.value !== "") limit.max = Number(max.value);
          if (Object.keys(limit).length) body[metric] = limit;
        }
        const { error, response } = await api.PUT("/rooms/{id}/thresholds", { params: { path: { id: room.id } }, body });
        if (response.ok) onSaved();
        else replace(message, errorBox({ problem: error ?? {} }));
      },
    },
    h("h2", {}, "Thresholds"),
    h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Metric"), h("th", {}, "Min"), h("th", {}, "Max"))), h("tbody", {}, ...inputs.map(({ metric, min, max }) => h("tr", {}, h("th", { scope: "row" }, metric), h("td", {}, min), h("td", {}, max))))),
    message,
    h("button", { type: "submit" }, "Save thresholds"),
  );
}

/** @param notice a confirmation to show in the thresholds form (after saving them) */
export async function roomView(app: HTMLElement, api: Client, session: Session, roomId: string, window: WindowName = "hour", notice?: string) {
  replace(app, h("p", {}, "Loading room…"));
  try {
    const room = await ok(api.GET("/rooms/{id}", { params: { path: { id: roomId } } }));
    const metrics = await ok(api.GET("/rooms/{id}/metrics", { params: { path: { id: roomId } } }));
    const sensors = await ok(api.GET("/sensors", { params: { query: { roomId, limit: 100 } } }));
    const charts = h("div", { class: "charts" });
    const windowLinks = h(
      "nav",
      { class: "windows", "aria-label": "Time window" },
      ...(Object.keys(WINDOWS) as WindowName[]).map((name) =>
        h("a", { href: `#/rooms/${encodeURIComponent(roomId)}?window=${name}`, "aria-current": name === window ? "page" : undefined }, WINDOWS[name].label),
      ),
    );
    replace(
      app,
      h("p", {}, h("a", { href: "#/" }, "← Buildings")),
      h("h1", {}, room.name),
      h("p", { class: "where" }, `${room.building}, floor ${room.floor}${room.capacity ? `, capacity ${room.capacity}` : ""}${room.areaM2 ? `, ${room.areaM2} m²` : ""}`),
      h(
        "section",
        { class: "card", "aria-label": "Latest values" },
        h("h2", {}, "Now"),
        h("dl", { class: "now" }, ...Object.entries(metrics.metrics).flatMap(([metric, value]) => [h("dt", {}, metric), h("dd", { "data-metric": metric }, formatValue(value!.value, value!.unit))])),
        metrics.activeAlerts.length ? h("p", { class: "error" }, `${metrics.activeAlerts.length} active alert(s)`) : null,
      ),
      windowLinks,
      charts,
      h(
        "section",
        { class: "card", "aria-label": "Sensors" },
        h("h2", {}, "Sensors"),
        sensors.items.length
          ? h("ul", {}, ...sensors.items.map((s) => h("li", {}, `${s.id} — ${s.type} (${s.unit})`)))
          : h("p", {}, "No sensors in this room."),
      ),
      session.can("admin", "operator") ? thresholdsForm(api, room, notice, () => void roomView(app, api, session, roomId, window, "Thresholds saved.")) : null,
    );
    const withData = Object.entries(metrics.metrics) as Array<[MetricType, { unit: string }]>;
    for (const [metric, value] of withData) await chart(api, charts, room, metric, value.unit, window);
    if (withData.length === 0) charts.append(h("p", {}, "No readings yet."));
  } catch (e) {
    replace(app, h("p", {}, h("a", { href: "#/" }, "← Buildings")), errorBox(e));
  }
}

export function isWindow(name: string | null): name is WindowName {
  return name !== null && name in WINDOWS;
}

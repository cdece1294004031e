// Building overview: every room as a tile with its latest values and a comfort colour, active alerts
// on top with who acknowledged them (or, for admins and operators, a button to). Refreshed every
// few seconds and at once on a WebSocket push.
import { ok, type Client, type MetricType, type Room, type RoomMetrics, type Schemas } from "./api";
import { errorBox, formatValue, h, replace } from "./dom";
import type { LiveUpdates } from "./live";
import type { Session } from "./session";

type ActiveAlert = Schemas["ActiveAlert"];

const TILE_METRICS: MetricType[] = ["temperature", "co2", "humidity", "occupancy"];
const LABELS: Record<string, string> = { temperature: "Temp", co2: "CO₂", humidity: "Humidity", occupancy: "People", energy: "Energy", light: "Light" };
const STALE_AFTER_MS = 15 * 60_000;
export const REFRESH_MS = 2000;

export async function allRooms(api: Client): Promise<Room[]> {
  const rooms: Room[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(api.GET("/rooms", { params: { query: { limit: 100, cursor } } }));
    rooms.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rooms.length < 1000);
  return rooms;
}

/** red: an alert is active; amber: under 80 % of the last hour in comfort; green otherwise; grey: no data. */
export function comfortLevel(metrics: RoomMetrics): "alert" | "poor" | "good" | "unknown" {
  if (metrics.activeAlerts.length > 0) return "alert";
  const share = metrics.comfort?.share;
  if (share === null || share === undefined) return Object.keys(metrics.metrics).length ? "good" : "unknown";
  return share < 0.8 ? "poor" : "good";
}

function isStale(metrics: RoomMetrics, now: number): boolean {
  const times = Object.values(metrics.metrics).map((m) => Date.parse(m!.timestamp));
  return times.length > 0 && now - Math.max(...times) > STALE_AFTER_MS;
}

function tile(room: Room, metrics: RoomMetrics | undefined, now: number): HTMLElement {
  const level = metrics ? comfortLevel(metrics) : "unknown";
  const values = metrics?.metrics ?? {};
  const occupancy = values.occupancy?.value;
  return h(
    "a",
    { class: `tile ${level}`, href: `#/rooms/${encodeURIComponent(room.id)}`, "data-room-id": room.id, "data-level": level, "aria-label": `${room.name}: ${level}` },
    h("h3", {}, room.name, metrics && isStale(metrics, now) ? h("span", { class: "stale", title: "No reading for 15 minutes" }, " ⏱ stale") : null),
    h("p", { class: "where" }, `Floor ${room.floor}`),
    h(
      "dl",
      {},
      ...TILE_METRICS.flatMap((metric) => {
        const value = values[metric];
        const shown =
          metric === "occupancy" && room.capacity && occupancy !== undefined
            ? `${formatValue(occupancy)} / ${room.capacity}`
            : formatValue(value?.value, value?.unit);
        return [h("dt", {}, LABELS[metric]), h("dd", { "data-metric": metric }, shown)];
      }),
    ),
  );
}

/** How the alert list names people: the caller is "you"; admins can list the tenant's users. */
interface AlertActions {
  canAcknowledge: boolean;
  acknowledge: (alert: ActiveAlert) => void;
  nameOf: (userId: string) => string;
}

function acknowledgement(alert: ActiveAlert, actions: AlertActions): HTMLElement | null {
  const ack = alert.acknowledgement;
  if (ack) {
    return h(
      "span",
      { class: "acknowledged", "data-acknowledged-by": ack.by },
      ` — acknowledged by ${actions.nameOf(ack.by)} at `,
      h("time", { datetime: ack.at }, new Date(ack.at).toLocaleTimeString()),
    );
  }
  return actions.canAcknowledge
    ? h("button", { type: "button", class: "acknowledge", "aria-label": `Acknowledge the ${LABELS[alert.metric] ?? alert.metric} alert`, onclick: () => actions.acknowledge(alert) }, "Acknowledge")
    : null;
}

function alertList(rooms: Room[], metrics: Map<string, RoomMetrics>, actions: AlertActions): HTMLElement | null {
  const alerts = rooms.flatMap((room) => (metrics.get(room.id)?.activeAlerts ?? []).map((alert) => ({ room, alert })));
  if (alerts.length === 0) return null;
  return h(
    "section",
    { class: "alerts", "aria-label": "Active alerts" },
    h("h2", {}, `Active alerts (${alerts.length})`),
    h(
      "ul",
      {},
      ...alerts.map(({ room, alert }) => {
        const limit = alert.value > (alert.threshold.max ?? Infinity) ? `above ${alert.threshold.max}` : `below ${alert.threshold.min}`;
        return h(
          "li",
          { class: "alert", "data-alert-id": alert.id, "data-acknowledged": alert.acknowledgement ? "yes" : "no" },
          h("a", { href: `#/rooms/${encodeURIComponent(room.id)}` }, room.name),
          ` — ${LABELS[alert.metric] ?? alert.metric} ${formatValue(alert.value)} ${limit} since ${new Date(alert.raisedAt).toLocaleTimeString()}`,
          acknowledgement(alert, actions),
        );
      }),
    ),
  );
}

/** The tenant's users' names by id (admins only may list them; others see ids). */
async function userNames(api: Client): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await ok(api.GET("/users", { params: { query: { limit: 100, cursor } } }));
    page.items.forEach((u) => names.set(u.id, u.name));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && names.size < 1000);
  return names;
}

/**
 * Renders the overview into app and keeps it fresh: every REFRESH_MS, and at once when a live push
 * arrives (an alert raised or resolved). Returns a function that stops both.
 */
export function overviewView(app: HTMLElement, api: Client, session: Session, live?: LiveUpdates): () => void {
  let stopped = false;
  let timer: number | undefined;
  const status = h("p", { class: "muted", "aria-live": "polite" });
  const me = session.identity?.userId;
  const notice = h("div", { "aria-live": "polite" });
  let names = new Map<string, string>();
  let namesReadAt = 0;
  const actions: AlertActions = {
    canAcknowledge: session.can("admin", "operator"),
    nameOf: (userId) => (userId === me ? "you" : (names.get(userId) ?? userId)),
    acknowledge: (alert) => void acknowledge(alert),
  };
  const body = h("div", {}, h("p", {}, "Loading rooms…"));
  let rendered = "";
  replace(app, h("h1", {}, "Buildings"), status, notice, body);

  async function acknowledge(alert: ActiveAlert) {
    const { error, response } = await api.POST("/alerts/{alertId}/ack", { params: { path: { alertId: alert.id } } });
    if (stopped) return;
    replace(notice, response.ok ? null : errorBox({ problem: error ?? {} }));
    window.clearTimeout(timer);
    void refresh();
  }

  async function refresh() {
    try {
      const rooms = await allRooms(api);
      const metrics = new Map<string, RoomMetrics>();
      await Promise.all(
        rooms.map(async (room) => {
          const result = await api.GET("/rooms/{id}/metrics", { params: { path: { id: room.id } } });
          if (result.data) metrics.set(room.id, result.data);
        }),
      );
      if (stopped) return;
      // Names are read when an acknowledgement by someone unknown shows, at most once a minute.
      const unknown = [...metrics.values()].some((m) => m.activeAlerts.some((a) => a.acknowledgement && a.acknowledgement.by !== me && !names.has(a.acknowledgement.by)));
      if (unknown && session.can("admin") && Date.now() - namesReadAt > 60_000) {
        namesReadAt = Date.now();
        names = await userNames(api).catch(() => names);
      }
      if (stopped) return;
      const now = Date.now();
      status.textContent = `Updated ${new Date(now).toLocaleTimeString()}`;
      // Re-render only what changed: no flicker, and focus and scroll stay where they are.
      const snapshot = JSON.stringify([rooms, [...metrics.entries()], names.size, Math.floor(now / 60_000)]);
      if (snapshot === rendered) return;
      rendered = snapshot;
      const buildings = new Map<string, Room[]>();
      rooms.forEach((room) => buildings.set(room.building, [...(buildings.get(room.building) ?? []), room]));
      replace(
        body,
        ...[alertList(rooms, metrics, actions)].filter((n): n is HTMLElement => n !== null),
        ...(rooms.length === 0 ? [h("p", {}, "No rooms yet.")] : []),
        ...[...buildings.entries()].map(([building, inBuilding]) =>
          h(
            "section",
            { class: "building", "aria-label": building },
            h("h2", {}, building),
            h("div", { class: "tiles" }, ...inBuilding.sort((a, b) => a.floor - b.floor || a.name.localeCompare(b.name)).map((room) => tile(room, metrics.get(room.id), now))),
          ),
        ),
      );
    } catch (e) {
      rendered = "";
      if (!stopped) replace(body, errorBox(e));
    } finally {
      if (!stopped) timer = window.setTimeout(refresh, REFRESH_MS);
    }
  }
  void refresh();
  const unsubscribe = live?.onMessage((message) => {
    if (message.type !== "notification" || stopped) return;
    window.clearTimeout(timer);
    void refresh();
  });
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    unsubscribe?.();
  };
}

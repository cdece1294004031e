// The inbox (mark one or all read; the unread badge follows) and the tenant's event log. Both
// refresh at once on a live push.
import { ok, type Client, type Schemas } from "./api";
import { errorBox, h, replace } from "./dom";
import type { LiveUpdates } from "./live";

type Notification = Schemas["Notification"];
type Event = Schemas["Event"];

export function inboxView(app: HTMLElement, api: Client, setUnread: (count: number) => void, live?: LiveUpdates): () => void {
  let stopped = false;
  const notice = h("div", { "aria-live": "polite" });
  const list = h("div", {}, h("p", {}, "Loading notifications…"));
  const markAll = h("button", { type: "button", id: "mark-all-read", onclick: () => void markAllRead() }, "Mark all read");
  replace(app, h("h1", {}, "Notifications"), h("p", {}, h("a", { href: "#/events" }, "Event log")), h("section", { class: "card", "aria-label": "Inbox" }, markAll, notice, list));

  async function markAllRead() {
    const { data, error, response } = await api.POST("/notifications/read");
    if (response.ok && data) {
      setUnread(data.unreadCount);
      replace(notice, h("p", { class: "ok", role: "status" }, `${data.marked} marked read.`));
    } else replace(notice, errorBox({ problem: error ?? {} }));
    await refresh();
  }

  async function markRead(notification: Notification) {
    const { error, response } = await api.POST("/notifications/{id}/read", { params: { path: { id: notification.id } } });
    if (!response.ok) replace(notice, errorBox({ problem: error ?? {} }));
    await refresh();
  }

  function item(n: Notification): HTMLElement {
    const unread = n.readAt === null;
    return h(
      "li",
      { class: `notification ${unread ? "unread" : "read"} ${n.severity}`, "data-notification-id": n.id },
      h("h3", {}, n.title, unread ? h("span", { class: "badge" }, "new") : null),
      h("p", {}, n.body),
      h("p", { class: "muted" }, `${n.severity} · ${new Date(n.createdAt).toLocaleString()}${n.readAt ? ` · read ${new Date(n.readAt).toLocaleString()}` : ""}`),
      unread ? h("button", { type: "button", class: "mark-read", onclick: () => void markRead(n), "aria-label": `Mark “${n.title}” read` }, "Mark read") : null,
    );
  }

  async function refresh() {
    try {
      const page = await ok(api.GET("/notifications", { params: { query: { limit: 50 } } }));
      if (stopped) return;
      setUnread(page.unreadCount);
      markAll.disabled = page.unreadCount === 0;
      replace(list, page.items.length ? h("ul", { class: "inbox" }, ...page.items.map(item)) : h("p", {}, "No notifications."));
    } catch (e) {
      if (!stopped) replace(list, errorBox(e));
    }
  }
  void refresh();
  const unsubscribe = live?.onMessage(() => !stopped && void refresh());
  return () => {
    stopped = true;
    unsubscribe?.();
  };
}

function eventSummary(event: Event): string {
  const data = event.data as Record<string, unknown>;
  const parts = ["roomId", "metric", "value", "status", "kind", "email"].filter((k) => data[k] !== undefined && data[k] !== null).map((k) => `${k} ${String(data[k])}`);
  return parts.join(", ");
}

export function eventsView(app: HTMLElement, api: Client, live?: LiveUpdates): () => void {
  let stopped = false;
  const list = h("div", {}, h("p", {}, "Loading events…"));
  replace(app, h("h1", {}, "Event log"), h("p", {}, h("a", { href: "#/notifications" }, "Notifications")), h("section", { class: "card", "aria-label": "Events" }, list));
  async function refresh() {
    try {
      const page = await ok(api.GET("/events", { params: { query: { limit: 100 } } }));
      if (stopped) return;
      replace(
        list,
        page.items.length
          ? h(
              "table",
              { class: "events" },
              h("thead", {}, h("tr", {}, ...["Time", "Type", "Subject", "Details"].map((c) => h("th", { scope: "col" }, c)))),
              h("tbody", {}, ...page.items.map((e) => h("tr", { "data-event-id": e.id }, h("td", {}, new Date(e.time).toLocaleString()), h("td", {}, e.type), h("td", {}, e.subject), h("td", {}, eventSummary(e))))),
            )
          : h("p", {}, "No events yet."),
      );
    } catch (e) {
      if (!stopped) replace(list, errorBox(e));
    }
  }
  void refresh();
  const unsubscribe = live?.onMessage(() => !stopped && void refresh());
  return () => {
    stopped = true;
    unsubscribe?.();
  };
}

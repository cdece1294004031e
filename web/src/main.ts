import "./style.css";
import { client, loadConfig } from "./api";
import { h, replace } from "./dom";
import { adminView } from "./admin";
import { analyticsChoice, analyticsView } from "./analytics";
import { overviewView } from "./overview";
import { isWindow, roomView } from "./room";
import { LiveUpdates } from "./live";
import { eventsView, inboxView } from "./notifications";
import { tasksView } from "./tasks";
import { Session } from "./session";
import { registerView, signInView } from "./signin";

const config = await loadConfig();
const session = new Session(config);
const api = client(config, () => session.token());
const app = document.getElementById("app")!;
const nav = document.getElementById("nav")!;
const live = new LiveUpdates(config, () => session.token());
let stopView: (() => void) | undefined;
let unread = 0;
function setUnread(count: number) {
  if (count === unread) return;
  unread = count;
  renderNav();
}
live.onMessage((message) => {
  if (message.unreadCount !== undefined) setUnread(message.unreadCount);
});

/** The badge's first value, before any push: the inbox's unread count. */
async function loadUnread() {
  const { data } = await api.GET("/notifications", { params: { query: { limit: 1 } } });
  if (data) setUnread(data.unreadCount);
}

function renderNav() {
  if (!session.signedIn) {
    replace(nav);
    return;
  }
  const identity = session.identity!;
  const here = window.location.hash.replace(/^#/, "").split("?")[0] || "/";
  const link = (href: string, text: string, ...extra: Array<Node | null>) =>
    h("a", { href: `#${href}`, "aria-current": here === href || (href !== "/" && here.startsWith(href)) ? "page" : undefined }, text, ...extra);
  replace(
    nav,
    link("/", "Buildings"),
    link("/analytics", "Analytics"),
    link("/tasks", "Tasks"),
    link("/notifications", "Notifications", unread > 0 ? h("span", { class: "badge", id: "unread", "aria-label": `${unread} unread` }, String(unread)) : null),
    link("/events", "Events"),
    session.can("admin") ? link("/organisation", "Organisation") : null,
    h("span", { class: "who", title: identity.tenantId }, identity.roles.join(", ")),
    h("button", { type: "button", id: "sign-out", onclick: () => session.signOut() }, "Sign out"),
  );
}

function route() {
  stopView?.();
  stopView = undefined;
  renderNav();
  if (session.signedIn && !live.connected) void live.start();
  if (session.signedIn) void loadUnread();
  if (!session.signedIn) live.stop();
  const [path, query] = window.location.hash.replace(/^#/, "").split("?");
  const params = new URLSearchParams(query ?? "");
  if (!session.signedIn) {
    if (path === "/register") registerView(app, api, session, () => (window.location.hash = "#/"));
    else signInView(app, session, route);
    return;
  }
  const roomMatch = path?.match(/^\/rooms\/([^/]+)$/);
  if (roomMatch) {
    const window_ = params.get("window");
    void roomView(app, api, session, decodeURIComponent(roomMatch[1]), isWindow(window_) ? window_ : "hour");
  } else if (path === "/analytics") {
    void analyticsView(app, api, analyticsChoice(params), session.can("admin", "operator"));
  } else if (path === "/notifications") {
    stopView = inboxView(app, api, setUnread, live);
  } else if (path === "/events") {
    stopView = eventsView(app, api, live);
  } else if (path === "/tasks") {
    stopView = tasksView(app, api, session, live);
  } else if (path === "/organisation" && session.can("admin")) {
    adminView(app, api);
  } else {
    stopView = overviewView(app, api, session, live);
  }
  app.focus();
}

session.onChange(route);
window.addEventListener("hashchange", route);
route();

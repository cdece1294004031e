import "./style.css";
import { client, loadConfig } from "./api";
import { h, replace } from "./dom";
import { adminView } from "./admin";
import { overviewView } from "./overview";
import { isWindow, roomView } from "./room";
import { LiveUpdates } from "./live";
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
live.onMessage((message) => {
  if (message.unreadCount !== undefined) {
    unread = message.unreadCount;
    renderNav();
  }
});

function renderNav() {
  if (!session.signedIn) {
    replace(nav);
    return;
  }
  const identity = session.identity!;
  replace(
    nav,
    h("a", { href: "#/" }, "Buildings"),
    session.can("admin") ? h("a", { href: "#/organisation" }, "Organisation") : null,
    h("span", { class: "who", title: identity.tenantId }, identity.roles.join(", ")),
    unread > 0 ? h("span", { class: "badge", id: "unread", "aria-label": `${unread} unread notifications` }, String(unread)) : null,
    h("button", { type: "button", id: "sign-out", onclick: () => session.signOut() }, "Sign out"),
  ) ;
}

function route() {
  stopView?.();
  stopView = undefined;
  renderNav();
  if (session.signedIn && !live.connected) void live.start();
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
  } else if (path === "/organisation" && session.can("admin")) {
    adminView(app, api);
  } else {
    stopView = overviewView(app, api, live);
  }
  app.focus();
}

session.onChange(route);
window.addEventListener("hashchange", route);
route();

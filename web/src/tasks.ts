// Tasks: the tenant's long-running work with its live progress, cancel for admins and operators,
// the result's download once it succeeded, and a form to export sensor data. The list is polled
// every second while a task is unfinished (every few seconds otherwise) and at once on a push.
import { ApiError, ok, transient, type Client, type Schemas } from "./api";
import { errorBox, h, replace } from "./dom";
import type { LiveUpdates } from "./live";
import { allRooms } from "./overview";
import type { Session } from "./session";

type Task = Schemas["Task"];
const UNFINISHED = new Set<Task["status"]>(["pending", "running", "cancelling"]);
const ACTIVE_POLL_MS = 1000;
const IDLE_POLL_MS = 5000;
const MAX_BACKOFF_MS = 30_000;

/** For an <input type="datetime-local">: the local wall-clock time, to the minute. */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

function describeParams(task: Task): string {
  const params = task.params as Record<string, unknown>;
  const scope = params.sensorId ? `sensor ${params.sensorId}` : params.roomId ? `room ${params.roomId}` : "all sensors";
  const period = params.from && params.to ? `, ${new Date(String(params.from)).toLocaleString()} – ${new Date(String(params.to)).toLocaleString()}` : "";
  return task.kind === "sensor-data-export" ? `${scope}${period}${params.format ? ` (${params.format})` : ""}` : task.kind;
}

function progressCell(task: Task): HTMLElement {
  const { done, total } = task.progress;
  const finishedOk = task.status === "succeeded";
  const max = total ?? (finishedOk ? Math.max(done, 1) : undefined);
  const value = finishedOk && total === null ? max : done;
  const percent = max ? Math.round((Math.min(value ?? 0, max) / max) * 100) : undefined;
  return h(
    "td",
    { class: "progress" },
    h("progress", { max: max ?? 1, value: max ? (value ?? 0) : undefined, "aria-label": `Progress of task ${task.id}` }),
    " ",
    h("span", { class: "progress-text" }, total !== null ? `${done} / ${total}${percent !== undefined ? ` (${percent} %)` : ""}` : `${done}`),
    task.progress.message ? h("span", { class: "muted" }, ` ${task.progress.message}`) : null,
  );
}

function row(task: Task, canChange: boolean, onCancel: (task: Task) => void): HTMLElement {
  const download = task.status === "succeeded" ? task.result?.download : null;
  return h(
    "tr",
    { "data-task-id": task.id, "data-status": task.status },
    h("td", {}, task.kind),
    h("td", {}, describeParams(task)),
    h("td", { class: "status" }, task.status, task.error ? h("span", { class: "error" }, ` — ${task.error.title}${task.error.detail ? `: ${task.error.detail}` : ""}`) : null),
    progressCell(task),
    h("td", {}, new Date(task.createdAt).toLocaleString()),
    h(
      "td",
      { class: "actions" },
      task.result ? h("span", { class: "result" }, task.result.summary, " ") : null,
      download ? h("a", { class: "download", href: download.url, download: "" }, "Download") : null,
      canChange && UNFINISHED.has(task.status) && task.status !== "cancelling"
        ? h("button", { type: "button", class: "cancel", onclick: () => onCancel(task) }, "Cancel")
        : null,
    ),
  );
}

async function exportForm(api: Client, onStarted: () => void): Promise<HTMLElement> {
  const [rooms, sensors] = await Promise.all([allRooms(api), ok(api.GET("/sensors", { params: { query: { limit: 100 } } }))]);
  const roomNames = new Map(rooms.map((r) => [r.id, r.name]));
  const now = new Date();
  const scope = h(
    "select",
    { id: "export-scope" },
    h("option", { value: "" }, "All sensors"),
    ...rooms.map((r) => h("option", { value: `room:${r.id}` }, `Room ${r.name} (${r.building})`)),
    ...sensors.items.map((s) => h("option", { value: `sensor:${s.id}` }, `Sensor ${s.id} — ${s.type}${roomNames.has(s.roomId) ? `, ${roomNames.get(s.roomId)}` : ""}`)),
  );
  const from = h("input", { id: "export-from", type: "datetime-local", required: true, value: localInput(new Date(now.getTime() - 86_400_000)) });
  const to = h("input", { id: "export-to", type: "datetime-local", required: true, value: localInput(new Date(now.getTime() + 60_000)) });
  const format = h("select", { id: "export-format" }, h("option", { value: "csv" }, "CSV"), h("option", { value: "jsonl" }, "JSON Lines"));
  const message = h("div");
  return h(
    "form",
    {
      class: "card narrow",
      "aria-label": "Export sensor data",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const [kind, id] = scope.value.split(":");
        const params = {
          from: new Date(from.value).toISOString(),
          to: new Date(to.value).toISOString(),
          format: format.value as "csv" | "jsonl",
          ...(kind === "room" ? { roomId: id } : kind === "sensor" ? { sensorId: id } : {}),
        };
        // One key per submitted form: a retried request answers the task it already created.
        const { error, response } = await api.POST("/tasks", {
          params: { header: { "Idempotency-Key": crypto.randomUUID() } },
          body: { kind: "sensor-data-export", params },
        });
        if (response.ok) {
          replace(message, h("p", { class: "ok", role: "status" }, "Export started."));
          onStarted();
        } else replace(message, errorBox({ problem: error ?? {} }));
      },
    },
    h("h2", {}, "Export sensor data"),
    h("label", { for: "export-scope" }, "Readings of"),
    scope,
    h("label", { for: "export-from" }, "From"),
    from,
    h("label", { for: "export-to" }, "To"),
    to,
    h("label", { for: "export-format" }, "Format"),
    format,
    message,
    h("button", { type: "submit" }, "Start export"),
  );
}

export function tasksView(app: HTMLElement, api: Client, session: Session, live?: LiveUpdates): () => void {
  let stopped = false;
  let timer: number | undefined;
  const canChange = session.can("admin", "operator");
  const notice = h("div", { "aria-live": "polite" });
  const list = h("div", {}, h("p", {}, "Loading tasks…"));
  const formBox = h("div");
  let rendered = "";
  let backoff = 0;
  replace(app, h("h1", {}, "Tasks"), formBox, h("section", { class: "card", "aria-label": "Tasks" }, h("h2", {}, "Tasks"), notice, list));

  async function cancel(task: Task) {
    const { data, error, response } = await api.PUT("/tasks/{id}/cancel", { params: { path: { id: task.id } } });
    replace(notice, response.ok && data ? h("p", { class: "ok", role: "status" }, `Task ${task.id} is ${data.status}.`) : errorBox({ problem: error ?? {} }));
    void refresh();
  }

  async function refresh() {
    window.clearTimeout(timer);
    let next = IDLE_POLL_MS;
    try {
      const page = await ok(api.GET("/tasks", { params: { query: { limit: 50 } } }));
      backoff = 0;
      if (stopped) return;
      if (page.items.some((t) => UNFINISHED.has(t.status))) next = ACTIVE_POLL_MS;
      // Re-render only on a change, so buttons stay under the pointer. Every answer carries fresh
      // presigned URLs: a shown link is replaced only when it is about to expire.
      const soon = Date.now() + 60_000;
      const snapshot = JSON.stringify(
        page.items.map((t) => ({ ...t, result: t.result && { summary: t.result.summary, fresh: t.result.download ? Date.parse(t.result.download.expiresAt) > soon : null } })),
      );
      if (snapshot === rendered) return;
      rendered = snapshot;
      replace(
        list,
        page.items.length
          ? h(
              "table",
              { class: "tasks" },
              h("thead", {}, h("tr", {}, ...["Kind", "What", "Status", "Progress", "Created", ""].map((c) => h("th", { scope: "col" }, c)))),
              h("tbody", {}, ...page.items.map((task) => row(task, canChange, (t) => void cancel(t)))),
            )
          : h("p", {}, "No tasks yet."),
      );
    } catch (e) {
      if (e instanceof ApiError && transient(e.status)) {
        // The list stays as it was; the next poll comes later each time the gateway fails.
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(ACTIVE_POLL_MS, backoff * 2));
        next = backoff;
      } else {
        rendered = "";
        if (!stopped) replace(list, errorBox(e));
      }
    } finally {
      if (!stopped) timer = window.setTimeout(refresh, next);
    }
  }

  if (canChange) {
    exportForm(api, () => void refresh())
      .then((form) => !stopped && replace(formBox, form))
      .catch((e) => !stopped && replace(formBox, errorBox(e)));
  }
  void refresh();
  const unsubscribe = live?.onMessage(() => !stopped && void refresh());
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    unsubscribe?.();
  };
}

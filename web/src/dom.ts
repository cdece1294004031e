// A few lines of DOM building instead of a framework: the dashboard is a handful of views.
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, "").toLowerCase(), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function replace(target: Element, ...children: Array<Node | null | undefined | false>) {
  target.replaceChildren(...children.filter((c): c is Node => c instanceof Node));
}

/** A problem's message for people: the title, the detail, and the fields it names. */
export function describe(error: unknown): string {
  if (error && typeof error === "object" && "problem" in error) {
    const problem = (error as { problem: { title?: string; detail?: string; errors?: Array<{ field?: string; message?: string }> } }).problem;
    const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join("; ");
    return [problem.detail ?? problem.title ?? String(error), fields].filter(Boolean).join(" — ");
  }
  return error instanceof Error ? error.message : String(error);
}

export function errorBox(error: unknown): HTMLElement {
  return h("p", { class: "error", role: "alert" }, describe(error));
}

export function formatValue(value: number | undefined, unit?: string): string {
  if (value === undefined || value === null) return "–";
  const rounded = Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
  return unit ? `${rounded} ${unit}` : rounded;
}

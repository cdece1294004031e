import type { Session } from "./session";
import { errorBox, h, replace } from "./dom";
import type { Client } from "./api";

export function signInView(app: HTMLElement, session: Session, done: () => void) {
  const message = h("div");
  const email = h("input", { id: "email", name: "email", type: "email", autocomplete: "username", required: true, maxlength: 254 });
  const password = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true, maxlength: 128 });
  const form = h(
    "form",
    {
      class: "card narrow",
      "aria-label": "Sign in",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        replace(message);
        try {
          await session.signIn(email.value, password.value);
          done();
        } catch (e) {
          replace(message, errorBox(e));
        }
      },
    },
    h("h1", {}, "Sign in"),
    h("label", { for: "email" }, "Email"),
    email,
    h("label", { for: "password" }, "Password"),
    password,
    message,
    h("button", { type: "submit" }, "Sign in"),
    h("p", {}, "No account? ", h("a", { href: "#/register" }, "Register an organisation")),
  );
  replace(app, form);
  email.focus();
}

export function registerView(app: HTMLElement, api: Client, session: Session, done: () => void) {
  const message = h("div");
  const fields = {
    organization: h("input", { id: "organization", required: true, maxlength: 200 }),
    name: h("input", { id: "name", required: true, maxlength: 200, autocomplete: "name" }),
    email: h("input", { id: "email", type: "email", required: true, maxlength: 254, autocomplete: "username" }),
    password: h("input", { id: "password", type: "password", required: true, minlength: 12, maxlength: 128, autocomplete: "new-password" }),
  };
  const form = h(
    "form",
    {
      class: "card narrow",
      "aria-label": "Register",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        replace(message);
        const body = {
          organization: fields.organization.value,
          name: fields.name.value,
          email: fields.email.value,
          password: fields.password.value,
        };
        const { error, response } = await api.POST("/auth/register", { body });
        if (!response.ok) {
          replace(message, errorBox({ problem: error ?? {} }));
          return;
        }
        try {
          await session.signIn(body.email, body.password);
          done();
        } catch (e) {
          replace(message, errorBox(e));
        }
      },
    },
    h("h1", {}, "Register an organisation"),
    h("label", { for: "organization" }, "Organisation"),
    fields.organization,
    h("label", { for: "name" }, "Your name"),
    fields.name,
    h("label", { for: "email" }, "Email"),
    fields.email,
    h("label", { for: "password" }, "Password (at least 12 characters)"),
    fields.password,
    message,
    h("button", { type: "submit" }, "Register"),
    h("p", {}, h("a", { href: "#/signin" }, "Back to sign in")),
  );
  replace(app, form);
  fields.organization.focus();
}

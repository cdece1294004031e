// Organisation administration: invite a user with a role, create a device client (its secret is
// shown once, with a copy button).
import type { Client } from "./api";
import { errorBox, h, replace } from "./dom";

export function adminView(app: HTMLElement, api: Client) {
  const inviteMessage = h("div");
  const invite = {
    name: h("input", { id: "invite-name", required: true, maxlength: 200 }),
    email: h("input", { id: "invite-email", type: "email", required: true, maxlength: 254 }),
    password: h("input", { id: "invite-password", type: "password", required: true, minlength: 12, maxlength: 128, autocomplete: "new-password" }),
    role: h("select", { id: "invite-role" }, ...["viewer", "operator", "admin"].map((r) => h("option", { value: r }, r))),
  };
  const clientMessage = h("div");
  const device = {
    name: h("input", { id: "client-name", required: true, maxlength: 200 }),
    description: h("input", { id: "client-description", maxlength: 1000 }),
  };
  replace(
    app,
    h("h1", {}, "Organisation"),
    h(
      "form",
      {
        class: "card narrow",
        "aria-label": "Invite a user",
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const role = invite.role.value as "admin" | "operator" | "viewer";
          const { data, error, response } = await api.POST("/auth/register", {
            body: { name: invite.name.value, email: invite.email.value, password: invite.password.value, roles: [role] },
          });
          replace(inviteMessage, response.ok && data ? h("p", { class: "ok", role: "status" }, `${data.email} can now sign in as ${data.roles.join(", ")}.`) : errorBox({ problem: error ?? {} }));
        },
      },
      h("h2", {}, "Invite a user"),
      h("label", { for: "invite-name" }, "Name"),
      invite.name,
      h("label", { for: "invite-email" }, "Email"),
      invite.email,
      h("label", { for: "invite-password" }, "Initial password"),
      invite.password,
      h("label", { for: "invite-role" }, "Role"),
      invite.role,
      inviteMessage,
      h("button", { type: "submit" }, "Invite"),
    ),
    h(
      "form",
      {
        class: "card narrow",
        "aria-label": "Create a device client",
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const { data, error, response } = await api.POST("/clients", {
            body: { name: device.name.value, description: device.description.value || undefined, roles: ["device"] },
          });
          if (!response.ok || !data) {
            replace(clientMessage, errorBox({ problem: error ?? {} }));
            return;
          }
          const secret = h("code", { id: "client-secret" }, data.clientSecret);
          replace(
            clientMessage,
            h(
              "div",
              { class: "ok", role: "status" },
              h("p", {}, "Client id: ", h("code", {}, data.clientId)),
              h("p", {}, "Secret (shown only now): ", secret, " "),
              h("button", { type: "button", onclick: () => void navigator.clipboard?.writeText(data.clientSecret) }, "Copy secret"),
            ),
          );
        },
      },
      h("h2", {}, "Create a device client"),
      h("label", { for: "client-name" }, "Name"),
      device.name,
      h("label", { for: "client-description" }, "Description"),
      device.description,
      clientMessage,
      h("button", { type: "submit" }, "Create client"),
    ),
  );
}

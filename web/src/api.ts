// The typed API client: paths and bodies come from contracts/openapi.yaml (generated into
// target/generated/api.d.ts), so the UI cannot drift from the contract.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "../target/generated/api";

export type Schemas = components["schemas"];
export type Room = Schemas["Room"];
export type RoomMetrics = Schemas["RoomMetrics"];
export type MetricType = Schemas["MetricType"];
export type Problem = Schemas["Problem"];
export type Role = Schemas["Role"];

/** Where the API is: config.json next to index.html in AWS (written at deploy time), else this origin. */
export interface RuntimeConfig {
  apiUrl: string;
  webSocketUrl?: string;
}

export async function loadConfig(): Promise<RuntimeConfig> {
  try {
    const response = await fetch("./config.json", { cache: "no-store" });
    if (response.ok) {
      const config = (await response.json()) as Partial<RuntimeConfig>;
      if (config.apiUrl) return { apiUrl: config.apiUrl.replace(/\/$/, ""), webSocketUrl: config.webSocketUrl };
    }
  } catch {
    // No config: served by the local gateway, the API is on this origin.
  }
  return { apiUrl: window.location.origin };
}

/** An error answer of the API, with its problem+json body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export type Client = ReturnType<typeof createClient<paths>>;

export function client(config: RuntimeConfig, token: () => Promise<string | undefined>): Client {
  const api = createClient<paths>({ baseUrl: config.apiUrl });
  const auth: Middleware = {
    async onRequest({ request }) {
      const bearer = await token();
      if (bearer && !request.headers.has("Authorization")) request.headers.set("Authorization", `Bearer ${bearer}`);
      return request;
    },
  };
  api.use(auth);
  return api;
}

/** The body of a successful answer, or an ApiError carrying the problem. */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) {
    throw new ApiError(response.status, (error ?? {}) as Partial<Problem>);
  }
  return data;
}

/** An answer worth asking again shortly: the gateway timed out or the function was unavailable. */
export function transient(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

// Sign-in state: the access token, refreshed a minute before it expires with the rotating refresh
// token, kept in sessionStorage (gone with the tab) and never logged.
import { ApiError, type RuntimeConfig, type Schemas } from "./api";

type TokenResponse = Schemas["TokenResponse"];

interface Stored {
  accessToken: string;
  refreshToken?: string;
  expiresAt: number;
}

const KEY = "sac4cps.session";
const REFRESH_MARGIN_MS = 60_000;

export interface Identity {
  userId: string;
  tenantId: string;
  roles: string[];
}

export class Session {
  private stored: Stored | undefined;
  private refreshing: Promise<void> | undefined;
  private listeners: Array<() => void> = [];

  constructor(private readonly config: RuntimeConfig) {
    const raw = sessionStorage.getItem(KEY);
    if (raw) {
      try {
        this.stored = JSON.parse(raw) as Stored;
      } catch {
        sessionStorage.removeItem(KEY);
      }
    }
  }

  get signedIn(): boolean {
    return this.stored !== undefined;
  }

  /** Who the token says the caller is (read from its claims; the API still decides). */
  get identity(): Identity | undefined {
    if (!this.stored) return undefined;
    const claims = JSON.parse(atob(this.stored.accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    return { userId: claims.sub, tenantId: claims.tenant, roles: claims.roles ?? [] };
  }

  can(...roles: string[]): boolean {
    return this.identity?.roles.some((r) => roles.includes(r)) ?? false;
  }

  onChange(listener: () => void) {
    this.listeners.push(listener);
  }

  async signIn(email: string, password: string): Promise<void> {
    this.remember(await this.post("/auth/login", JSON.stringify({ email, password }), "application/json"));
  }

  signOut() {
    this.stored = undefined;
    sessionStorage.removeItem(KEY);
    this.listeners.forEach((l) => l());
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async token(): Promise<string | undefined> {
    if (!this.stored) return undefined;
    if (Date.now() > this.stored.expiresAt - REFRESH_MARGIN_MS && this.stored.refreshToken) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    return this.stored?.accessToken;
  }

  private async refresh() {
    const refreshToken = this.stored?.refreshToken;
    if (!refreshToken) return;
    try {
      const body = new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken });
      this.remember(await this.post("/auth/token", body.toString(), "application/x-www-form-urlencoded"));
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 401)) this.signOut();
      else throw e;
    }
  }

  private async post(path: string, body: string, contentType: string): Promise<TokenResponse> {
    const response = await fetch(this.config.apiUrl + path, { method: "POST", headers: { "Content-Type": contentType }, body });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new ApiError(response.status, json);
    return json as TokenResponse;
  }

  private remember(tokens: TokenResponse) {
    this.stored = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? this.stored?.refreshToken,
      expiresAt: Date.now() + tokens.expiresIn * 1000,
    };
    sessionStorage.setItem(KEY, JSON.stringify(this.stored));
    this.listeners.forEach((l) => l());
  }
}

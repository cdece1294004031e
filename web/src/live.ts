// Live pushes from the notifications WebSocket API (/ws/notifications): the token travels as the
// second Sec-WebSocket-Protocol value ("bearer, <token>"), never in the URL. Reconnects with
// backoff; the views fall back to polling while it is down.
import type { RuntimeConfig } from "./api";

export interface LiveMessage {
  type: string;
  id: string;
  unreadCount?: number;
}

export class LiveUpdates {
  private socket: WebSocket | undefined;
  private retryMs = 1000;
  private stopped = false;
  private listeners: Array<(message: LiveMessage) => void> = [];
  private seen = new Set<string>();

  constructor(
    private readonly config: RuntimeConfig,
    private readonly token: () => Promise<string | undefined>,
  ) {}

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  onMessage(listener: (message: LiveMessage) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  async start() {
    if (this.socket && this.socket.readyState !== WebSocket.CLOSED) return;
    this.stopped = false;
    const token = await this.token();
    if (!token || this.stopped) return;
    const url = this.config.webSocketUrl ?? this.config.apiUrl.replace(/^http/, "ws") + "/ws/notifications";
    const socket = new WebSocket(url, ["bearer", token]);
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 1000;
      // Whether pushes arrive, for people (and tests) who wonder why nothing updates.
      document.body.dataset.live = "open";
    };
    socket.onmessage = (event) => {
      try {
        const message = JSON.parse(String(event.data)) as LiveMessage;
        // Messages carry an id: a redelivered push is shown once.
        if (message.id && this.seen.has(message.id)) return;
        if (message.id) this.seen.add(message.id);
        this.listeners.forEach((l) => l(message));
      } catch {
        // Not ours to interpret; ignore.
      }
    };
    socket.onclose = () => {
      this.socket = undefined;
      document.body.dataset.live = "closed";
      if (this.stopped) return;
      window.setTimeout(() => void this.start(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 30_000);
    };
  }

  stop() {
    this.stopped = true;
    this.socket?.close();
    this.socket = undefined;
  }
}

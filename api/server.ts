/**
 * ringsight/api/server
 * ====================
 *
 * Starts and stops the API: builds the app, lets the caller prepare it (load
 * a batch) before the port opens, listens, and closes gracefully — in-flight
 * requests finish, a running detection completes, the audit trail and the
 * store are closed. A second stop() returns the same promise.
 */
import { buildApp, type App, type AppOptions } from './app.js';

export interface ServerOptions extends Partial<AppOptions> {
  host: string;
  port: number;
  /** Runs after the app is built and before it listens (e.g. loading `serve --input`). */
  beforeListen?: (app: App) => Promise<void>;
}

export interface RunningServer {
  app: App;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { host, port, beforeListen, ...appOptions } = options;
  const app = await buildApp(appOptions);
  let url: string;
  try {
    await beforeListen?.(app);
    url = await app.listen({ host, port });
  } catch (err) {
    await app.close();
    throw err;
  }
  let stopping: Promise<void> | null = null;
  return { app, url, stop: () => (stopping ??= app.close()) };
}

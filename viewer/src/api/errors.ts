/**
 * ringsight/viewer/api/errors
 * ===========================
 *
 * Every way a request can fail, reduced to the few kinds the interface
 * explains differently: sign in again (401), not allowed (403), gone (404),
 * bad request (400), the server broke (5xx) or the server is unreachable.
 */

export type FailureKind = 'unauthorized' | 'forbidden' | 'notFound' | 'badRequest' | 'server' | 'network' | 'unknown';

export class ApiFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export function kindOfStatus(status: number): FailureKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status >= 400 && status < 500) return 'badRequest';
  if (status >= 500) return 'server';
  return 'unknown';
}

/** Builds the failure for a non-2xx response; the body is the API's `{error:{code,message}}` when it can be read. */
export async function failureFromResponse(response: Response): Promise<ApiFailure> {
  let code = `http_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (body?.error && typeof body.error.code === 'string') code = body.error.code;
    if (body?.error && typeof body.error.message === 'string') message = body.error.message;
  } catch {
    // A proxy's HTML error page or an empty body: keep the status line.
  }
  return new ApiFailure(kindOfStatus(response.status), response.status, code, message);
}

export function asFailure(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  // fetch rejects with a TypeError when the connection fails or is refused.
  if (error instanceof TypeError) return new ApiFailure('network', 0, 'network', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new ApiFailure('unknown', 0, 'unknown', message);
}

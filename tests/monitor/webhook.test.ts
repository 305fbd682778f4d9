import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../engine/monitor/types.js';
import { backoffDelay, deliverAlert, deliverPending } from '../../monitor/webhook.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server on 127.0.0.1 answering with `statusFor(n)` for the n-th request (0-based). */
async function receiver(
  statusFor: (n: number) => number
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const status = statusFor(received.length);
      received.push({ headers: req.headers, body });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ringsight?token=s3cret`,
    received,
    server
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

function alert(id: string, raisedAt = '2024-02-29T23:59:59.000Z'): Alert {
  return {
    id,
    ringId: 'R0000000000000001',
    runId: 'run-1',
    asOf: '2024-02-29',
    raisedAt,
    kind: 'new_ring',
    reasons: [{ kind: 'new_ring', detail: 'new flagged ring: 6 claims, score 72' }],
    ringStatus: 'new',
    score: 72,
    category: 'staged_collision',
    claims: 6,
    regions: ['360100'],
    insurers: ['PICC'],
    claimed: 60_000,
    state: 'open',
    stateAt: null,
    stateBy: 'analyst-1',
    dismissReason: null,
    delivery: { status: 'pending', attempts: 0, lastAttemptAt: null, deliveredAt: null, lastError: null }
  };
}

const fast = { backoffMs: 5, maxBackoffMs: 20, jitter: 0, timeoutMs: 2000 };

describe('webhook delivery', () => {
  it('retries a server that fails twice, then delivers (with backoff between attempts)', async () => {
    const { url, received } = await receiver((n) => (n < 2 ? 503 : 200));
    const sleeps: number[] = [];
    const delivery = await deliverAlert(alert('A1'), {
      url,
      ...fast,
      retries: 4,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      }
    });
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastError: null });
    expect(delivery.deliveredAt).not.toBeNull();
    expect(received).toHaveLength(3);
    expect(sleeps).toEqual([5, 10]);
    const body = JSON.parse(received[2]!.body);
    expect(body).toMatchObject({
      type: 'ringsight.alert',
      version: 1,
      alert: { id: 'A1', kind: 'new_ring', claims: 6 }
    });
    expect(body.alert).not.toHaveProperty('stateBy'); // who reviewed it stays inside
    expect(received[2]!.headers['x-ringsight-alert']).toBe('A1');
  });

  it('gives up after the retries on a server that always fails, and says why without the URL', async () => {
    const { url, received } = await receiver(() => 500);
    const delivery = await deliverAlert(alert('A2'), { url, ...fast, retries: 3 });
    expect(delivery).toMatchObject({ status: 'failed', attempts: 4, deliveredAt: null });
    expect(delivery.lastError).toMatch(/^HTTP 500 from http:\/\/127\.0\.0\.1:\d+$/);
    expect(delivery.lastError).not.toContain('s3cret');
    expect(received).toHaveLength(4);
  });

  it('does not retry a plain 4xx, and retries network errors', async () => {
    const { url, received } = await receiver(() => 400);
    expect(await deliverAlert(alert('A3'), { url, ...fast })).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringMatching(/^HTTP 400/)
    });
    expect(received).toHaveLength(1);
    const { url: closedUrl, server } = await receiver(() => 200);
    await new Promise((resolve) => server.close(resolve));
    const down = await deliverAlert(alert('A4'), { url: closedUrl, ...fast, retries: 2 });
    expect(down).toMatchObject({ status: 'failed', attempts: 3, lastError: expect.stringContaining('ECONNREFUSED') });
  });

  it('signs the body with the secret', async () => {
    const { url, received } = await receiver(() => 204);
    await deliverAlert(alert('A5'), { url, ...fast, secret: 'shh' });
    const expected = 'sha256=' + createHmac('sha256', 'shh').update(received[0]!.body).digest('hex');
    expect(received[0]!.headers['x-ringsight-signature']).toBe(expected);
  });

  it('keeps failures: the rest stay pending when the endpoint is down, and a later round delivers them', async () => {
    let up = false;
    const { url, received } = await receiver(() => (up ? 200 : 503));
    const alerts = [
      alert('B1', '2024-01-01T00:00:00Z'),
      alert('B2', '2024-01-02T00:00:00Z'),
      alert('B3', '2024-01-03T00:00:00Z')
    ];
    const store = new Map(alerts.map((a) => [a.id, a]));
    const persist = (id: string, delivery: Alert['delivery']): void => {
      store.set(id, { ...store.get(id)!, delivery });
    };
    const first = await deliverPending([...store.values()], { url, ...fast, retries: 1 }, persist);
    expect(first).toMatchObject({ delivered: 0, failed: 1, deferred: 2 });
    expect(store.get('B1')!.delivery).toMatchObject({ status: 'failed', attempts: 2 });
    expect(store.get('B2')!.delivery!.status).toBe('pending');
    up = true;
    const second = await deliverPending([...store.values()], { url, ...fast, retries: 1 }, persist);
    expect(second).toMatchObject({ delivered: 3, failed: 0 });
    expect(store.get('B1')!.delivery).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(received.map((r) => r.headers['x-ringsight-alert'])).toEqual(['B1', 'B1', 'B1', 'B2', 'B3']);
  });

  it('backs off exponentially up to the cap, honouring Retry-After', () => {
    const opts = { backoffMs: 1000, factor: 2, maxBackoffMs: 5000, jitter: 0, random: () => 0.5 };
    expect([0, 1, 2, 3].map((r) => backoffDelay(r, opts))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffDelay(0, opts, 3000)).toBe(3000);
    expect(backoffDelay(0, { ...opts, jitter: 0.5, random: () => 0 })).toBe(500);
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(deliverAlert(alert('C1'), { url: 'file:///etc/passwd' })).rejects.toThrow(
      /^ringsight\/monitor\/webhook: /
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  AlertActionError,
  applyAction,
  applyActions,
  deriveAlerts,
  summariseAlerts
} from '../../engine/monitor/alerts.js';
import { toTracked } from '../../engine/monitor/match.js';
import { trackRings } from '../../engine/monitor/track.js';
import type { Alert, AlertAction } from '../../engine/monitor/types.js';
import type { Ring } from '../../engine/model.js';
import { claims, ring } from './rings.js';

const ctx = { runId: 'run-2', asOf: '2024-02-29', at: '2024-02-29T23:59:59.000Z' };
const first = { run: 'run-1', asOf: '2024-01-31' };

function alertsFor(previous: Ring[], current: Ring[], existing: Alert[] = [], options = {}): Alert[] {
  const { transitions } = trackRings(
    previous.map((r) => toTracked(r, first)),
    current,
    ctx
  );
  return deriveAlerts(transitions, { ...ctx, deliver: false }, existing, options);
}

describe('alert rules', () => {
  it('a new ring at or above the flag threshold alerts; below it does not', () => {
    const alerts = alertsFor([], [ring(claims(1, 6), { score: 50 }), ring(claims(10, 15), { score: 49.9 })]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'new_ring',
      ringStatus: 'new',
      score: 50,
      claims: 6,
      state: 'open',
      delivery: null,
      runId: 'run-2',
      asOf: '2024-02-29'
    });
  });

  it('a ring crossing the threshold alerts as flagged', () => {
    const alerts = alertsFor([ring(claims(1, 6), { score: 40 })], [ring(claims(1, 6), { score: 55 })]);
    expect(alerts.map((a) => a.kind)).toEqual(['flagged']);
    expect(alerts[0]!.reasons[0]!.detail).toContain('from 40 to 55');
  });

  it('a flagged ring growing by more than the configured share alerts; by less it does not', () => {
    const grown = alertsFor([ring(claims(1, 8))], [ring(claims(1, 11))]); // +37.5%
    expect(grown.map((a) => a.kind)).toEqual(['growth']);
    expect(grown[0]!.reasons[0]).toMatchObject({ from: 8, to: 11 });
    expect(alertsFor([ring(claims(1, 8))], [ring(claims(1, 10))])).toEqual([]); // +25% is not more than 25%
    expect(alertsFor([ring(claims(1, 8))], [ring(claims(1, 10))], [], { growthShare: 0.2 }).map((a) => a.kind)).toEqual(
      ['growth']
    );
  });

  it('a flagged ring reaching a new prefecture or insurer alerts, listing what was added', () => {
    const alerts = alertsFor(
      [ring(claims(1, 8), { regions: ['360100'], insurers: ['PICC'] })],
      [ring(claims(1, 8), { regions: ['360100', '360400'], insurers: ['PICC', '平安'] })]
    );
    expect(alerts).toHaveLength(1); // one alert per ring and run, every reason in it
    expect(alerts[0]!.kind).toBe('new_prefecture');
    expect(alerts[0]!.reasons.map((r) => [r.kind, r.added])).toEqual([
      ['new_prefecture', ['360400']],
      ['new_insurer', ['平安']]
    ]);
  });

  it('an unflagged ring never alerts, however it changes', () => {
    expect(
      alertsFor([ring(claims(1, 4), { score: 30 })], [ring(claims(1, 12), { score: 45, regions: ['360400'] })])
    ).toEqual([]);
  });

  it('a merge counts as growth of the ring that keeps its id', () => {
    const alerts = alertsFor([ring(claims(1, 6)), ring(claims(7, 10), { score: 30 })], [ring(claims(1, 10))]);
    expect(alerts.map((a) => [a.kind, a.ringStatus])).toEqual([['growth', 'merged']]);
  });

  it('a ring whose latest alert was dismissed is muted; acknowledged is not', () => {
    const prev = ring(claims(1, 8));
    const [fresh] = alertsFor([], [prev]);
    const raised = { ...fresh!, id: 'A-from-run-1', runId: 'run-1', raisedAt: '2024-01-31T23:59:59.000Z' };
    const at = '2024-02-10T00:00:00.000Z';
    const dismissed = applyAction(raised!, {
      alertId: raised!.id,
      action: 'dismiss',
      by: 'analyst-1',
      reason: 'family cluster, checked',
      at
    });
    const grown = ring(claims(1, 12));
    expect(alertsFor([prev], [grown], [dismissed])).toEqual([]);
    expect(alertsFor([prev], [grown], [dismissed], { muteDismissed: false })).toHaveLength(1);
    const acked = applyAction(raised!, {
      alertId: raised!.id,
      action: 'acknowledge',
      by: 'analyst-1',
      reason: null,
      at
    });
    expect(alertsFor([prev], [grown], [acked])).toHaveLength(1);
  });

  it('alerts carry no member keys', () => {
    const [alert] = alertsFor(
      [],
      [
        ring(claims(1, 6), {
          members: [
            {
              type: 'person',
              key: '360102198001011234',
              roles: ['claimant'],
              claims: 2,
              centrality: { degree: 1, betweenness: 0 }
            }
          ],
          organisers: ['360102198001011234']
        })
      ]
    );
    expect(JSON.stringify(alert)).not.toContain('360102198001011234');
  });
});

describe('alert review', () => {
  const [alert] = alertsFor([], [ring(claims(1, 6))]);
  const act = (
    action: AlertAction['action'],
    reason: string | null = null,
    at = '2024-03-01T00:00:00.000Z'
  ): AlertAction => ({ alertId: alert!.id, action, by: 'analyst-1', reason, at });

  it('open → acknowledged → dismissed with a reason', () => {
    const acked = applyAction(alert!, act('acknowledge'));
    expect(acked).toMatchObject({ state: 'acknowledged', stateBy: 'analyst-1', dismissReason: null });
    const dismissed = applyAction(acked, act('dismiss', '  honest repair shop  '));
    expect(dismissed).toMatchObject({ state: 'dismissed', dismissReason: 'honest repair shop' });
  });

  it('open or acknowledged → confirmed, note optional; a confirmed alert is final; the log replays it', () => {
    expect(applyAction(alert!, act('confirm'))).toMatchObject({
      state: 'confirmed',
      stateBy: 'analyst-1',
      confirmNote: null,
      dismissReason: null
    });
    const acked = applyAction(alert!, act('acknowledge'));
    const confirmed = applyAction(acked, act('confirm', '  matches case JX-12  '));
    expect(confirmed).toMatchObject({ state: 'confirmed', confirmNote: 'matches case JX-12' });
    expect(() => applyAction(confirmed, act('dismiss', 'no'))).toThrow(/cannot be dismissed/);
    expect(() => applyAction(confirmed, act('confirm'))).toThrow(AlertActionError);
    const view = applyActions([alert!], [act('confirm', 'organiser known'), act('dismiss', 'late reviewer')]);
    expect(view[0]).toMatchObject({ state: 'confirmed', confirmNote: 'organiser known' });
    expect(summariseAlerts(view).byState).toEqual({ open: 0, acknowledged: 0, confirmed: 1, dismissed: 0 });
  });

  it('refuses a dismissal without a reason and transitions that do not apply', () => {
    expect(() => applyAction(alert!, act('dismiss', ' '))).toThrow(AlertActionError);
    const dismissed = applyAction(alert!, act('dismiss', 'duplicate'));
    try {
      applyAction(dismissed, act('acknowledge'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AlertActionError);
      expect((err as AlertActionError).code).toBe('invalid_transition');
      expect((err as Error).message).toMatch(/^ringsight\/monitor: /);
    }
  });

  it('replays the action log in order, skipping actions that no longer apply', () => {
    const view = applyActions(
      [alert!],
      [act('dismiss', 'dup'), act('acknowledge'), { ...act('acknowledge'), alertId: 'A-unknown' }]
    );
    expect(view[0]).toMatchObject({ state: 'dismissed', dismissReason: 'dup' });
    const summary = summariseAlerts(view);
    expect(summary.byState).toEqual({ open: 0, acknowledged: 0, confirmed: 0, dismissed: 1 });
    expect(summariseAlerts([alert!]).openByRing).toEqual({ [alert!.ringId]: 1 });
  });
});

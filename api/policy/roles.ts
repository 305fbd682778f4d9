/**
 * ringsight/api/policy/roles
 * ==========================
 *
 * Who may call what. Every /api route names one of these groups in its
 * `config.roles`; the auth plugin refuses to register an /api route without
 * one, so a new route cannot be public by accident.
 *
 * - admin    operates the service: everything, including the audit trail.
 * - analyst  the association's analysts: data, runs, watchlist; not the audit trail.
 * - insurer  one insurer's staff: rings touching its own claims, uploads of its own claims.
 * - police   reads rings and entities; identities only with a case reference.
 * - auditor  reads the audit trail and nothing else (least privilege: no PII).
 */

export const ROLES = ['admin', 'analyst', 'insurer', 'police', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ACCESS = {
  readRings: ['admin', 'analyst', 'insurer', 'police'],
  readRuns: ['admin', 'analyst', 'insurer', 'police'],
  startRun: ['admin', 'analyst'],
  uploadBatch: ['admin', 'analyst', 'insurer'],
  readEntities: ['admin', 'analyst', 'insurer', 'police'],
  // The watchlist is curated by the association; its reasons can name open investigations.
  watchlist: ['admin', 'analyst'],
  readAudit: ['admin', 'auditor'],
  // Alerts: an insurer only on rings holding its own claims (checked per alert); police read them.
  readAlerts: ['admin', 'analyst', 'insurer', 'police'],
  reviewAlerts: ['admin', 'analyst', 'insurer'],
  // Scoring models are fitted from every insurer's dispositions: the association's.
  calibrate: ['admin', 'analyst'],
  // Reports: an insurer only on rings holding its own claims, always masked; identities only for police on a case.
  reports: ['admin', 'analyst', 'insurer', 'police'],
  // Case folders name investigations: the association's to keep, the police's to read; not an insurer's.
  readCases: ['admin', 'analyst', 'police'],
  writeCases: ['admin', 'analyst'],
  // Who am I: every role.
  me: ['admin', 'analyst', 'insurer', 'police', 'auditor']
} as const satisfies Record<string, readonly Role[]>;

export interface Principal {
  name: string;
  role: Role;
  /** Set for (and only for) the insurer role: the `insurer` value its claims carry. */
  insurer: string | null;
}

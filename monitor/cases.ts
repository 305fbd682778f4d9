/**
 * ringsight/monitor/cases
 * =======================
 *
 * Case folders: an investigation's name and reference, and the rings linked
 * to it. Kept under `<dataDir>/monitor/cases.jsonl` as an append-only event
 * log (create, link, unlink), replayed on read like the alert review log, so
 * two reviewers never overwrite each other and every change has who and when.
 * Ring ids are monitoring's stable ids: a folder follows its rings across runs.
 */
import { join, resolve } from 'node:path';
import { appendLine, readJsonLines } from './fs.js';

export type CaseEvent =
  | { op: 'create'; caseId: string; name: string; reference: string | null; by: string | null; at: string }
  | { op: 'link' | 'unlink'; caseId: string; ringId: string; by: string | null; at: string };

export interface CaseFolder {
  id: string;
  name: string;
  reference: string | null;
  createdAt: string;
  createdBy: string | null;
  /** Linked ring ids, in the order they were linked. */
  rings: string[];
  updatedAt: string;
}

export class CaseError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'duplicate' | 'invalid_transition'
  ) {
    super(`ringsight/cases: ${message}`);
  }
}

export const casesPath = (dataDir: string): string => join(resolve(dataDir), 'monitor', 'cases.jsonl');

/** The folders as the log leaves them, oldest first. An event that does not apply is skipped. */
export function replayCases(events: readonly CaseEvent[]): CaseFolder[] {
  const byId = new Map<string, CaseFolder>();
  for (const e of events) {
    if (e.op === 'create') {
      if (!byId.has(e.caseId))
        byId.set(e.caseId, {
          id: e.caseId,
          name: e.name,
          reference: e.reference,
          createdAt: e.at,
          createdBy: e.by,
          rings: [],
          updatedAt: e.at
        });
      continue;
    }
    const folder = byId.get(e.caseId);
    if (!folder) continue;
    const at = folder.rings.indexOf(e.ringId);
    if (e.op === 'link' && at < 0) folder.rings.push(e.ringId);
    else if (e.op === 'unlink' && at >= 0) folder.rings.splice(at, 1);
    else continue;
    folder.updatedAt = e.at;
  }
  return [...byId.values()];
}

export function listCases(dataDir: string): CaseFolder[] {
  return replayCases(readJsonLines<CaseEvent>(casesPath(dataDir)));
}

export function getCase(dataDir: string, id: string): CaseFolder | null {
  return listCases(dataDir).find((c) => c.id === id) ?? null;
}

/** A short id from the clock and a counter: readable in a URL, unique per data directory. */
function newCaseId(existing: readonly CaseFolder[], at: Date): string {
  const day = at.toISOString().slice(0, 10).replace(/-/g, '');
  const taken = new Set(existing.map((c) => c.id));
  for (let n = existing.length + 1; ; n++) {
    const id = `C${day}-${String(n).padStart(3, '0')}`;
    if (!taken.has(id)) return id;
  }
}

/** Checks a change against the current folders; returns the event to append. Throws CaseError. */
export function planCase(
  folders: readonly CaseFolder[],
  change:
    | { op: 'create'; name: string; reference: string | null }
    | { op: 'link' | 'unlink'; caseId: string; ringId: string },
  by: string | null,
  at: Date
): CaseEvent {
  const stamp = at.toISOString();
  if (change.op === 'create') {
    const name = change.name.trim();
    if (folders.some((c) => c.name === name)) throw new CaseError(`a case named "${name}" exists already`, 'duplicate');
    return {
      op: 'create',
      caseId: newCaseId(folders, at),
      name,
      reference: change.reference?.trim() || null,
      by,
      at: stamp
    };
  }
  const folder = folders.find((c) => c.id === change.caseId);
  if (!folder) throw new CaseError(`no case ${change.caseId}`, 'not_found');
  const linked = folder.rings.includes(change.ringId);
  if (change.op === 'link' && linked)
    throw new CaseError(`ring ${change.ringId} is already in case ${folder.id}`, 'invalid_transition');
  if (change.op === 'unlink' && !linked)
    throw new CaseError(`ring ${change.ringId} is not in case ${folder.id}`, 'invalid_transition');
  return { op: change.op, caseId: folder.id, ringId: change.ringId, by, at: stamp };
}

export function appendCaseEvent(dataDir: string, event: CaseEvent): void {
  appendLine(casesPath(dataDir), JSON.stringify(event));
}

/**
 * ringsight/viewer/api/cases
 * ==========================
 *
 * Case folders (GET/POST /api/cases, link and unlink rings): an
 * investigation's name and reference and the rings linked to it.
 */
import { request } from './client.js';

export interface CaseFolder {
  id: string;
  name: string;
  reference: string | null;
  createdAt: string;
  createdBy: string | null;
  rings: string[];
  updatedAt: string;
}

const enc = encodeURIComponent;

export const casesApi = {
  list: (signal?: AbortSignal) => request<{ items: CaseFolder[] }>('/api/cases', { signal }).then((b) => b.items),
  create: (name: string, reference: string) =>
    request<CaseFolder>('/api/cases', {
      method: 'POST',
      body: reference.trim() ? { name: name.trim(), reference: reference.trim() } : { name: name.trim() }
    }),
  link: (id: string, ringId: string) =>
    request<CaseFolder>(`/api/cases/${enc(id)}/rings`, { method: 'POST', body: { ringId } }),
  unlink: (id: string, ringId: string) =>
    request<CaseFolder>(`/api/cases/${enc(id)}/rings/${enc(ringId)}`, { method: 'DELETE' })
};

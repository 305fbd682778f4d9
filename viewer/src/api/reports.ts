/**
 * ringsight/viewer/api/reports
 * ============================
 *
 * Police reports: create one for a ring (an operation name and a case
 * reference), list the reports the caller may read, and download a file.
 * The case reference travels in `X-Case-Reference` (percent-encoded), which
 * is what the API reads to disclose identities to police on a case; a file of
 * an unmasked report is downloaded with the report's own reference. Files are
 * fetched with the bearer token and handed to the browser as a blob, so the
 * token never appears in a URL.
 */
import { session, signOut } from '../state/session.js';
import { request } from './client.js';
import { asFailure, failureFromResponse } from './errors.js';

export interface ReportItem {
  id: string;
  name: string;
  created: string;
  by: string;
  caseReference: string | null;
  masked: boolean;
  lang: string;
  rings: number;
  digest: string;
  files: string[];
}

export interface CreatedReport {
  id: string;
  digest: string;
  files: string[];
  rings: number;
  masked: boolean;
}

const caseHeader = (reference: string | null | undefined): Record<string, string> =>
  reference && reference.trim() ? { 'x-case-reference': encodeURIComponent(reference.trim()) } : {};

export const reportsApi = {
  create: (input: { ringId: string; name: string; caseReference: string; lang: 'zh' | 'en' }) =>
    request<CreatedReport>('/api/reports', {
      method: 'POST',
      headers: caseHeader(input.caseReference),
      body: { ringId: input.ringId, name: input.name.trim(), lang: input.lang }
    }),
  list: (signal?: AbortSignal) =>
    request<{ total: number; items: ReportItem[] }>('/api/reports', { query: { pageSize: 100 }, signal }).then(
      (b) => b.items
    ),

  /** Fetches one file and saves it under `<report>-<file>`. */
  async download(report: ReportItem, file: string): Promise<void> {
    const token = session.get()?.token;
    let response: Response;
    try {
      response = await fetch(`/api/reports/${encodeURIComponent(report.id)}/files/${encodeURIComponent(file)}`, {
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...caseHeader(report.caseReference) }
      });
    } catch (error) {
      throw asFailure(error);
    }
    if (!response.ok) {
      const failure = await failureFromResponse(response);
      if (failure.kind === 'unauthorized') signOut('expired');
      throw failure;
    }
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `${report.id}-${file}`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
};

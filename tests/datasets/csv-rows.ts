// A minimal RFC 4180 reader for the dataset tests: a generated batch is read back as a reader outside the
// project would, without the ingest code under test.

/** Every batch column; a row read from one file carries its own file's columns. */
export type Column =
  | 'claim_id'
  | 'insurer'
  | 'product'
  | 'region_code'
  | 'accident_date'
  | 'claimed_amount'
  | 'policy_no'
  | 'report_date'
  | 'policy_start'
  | 'paid_amount'
  | 'status'
  | 'role'
  | 'id_number'
  | 'name'
  | 'phone'
  | 'bank_account'
  | 'plate'
  | 'vin'
  | 'kind'
  | 'org_code'
  | 'entity'
  | 'key'
  | 'reason'
  | 'listed_by'
  | 'listed_at'
  | 'expires_at';
export type Row = Record<Column, string>;

/** Minimal RFC 4180 reader (quoted fields, doubled quotes, embedded commas/newlines). */
export function parseCsv(text: string): { header: string[]; rows: Row[] } {
  const records: string[][] = [];
  let rec: string[] = [];
  let f = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else f += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      rec.push(f);
      f = '';
    } else if (ch === '\n') {
      rec.push(f);
      records.push(rec);
      rec = [];
      f = '';
    } else if (ch !== '\r') f += ch;
  }
  if (f !== '' || rec.length) {
    rec.push(f);
    records.push(rec);
  }
  const header = records.shift() ?? [];
  return { header, rows: records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])) as Row) };
}

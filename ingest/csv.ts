/**
 * ringsight/ingest/csv
 * ====================
 *
 * Streaming RFC 4180 CSV reader for batch files: UTF-8 (BOM tolerated, other
 * encodings such as GBK refused with the line they break on), quoted fields
 * with embedded commas, quotes and newlines, CRLF or LF. Rows are handed out
 * with the physical line they start on, so problems can name it.
 */
import { open } from 'node:fs/promises';

export class CsvError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    reason: string
  ) {
    super(`ringsight/csv: ${file}:${line}${column ? ':' + column : ''} ${reason}`);
  }
}

export interface CsvOptions {
  /** Display name used in errors (usually the file's base name). */
  name: string;
  chunkSize: number;
  /** Called after each chunk with the bytes read so far (for progress bars). */
  onBytes?: (bytes: number) => void;
  /** Called with each chunk's bytes before its rows are parsed (a byte scan is far cheaper than one per field); the bytes are only valid during the call. */
  onChunk?: (chunk: Buffer) => void;
}

/**
 * 256 KiB: Node hands a decoded string of more than about a million characters to V8 as an external
 * string, memory outside the JS heap, and every few dozen megabytes of that made V8 run a full collection
 * of the whole growing heap ("external memory pressure"). With 4 MiB chunks, reading a million
 * claims took 25 s, 8 of them in the collector; with 256 KiB chunks it takes 16 s.
 */
const DEFAULTS: Omit<CsvOptions, 'name'> = { chunkSize: 1 << 18 };

export type RowHandler = (fields: string[], line: number) => void;

/** Parses a CSV text that may be cut anywhere; returns the unconsumed tail. */
class CsvParser {
  private line = 1;
  private pending = '';
  private pendingStart = 1;

  constructor(
    private readonly name: string,
    private readonly onRow: RowHandler
  ) {}

  feed(text: string, final: boolean): void {
    const data = this.pending + text;
    let pos = 0;
    let line = this.pendingStart;
    const n = data.length;
    // The next quote is looked up once and reused until passed: searching from every
    // line start would rescan the rest of a quote-free chunk for each line.
    let quote = -2;
    // Likewise the next comma: a comma-free file must not be rescanned from every field.
    let comma = -2;
    while (pos < n) {
      const nl = data.indexOf('\n', pos);
      if (nl === -1 && !final) break;
      const end = nl === -1 ? n : nl;
      if (quote !== -1 && quote < pos) quote = data.indexOf('"', pos);
      if (quote === -1 || quote >= end) {
        // Fast path: no quotes on this line. Fields are cut straight from the chunk: slicing a
        // row string and splitting it allocated twice per row.
        const stop = end > pos && data.charCodeAt(end - 1) === 13 ? end - 1 : end;
        if (stop > pos) {
          const fields: string[] = [];
          let from = pos;
          for (;;) {
            if (comma !== -1 && comma < from) comma = data.indexOf(',', from);
            if (comma === -1 || comma >= stop) break;
            fields.push(data.slice(from, comma));
            from = comma + 1;
          }
          fields.push(data.slice(from, stop));
          this.onRow(fields, line);
        }
        line++;
        pos = end + 1;
        continue;
      }
      const parsed = this.quoted(data, pos, line, final);
      if (!parsed) break;
      if (parsed.fields.length > 1 || parsed.fields[0] !== '') this.onRow(parsed.fields, line);
      line += parsed.lines;
      pos = parsed.next;
    }
    this.pending = pos < n ? data.slice(pos) : '';
    this.pendingStart = line;
    this.line = line;
  }

  /** Slow path for a record with quotes; null when the record is cut by the chunk end. */
  private quoted(
    data: string,
    start: number,
    line: number,
    final: boolean
  ): { fields: string[]; lines: number; next: number } | null {
    const fields: string[] = [];
    let field = '';
    let i = start;
    let lines = 0;
    let inQuotes = false;
    let column = 1;
    while (i < data.length) {
      const c = data[i]!;
      if (inQuotes) {
        if (c === '"') {
          if (data[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          if (i + 1 >= data.length && !final) return null;
          inQuotes = false;
          const after = data[i + 1];
          if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
            throw new CsvError(this.name, line + lines, column, 'unexpected character after a closing quote');
          }
          i++;
          continue;
        }
        if (c === '\n') lines++;
        field += c;
        i++;
        continue;
      }
      if (c === '"') {
        if (field.length > 0) throw new CsvError(this.name, line + lines, column, 'quote inside an unquoted field');
        inQuotes = true;
        i++;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        column++;
        i++;
        continue;
      }
      if (c === '\n' || c === '\r') {
        const next = c === '\r' && data[i + 1] === '\n' ? i + 2 : i + 1;
        if (c === '\r' && i + 1 >= data.length && !final) return null;
        fields.push(field);
        return { fields, lines: lines + 1, next };
      }
      field += c;
      i++;
    }
    if (!final) return null;
    if (inQuotes) throw new CsvError(this.name, line, column, 'quoted field is never closed');
    fields.push(field);
    return { fields, lines: lines + 1, next: data.length };
  }

  get lineCount(): number {
    return this.line;
  }
}

/** Streams a CSV file; the first row is handed to `onHeader`, the rest to `onRow`. */
export async function readCsv(
  path: string,
  onHeader: (fields: string[]) => RowHandler | null,
  options: Partial<CsvOptions> = {}
): Promise<void> {
  const opts = { ...DEFAULTS, name: path, ...options };
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let rowHandler: RowHandler | null | undefined;
  let stopped = false;
  const parser = new CsvParser(opts.name, (fields, line) => {
    if (stopped) return;
    if (rowHandler === undefined) {
      rowHandler = onHeader(fields);
      if (rowHandler === null) stopped = true;
      return;
    }
    rowHandler!(fields, line);
  });
  // One buffer, read into again and again: a fresh Buffer per chunk is memory outside the JS heap
  // too (see DEFAULTS).
  const buffer = Buffer.allocUnsafe(opts.chunkSize);
  const handle = await open(path, 'r');
  try {
    let bytesBefore = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new CsvError(
          opts.name,
          lineOfBadByte(chunk, parser.lineCount),
          0,
          `is not valid UTF-8 (bytes ${bytesBefore}-${bytesBefore + chunk.length}); save it as UTF-8 (files exported as GBK must be converted)`
        );
      }
      bytesBefore += chunk.length;
      opts.onChunk?.(chunk);
      parser.feed(text, false);
      opts.onBytes?.(bytesBefore);
      if (stopped) return;
    }
  } finally {
    await handle.close();
  }
  parser.feed(decoder.decode(), true);
  if (rowHandler === undefined) throw new CsvError(opts.name, 1, 0, 'is empty: a header row is required');
}

/** Finds the line of the first byte that is not valid UTF-8, for a useful error. */
function lineOfBadByte(chunk: Buffer, firstLine: number): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = chunk.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(chunk.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  let line = firstLine;
  for (let i = 0; i < lo; i++) if (chunk[i] === 10) line++;
  return line;
}

/** Parses CSV already in memory (an uploaded file); same rules and errors as readCsv. */
export function parseCsvText(
  text: string,
  onHeader: (fields: string[]) => RowHandler | null,
  name = 'input.csv'
): void {
  let rowHandler: RowHandler | null | undefined;
  let stopped = false;
  const parser = new CsvParser(name, (fields, line) => {
    if (stopped) return;
    if (rowHandler === undefined) {
      rowHandler = onHeader(fields);
      if (rowHandler === null) stopped = true;
      return;
    }
    rowHandler!(fields, line);
  });
  parser.feed(text.replace(/^\uFEFF/, ''), true);
  if (rowHandler === undefined) throw new CsvError(name, 1, 0, 'is empty: a header row is required');
}

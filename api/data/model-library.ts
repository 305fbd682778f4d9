/**
 * ringsight/api/data/model-library
 * ================================
 *
 * Scoring models the API has fitted from analysts' alert dispositions, one
 * file per model under `<dataDir>/models/<id>.json` (engine/calibrate/model
 * format, the same file `ringsight calibrate` writes and `detect --model`
 * reads). A model's id is the digest of its content, so a file is written once
 * (to a temporary name, then renamed: never half-written) and never changed;
 * fitting the same labels again finds the file already there.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel, type ScoringModel } from '../../engine/calibrate/model.js';

/** engine/calibrate/model `modelId`: "M" and eight hex digits. Anything else is not a model file. */
export const MODEL_ID = /^M[0-9a-f]{8}$/;

export interface StoredModel {
  model: ScoringModel;
  createdAt: string;
  createdBy: string;
  /** The dispositions it was fitted from. */
  labels: { confirmed: number; dismissed: number; unmatched: number };
}

export class ModelLibraryError extends Error {
  constructor(message: string) {
    super(`ringsight/api/model-library: ${message}`);
  }
}

export class ModelLibrary {
  private readonly cache = new Map<string, StoredModel>();

  constructor(readonly dir: string) {}

  private pathOf(id: string): string {
    if (!MODEL_ID.test(id)) throw new ModelLibraryError(`"${id.slice(0, 40)}" is not a model id`);
    return join(this.dir, `${id}.json`);
  }

  /** Keeps a model; a model with the same id (the same weights) is already kept and is returned as it was. */
  save(entry: StoredModel): { stored: StoredModel; created: boolean } {
    const existing = this.get(entry.model.id);
    if (existing) return { stored: existing, created: false };
    mkdirSync(this.dir, { recursive: true });
    const path = this.pathOf(entry.model.id);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry, null, 2) + '\n', { flag: 'wx' });
    renameSync(tmp, path);
    this.cache.set(entry.model.id, entry);
    return { stored: entry, created: true };
  }

  get(id: string): StoredModel | null {
    if (!MODEL_ID.test(id)) return null;
    const cached = this.cache.get(id);
    if (cached) return cached;
    const path = this.pathOf(id);
    if (!existsSync(path)) return null;
    const doc = JSON.parse(readFileSync(path, 'utf8')) as StoredModel;
    // Checked like any model file: a hand-edited file is refused, with the field named.
    const entry = { ...doc, model: parseModel(doc.model) };
    if (entry.model.id !== id)
      throw new ModelLibraryError(`${id}.json holds model ${entry.model.id}: the file was changed`);
    this.cache.set(id, entry);
    return entry;
  }

  /** Every kept model, newest first. */
  list(): StoredModel[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json') && MODEL_ID.test(f.slice(0, -5)))
      .map((f) => this.get(f.slice(0, -5))!)
      .sort((a, b) =>
        a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.model.id < b.model.id ? -1 : 1
      );
  }
}

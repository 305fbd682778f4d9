/**
 * ringsight/store/neo4j/cypher
 * ============================
 *
 * Loads the Cypher statements in cypher/*.cypher by name. Values always travel
 * as parameters; the only text ever put into a statement is a label or a
 * relationship type filling a `{{slot}}`, and only from the fixed whitelist
 * of the graph model (model.ts) — Cypher cannot take labels as parameters
 * and still use their indexes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LABELS, REL_TYPES, RETIRED } from './model.js';

export const DEFAULTS = {
  /** Directory of the .cypher files. */
  dir: fileURLToPath(new URL('../../cypher', import.meta.url)),
  /** Keep loaded files in memory: statements are read on every chunk of a load. */
  cache: true
};

export type CypherOptions = typeof DEFAULTS;

export class CypherError extends Error {
  constructor(message: string) {
    super(`ringsight/cypher: ${message}`);
  }
}

const WHITELIST: ReadonlySet<string> = new Set<string>([...LABELS, ...REL_TYPES, ...RETIRED.labels, ...RETIRED.rels]);
const NAME = /^[a-z][a-z0-9-]*$/;
const SLOT = /\{\{([a-zA-Z]+)\}\}/g;

export type Fill = Record<string, string>;

export class CypherLibrary {
  private readonly options: CypherOptions;
  private readonly files = new Map<string, string>();

  constructor(options: Partial<CypherOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** The raw text of `name.cypher`, comment lines removed. */
  source(name: string): string {
    if (!NAME.test(name)) throw new CypherError(`invalid statement name "${name}"`);
    const cached = this.files.get(name);
    if (cached !== undefined) return cached;
    let text: string;
    try {
      text = readFileSync(join(this.options.dir, `${name}.cypher`), 'utf8');
    } catch {
      throw new CypherError(`no statement "${name}" in ${this.options.dir}`);
    }
    const body = text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('//'))
      .join('\n')
      .trim();
    if (this.options.cache) this.files.set(name, body);
    return body;
  }

  /** One statement, its `{{slots}}` filled with whitelisted labels or relationship types (`A|B` allowed). */
  statement(name: string, fill: Fill = {}): string {
    const text = this.source(name).replace(/;\s*$/, '');
    if (/;\s*\S/.test(text)) throw new CypherError(`"${name}" holds several statements; use statements()`);
    return fillSlots(name, text, fill);
  }

  /** Every `;`-separated statement of a file (schema files). */
  statements(name: string, fill: Fill = {}): string[] {
    return this.source(name)
      .split(/;\s*(?:\n|$)/)
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s) => fillSlots(name, s, fill));
  }
}

function fillSlots(name: string, text: string, fill: Fill): string {
  return text.replace(SLOT, (_, slot: string) => {
    const value = fill[slot];
    if (value === undefined) throw new CypherError(`"${name}" needs a value for {{${slot}}}`);
    for (const part of value.split('|')) {
      if (!WHITELIST.has(part))
        throw new CypherError(
          `"${part}" is not a whitelisted label or relationship type (in {{${slot}}} of "${name}")`
        );
    }
    return value;
  });
}

/** The shared library over the project's cypher/ directory. */
export const cypher = new CypherLibrary();

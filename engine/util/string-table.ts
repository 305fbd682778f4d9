/**
 * ringsight/engine/util/string-table
 * ==================================
 *
 * Numbers distinct (tag, string) pairs 0, 1, 2, … in order of first sight; the
 * tag is a small integer such as an entity type's position, so keys of
 * different types never need a composite `type:key` string. At millions of
 * keys a Map lookup costs several cache misses (bucket, entry, each chained
 * key's header); here the hashes sit in one typed array probed linearly, so a
 * lookup touches one cache line plus the one key it really compares.
 */

/**
 * The string as its own copy. V8 cuts a field of 13 or more characters out of its CSV chunk as a
 * view onto the chunk, so a key kept for the whole run (a resident ID, an account, a claim id)
 * would keep its 4 MB chunk alive — at a million claims, most of the input text, read and kept
 * again by every full garbage collection. Concatenating makes a rope; slicing it flattens the
 * rope into a fresh string of its own.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** A 32-bit FNV-1a over UTF-16 code units, seeded by the tag: cheap, and spreads digit-heavy keys well. */
export function hashString(s: string, tag = 0): number {
  let h = Math.imul(0x811c9dc5 ^ tag, 0x01000193);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

export class StringTable {
  /** Strings by id, and their tags. */
  readonly keys: string[] = [];
  readonly tags: number[] = [];
  /** Per slot: the key's hash and its id + 1 (0 marks an empty slot). */
  private slots: Int32Array;
  private mask: number;

  constructor(expected = 8) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = freshSlots(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.keys.length;
  }

  /** The id of (tag, key), or -1. */
  find(key: string, tag = 0): number {
    const h = hashString(key, tag);
    const slots = this.slots;
    const mask = this.mask;
    for (let i = (h ^ (h >>> 16)) & mask; ; i = (i + 1) & mask) {
      const id = slots[2 * i + 1]! - 1;
      if (id < 0) return -1;
      if (slots[2 * i] === h && this.keys[id] === key && this.tags[id] === tag) return id;
    }
  }

  /** The id of (tag, key), numbering it next when new: a new pair's id is size - 1 afterwards. */
  intern(key: string, tag = 0): number {
    const h = hashString(key, tag);
    const slots = this.slots;
    const mask = this.mask;
    let i = (h ^ (h >>> 16)) & mask;
    for (; ; i = (i + 1) & mask) {
      const id = slots[2 * i + 1]! - 1;
      if (id < 0) break;
      if (slots[2 * i] === h && this.keys[id] === key && this.tags[id] === tag) return id;
    }
    const id = this.keys.length;
    this.keys.push(key);
    this.tags.push(tag);
    slots[2 * i] = h;
    slots[2 * i + 1] = id + 1;
    // Kept at most half full, so probe runs stay short.
    if (2 * this.keys.length > mask + 1) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    const slots = freshSlots(capacity);
    const mask = capacity - 1;
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1] === 0) continue;
      const h = old[j]!;
      let i = (h ^ (h >>> 16)) & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = h;
      slots[2 * i + 1] = old[j + 1]!;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/**
 * A zeroed slot array whose memory pages have been touched in order. Keys land in random slots,
 * so an untouched array takes its page faults in random order, and on a virtual machine that
 * costs several times more than faulting the same pages front to back: for the 16-million-slot
 * table of a million-claim book, 1.6–2.0 s of rehashing became 0.25 s of touching plus 0.24 s.
 */
function freshSlots(capacity: number): Int32Array {
  const slots = new Int32Array(capacity * 2);
  for (let i = 0; i < slots.length; i += PAGE_INTS) slots[i] = 0;
  return slots;
}

/** Int32 values per 4 KiB memory page. */
const PAGE_INTS = 1024;

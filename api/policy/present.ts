/**
 * ringsight/api/policy/present
 * ============================
 *
 * Applies a View to the values a response is built from. One Presenter per
 * request: every identity key, name and claim id passes through it, and it
 * remembers what it revealed so the route can audit exactly that.
 *
 * - person / phone / bank_account keys are personal data: masked
 *   (360102********123X, 138****5678, ****1234) unless the view reveals them;
 *   masked node ids use an opaque handle (see handles.ts).
 * - person names: 张* unless revealed with the key.
 * - vehicles (plates, VINs) and providers (organisation codes, names) are not
 *   personal data (as in engine/privacy/mask.ts) and are shown as they are.
 * - an insurer never sees another insurer's claim id or insurer name: those
 *   claims appear under a handle, with their facts (date, product, amounts).
 */
import type { EntityType } from '../../engine/model.js';
import { maskKey, maskName } from '../../engine/privacy/mask.js';
import { Handles } from './handles.js';
import type { View } from './view.js';

const PII_TYPES: ReadonlySet<string> = new Set(['person', 'phone', 'bank_account']);

export function isPersonalType(type: string): boolean {
  return PII_TYPES.has(type);
}

export interface PresentedEntity {
  id: string;
  type: string;
  key: string;
  name: string | null;
  masked: boolean;
}

export interface PresenterInput {
  view: View;
  handles: Handles;
  /** Insurer of each claim the response may mention (insurer role only needs it). */
  claimInsurers?: ReadonlyMap<string, string>;
  /** For reveal 'own': refs (`type:key`) linked to one of the insurer's own claims. */
  ownEntities?: ReadonlySet<string>;
}

export class Presenter {
  /** Masked refs of every identity this response reveals — what the audit entry records. */
  readonly revealed = new Set<string>();
  private readonly view: View;
  private readonly handles: Handles;
  private readonly claimInsurers: ReadonlyMap<string, string>;
  private readonly ownEntities: ReadonlySet<string>;

  constructor(input: PresenterInput) {
    this.view = input.view;
    // The caller's own handles: they cannot be compared with any other token's.
    this.handles = input.handles.forPrincipal(input.view.principal.name);
    this.claimInsurers = input.claimInsurers ?? new Map();
    this.ownEntities = input.ownEntities ?? new Set();
  }

  get insurer(): string | null {
    return this.view.principal.role === 'insurer' ? this.view.principal.insurer : null;
  }

  /** True when the claim belongs to another insurer than the (insurer) caller; unknown claims count as foreign. */
  isForeignClaim(id: string): boolean {
    const own = this.insurer;
    return own !== null && this.claimInsurers.get(id) !== own;
  }

  claimKey(id: string): string {
    return this.isForeignClaim(id) ? this.handles.seal('claim', id) : id;
  }

  claimNodeId(id: string): string {
    return `claim:${this.claimKey(id)}`;
  }

  claimInsurer(id: string): string | null {
    return this.isForeignClaim(id) ? null : (this.claimInsurers.get(id) ?? null);
  }

  /** Whether this view shows this entity's key unmasked; records the reveal when it does. */
  reveals(type: string, key: string): boolean {
    if (!PII_TYPES.has(type)) return true;
    const ref = `${type}:${key}`;
    const shown = this.view.reveal === 'all' || (this.view.reveal === 'own' && this.ownEntities.has(ref));
    if (shown) this.revealed.add(`${type}:${maskKey(type as EntityType, key)}`);
    return shown;
  }

  entity(type: string, key: string, name: string | null): PresentedEntity {
    if (type === 'claim')
      return { id: this.claimNodeId(key), type, key: this.claimKey(key), name: null, masked: this.isForeignClaim(key) };
    if (this.reveals(type, key)) return { id: `${type}:${key}`, type, key, name, masked: false };
    return {
      id: `${type}:${this.handles.seal(type, key)}`,
      type,
      key: maskKey(type as EntityType, key),
      name: name === null ? null : type === 'person' ? maskName(name) : name,
      masked: true
    };
  }

  /** An evidence or graph reference (`type:key` / `claim:id`) as this view's node id. */
  ref(ref: string): string {
    const colon = ref.indexOf(':');
    const type = ref.slice(0, colon);
    const key = ref.slice(colon + 1);
    return type === 'claim' ? this.claimNodeId(key) : this.entity(type, key, null).id;
  }
}

/** Opens a key from a URL: a handle (`~…`, the caller's own) back to its key, anything else as given. */
export function openKey(handles: Handles, principal: { name: string }, type: string, key: string): string | null {
  return Handles.isHandle(key) ? handles.forPrincipal(principal.name).open(type, key) : key;
}

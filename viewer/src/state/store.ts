/**
 * ringsight/viewer/state/store
 * ============================
 *
 * A minimal observable value. The viewer has a handful of pieces of shared
 * state (session, language, route); a framework's store would be heavier than
 * the problem.
 */

export type Listener<T> = (value: T, previous: T) => void;

export class Store<T> {
  private value: T;
  private readonly listeners = new Set<Listener<T>>();

  constructor(initial: T) {
    this.value = initial;
  }

  get(): T {
    return this.value;
  }

  set(next: T): void {
    const previous = this.value;
    if (Object.is(previous, next)) return;
    this.value = next;
    for (const listener of [...this.listeners]) listener(next, previous);
  }

  update(change: (value: T) => T): void {
    this.set(change(this.value));
  }

  /** Returns the unsubscribe function, so views can drop their listeners when unmounted. */
  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

import type { JsonPath } from '../util/json-path.js';
import { createCardTokenizer, digitsOfCard } from './card-surrogate.js';
import { classifyName, type FieldKind, type NameVocabulary } from './field-names.js';
import { createSealer, isSealed, JSON_NUMBER_MARK, REMOVED_CREDENTIAL } from './sealer.js';
import { createDestroyer } from './sensitive-data.js';

/** Entries kept in each memo before it starts again. */
const MEMO_SIZE = 10_000;

export type RedactionRefusal = 'track-data' | 'redaction-failed';

/** What redaction did to one exchange, beyond card numbers: it becomes the exchange's tags. */
export interface ScrubNotes {
  sealed: number;
  removed: number;
}

/** Refuses an exchange that carries what must never be stored in any form (track data). */
export class Refusal extends Error {
  constructor(
    readonly reason: RedactionRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** A body that cannot be decoded to be cleaned: it is not stored (fail closed). */
export class Undecodable extends Error {}

export interface ScrubSettings {
  readonly vocabulary: NameVocabulary;
  readonly cardPaths: readonly JsonPath[];
  readonly dropPaths: readonly JsonPath[];
  readonly maskPaths: readonly JsonPath[];
  /** Card-surrogate key. */
  readonly key: Uint8Array;
  /** Credentials are sealed under this key; without one they are removed. */
  readonly sealKey?: Uint8Array | undefined;
  /** Walks every body even when the prefilter proves it clean: the prefilter's own tests compare the two. */
  readonly walkEverything?: boolean | undefined;
}

/**
 * The actions every scrubber shares, one instance per redactor: what a card, a CVV and a
 * credential become, and a memo of what each name means (names repeat on every exchange).
 */
export class ScrubContext {
  readonly settings: ScrubSettings;
  readonly notes: ScrubNotes = { sealed: 0, removed: 0 };
  /** Card numbers (digits) that are already surrogates and must stay as they are (see `exempt`). */
  #exempt: ReadonlySet<string> = new Set();
  /** Surrogates made for this exchange: a number seen twice (as a card, then under a card label) is tokenised once. */
  readonly #made = new Set<string>();
  readonly #tokenize: (card: string) => string;
  readonly #destroy: (value: string) => string;
  readonly #seal: ((value: string) => string) | undefined;
  /** `number`: a card number when the enclosing name says card. */
  readonly #kinds = new Map<string, FieldKind | 'number' | null>();
  /** Surrogates already computed, in memory only (never written): the same card gives the same one. */
  readonly #surrogates = new Map<string, string>();
  readonly #destroyed = new Map<string, string>();

  constructor(settings: ScrubSettings) {
    this.settings = settings;
    this.#tokenize = createCardTokenizer(settings.key);
    this.#destroy = createDestroyer();
    const sealer = settings.sealKey ? createSealer(settings.sealKey) : undefined;
    this.#seal = sealer ? (value) => sealer.seal(value) : undefined;
  }

  /** Starts a new exchange: notes reset, and the given card numbers (digits) pass unchanged. */
  begin(exempt: ReadonlySet<string> = new Set()): void {
    this.notes.sealed = 0;
    this.notes.removed = 0;
    this.#exempt = exempt;
    this.#made.clear();
  }

  /** A card number as written (separators kept) → its surrogate. */
  card(written: string): string {
    const digits = digitsOfCard(written);
    if (this.#made.has(digits) || this.#exempt.has(digits)) return written;
    // Traffic repeats its cards (the same customers, retries, velocity): an HMAC each time is most of the cost.
    let surrogate = this.#surrogates.get(written);
    if (surrogate === undefined) {
      surrogate = this.#tokenize(written);
      if (this.#surrogates.size >= MEMO_SIZE) this.#surrogates.clear();
      this.#surrogates.set(written, surrogate);
    }
    this.#made.add(digitsOfCard(surrogate));
    return surrogate;
  }

  /** Sensitive authentication data → destroyed (same length, digits from a per-run salt). */
  destroy(value: string): string {
    let destroyed = this.#destroyed.get(value);
    if (destroyed === undefined) {
      destroyed = this.#destroy(value);
      if (this.#destroyed.size >= MEMO_SIZE) this.#destroyed.clear();
      this.#destroyed.set(value, destroyed);
    }
    return destroyed;
  }

  /** A credential → sealed, or the removal marker. `jsonNumber`: it was a number in JSON, and goes back as one. */
  credential(value: string, jsonNumber = false): string {
    if (value === '' || value === REMOVED_CREDENTIAL || isSealed(value)) return value;
    if (this.#seal) {
      this.notes.sealed++;
      return this.#seal(jsonNumber ? JSON_NUMBER_MARK + value : value);
    }
    this.notes.removed++;
    return REMOVED_CREDENTIAL;
  }

  /** A credential header is removed outright when it cannot be sealed. */
  get seals(): boolean {
    return this.#seal !== undefined;
  }

  noteRemoved(): void {
    this.notes.removed++;
  }

  /** What a name (inside the name enclosing it, if any) says its value is. */
  kindOf(name: string, outer?: string): FieldKind | undefined {
    let kind = this.#kinds.get(name);
    if (kind === undefined) {
      // Only a bare `number` (`num`, `no`, …) depends on what encloses it.
      kind = classifyName(name, [], this.settings.vocabulary) ?? (classifyName(name, ['card'], this.settings.vocabulary) ? 'number' : null);
      if (this.#kinds.size >= MEMO_SIZE) this.#kinds.clear();
      this.#kinds.set(name, kind);
    }
    if (kind !== 'number') return kind ?? undefined;
    if (outer === undefined) return undefined;
    const pair = `${outer}\u0000${name}`;
    let inside = this.#kinds.get(pair);
    if (inside === undefined) {
      inside = classifyName(name, [outer], this.settings.vocabulary) ?? null;
      this.#kinds.set(pair, inside);
    }
    return inside === null || inside === 'number' ? undefined : inside;
  }
}

/**
 * What a field's name says about its value. A name is any key a value stands under: a JSON key, a
 * form or query parameter, a header, an XML element or attribute, a multipart part. Names are
 * compared as words (`cardNumber`, `card_number`, `Card-Number` and `card.number` are all
 * `card number`), so the vocabulary below matches every common spelling without matching words
 * that merely contain it (`author` is not `auth`, `japan` is not `pan`).
 */

export type FieldKind = 'card' | 'cvv' | 'pin' | 'credential';

/** The lower-case words of a name: splits camelCase, snake_case, kebab-case, dots and spaces. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Words naming a card verification value (sensitive authentication data: destroyed, never stored). */
const CVV_WORDS = new Set(['cvv', 'cvv2', 'cvc', 'cvc2', 'cvn', 'cvn2', 'cvd', 'cav2', 'cid2', 'csc', 'cvvcode', 'cvccode']);
/** Word pairs naming one too: `security code`, `verification code|value|number`. */
const CVV_PAIRS = [
  ['security', 'code'],
  ['verification', 'code'],
  ['verification', 'value'],
  ['verification', 'number'],
] as const;

/** Words naming PIN material. */
const PIN_WORDS = new Set(['pin', 'pinblock', 'pincode']);

/** A name that is a card number on its own. */
const CARD_NAMES = new Set(['pan', 'cc', 'ccn', 'card', 'cards', 'cardnumber', 'cardno', 'cardnum', 'ccnumber', 'ccnum', 'ccno', 'creditcard', 'debitcard', 'creditcardnumber']);
/** The last word of a name that holds a card number when an earlier word (or an enclosing name) says card. */
const NUMBER_WORDS = new Set(['number', 'num', 'no', 'nbr', 'pan', 'nr']);
const CARD_WORDS = new Set(['card', 'cards', 'cc', 'creditcard', 'debitcard', 'paymentcard']);

/** Words that make a name a credential. */
const CREDENTIAL_WORDS = new Set([
  'auth',
  'authorization',
  'authentication',
  'authorisation',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'secret',
  'secrets',
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'passcode',
  'pass',
  'pwd',
  'pw',
  'session',
  'sessionid',
  'sessid',
  'phpsessid',
  'jsessionid',
  'cookie',
  'cookies',
  'signature',
  'sig',
  'csrf',
  'xsrf',
  'credential',
  'credentials',
  'apikey',
  'bearer',
  'jwt',
  'otp',
  'assertion',
]);
/** Word pairs that make a name a credential: `api key`, `access key`, … */
const CREDENTIAL_PAIRS = [
  ['api', 'key'],
  ['access', 'key'],
  ['private', 'key'],
  ['secret', 'key'],
  ['client', 'secret'],
  ['app', 'key'],
  ['auth', 'key'],
  ['session', 'key'],
  ['security', 'token'],
  ['api', 'keys'],
  ['subscription', 'key'],
  ['access', 'tokens'],
  ['refresh', 'tokens'],
] as const;

/**
 * Last words that make a credential-sounding name describe a credential rather than hold one:
 * `token_type`, `auth_status`, `session_timeout`, `token_count`. A payment API's
 * `authorization_code` is the issuer's approval code, a business value, not a secret.
 */
const DESCRIPTOR_WORDS = new Set(['status', 'type', 'types', 'timeout', 'count', 'expires', 'expiry', 'ttl', 'length', 'method', 'mode', 'scheme', 'url', 'uri', 'endpoint', 'required', 'enabled', 'level', 'result', 'reason', 'at', 'date', 'time']);
/** After auth/authorization/authentication, these describe the authorisation of a payment. */
const PAYMENT_AUTH_WORDS = new Set(['code', 'id', 'amount', 'response', 'decision', 'outcome']);
const AUTH_WORDS = new Set(['auth', 'authorization', 'authorisation', 'authentication']);

function hasPair(words: readonly string[], pairs: readonly (readonly [string, string])[]): boolean {
  for (let i = 0; i + 1 < words.length; i++) {
    for (const [a, b] of pairs) if (words[i] === a && words[i + 1] === b) return true;
  }
  return false;
}

/** A normalised name: its words joined, for exact comparison with configured names. */
export function nameKey(name: string): string {
  return wordsOf(name).join(' ');
}

export interface NameVocabulary {
  /** Extra names treated as credentials (compared as words: `X-Session-Ref` = `x session ref`). */
  readonly credentialNames: ReadonlySet<string>;
  /** Names never treated as credentials, whatever their words (e.g. `next_page_token`). */
  readonly notCredentialNames: ReadonlySet<string>;
}

export const DEFAULT_VOCABULARY: NameVocabulary = { credentialNames: new Set(), notCredentialNames: new Set() };

/**
 * What a value is, by its name and the names enclosing it (`outer`, innermost last: a JSON
 * value's enclosing keys). Sensitive authentication data wins over a card, a card over a
 * credential: `card_pin` is a PIN, `card_token` a card field holding a token is still a card
 * field (its value is tokenised only when it is a number).
 */
export function classifyName(name: string, outer: readonly string[], vocabulary: NameVocabulary): FieldKind | undefined {
  const words = wordsOf(name);
  if (words.length === 0) return undefined;
  const joined = words.join(' ');
  if (words.some((w) => CVV_WORDS.has(w)) || hasPair(words, CVV_PAIRS)) return 'cvv';
  if (words.some((w) => PIN_WORDS.has(w)) && !words.includes('zip')) return 'pin';
  if (isCardName(words, outer)) return 'card';
  if (vocabulary.notCredentialNames.has(joined)) return undefined;
  if (vocabulary.credentialNames.has(joined)) return 'credential';
  // `tokens` alone holds tokens; `max_tokens` counts them.
  if (!words.some((w) => CREDENTIAL_WORDS.has(w)) && !hasPair(words, CREDENTIAL_PAIRS) && joined !== 'tokens') return undefined;
  const last = words[words.length - 1] ?? '';
  if (words.length > 1 && DESCRIPTOR_WORDS.has(last)) return undefined;
  if (words.length > 1 && PAYMENT_AUTH_WORDS.has(last) && words.slice(0, -1).every((w) => AUTH_WORDS.has(w))) return undefined;
  return 'credential';
}

function isCardName(words: readonly string[], outer: readonly string[]): boolean {
  if (CARD_NAMES.has(words.join(''))) return true;
  const last = words[words.length - 1] ?? '';
  if (!NUMBER_WORDS.has(last)) return false;
  if (words.slice(0, -1).some((w) => CARD_WORDS.has(w))) return true;
  // `number` under a card object: `{"card": {"number": …}}`, `{"payment_card": {"num": …}}`.
  const enclosing = outer[outer.length - 1];
  return words.length === 1 && enclosing !== undefined && wordsOf(enclosing).some((w) => CARD_WORDS.has(w));
}

/** Every single word that makes a name sensitive on its own, whatever its neighbours. */
const SENSITIVE_WORDS: ReadonlySet<string> = new Set([...CVV_WORDS, ...PIN_WORDS, ...CARD_NAMES, ...CARD_WORDS, ...CREDENTIAL_WORDS, 'tokens']);
const SENSITIVE_PAIRS: ReadonlySet<string> = new Set([...CVV_PAIRS, ...CREDENTIAL_PAIRS].map(([a, b]) => `${a} ${b}`));
const LONGEST_CARD_NAME = Math.max(...[...CARD_NAMES].map((n) => n.length));

/**
 * Every word at which a sensitive name can begin: a sensitive word, the first word of a sensitive
 * pair, or a proper prefix of a card name (`c` of `c.c`). A text none of whose words is one of
 * these names nothing sensitive (see wordsMayNameSensitive, which decides around those that are).
 */
export const NAME_TRIGGER_WORDS: ReadonlySet<string> = new Set([
  ...SENSITIVE_WORDS,
  ...[...CVV_PAIRS, ...CREDENTIAL_PAIRS].map(([first]) => first),
  ...[...CARD_NAMES].flatMap((name) => Array.from({ length: name.length - 1 }, (_, i) => name.slice(0, i + 1))),
]);
/** How many words from a trigger word on can make one sensitive name (a card name is at most this many letters). */
export const LONGEST_NAME_WORDS = LONGEST_CARD_NAME;

/**
 * Whether any name made of consecutive words of `words` (a whole body's words, in order, as
 * wordsOf gives them) could be classified as sensitive: false proves that no name in the text
 * means a card, CVV, PIN or credential, whatever encloses it. Deliberately broader than
 * classifyName: a descriptor word (`token_type`) or a configured exception does not clear a name.
 */
export function wordsMayNameSensitive(words: readonly string[], vocabulary: NameVocabulary): boolean {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (SENSITIVE_WORDS.has(word)) return true;
    const next = words[i + 1];
    if (next !== undefined && SENSITIVE_PAIRS.has(`${word} ${next}`)) return true;
    // `c.c`, `Pa-N`: classifyName compares a name's words joined against the card names.
    let joined = word;
    for (let j = i + 1; j < words.length && joined.length < LONGEST_CARD_NAME; j++) {
      joined += words[j] as string;
      if (CARD_NAMES.has(joined)) return true;
    }
  }
  if (vocabulary.credentialNames.size === 0) return false;
  const spaced = ` ${words.join(' ')} `;
  for (const name of vocabulary.credentialNames) if (spaced.includes(` ${name} `)) return true;
  return false;
}

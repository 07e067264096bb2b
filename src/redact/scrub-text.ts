import { mayHoldCard, replaceCardsInText } from './card-evidence.js';
import type { FieldKind } from './field-names.js';
import { Refusal, type ScrubContext } from './scrub-context.js';

/** Magnetic-stripe track 1 (`%B<pan>^NAME^YYMM…`) and track 2 (`;<pan>=YYMM…`): never storable. */
const TRACK_DATA = /%?B\d{13,19}\^[^^]{2,26}\^\d{4}|;\d{13,19}=\d{4}/;

/**
 * `name: value`, `name=value`, `"name": "value"`, `name='value'` in free text (logs, XML
 * attributes, headers that quote other headers, JSON that did not parse). An authorization scheme
 * (`Bearer abc`) is part of the value.
 */
const LABELLED = /([A-Za-z][\w.-]{0,63})(["']?[ \t]*[:=][ \t]*)(?:"([^"\r\n]*)"|'([^'\r\n]*)'|((?:(?:Bearer|Basic|Digest|Token|Negotiate)[ \t]+)?[^\s&;,"'<>]+))/gi;
/** A CVV written after its label with only spaces between: `CVV 123`. */
const CVV_AFTER_LABEL = /\b(cvv2?|cvc2?|cvn|cvd|csc)(\s+)(\d{2,8})\b/gi;
/** `<name attr…>value</name>`: the element's (local) name says what its text is. */
const XML_ELEMENT = /<((?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))(\s[^<>]*)?>([^<>]{1,512})<\/\1\s*>/g;

/** Digits and the separators a card number is written with, and nothing else. */
const CARD_SHAPED = /^\s*\d(?:(?:[ .+-]|%20)?\d){11,18}\s*$/;

/**
 * Cleans free text: card numbers by evidence, values whose label names them (CVVs, PINs, cards,
 * credentials), XML elements likewise; refuses track data. Returns `text` itself when clean.
 * `cardsOnly` is for binary content, where a `name=value` pattern is chance, not a field.
 */
export function scrubText(text: string, scrub: ScrubContext, cardsOnly = false): string {
  let out = text;
  if (mayHoldCard(out)) {
    if (TRACK_DATA.test(out)) throw new Refusal('track-data', 'magnetic-stripe track data');
    out = replaceCardsInText(out, (card) => scrub.card(card));
  }
  if (cardsOnly) return out;
  if (out.includes('=') || out.includes(':')) {
    out = out.replace(LABELLED, (match: string, name: string, _sep: string, dq?: string, sq?: string, bare?: string) => {
      const kind = scrub.kindOf(name);
      if (!kind) return match;
      const value = dq ?? sq ?? bare ?? '';
      const quote = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
      const cleaned = scrubNamed(kind, value, scrub);
      return cleaned === value ? match : match.slice(0, match.length - value.length - quote.length * 2) + quote + cleaned + quote;
    });
  }
  if (/cv[vcnd]|csc/i.test(out)) out = out.replace(CVV_AFTER_LABEL, (_m, label: string, space: string, digits: string) => label + space + scrub.destroy(digits));
  if (out.includes('</')) {
    out = out.replace(XML_ELEMENT, (match: string, _qname: string, local: string, _attrs: string | undefined, inner: string) => {
      const kind = scrub.kindOf(local);
      if (!kind) return match;
      const cleaned = scrubNamed(kind, inner, scrub);
      const close = match.lastIndexOf('</');
      return cleaned === inner ? match : match.slice(0, close - inner.length) + cleaned + match.slice(close);
    });
  }
  return out;
}

/** A value whose name says what it is. */
export function scrubNamed(kind: FieldKind, value: string, scrub: ScrubContext): string {
  switch (kind) {
    case 'cvv':
    case 'pin':
      return scrub.destroy(value);
    case 'card':
      return CARD_SHAPED.test(value) ? value.replace(/\d(?:(?:[ .+-]|%20)?\d)*/, (card) => scrub.card(card)) : scrubText(value, scrub);
    case 'credential':
      return scrub.credential(value);
  }
}

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
/** A CVV after a label of one or more words: `CVV 123`, `Security code: 123`, `card verification value 123`. */
const CVV_AFTER_LABEL = /\b(cvv2?|cvc2?|cvn|cvd|csc|security code|verification (?:code|value|number))\b([\s:=#"']*)(\d{2,8})\b/gi;
/** An opening tag; a sensitive one covers every text node up to its closing tag. */
const XML_OPEN = /<((?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))(?:\s[^<>]*)?>/g;
/** A text node that is not only whitespace. */
const XML_TEXT = /(^|>)([^<>]*\S[^<>]*)(?=<|$)/g;
const MAY_HOLD_CVV_LABEL = /cv[vcnd]|csc|code|value|number/i;
/** `<name attr…>value</name>` (or a CDATA section): the element's (local) name says what its text is. */
const XML_ELEMENT = /<((?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*))(\s[^<>]*)?>(?:<!\[CDATA\[([^\]]{0,8192})\]\]>|([^<>]{1,8192}))<\/\1\s*>/g;

/** What every labelled value, XML element and `CVV 123` has; a short string without it is clean. */
const MAY_BE_LABELLED = /[:=<]|cv|cs/i;

/** Digits and the separators a card number is written with, and nothing else. */
const CARD_SHAPED = /^\s*\d(?:(?:[ .+-]|%20)?\d){11,18}\s*$/;

/**
 * Cleans free text: card numbers by evidence, values whose label names them (CVVs, PINs, cards,
 * credentials), XML elements likewise; refuses track data. Returns `text` itself when clean.
 * `cardsOnly` is for binary content, where a `name=value` pattern is chance, not a field.
 */
export function scrubText(text: string, scrub: ScrubContext, cardsOnly = false): string {
  // Most strings are short words, codes and ids: nothing here can match them.
  if (text.length < 13 && !MAY_BE_LABELLED.test(text)) return text;
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
  if (MAY_HOLD_CVV_LABEL.test(out)) out = out.replace(CVV_AFTER_LABEL, (_m, label: string, space: string, digits: string) => label + space + scrub.destroy(digits));
  if (out.includes('</')) {
    out = out.replace(XML_ELEMENT, (match: string, _qname: string, local: string, _attrs: string | undefined, cdata: string | undefined, text: string | undefined) => {
      const kind = scrub.kindOf(local);
      const inner = cdata ?? text ?? '';
      if (!kind) return match;
      const cleaned = scrubNamed(kind, inner, scrub);
      const end = match.lastIndexOf('</') - (cdata !== undefined ? 3 : 0);
      return cleaned === inner ? match : match.slice(0, end - inner.length) + cleaned + match.slice(end);
    });
    out = scrubXmlBlocks(out, scrub);
  }
  return out;
}

/** `<cvv><value>123</value></cvv>`: every text inside an element named CVV, PIN or card is one. */
function scrubXmlBlocks(text: string, scrub: ScrubContext): string {
  let out = '';
  let copied = 0;
  XML_OPEN.lastIndex = 0;
  for (let m = XML_OPEN.exec(text); m !== null; m = XML_OPEN.exec(text)) {
    const kind = scrub.kindOf(m[2] ?? '');
    if (kind !== 'cvv' && kind !== 'pin' && kind !== 'card') continue;
    const start = m.index + m[0].length;
    const close = text.indexOf(`</${m[1] ?? ''}`, start);
    if (close === -1 || close - start > 4096) continue;
    const inner = text.slice(start, close);
    if (!inner.includes('<')) continue;
    const cleaned = inner.replace(XML_TEXT, (_m, before: string, node: string) => before + scrubNamed(kind, node, scrub));
    if (cleaned !== inner) {
      out += text.slice(copied, start) + cleaned;
      copied = close;
    }
    XML_OPEN.lastIndex = close;
  }
  return copied === 0 ? text : out + text.slice(copied);
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

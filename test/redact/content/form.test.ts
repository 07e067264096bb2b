import { describe, expect, test } from 'vitest';
import { decodeFormComponent, rewriteForm, type FormField } from '../../../src/redact/content/form.js';

function fields(raw: string): FormField[] {
  const seen: FormField[] = [];
  rewriteForm(raw, (field) => {
    seen.push(field);
    return undefined;
  });
  return seen;
}

describe('rewriteForm: reading', () => {
  test('decodes names and values, + and %20 as spaces, UTF-8 escapes', () => {
    expect(fields('first+name=Ana+Maria&last%20name=S%C3%A1nchez%20Ruiz&q=a%2Bb')).toEqual([
      { name: 'first name', value: 'Ana Maria' },
      { name: 'last name', value: 'S\u00e1nchez Ruiz' },
      { name: 'q', value: 'a+b' },
    ]);
  });

  test('repeated names, empty values and fields without =', () => {
    expect(fields('tag=a&tag=b&empty=&flag&=orphan')).toEqual([
      { name: 'tag', value: 'a' },
      { name: 'tag', value: 'b' },
      { name: 'empty', value: '' },
      { name: 'flag', value: '' },
      { name: '', value: 'orphan' },
    ]);
  });

  test('only the first = splits name from value', () => {
    expect(fields('token=abc==&x=1=2')).toEqual([
      { name: 'token', value: 'abc==' },
      { name: 'x', value: '1=2' },
    ]);
  });

  test('malformed escapes stay literal and never throw; bad UTF-8 becomes U+FFFD', () => {
    expect(fields('a=%zz&b=100%&c=%4&d=%E2%82%AC%zz%41&e=%FF')).toEqual([
      { name: 'a', value: '%zz' },
      { name: 'b', value: '100%' },
      { name: 'c', value: '%4' },
      { name: 'd', value: '\u20ac%zzA' },
      { name: 'e', value: '\ufffd' },
    ]);
  });

  test('empty segments are not fields', () => {
    expect(fields('a=1&&b=2&')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
    expect(fields('')).toEqual([]);
  });

  test('decodeFormComponent', () => {
    expect(decodeFormComponent('a+b%20c%zz')).toBe('a b c%zz');
  });
});

describe('rewriteForm: writing', () => {
  const raw = 'user=ana&card=4111+1111+1111+1111&note=caf%C3%A9%20au%20lait&flag&tag=x&tag=y&&odd=%zz';

  test('returns the same string when nothing changes (undefined or the same value)', () => {
    expect(rewriteForm(raw, () => undefined)).toBe(raw);
    expect(rewriteForm(raw, (field) => field.value)).toBe(raw);
  });

  test('untouched fields keep their exact bytes, even non-canonical ones', () => {
    const out = rewriteForm(raw, (field) => (field.name === 'user' ? 'bob' : undefined));
    expect(out).toBe('user=bob&card=4111+1111+1111+1111&note=caf%C3%A9%20au%20lait&flag&tag=x&tag=y&&odd=%zz');
  });

  test('spaces become + where the raw value used +, %20 where it used %20', () => {
    expect(rewriteForm(raw, (field) => (field.name === 'card' ? '4000 0000 0000 0002' : undefined))).toContain(
      'card=4000+0000+0000+0002&',
    );
    expect(rewriteForm(raw, (field) => (field.name === 'note' ? 'th\u00e9 noir' : undefined))).toContain('note=th%C3%A9%20noir&');
  });

  test('without a hint in the value, the rest of the form decides, else %20', () => {
    expect(rewriteForm('a=x&b=y+z', (field) => (field.name === 'a' ? 'p q' : undefined))).toBe('a=p+q&b=y+z');
    expect(rewriteForm('a=x&b=y', (field) => (field.name === 'a' ? 'p q' : undefined))).toBe('a=p%20q&b=y');
  });

  test('new values are percent-encoded (a literal + is %2B, & and = are escaped)', () => {
    expect(rewriteForm('q=x', () => 'a+b&c=d/e?')).toBe('q=a%2Bb%26c%3Dd%2Fe%3F');
    expect(rewriteForm('q=x', () => 'bad \ud800 surrogate')).toBe('q=bad%20%EF%BF%BD%20surrogate');
  });

  test('repeated names are edited one by one', () => {
    let n = 0;
    expect(rewriteForm('tag=a&tag=b&tag=c', (field) => (field.name === 'tag' && n++ === 1 ? 'B' : undefined))).toBe('tag=a&tag=B&tag=c');
  });

  test('fields without = keep their shape unless given a value; empty values can be set', () => {
    expect(rewriteForm('flag&x=1', (field) => (field.name === 'flag' ? '' : undefined))).toBe('flag&x=1');
    expect(rewriteForm('flag&x=1', (field) => (field.name === 'flag' ? 'on' : undefined))).toBe('flag=on&x=1');
    expect(rewriteForm('empty=&x=1', (field) => (field.name === 'empty' ? 'v' : undefined))).toBe('empty=v&x=1');
    expect(rewriteForm('x=1', () => '')).toBe('x=');
  });

  test('the name keeps its raw bytes when the value changes', () => {
    expect(rewriteForm('card%5Bnumber%5D=4111', () => 'xxxx')).toBe('card%5Bnumber%5D=xxxx');
  });

  test('null removes the field and its &', () => {
    expect(rewriteForm('a=1&secret=2&b=3', (field) => (field.name === 'secret' ? null : undefined))).toBe('a=1&b=3');
    expect(rewriteForm('secret=2&b=3', (field) => (field.name === 'secret' ? null : undefined))).toBe('b=3');
    expect(rewriteForm('a=1&secret=2', (field) => (field.name === 'secret' ? null : undefined))).toBe('a=1');
    expect(rewriteForm('secret=1&secret=2', () => null)).toBe('');
    expect(rewriteForm('a=1&&flag&b=2', (field) => (field.name === 'flag' ? null : undefined))).toBe('a=1&&b=2');
  });

  test('malformed escapes in a changed field are replaced; elsewhere they survive', () => {
    expect(rewriteForm('odd=%zz&ok=1', (field) => (field.name === 'ok' ? '2' : undefined))).toBe('odd=%zz&ok=2');
    expect(rewriteForm('odd=%zz&ok=1', (field) => (field.name === 'odd' ? '%zz!' : undefined))).toBe('odd=%25zz!&ok=1');
  });
});

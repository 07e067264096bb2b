/** A glob as a RegExp: `*` any run of characters (including `/`), `?` one character; the rest literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** True when `text` passes: matches some include (or there are none) and no exclude. */
export function passesGlobs(text: string, include: readonly RegExp[], exclude: readonly RegExp[]): boolean {
  return (include.length === 0 || include.some((r) => r.test(text))) && !exclude.some((r) => r.test(text));
}

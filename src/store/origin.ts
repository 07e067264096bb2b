/**
 * Where a merged exchange was recorded is a tag, `origin:<name>`, not a column: a tag needs no new
 * capture format (an older Parity reads merged captures), travels through export and import, and
 * is what tags are for — facts about one exchange that nothing compares.
 */
export const ORIGIN_TAG_PREFIX = 'origin:';

/**
 * The tags with the exchange's origin. An exchange that already has one keeps it: merging merged
 * captures still names the recorder an exchange came from, not the intermediate file.
 */
export function withOrigin(tags: readonly string[], origin: string): readonly string[] {
  return tags.some((tag) => tag.startsWith(ORIGIN_TAG_PREFIX)) ? tags : [...tags, `${ORIGIN_TAG_PREFIX}${origin}`];
}

import { RESPONSE_NOT_RECORDED } from '../core/exchange-tags.js';

/**
 * Tags an importer puts on an exchange the file did not hold whole. They are stored with the
 * exchange (so replay and reports can tell) and counted in the import summary.
 */
export const IMPORT_TAGS = {
  /** The file says a request body was sent but holds none (Playwright writes no postData for multipart): the body is empty and flagged truncated. */
  requestBodyMissing: 'request-body-missing',
  /** The request body was rebuilt from HAR `postData.params`: equivalent form data, not the bytes sent. */
  requestBodyRebuilt: 'request-body-rebuilt',
  /** The file kept no response body (HAR `content.size` -1 or > 0 without text): empty and flagged truncated. */
  responseBodyMissing: 'response-body-missing',
  /** The file kept only the start of the response body (HAR `content.size` larger than its text: the writer kept only the start of a large body): flagged truncated, compared by whole length. */
  responseBodyCut: 'response-body-cut',
  /** The file holds the request only (GoReplay without response tracking): no legacy answer to compare with, replay needs a live legacy. */
  responseNotRecorded: RESPONSE_NOT_RECORDED,
} as const;

/** What the import summary says of each tag. */
export const IMPORT_TAG_NOTES: Readonly<Record<string, string>> = {
  [IMPORT_TAGS.requestBodyMissing]: 'request body not in the file: stored empty, flagged truncated (replay skips it)',
  [IMPORT_TAGS.requestBodyRebuilt]: 'request body rebuilt from HAR form params',
  [IMPORT_TAGS.responseBodyMissing]: 'response body not kept by the browser: stored empty, flagged truncated',
  [IMPORT_TAGS.responseBodyCut]: 'response body cut short in the file (content.size larger than its text): flagged truncated, compared by its whole length',
  [IMPORT_TAGS.responseNotRecorded]: 'response not recorded: replay these with --legacy URL',
};

/** The error of the no-answer an exchange without a recorded response carries. */
export const NOT_RECORDED = 'not recorded';

/**
 * A tag for an exchange requested over another scheme than http (`scheme:https`): the capture
 * keeps no scheme otherwise (the recorder listens on http). A `name:value` tag, as `origin:` is.
 */
export const schemeTag = (scheme: string) => `scheme:${scheme}`;

/** The scheme a `scheme:…` tag names, if any. */
export function schemeOf(tags: readonly string[]): string | undefined {
  for (const tag of tags) {
    const m = /^scheme:([a-z][a-z0-9+.-]*)$/.exec(tag);
    if (m) return m[1];
  }
  return undefined;
}

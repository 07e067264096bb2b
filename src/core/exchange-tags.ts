/** Tags on an exchange that more than one room reads. */

/** The exchange holds the request only (e.g. GoReplay without response tracking): no legacy answer to compare with. */
export const RESPONSE_NOT_RECORDED = 'response-not-recorded';

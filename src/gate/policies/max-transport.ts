import { atMost } from './at-most.js';

/** Exchanges a side did not answer. */
export const maxTransport = atMost('max-transport', 'maxTransport', 'transport failures', 'transport');

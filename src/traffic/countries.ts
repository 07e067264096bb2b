import type { Random } from '../util/random.js';

/** Countries customers travel to or browse from (some have no merchant in the seed). */
const ELSEWHERE = ['DE', 'FR', 'GB', 'US', 'NL', 'ES', 'IT', 'JP', 'CH', 'SE', 'TR', 'TH', 'MX', 'AE', 'BR', 'CA', 'PT', 'GR'];

/** A country other than `home`. */
export function foreignCountry(random: Random, home: string): string {
  const country = random.pick(ELSEWHERE);
  return country === home ? (home === 'US' ? 'CA' : 'US') : country;
}

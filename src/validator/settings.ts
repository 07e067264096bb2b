import type { Currency } from './currencies.js';

/** Per-currency limits in major units (EUR, not cents), as a risk team would write them. */
export interface CurrencyLimits {
  readonly min: number;
  readonly max: number;
  readonly daily: number;
}

export interface ValidatorSettings {
  readonly limits: Readonly<Record<Currency, CurrencyLimits>>;
  readonly velocity: { readonly maxUses: number; readonly windowMinutes: number };
  readonly risk: {
    readonly reviewThreshold: number;
    /** A payment above `unusualFactor` × the account's typical amount is unusual. */
    readonly unusualFactor: number;
    readonly highRiskCategories: readonly string[];
    readonly weights: Readonly<Record<RiskSignal, number>>;
  };
  /** Merchant category codes no merchant may charge under. */
  readonly blockedCategories: readonly string[];
  /** Hours of transaction time after which an approval's hold is released (the authorisation lapsed or settled). */
  readonly holdHours: number;
  /** How many transaction ids are remembered for idempotent replies (oldest forgotten first). */
  readonly idempotencyCapacity: number;
}

export const RISK_SIGNALS = ['COUNTRY_MISMATCH', 'HIGH_RISK_CATEGORY', 'AMOUNT_UNUSUAL', 'CROSS_BORDER'] as const;
export type RiskSignal = (typeof RISK_SIGNALS)[number];

export const DEFAULT_SETTINGS: ValidatorSettings = {
  limits: {
    EUR: { min: 0.5, max: 5_000, daily: 10_000 },
    USD: { min: 0.5, max: 5_000, daily: 10_000 },
    GBP: { min: 0.3, max: 4_000, daily: 8_000 },
    CHF: { min: 0.5, max: 5_000, daily: 10_000 },
    SEK: { min: 5, max: 50_000, daily: 100_000 },
    JPY: { min: 50, max: 700_000, daily: 1_400_000 },
    BHD: { min: 0.2, max: 2_000, daily: 4_000 },
    KWD: { min: 0.15, max: 1_500, daily: 3_000 },
  },
  velocity: { maxUses: 5, windowMinutes: 10 },
  risk: {
    reviewThreshold: 70,
    unusualFactor: 8,
    highRiskCategories: ['4829', '5967', '5993', '6051', '7273'],
    weights: { COUNTRY_MISMATCH: 40, HIGH_RISK_CATEGORY: 30, AMOUNT_UNUSUAL: 35, CROSS_BORDER: 10 },
  },
  blockedCategories: ['7995'],
  holdHours: 72,
  idempotencyCapacity: 100_000,
};

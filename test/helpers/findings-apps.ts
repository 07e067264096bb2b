import express, { type Express } from 'express';

/**
 * Services that are not the validator, each in a legacy and a candidate build, for what a
 * rewrite changes without a decision field (REST), with an ordered decision (screening), or in a
 * field of few values (card brand).
 */

/**
 * A plain REST app with no decision field. The candidate build moves to the simple query parser
 * (as express 5 did), answers a validation error with 422 instead of 400, fails with 500 on
 * large ids, exports CSV under another media type, and redirects to another place.
 */
export function restApp(build: 'legacy' | 'candidate'): Express {
  const app = express();
  const candidate = build === 'candidate';
  app.set('query parser', candidate ? 'simple' : 'extended');
  app.get('/items/:id', (req, res) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id)) return res.status(candidate ? 422 : 400).json({ error: 'id must be a number' });
    if (candidate && id >= 900) return res.status(500).json({ error: 'internal' });
    res.json({ id, name: `item ${id}` });
  });
  app.get('/search', (req, res) => res.json({ query: req.query }));
  app.get('/items/:id/export', (req, res) => res.type(candidate ? 'application/csv' : 'text/csv').send(`id\n${req.params.id}\n`));
  app.get('/old-home', (_req, res) => res.redirect(302, candidate ? '/home' : '/start'));
  return app;
}

/** Screening decisions from most permissive to strictest. */
export const SCREENING_ORDER = ['ALLOW', 'HOLD', 'BLOCK'];

/**
 * Transfer screening: the decision lives at `$.screening.outcome`. The candidate build raises the
 * thresholds (some BLOCKs become HOLD, some HOLDs become ALLOW) and blocks one more country.
 */
export function screeningApp(build: 'legacy' | 'candidate'): Express {
  const app = express();
  app.use(express.json());
  const [hold, block] = build === 'candidate' ? [8_000, 20_000] : [5_000, 10_000];
  const blockedCountries = build === 'candidate' ? ['KP', 'IR', 'SY'] : ['KP', 'IR'];
  app.post('/transfers/screen', (req, res) => {
    const { amount, country } = req.body as { amount: number; country: string };
    const outcome = blockedCountries.includes(country) || amount >= block ? 'BLOCK' : amount >= hold ? 'HOLD' : 'ALLOW';
    res.json({ screening: { outcome, threshold: outcome === 'ALLOW' ? null : outcome === 'HOLD' ? hold : block } });
  });
  return app;
}

/** Card lookup whose `brand` the candidate build tells apart more finely than legacy's "maestro". */
export function brandApp(build: 'legacy' | 'candidate'): Express {
  const app = express();
  app.get('/cards/:bin', (req, res) => {
    const bin = req.params.bin;
    res.json({ bin, brand: build === 'candidate' ? candidateBrand(bin) : legacyBrand(bin), country: 'NG' });
  });
  return app;
}

function legacyBrand(bin: string): string | null {
  if (bin.startsWith('4')) return 'visa';
  if (bin.startsWith('50') || bin.startsWith('65')) return 'maestro';
  return null;
}

function candidateBrand(bin: string): string | null {
  if (bin.startsWith('4')) return 'visa';
  if (bin.startsWith('506')) return 'verve';
  if (bin.startsWith('50')) return 'naranja';
  if (bin.startsWith('65')) return 'maestro';
  if (bin.startsWith('9')) return 'troy';
  return null;
}

import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Queryable } from '../../db/client';

/** How long a challenge may be solved and sent; a used one is remembered as long. */
const LIFETIME_SECONDS = 20 * 60;
const ALGORITHM = 'PBKDF2/SHA-256';

export type ProofOutcome = 'ok' | 'missing' | 'invalid' | 'expired' | 'used';

/** A payload as the widget posts it: base64 of `{ challenge, solution }` (or the object itself in JSON). */
function payloadOf(raw: unknown): Payload | null {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.length > 4000) return null;
    try {
      value = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
    } catch {
      return null;
    }
  }
  if (!value || typeof value !== 'object') return null;
  const p = value as Partial<Payload>;
  const params = p.challenge?.parameters;
  if (!params || typeof params.nonce !== 'string' || !p.solution || typeof p.solution.counter !== 'number')
    return null;
  return p as Payload;
}

/**
 * The proof of work of the public forms (ALTCHA): the page's widget fetches a signed challenge for
 * its form and solves it in the browser; the post carries the solution, checked here and then
 * remembered until the challenge expires, so that one solution is accepted once.
 */
export function createProofOfWork(opts: { secret: () => Promise<string>; cost: number; maxCounter: number }) {
  return {
    async challenge(slug: string): Promise<Challenge> {
      return createChallenge({
        algorithm: ALGORITHM,
        cost: opts.cost,
        counter: randomInt(Math.floor(opts.maxCounter / 2), opts.maxCounter),
        deriveKey,
        data: { form: slug },
        expiresAt: Math.floor(Date.now() / 1000) + LIFETIME_SECONDS,
        hmacSignatureSecret: await opts.secret(),
        hmacKeySignatureSecret: `${await opts.secret()}.key`,
      });
    },

    /** Checks a solution for this form and marks its challenge used (in the caller's connection). */
    async check(q: Queryable, slug: string, raw: unknown): Promise<ProofOutcome> {
      if (raw === undefined || raw === null || raw === '') return 'missing';
      const payload = payloadOf(raw);
      if (!payload) return 'invalid';
      const params = payload.challenge.parameters;
      if (params.data?.form !== slug || params.algorithm !== ALGORITHM) return 'invalid';
      let result;
      try {
        result = await verifySolution({
          challenge: payload.challenge,
          solution: payload.solution,
          deriveKey,
          hmacSignatureSecret: await opts.secret(),
          hmacKeySignatureSecret: `${await opts.secret()}.key`,
        });
      } catch {
        return 'invalid';
      }
      if (result.expired) return 'expired';
      if (!result.verified || !params.expiresAt) return 'invalid';
      // The nonce is part of the signed challenge: remembered once, a second use finds it.
      const stored = await q.query<{ id: string }>(
        `WITH gone AS (DELETE FROM form_challenges WHERE expires_at < now())
         INSERT INTO form_challenges (id, expires_at) VALUES ($1, to_timestamp($2))
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [params.nonce, params.expiresAt],
      );
      return stored.length ? 'ok' : 'used';
    },
  };
}
export type ProofOfWork = ReturnType<typeof createProofOfWork>;

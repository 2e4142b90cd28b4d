import type { DuplicateReason } from '@leadline/contract';

/** How two leads compare on each field, as the candidates query measures it. */
export interface FieldComparison {
  /** Both leads hold at least one value of the field. */
  emailBoth: boolean;
  emailSame: boolean;
  phoneBoth: boolean;
  phoneSame: boolean;
  tinBoth: boolean;
  tinSame: boolean;
  companyBoth: boolean;
  companySame: boolean;
  /** Trigram similarity of the company names, 0..1, where the names are compared fuzzily (companies). */
  companySimilarity?: number;
  personBoth: boolean;
  /** Trigram similarity of the person names, 0..1. */
  personSimilarity: number;
}

/**
 * Log-odds weights in the Fellegi–Sunter sense: log2(m/u) when a field agrees, log2((1-m)/(1-u)) when
 * both leads hold it and it differs, with m the chance that a true duplicate agrees and u the chance
 * that two unrelated leads agree by accident. A shared e-mail is rare by accident (u ≈ 1/300) and
 * nearly always kept (m ≈ 0.9); a TIN names one company exactly, so a different one speaks strongly
 * against; a company name is shared by colleagues, so it weighs less.
 */
export const duplicateWeights = {
  email: { agree: 8.1, disagree: -1.2 },
  phone: { agree: 6.5, disagree: -0.8 },
  companyTin: { agree: 9.0, disagree: -4.0 },
  companyName: { agree: 3.2, disagree: -2.0 },
  /** Scaled by the similarity: a name 0.92 similar weighs 0.92 × 4.7 = 4.3. */
  personName: { agree: 4.7, disagree: -1.5 },
};
export type DuplicateWeights = typeof duplicateWeights;

/**
 * Companies compared with companies: their name is what names them, so a shared name (without legal
 * form) is rare by accident (u ≈ 1/150) and nearly always kept (m ≈ 0.9); a different one speaks against.
 */
export const companyDuplicateWeights: DuplicateWeights = {
  ...duplicateWeights,
  companyName: { agree: 7.1, disagree: -3.3 },
};

/** Similarity from which two person names count as the same person's, and below which as others'. */
export const similarNameFrom = 0.6;
const otherNameBelow = 0.3;

const signed = (w: number) => `${w >= 0 ? '+' : '-'}${Math.abs(w).toFixed(1)}`;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** The score of a candidate and why: one reason per field that speaks for or against it. */
export function scoreDuplicate(
  c: FieldComparison,
  weights: DuplicateWeights = duplicateWeights,
): { score: number; reasons: DuplicateReason[] } {
  const reasons: DuplicateReason[] = [];
  const add = (
    field: DuplicateReason['field'],
    kind: DuplicateReason['kind'],
    weight: number,
    label: string,
    similarity: number | null = null,
  ) => reasons.push({ field, kind, similarity, weight, text: `${label} ${signed(weight)}` });
  /** A name compared by similarity: the same, similar (weighed by how similar) or another. */
  const fuzzy = (field: 'personName' | 'companyName', similarity: number, noun: string) => {
    const s = Math.round(similarity * 100) / 100;
    const w = weights[field];
    if (similarity >= 0.999) add(field, 'same', w.agree, `same ${noun}`);
    else if (similarity >= similarNameFrom)
      add(field, 'similar', round1(w.agree * similarity), `${noun} ${s.toFixed(2)} similar`, s);
    else if (similarity < otherNameBelow) add(field, 'different', w.disagree, `other ${noun}`, s);
  };
  const exact = (
    field: 'email' | 'phone' | 'companyTin' | 'companyName',
    both: boolean,
    same: boolean,
    sameLabel: string,
    otherLabel: string,
  ) => {
    if (same) add(field, 'same', weights[field].agree, sameLabel);
    else if (both) add(field, 'different', weights[field].disagree, otherLabel);
  };
  exact('email', c.emailBoth, c.emailSame, 'same e-mail', 'other e-mail');
  exact('phone', c.phoneBoth, c.phoneSame, 'same phone', 'other phone');
  exact('companyTin', c.tinBoth, c.tinSame, 'same TIN', 'other TIN');
  if (c.companySimilarity === undefined || c.companySame || !c.companyBoth)
    exact('companyName', c.companyBoth, c.companySame, 'same company', 'other company');
  else fuzzy('companyName', c.companySimilarity, 'company');
  if (c.personBoth) fuzzy('personName', c.personSimilarity, 'name');
  reasons.sort((a, b) => b.weight - a.weight);
  return { score: round1(reasons.reduce((sum, r) => sum + r.weight, 0)), reasons };
}

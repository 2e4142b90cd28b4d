export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/** Nearest-rank percentiles of durations in milliseconds. */
export function summarize(ms: number[]): Summary {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), mean };
}

const now = () => performance.now();

/**
 * Times `subject` and `baseline` alternately, so that whatever else the machine does falls on both alike.
 * A few unrecorded runs first warm the caches and the query plans.
 */
export async function compare(
  subject: (i: number) => Promise<unknown>,
  baseline: (i: number) => Promise<unknown>,
  reps: number,
  warmup = Math.min(10, Math.ceil(reps / 5)),
): Promise<{ subject: Summary; baseline: Summary }> {
  for (let i = 0; i < warmup; i++) {
    await subject(i);
    await baseline(i);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < reps; i++) {
    let t = now();
    await subject(i);
    a.push(now() - t);
    t = now();
    await baseline(i);
    b.push(now() - t);
  }
  return { subject: summarize(a), baseline: summarize(b) };
}

/** Times one piece of work that has no service counterpart yet. */
export async function timed(work: (i: number) => Promise<unknown>, reps: number, warmup = Math.min(5, reps)) {
  for (let i = 0; i < warmup; i++) await work(i);
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = now();
    await work(i);
    ms.push(now() - t);
  }
  return summarize(ms);
}

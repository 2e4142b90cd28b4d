/**
 * The resident set size alone: `process.memoryUsage()` also walks the heap's spaces, about 1.5 ms a call
 * on a busy server, which the bench would count as the server's CPU per request.
 */
const rss = () => process.memoryUsage.rss();

/** Samples the resident set size of this process every 100 ms; for PGlite it includes the database. */
export function rssSampler(intervalMs = 100) {
  let peak = rss();
  let phasePeak = peak;
  const timer = setInterval(() => {
    const now = rss();
    if (now > peak) peak = now;
    if (now > phasePeak) phasePeak = now;
  }, intervalMs);
  timer.unref();
  return {
    /** The peak since the previous call (or the start), then starts a new phase. */
    phase() {
      const now = rss();
      const p = Math.max(phasePeak, now);
      phasePeak = now;
      if (p > peak) peak = p;
      return p;
    },
    peak: () => Math.max(peak, rss()),
    stop: () => clearInterval(timer),
  };
}

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Samples the resident set size of this process every 100 ms; for PGlite it includes the database. */
export function rssSampler(intervalMs = 100) {
  let peak = process.memoryUsage().rss;
  let phasePeak = peak;
  const timer = setInterval(() => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
    if (rss > phasePeak) phasePeak = rss;
  }, intervalMs);
  timer.unref();
  return {
    /** The peak since the previous call (or the start), then starts a new phase. */
    phase() {
      const rss = process.memoryUsage().rss;
      const p = Math.max(phasePeak, rss);
      phasePeak = rss;
      if (p > peak) peak = p;
      return p;
    },
    peak: () => Math.max(peak, process.memoryUsage().rss),
    stop: () => clearInterval(timer),
  };
}

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

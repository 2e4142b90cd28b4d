/**
 * What a sign-in flood costs everyone else: a signed-in user lists leads in a loop while 200 failed
 * sign-ins arrive at once, and the latency of that list is reported beside the same list without the
 * flood. Runs against a server already started with demo data, over HTTP only:
 *
 *   LEADLINE_DEMO=1 LEADLINE_TRUST_PROXY=127.0.0.1 PORT=4321 npm start
 *   npx tsx bench/src/sign-in-flood.ts http://127.0.0.1:4321
 *
 * Two floods: one account from one address (what the sign-in limit stops), and 200 unknown accounts
 * from 200 addresses given in X-Forwarded-For (what only the turn-taking of password checks absorbs;
 * the server must trust 127.0.0.1 as its proxy for these to count as different addresses).
 */

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

const base = process.argv[2] ?? 'http://127.0.0.1:4321';
const READER = { email: 'manager@demo.leadline', password: 'leadline-demo' };
const VICTIM = 'sara@demo.leadline';
const FLOOD = 200;

async function signIn(email: string, password: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.250' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => /leadline_session=/.test(c))!;
  return cookie.split(';')[0];
}

/** Lists leads one request after another until `until` settles; returns each request's milliseconds. */
async function readWhile(cookie: string, until: Promise<unknown>) {
  let done = false;
  void until.then(() => (done = true));
  const times: number[] = [];
  while (!done) {
    const started = performance.now();
    const res = await fetch(`${base}/api/v1/leads?limit=50`, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET /leads answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

function summary(label: string, times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(
    `${label.padEnd(44)} n=${String(times.length).padStart(4)}  p50 ${ms(percentile(sorted, 50)).padStart(7)}` +
      `  p95 ${ms(percentile(sorted, 95)).padStart(7)}  max ${ms(sorted[sorted.length - 1]).padStart(7)}`,
  );
}

async function flood(emailOf: (i: number) => string, addressOf: (i: number) => string) {
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: FLOOD }, async (_, i) => {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': addressOf(i) },
        body: JSON.stringify({ email: emailOf(i), password: `wrong-password-${i}` }),
      });
      await res.arrayBuffer();
      return res.status;
    }),
  );
  const count: Record<number, number> = {};
  for (const s of statuses) count[s] = (count[s] ?? 0) + 1;
  return { count, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const cookie = await signIn(READER.email, READER.password);
  const quiet = new Promise((resolve) => setTimeout(resolve, 4000));
  summary('GET /leads, no flood', await readWhile(cookie, quiet));

  const one = flood(
    () => VICTIM,
    () => '198.51.100.1',
  );
  summary('GET /leads during 200 wrong sign-ins (1 account)', await readWhile(cookie, one));
  const a = await one;
  console.log(`  answers ${JSON.stringify(a.count)} in ${a.seconds.toFixed(1)} s`);

  const spread = flood(
    (i) => `nobody${i}@flood.example`,
    (i) => `203.0.113.${i}`,
  );
  summary('GET /leads during 200 wrong sign-ins (200 addr.)', await readWhile(cookie, spread));
  const b = await spread;
  console.log(`  answers ${JSON.stringify(b.count)} in ${b.seconds.toFixed(1)} s`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});

/**
 * Concurrent API clients, in a process of their own so that the server's RSS and CPU are not the clients'.
 * Started by run.ts with fork(); receives its task over IPC and answers with the latencies it measured.
 */
import http from 'node:http';
import { summarize, type Summary } from './stats';

export interface LoadTask {
  url: string;
  /** One path, or several taken in turn (request k asks paths[k % n]). */
  path: string | string[];
  /** POST (with `bodies` in turn, the default) or GET. */
  method?: 'GET' | 'POST';
  /** One per client in turn; none for a public route (no Authorization header). */
  tokens: string[];
  concurrency: number;
  seconds: number;
  bodies: string[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  latency: Summary;
  statuses: Record<string, number>;
  firstError: string | null;
}

export async function runLoad(task: LoadTask): Promise<LoadResult> {
  const paths = (Array.isArray(task.path) ? task.path : [task.path]).map((p) => new URL(p, task.url));
  const method = task.method ?? 'POST';
  const agent = new http.Agent({ keepAlive: true, maxSockets: task.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let firstError: string | null = null;
  let sent = 0;
  const post = (token: string | undefined, body: string, target: URL) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        target,
        {
          method,
          agent,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(method === 'POST'
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            const code = String(res.statusCode);
            statuses[code] = (statuses[code] ?? 0) + 1;
            if ((res.statusCode ?? 0) >= 300 && !firstError) {
              firstError = `${code} ${Buffer.concat(chunks).toString('utf8').slice(0, 500)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        statuses.error = (statuses.error ?? 0) + 1;
        firstError ??= err.message;
        resolve();
      });
      req.end(method === 'POST' ? body : undefined);
    });
  const started = performance.now();
  const deadline = started + task.seconds * 1000;
  await Promise.all(
    Array.from({ length: task.concurrency }, async (_, c) => {
      const token = task.tokens.length ? task.tokens[c % task.tokens.length] : undefined;
      while (performance.now() < deadline) {
        const k = sent++;
        await post(token, task.bodies[k % task.bodies.length] ?? '', paths[k % paths.length]);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    latency: summarize(latencies),
    statuses,
    firstError,
  };
}

if (process.send) {
  process.once('message', (task: LoadTask) => {
    void runLoad(task).then((result) => {
      process.send!(result, () => process.exit(0));
    });
  });
}

/**
 * The cost of one request over HTTP: each API request under load from a client process of its own,
 * beside a bare Fastify route (no hooks, no auth, no validation) that runs the raw query of the same work
 * through the same driver and answers the same bytes, in the same run. The ratio API / bare is the figure
 * to trust on a busy machine; the server's CPU per request (user + kernel of this process, which is the
 * server: PGlite's work is in it, PostgreSQL's is not) says where a request's cost goes.
 */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import Fastify from 'fastify';
import type { Queryable } from '../../apps/server/src/db/client';
import { benchDir, type DbKind } from './databases';
import type { LoadResult, LoadTask } from './load-client';
import type { Summary } from './stats';

export interface HttpMeasure {
  name: string;
  /** The API's paths (taken in turn) and the tokens it is asked with (none: a public route). */
  paths: string[];
  method?: 'GET' | 'POST';
  bodies?: string[];
  tokens: string[];
  /** The bare route's raw query for request k (the same k as the API's path or body). */
  raw: (k: number, body: unknown) => Promise<unknown>;
  status?: number;
}

export interface HttpRow {
  name: string;
  api: { perSecond: number; latency: Summary; cpuMsPerRequest: number; statuses: Record<string, number> };
  bare: { perSecond: number; latency: Summary; cpuMsPerRequest: number };
  ratio: number;
  bytes: number;
  firstError: string | null;
  topFrames?: Frame[];
}

interface Frame {
  frame: string;
  selfPercent: number;
}

function runClients(task: LoadTask): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(benchDir, 'src/load-client.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load client exited with ${code}`)));
    child.send(task);
  });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** The functions that took the most samples themselves (self time), as a share of the busy samples. */
export function topFrames(profile: { nodes: ProfileNode[] }, n = 15): Frame[] {
  const byFrame = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || hits === 0) continue;
    busy += hits;
    const file = url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '');
    const where = file ? ` ${file.replace(/^.*\/(apps|packages|bench)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + hits);
  }
  return [...byFrame]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([frame, hits]) => ({ frame, selfPercent: (100 * hits) / Math.max(1, busy) }));
}

/** `--profile`: the CPU profile of this process (the server) while one load runs. */
async function profiled<T>(on: boolean, name: string, work: () => Promise<T>) {
  if (!on) return { result: await work(), frames: undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const result = await work();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const file = path.join(benchDir, 'results', `${name}.cpuprofile`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(profile));
  return { result, frames: topFrames(profile as unknown as { nodes: ProfileNode[] }), file };
}

async function load(task: LoadTask) {
  const before = process.cpuUsage();
  const result = await runClients(task);
  const cpu = process.cpuUsage(before);
  return { ...result, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, result.requests) };
}

/**
 * Runs every measure: first one request of each path through the API to learn its bytes, then the API
 * under load, then the bare route under load.
 */
export async function benchHttp(opts: {
  kind: DbKind;
  size: number;
  db: Queryable;
  apiUrl: string;
  measures: HttpMeasure[];
  clients: number;
  seconds: number;
  profile: boolean;
}): Promise<HttpRow[]> {
  const bare = Fastify({ logger: false });
  const answers = new Map<string, Buffer[]>();
  const byName = new Map(opts.measures.map((m) => [m.name, m]));
  let served = 0;
  const answer = async (name: string, body: unknown) => {
    const m = byName.get(name)!;
    const k = served++;
    await m.raw(k, body);
    const bytes = answers.get(name)!;
    return bytes[k % bytes.length];
  };
  bare.get('/bare/:measure/:k', async (req, reply) => {
    const { measure } = req.params as { measure: string };
    return reply.type('application/json').send(await answer(decodeURIComponent(measure), null));
  });
  bare.post('/bare/:measure/:k', async (req, reply) => {
    const { measure } = req.params as { measure: string };
    return reply
      .status(201)
      .type('application/json')
      .send(await answer(decodeURIComponent(measure), req.body));
  });
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  const rows: HttpRow[] = [];
  for (const m of opts.measures) {
    const method = m.method ?? 'GET';
    // The API's own answers, as the bare route will send them back.
    const bytes: Buffer[] = [];
    for (const [k, p] of m.paths.slice(0, 20).entries()) {
      const body = m.bodies?.[k];
      const res = await fetch(new URL(p, opts.apiUrl), {
        method,
        headers: {
          ...(m.tokens.length ? { authorization: `Bearer ${m.tokens[0]}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body,
      });
      bytes.push(Buffer.from(await res.arrayBuffer()));
    }
    answers.set(m.name, bytes);
    const task = {
      url: opts.apiUrl,
      path: m.paths,
      method,
      tokens: m.tokens,
      concurrency: opts.clients,
      seconds: opts.seconds,
      bodies: m.bodies ?? [],
    };
    const slug = m.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const api = await profiled(opts.profile, `http-${slug}-${opts.kind}-${opts.size}`, () => load(task));
    served = 0;
    const barePaths = m.paths.map((_, k) => `/bare/${encodeURIComponent(m.name)}/${k}`);
    const bareRun = await load({ ...task, url: bareUrl, path: barePaths });
    const row: HttpRow = {
      name: m.name,
      api: {
        perSecond: api.result.perSecond,
        latency: api.result.latency,
        cpuMsPerRequest: api.result.cpuMsPerRequest,
        statuses: api.result.statuses,
      },
      bare: {
        perSecond: bareRun.perSecond,
        latency: bareRun.latency,
        cpuMsPerRequest: bareRun.cpuMsPerRequest,
      },
      ratio: api.result.perSecond / bareRun.perSecond,
      bytes: Math.round(bytes.reduce((s, b) => s + b.length, 0) / Math.max(1, bytes.length)),
      firstError: api.result.firstError,
      topFrames: api.frames,
    };
    rows.push(row);
    console.log(
      `  ${m.name}: ${Math.round(row.api.perSecond)} req/s (p95 ${row.api.latency.p95.toFixed(1)} ms, ` +
        `${row.api.cpuMsPerRequest.toFixed(2)} ms CPU) vs bare ${Math.round(row.bare.perSecond)} req/s ` +
        `(${row.bare.cpuMsPerRequest.toFixed(2)} ms CPU): ${row.ratio.toFixed(2)}x; ${row.bytes} bytes; ${JSON.stringify(row.api.statuses)}`,
    );
    if (row.firstError) console.log(`    first error: ${row.firstError}`);
    if (api.frames) {
      console.log(`    CPU profile ${path.relative(process.cwd(), api.file!)}; top frames (self time):`);
      for (const f of api.frames) console.log(`      ${f.selfPercent.toFixed(1).padStart(5)}%  ${f.frame}`);
    }
  }
  await bare.close();
  return rows;
}

export function printHttpTable(kind: DbKind, rows: HttpRow[], targets: Record<string, string>) {
  const head = [
    'over HTTP',
    'req/s',
    'p50',
    'p95',
    'CPU ms/req',
    'bare req/s',
    'bare CPU',
    'ratio',
    'bytes',
    'target',
  ];
  const lines = rows.map((r) => [
    r.name,
    Math.round(r.api.perSecond).toString(),
    r.api.latency.p50.toFixed(1),
    r.api.latency.p95.toFixed(1),
    r.api.cpuMsPerRequest.toFixed(2),
    Math.round(r.bare.perSecond).toString(),
    r.bare.cpuMsPerRequest.toFixed(2),
    `${r.ratio.toFixed(2)}x`,
    r.bytes.toString(),
    targets[`${kind}:${r.name}`] ?? '',
  ]);
  const all = [head, ...lines];
  const widths = head.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  for (const [i, l] of all.entries()) {
    console.log(l.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

/**
 * Where a CPU profile of the server (`--profile`) spent its time: the share of each part (the embedded
 * database's WebAssembly, the PostgreSQL driver, Fastify, the application, Node itself) and the frames
 * with the most time of their own.
 *
 *   npx tsx bench/src/profile-top.ts bench/results/http-get-one-lead-postgres-1000000.cpuprofile [--top 15]
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values: args, positionals } = parseArgs({
  options: { top: { type: 'string', default: '15' } },
  allowPositionals: true,
});

/** The part of the stack a frame belongs to, by where its code comes from. */
function partOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (url.startsWith('wasm')) return 'database (PGlite WebAssembly)';
  if (url.includes('/@electric-sql/')) return 'PGlite JavaScript';
  if (/\/node_modules\/(pg|pg-protocol|pg-types|postgres-[a-z]+)\//.test(url)) return 'PostgreSQL driver';
  if (/\/node_modules\/(fastify|@fastify|find-my-way|light-my-request|avvio)/.test(url)) return 'Fastify';
  if (url.includes('/node_modules/')) return 'other libraries';
  if (url.includes('/apps/') || url.includes('/packages/')) return 'Leadline';
  if (url.startsWith('node:') || url === '') return 'Node (runtime, sockets, JSON)';
  return 'other';
}

for (const file of positionals) {
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parts = new Map<string, number>();
  const frames = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    const part = partOf(frame);
    parts.set(part, (parts.get(part) ?? 0) + us);
    if (part === 'idle') return;
    busy += us;
    const where = frame.url ? `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    frames.set(name, (frames.get(name) ?? 0) + us);
  });
  const pct = (us: number) => `${((100 * us) / Math.max(1, busy)).toFixed(1)} %`;
  console.log(
    `${file}: ${(busy / 1000).toFixed(0)} ms busy, ${((parts.get('idle') ?? 0) / 1000).toFixed(0)} ms idle`,
  );
  for (const [part, us] of [...parts].filter(([p]) => p !== 'idle').sort((a, b) => b[1] - a[1]))
    console.log(`  ${pct(us).padStart(7)}  ${part}`);
  console.log('  frames with the most time of their own:');
  for (const [name, us] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top)))
    console.log(`  ${pct(us).padStart(7)}  ${name}`);
}

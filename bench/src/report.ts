/** Prints the results in bench/results/ as Markdown tables: `npx tsx bench/src/report.ts`. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { benchDir } from './databases';
import type { Summary } from './stats';

interface Measure {
  name: string;
  note?: string;
  service: Summary | null;
  baseline: Summary;
  ratioP95: number | null;
  perSecond?: number;
  baselinePerSecond?: number;
  verdict: string;
}
interface Result {
  db: string;
  size: number;
  at: string;
  reps: number;
  clients: number;
  peakRssMb: number;
  diskMb: number;
  machine: { cpus: number; loadAverage1m?: { start: number; end: number } };
  generated: { seconds: number; rowsPerSecond: number } | null;
  measures: Measure[];
  creates: { serverCpuMsPerCreate?: number };
}

const f = (v: number | undefined | null) =>
  v === undefined || v === null || Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(1) : Math.round(v).toString();

const dir = path.join(benchDir, 'results');
const sizeOf = (name: string) => Number(/-(\d+)\.json$/.exec(name)?.[1] ?? 0);
const files = (await readdir(dir))
  .filter((n) => /^[a-z]+-\d+\.json$/.test(n))
  .sort((a, b) => a.split('-')[0].localeCompare(b.split('-')[0]) || sizeOf(a) - sizeOf(b));
for (const file of files) {
  const r = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Result;
  const load = r.machine.loadAverage1m;
  console.log(`### ${r.db}, ${r.size.toLocaleString('en')} leads\n`);
  console.log(
    `${r.at.slice(0, 16).replace('T', ' ')} UTC, ${r.reps} repetitions, ${r.clients} HTTP clients` +
      (load
        ? `, load average ${load.start.toFixed(1)}–${load.end.toFixed(1)} on ${r.machine.cpus} cores`
        : '') +
      `. Peak RSS ${r.peakRssMb} MB${r.db === 'pglite' ? ' (database included)' : ''}, database on disk ${r.diskMb} MB` +
      (r.generated
        ? `; generated in ${Math.round(r.generated.seconds)} s (${Math.round(r.generated.rowsPerSecond).toLocaleString('en')} rows/s)`
        : '') +
      '.\n',
  );
  console.log('| measure | p50 ms | p95 ms | p99 ms | raw p50 | raw p95 | ratio p95 | target |');
  console.log('|---|--:|--:|--:|--:|--:|--:|---|');
  for (const m of r.measures) {
    const name =
      m.perSecond !== undefined
        ? `${m.name}: **${Math.round(m.perSecond)}/s** (raw INSERT ${Math.round(m.baselinePerSecond ?? 0)}/s` +
          (r.creates.serverCpuMsPerCreate
            ? `; ${f(r.creates.serverCpuMsPerCreate)} ms server CPU each)`
            : ')')
        : `${m.name}${m.note ? ` (${m.note})` : ''}`;
    console.log(
      `| ${name} | ${f(m.service?.p50)} | ${f(m.service?.p95)} | ${f(m.service?.p99)} | ${f(m.baseline.p50)} | ${f(m.baseline.p95)} | ${m.ratioP95 === null ? '–' : m.ratioP95.toFixed(2)} | ${m.verdict || ''} |`,
    );
  }
  console.log('');
}

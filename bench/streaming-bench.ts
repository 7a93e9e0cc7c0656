import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Streaming wordcount (awk mapper and reducer) against the built-in wordcount on the same
 * randomtextwriter corpus, in the same run; reports the time ratio and checks equal counts.
 * Usage: node dist/bench/streaming-bench.js [corpusMB=200]
 */
const HOME = path.resolve(__dirname, '..', '..');
const HADOOP = path.join(HOME, 'bin', 'hadoop');
const DATA = path.join(HOME, 'bench', 'data');
const MAPPER = `awk '{ for (i = 1; i <= NF; i++) print $i "\\t1" }'`;
const REDUCER = `awk -F'\\t' '$1 != w { if (n) print w "\\t" n; w = $1; n = 0 } { n += $2 } END { if (n) print w "\\t" n }'`;

function time(label: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [HADOOP, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr?.toString().slice(-2000)}`);
  console.log(`${label.padEnd(30)} ${secs.toFixed(2)} s`);
  return secs;
}

function counts(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('part-'))) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (line) m.set(line.split('\t')[0], line.split('\t')[1]);
    }
  }
  return m;
}

function main(): void {
  const mb = Number(process.argv[2] ?? 200);
  console.log(`# streaming benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, node ${process.version}`);
  const corpus = path.join(DATA, `corpus-${mb}mb`);
  if (!fs.existsSync(path.join(corpus, '_SUCCESS'))) {
    fs.rmSync(corpus, { recursive: true, force: true });
    execFileSync(process.execPath, [HADOOP, 'jar', 'examples', 'randomtextwriter', '-seed', '1', '-bytes', String(mb * 1048576), '-maps', '2', corpus], { stdio: 'ignore' });
  }
  const builtinOut = path.join(DATA, 'out-builtin');
  const streamingOut = path.join(DATA, 'out-streaming');
  fs.rmSync(builtinOut, { recursive: true, force: true });
  fs.rmSync(streamingOut, { recursive: true, force: true });
  const builtin = time('wordcount (built-in)', ['jar', 'examples', 'wordcount', corpus, builtinOut]);
  const streaming = time('wordcount (streaming, awk)', ['jar', 'streaming', '-input', corpus, '-output', streamingOut, '-mapper', MAPPER, '-reducer', REDUCER]);
  const same = JSON.stringify([...counts(builtinOut)].sort()) === JSON.stringify([...counts(streamingOut)].sort());
  console.log(`streaming / built-in time: ${(streaming / builtin).toFixed(2)}; same counts: ${same}`);
}

main();

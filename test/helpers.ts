import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const HADOOP_HOME = path.resolve(__dirname, '..', '..');
export const HADOOP_BIN = path.join(HADOOP_HOME, 'bin', 'hadoop');

export function tempDir(prefix = 'hadoop-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function rmrf(p: string): void {
  fs.rmSync(p, { recursive: true, force: true });
}

/** n bytes from a seeded linear congruential generator: the same bytes for the same seed. */
export function pseudoRandom(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/** The first file called `name` anywhere under the dirs (a replica's block file), or null. */
export function findFileUnder(dirs: string[], name: string): string | null {
  for (const dir of dirs) {
    const stack = [dir];
    while (stack.length) {
      const d = stack.pop()!;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) stack.push(p);
        else if (e.name === name) return p;
      }
    }
  }
  return null;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/hadoop as a real process; kills it if it outlives timeoutMs. */
export function runHadoop(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HADOOP_BIN, ...args], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** The reference word count: Hadoop's tokenizer rules, computed in the test itself. */
export function countWords(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) {
    for (const w of t.split(/[ \t\n\r\f]+/)) if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return counts;
}

/** Reads every part-r-* file of an output dir as `key\tvalue` lines into a map. */
export function readOutput(dir: string, prefix = 'part-'): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith(prefix)).sort()) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (line === '') continue;
      const tab = line.indexOf('\t');
      out.set(line.slice(0, tab), line.slice(tab + 1));
    }
  }
  return out;
}

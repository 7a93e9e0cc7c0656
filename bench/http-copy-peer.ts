import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';

/**
 * The least a Node program can do to move a file between two processes over HTTP: one stream,
 * no checksums, no NameNode, no replication. `put FILE OUT` streams FILE to a server process
 * that writes OUT; `get FILE` has the server stream FILE back to be discarded. dfs-bench times
 * it beside `hadoop fs -put/-get` so the figures show how far the DFS is from what Node's HTTP
 * can carry, next to how far both are from cp and cat.
 * Usage: node dist/bench/http-copy-peer.js put FILE OUT | get FILE
 */
const CHUNK = 1 << 20;

function serve(): void {
  const server = http.createServer((req, res) => {
    const file = String(req.headers['x-file']);
    if (req.method === 'PUT') {
      const out = fs.createWriteStream(file);
      req.pipe(out);
      out.on('finish', () => res.end('ok'));
    } else {
      fs.createReadStream(file, { highWaterMark: CHUNK }).pipe(res);
    }
  });
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
}

async function client(op: string, file: string, out: string): Promise<void> {
  const server = fork(__filename, ['serve'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => server.once('message', (p) => resolve(p as number)));
  await new Promise<void>((resolve, reject) => {
    const headers = { 'x-file': op === 'put' ? out : file };
    const req = http.request({ host: '127.0.0.1', port, method: op === 'put' ? 'PUT' : 'GET', headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', resolve);
    });
    req.on('error', reject);
    if (op === 'put') fs.createReadStream(file, { highWaterMark: CHUNK }).pipe(req);
    else req.end();
  });
  server.kill();
}

if (process.argv[2] === 'serve') serve();
else
  client(process.argv[2], process.argv[3], process.argv[4]).catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  });

import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { HadoopError } from '../../common/errors';
import { keepAliveAgent } from '../../common/http/rpc-client';
import type { Segment } from './ifile';
import type { ShuffleMemory } from './shuffle-memory';

/** One map output partition on a TaskTracker. */
export interface FetchTarget {
  /** host:port of the TaskTracker's HTTP server. */
  server: string;
  jobId: string;
  mapAttemptId: string;
  reduce: number;
}

export interface FetchedSegment {
  segment: Segment;
  /** Bytes on the wire and on disk (Map-Output-Length). */
  length: number;
  /** Raw-Map-Output-Length. */
  rawLength: number;
}

/** Hadoop's shuffle URL. */
export function mapOutputUrl(t: FetchTarget): string {
  const q = new URLSearchParams({ job: t.jobId, map: t.mapAttemptId, reduce: String(t.reduce) });
  return `http://${t.server}/mapOutput?${q.toString()}`;
}

/** Smallest IFile segment: the end marker (two one-byte vints) and the 4-byte CRC. */
const MIN_SEGMENT = 6;

/**
 * Fetches one map output partition into memory (if `memory` grants it) or into `file`, checking
 * the headers against the request and the segment's CRC32 as it arrives, so a damaged transfer
 * fails this fetch (and is retried) rather than the merge. Reading stalls for readTimeoutMs fail
 * the fetch too.
 */
export async function fetchSegment(t: FetchTarget, memory: ShuffleMemory, file: string, readTimeoutMs: number): Promise<FetchedSegment> {
  const url = mapOutputUrl(t);
  const controller = new AbortController();
  let idle: NodeJS.Timeout | null = null;
  const armIdle = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Error(`no data for ${readTimeoutMs} ms`)), readTimeoutMs);
  };
  armIdle();
  let body: Readable | null = null;
  try {
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(url, { agent: keepAliveAgent, signal: controller.signal }, resolve).on('error', reject);
    });
    body = res;
    if (res.statusCode !== 200) throw new HadoopError('MR_SHUFFLE_FETCH', `${url} answered ${res.statusCode}: ${await errorText(body)}`);
    const length = header(res.headers, 'map-output-length', url);
    const rawLength = header(res.headers, 'raw-map-output-length', url);
    const from = String(res.headers['from-map-task'] ?? '');
    const forReduce = String(res.headers['for-reduce-task'] ?? '');
    if (from !== t.mapAttemptId || forReduce !== String(t.reduce)) {
      throw new HadoopError('MR_SHUFFLE_FETCH', `${url} sent the output of ${from || '?'} for reduce ${forReduce || '?'}`);
    }
    if (length < MIN_SEGMENT) throw new HadoopError('MR_SHUFFLE_FETCH', `${url} announced a ${length}-byte segment`);
    const inMemory = memory.reserve(length);
    try {
      const segment = await receive(body, length, inMemory ? null : file, armIdle, url);
      return { segment, length, rawLength };
    } catch (e) {
      if (inMemory) memory.release(length);
      throw e;
    }
  } catch (e) {
    body?.destroy();
    if (controller.signal.aborted) {
      throw new HadoopError('MR_SHUFFLE_FETCH', `Fetching ${url} failed: ${(controller.signal.reason as Error).message}`);
    }
    if (e instanceof HadoopError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new HadoopError('MR_SHUFFLE_FETCH', `Fetching ${url} failed: ${code ?? (e as Error).message}`);
  } finally {
    if (idle) clearTimeout(idle);
  }
}

/** Reads exactly length bytes into a buffer, or into file when file is set; checks the CRC. */
async function receive(body: Readable, length: number, file: string | null, onData: () => void, url: string): Promise<Segment> {
  const crcEnd = length - 4;
  const tail = Buffer.alloc(4);
  const buf = file === null ? Buffer.allocUnsafe(length) : null;
  const out = file === null ? null : fs.createWriteStream(file);
  let writeError: Error | null = null;
  out?.on('error', (e) => (writeError ??= e));
  let received = 0;
  let crc = 0;
  try {
    for await (const c of body) {
      const chunk = c as Buffer;
      onData();
      if (received + chunk.length > length) throw new HadoopError('MR_SHUFFLE_FETCH', `${url} sent more than the ${length} bytes announced`);
      if (received < crcEnd) crc = zlib.crc32(chunk.subarray(0, Math.min(chunk.length, crcEnd - received)), crc);
      const tailFrom = Math.max(0, crcEnd - received);
      if (tailFrom < chunk.length) chunk.copy(tail, received + tailFrom - crcEnd, tailFrom);
      if (buf) chunk.copy(buf, received);
      else if (!out!.write(chunk)) await Promise.race([once(out!, 'drain'), once(out!, 'close')]);
      if (writeError) throw new HadoopError('MR_SHUFFLE_FETCH', `Cannot write ${file}: ${(writeError as Error).message}`);
      received += chunk.length;
    }
    if (received < length) throw new HadoopError('MR_SHUFFLE_FETCH', `${url} ended after ${received} of ${length} bytes`);
    if (tail.readUInt32BE(0) !== crc >>> 0) {
      throw new HadoopError('MR_SHUFFLE_FETCH', `${url} sent a corrupt segment (checksum mismatch: expected ${tail.readUInt32BE(0)}, computed ${crc >>> 0})`);
    }
    if (out) {
      out.end();
      await once(out, 'close');
      if (writeError) throw new HadoopError('MR_SHUFFLE_FETCH', `Cannot write ${file}: ${(writeError as Error).message}`);
      return { kind: 'file', path: file!, start: 0, length };
    }
    return { kind: 'memory', data: buf! };
  } catch (e) {
    if (out) {
      out.destroy();
      fs.rmSync(file!, { force: true });
    }
    throw e;
  }
}

function header(headers: Record<string, unknown>, name: string, url: string): number {
  const v = Number(headers[name]);
  if (!Number.isSafeInteger(v) || v < 0) throw new HadoopError('MR_SHUFFLE_FETCH', `${url} sent no valid ${name} header`);
  return v;
}

/** The message of a JSON error body (or its first bytes). */
async function errorText(body: Readable): Promise<string> {
  let text = '';
  for await (const c of body) {
    text += (c as Buffer).toString('utf8');
    if (text.length > 4096) break;
  }
  try {
    const j = JSON.parse(text) as { error?: { message?: string } };
    if (j.error?.message) return j.error.message;
  } catch {
    // not JSON: show it as it is
  }
  return text.slice(0, 200);
}

import * as http from 'node:http';
import { HadoopError } from '../errors';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Calls a daemon's JSON endpoints over keep-alive HTTP. A JSON error from the daemon comes back
 * as a HadoopError with the daemon's code; an unreachable daemon (or one that does not answer
 * within the timeout) as RPC_UNREACHABLE naming what could not be reached. Built on node:http
 * (no HTTP library to load: every CLI command starts through here).
 */
export class RpcClient {
  private readonly host: string;
  private readonly port: number;

  constructor(
    readonly address: string,
    readonly role: string,
    private readonly timeoutMs = 60000,
  ) {
    const i = address.lastIndexOf(':');
    this.host = address.slice(0, i).replace(/^\[(.*)\]$/, '$1');
    this.port = Number(address.slice(i + 1));
  }

  call<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, Buffer.from(JSON.stringify(body ?? {})));
  }

  get<T>(path: string, params: Record<string, string | number | boolean> = {}): Promise<T> {
    const q = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return this.request<T>('GET', q ? `${path}?${q}` : path, null);
  }

  private request<T>(method: string, path: string, body: Buffer | null): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(e);
      };
      const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
      if (body) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = body.length;
      }
      const req = http.request({ host: this.host, port: this.port, method, path, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => fail(this.unreachable((e as NodeJS.ErrnoException).code ?? e.message)));
        // the connection dropped before the answer was whole
        res.on('close', () => {
          if (!res.complete) fail(this.unreachable('ECONNRESET'));
        });
        res.on('end', () => {
          if (settled) return;
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = text;
          try {
            data = text === '' ? '' : JSON.parse(text);
          } catch {
            // not JSON: kept as text
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            settled = true;
            clearTimeout(timer);
            resolve(data as T);
            return;
          }
          const remote = (data as { error?: { code?: string; message?: string } } | null)?.error;
          if (remote?.code && remote.message) fail(new HadoopError(remote.code, remote.message));
          else fail(new HadoopError('RPC_FAILED', `${this.role} at ${this.address} answered ${status}`));
        });
      });
      // a daemon that does not answer in time is as good as unreachable (the code axios used)
      const timer = setTimeout(() => {
        fail(this.unreachable('ECONNABORTED'));
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => fail(this.unreachable(e.code ?? e.message)));
      req.end(body ?? undefined);
    });
  }

  private unreachable(code: string): HadoopError {
    return new HadoopError('RPC_UNREACHABLE', `Cannot reach the ${this.role} at ${this.address}: ${code}`);
  }
}

export const keepAliveAgent = agent;

import axios, { AxiosError, AxiosInstance } from 'axios';
import * as http from 'node:http';
import { HadoopError } from '../errors';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Calls a daemon's JSON endpoints over keep-alive HTTP (axios). A JSON error from the daemon
 * comes back as a HadoopError with the daemon's code; an unreachable daemon as RPC_UNREACHABLE
 * naming what could not be reached.
 */
export class RpcClient {
  private readonly http: AxiosInstance;

  constructor(
    readonly address: string,
    readonly role: string,
    timeoutMs = 60000,
  ) {
    this.http = axios.create({ baseURL: `http://${address}`, httpAgent: agent, timeout: timeoutMs, maxBodyLength: Infinity, maxContentLength: Infinity });
  }

  async call<T>(path: string, body: unknown = {}): Promise<T> {
    try {
      const res = await this.http.post<T>(path, body);
      return res.data;
    } catch (e) {
      throw rpcError(e, this.role, this.address);
    }
  }

  async get<T>(path: string, params: Record<string, string | number | boolean> = {}): Promise<T> {
    try {
      const res = await this.http.get<T>(path, { params });
      return res.data;
    } catch (e) {
      throw rpcError(e, this.role, this.address);
    }
  }
}

export function rpcError(e: unknown, role: string, address: string): Error {
  const err = e as AxiosError<{ error?: { code?: string; message?: string } }>;
  const remote = err.response?.data?.error;
  if (remote?.code && remote.message) return new HadoopError(remote.code, remote.message);
  if (err.response) return new HadoopError('RPC_FAILED', `${role} at ${address} answered ${err.response.status}`);
  const code = err.code ?? (err.cause as NodeJS.ErrnoException | undefined)?.code;
  return new HadoopError('RPC_UNREACHABLE', `Cannot reach the ${role} at ${address}: ${code ?? err.message}`);
}

export const keepAliveAgent = agent;

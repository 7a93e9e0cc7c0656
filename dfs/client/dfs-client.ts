import { randomBytes } from 'node:crypto';
import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { RpcClient } from '../../common/http/rpc-client';
import { getLog } from '../../common/log';
import type { ClientMethod, ClientProtocol } from '../protocol/client-protocol';

const log = getLog('hdfs.DFSClient');

/**
 * The client side of HDFS: ClientProtocol calls to the NameNode under one client name, and the
 * lease renewer that keeps this client's files open for write while it lives (every
 * dfs.lease.softlimit.ms / 2, only while some file is open for write, like Hadoop's LeaseRenewer).
 */
export class DFSClient {
  readonly clientName = `DFSClient_${randomBytes(6).toString('hex')}`;
  readonly namenode: RpcClient;
  /** DataNodes that refused this client short-circuit reads (dfs.block.local-path-access.user). */
  readonly noLocalReads = new Set<string>();
  private openWriters = 0;
  private renewTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly conf: Configuration,
    /** host:port of the NameNode */
    readonly nameNodeAddress: string,
  ) {
    this.namenode = new RpcClient(nameNodeAddress, 'NameNode');
  }

  /** One ClientProtocol call: `POST /rpc/<method>` with the request as its JSON body. */
  call<M extends ClientMethod>(method: M, req: ClientProtocol[M]['req']): Promise<ClientProtocol[M]['res']> {
    return this.namenode.call<ClientProtocol[M]['res']>(`/rpc/${method}`, req);
  }

  /** A writer opened a file: renew the lease from now on. */
  beginWrite(): void {
    if (this.closed) throw new HadoopError('DFS_CLIENT_CLOSED', `${this.clientName} is closed`);
    this.openWriters++;
    if (this.renewTimer) return;
    const period = Math.max(50, Math.floor(this.conf.getLong('dfs.lease.softlimit.ms') / 2));
    this.renewTimer = setInterval(() => this.renew(), period);
    // like Hadoop's daemon thread: renewing alone never keeps a process alive
    this.renewTimer.unref();
  }

  /** A writer closed (or failed): stop renewing once no file is open for write. */
  endWrite(): void {
    this.openWriters = Math.max(0, this.openWriters - 1);
    if (this.openWriters === 0 && this.renewTimer) {
      clearInterval(this.renewTimer);
      this.renewTimer = null;
    }
  }

  private renew(): void {
    this.call('renewLease', { clientName: this.clientName }).catch((e: unknown) => {
      log.warn(`Failed to renew lease for ${this.clientName}: ${(e as Error).message}`);
    });
  }

  close(): void {
    this.closed = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }
}

/** host:port of an hdfs:// authority, port 8020 when omitted. */
export function nameNodeAddressOf(authority: string | null): string {
  if (!authority) throw new HadoopError('FS_INVALID_ARGUMENT', 'An hdfs:// URI needs a NameNode host, e.g. hdfs://localhost:8020/');
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority);
  if (!m) throw new HadoopError('FS_INVALID_ARGUMENT', `Bad NameNode address in hdfs://${authority}`);
  return `${m[1]}:${m[2] ?? '8020'}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

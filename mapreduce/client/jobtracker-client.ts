import type { Configuration } from '../../common/conf/configuration';
import { HadoopError } from '../../common/errors';
import { RpcClient } from '../../common/http/rpc-client';
import type { JobTrackerMethod, JobTrackerProtocol } from '../protocol/jobtracker-protocol';

/** A typed caller of JobTrackerProtocol (`POST /rpc/<method>`) for the JobClient, `hadoop job` and tests. */
export class JobTrackerClient {
  private readonly rpc: RpcClient;

  constructor(
    readonly address: string,
    timeoutMs = 60000,
  ) {
    this.rpc = new RpcClient(address, 'JobTracker', timeoutMs);
  }

  /** The JobTracker of mapred.job.tracker; a clear error when the conf says `local`. */
  static fromConf(conf: Configuration): JobTrackerClient {
    const address = conf.get('mapred.job.tracker', 'local').trim();
    if (address === 'local') {
      throw new HadoopError('MR_NO_JOBTRACKER', 'mapred.job.tracker is local: set it to the JobTracker host:port (or use -jt host:port)');
    }
    if (!/^[^:\s/]+:\d+$/.test(address)) {
      throw new HadoopError('CONF_BAD_VALUE', `Invalid value for mapred.job.tracker: '${address}' is not host:port`);
    }
    return new JobTrackerClient(address);
  }

  call<M extends JobTrackerMethod>(method: M, req: JobTrackerProtocol[M]['req']): Promise<JobTrackerProtocol[M]['res']> {
    return this.rpc.call<JobTrackerProtocol[M]['res']>(`/rpc/${method}`, req);
  }
}

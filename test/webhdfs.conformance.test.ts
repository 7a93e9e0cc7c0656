import { Configuration } from '../common/conf/configuration';
import { WebHdfsFileSystem } from '../dfs/client/webhdfs-file-system';
import { fileSystemConformance } from './conformance/filesystem.suite';
import { daemonsAvailable, startMiniCluster } from './dfs-harness';

/** The shared FileSystem contract on webhdfs://, through a real NameNode's and DataNode's REST API. */
if (!daemonsAvailable()) describe.skip('FileSystem conformance: webhdfs:// (needs the NameNode and DataNode built)', () => undefined);
else fileSystemConformance('webhdfs:// (WebHdfsFileSystem on a minicluster)', async () => {
  const cluster = await startMiniCluster({ datanodes: 1, conf: { 'dfs.replication': '1', 'dfs.webhdfs.enabled': 'true' } });
  const web = cluster.details.daemons.find((d) => d.role === 'namenode')!.httpAddress;
  const fs = new WebHdfsFileSystem(`webhdfs://${web}/`, new Configuration({ confDir: cluster.confDir }));
  return {
    fs,
    root: '/conformance',
    cleanup: async () => {
      await fs.close();
      await cluster.stop();
    },
  };
});

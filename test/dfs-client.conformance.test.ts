import { fileSystemConformance } from './conformance/filesystem.suite';
import { daemonsAvailable, startMiniCluster } from './dfs-harness';

/** The shared FileSystem contract on hdfs://, against a real NameNode and DataNode. */
if (!daemonsAvailable()) describe.skip('FileSystem conformance: hdfs:// (needs the NameNode and DataNode built)', () => undefined);
else fileSystemConformance('hdfs:// (DistributedFileSystem on a minicluster)', async () => {
  const cluster = await startMiniCluster({ datanodes: 1, conf: { 'dfs.replication': '1' } });
  return {
    fs: cluster.fs,
    root: '/conformance',
    cleanup: () => cluster.stop(),
  };
});

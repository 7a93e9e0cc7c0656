import type { Configuration } from '../common/conf/configuration';
import { HadoopError } from '../common/errors';
import { FileSystem, Path } from '../common/fs/index';
import { LongWritable, Text } from '../common/io/writables';
import type { MapContext, ReduceContext } from '../mapreduce/api/context';
import { Job } from '../mapreduce/api/job';
import { Mapper } from '../mapreduce/api/mapper';
import { Reducer } from '../mapreduce/api/reducer';
import { FileInputFormat } from '../mapreduce/lib/input/file-input-format';
import { KeyValueTextInputFormat } from '../mapreduce/lib/input/key-value-text-input-format';
import { FileOutputFormat } from '../mapreduce/lib/output/file-output-format';

/**
 * Iterative PageRank, one MapReduce job per iteration.
 *
 * The graph: every node named in an edge line `src dst` (whitespace-separated; other lines are
 * counted as PageRank/MALFORMED_LINES and skipped); repeated edges count once; a self-loop is an
 * ordinary edge. N is the number of nodes, d = 0.85, every rank starts at 1/N, and an iteration
 * computes
 *
 *     rank'(n) = (1 - d) / N + d * (sum over edges m->n of rank(m) / outdegree(m) + D / N)
 *
 * where D is the total rank of the dangling nodes (no out-edges): their rank is spread evenly
 * over all nodes, so the ranks always sum to 1.
 *
 * A first job builds the adjacency lists (`node<TAB><TAB>n1 n2 ...`) and counts the nodes and
 * dangling nodes; each iteration reads `node<TAB>rank<TAB>adjacency` lines, and its reduces add
 * up D for the next one in a counter (in units of 1e-15). The intermediate directories are
 * removed at the end; the last iteration writes `node<TAB>rank` (6 decimals), sorted by node.
 */
export const description =
  'Iterative PageRank of an edge list (d=0.85; dangling nodes spread their rank over all nodes).';

const DAMPING = 0.85;
const KEYS = {
  nodes: 'pagerank.nodes',
  dangling: 'pagerank.dangling.mass',
  final: 'pagerank.final',
};
const GROUP = 'PageRank';
const NODES = 'NODES';
const DANGLING_NODES = 'DANGLING_NODES';
/** The dangling mass, as an integer counter, in units of DANGLING_SCALE. */
const DANGLING_MASS = 'DANGLING_MASS_E15';
const DANGLING_SCALE = 1e15;
/** Marks the adjacency record of a node among the rank contributions sent to it. */
const ADJACENCY = '#';

/** Builds the graph: (src, dst) for each edge and (dst, nothing) so nodes without out-edges exist. */
export class EdgeMapper extends Mapper<LongWritable, Text, Text, Text> {
  private readonly node = new Text();
  private readonly target = new Text();

  override async map(_key: LongWritable, line: Text, context: MapContext<Text, Text>): Promise<void> {
    const tokens = line.toString().split(/[ \t\n\r\f]+/).filter((t) => t !== '');
    if (tokens.length === 0) return;
    if (tokens.length !== 2) {
      context.getCounter(GROUP, 'MALFORMED_LINES').increment(1);
      return;
    }
    await context.write(this.node.set(tokens[0]), this.target.set(tokens[1]));
    await context.write(this.node.set(tokens[1]), this.target.set(''));
  }
}

/** `node<TAB><TAB>targets`: no rank yet (an iteration reads an empty rank as 1/N). */
export class AdjacencyReducer extends Reducer<Text, Text, Text, Text> {
  private readonly out = new Text();

  override async reduce(node: Text, values: AsyncIterable<Text>, context: ReduceContext<Text, Text>): Promise<void> {
    const targets = new Set<string>();
    for await (const v of values) {
      const t = v.toString();
      if (t !== '') targets.add(t);
    }
    context.getCounter(GROUP, NODES).increment(1);
    if (targets.size === 0) context.getCounter(GROUP, DANGLING_NODES).increment(1);
    await context.write(node, this.out.set(`\t${[...targets].join(' ')}`));
  }
}

/** Sends rank / outdegree along each out-edge, and the adjacency list to the node itself. */
export class RankMapper extends Mapper<Text, Text, Text, Text> {
  private readonly target = new Text();
  private readonly out = new Text();

  override async map(node: Text, value: Text, context: MapContext<Text, Text>): Promise<void> {
    const line = value.toString();
    const tab = line.indexOf('\t');
    const rankField = tab < 0 ? line : line.slice(0, tab);
    const adjacency = tab < 0 ? '' : line.slice(tab + 1);
    const rank = rankField === '' ? 1 / context.getConfiguration().getLong(KEYS.nodes) : Number(rankField);
    await context.write(node, this.out.set(ADJACENCY + adjacency));
    if (adjacency === '') return;
    const targets = adjacency.split(' ');
    const share = String(rank / targets.length);
    this.out.set(share);
    for (const t of targets) await context.write(this.target.set(t), this.out);
  }
}

/**
 * Adds up a node's contributions into its new rank and writes `node<TAB>rank<TAB>adjacency`, or
 * `node<TAB>rank` with 6 decimals in the last iteration. Adds the new rank of each dangling node
 * to the DANGLING_MASS counter, for the next iteration.
 */
export class RankReducer extends Reducer<Text, Text, Text, Text> {
  private readonly out = new Text();

  override async reduce(node: Text, values: AsyncIterable<Text>, context: ReduceContext<Text, Text>): Promise<void> {
    const conf = context.getConfiguration();
    const n = conf.getLong(KEYS.nodes);
    const dangling = Number(conf.get(KEYS.dangling, '0'));
    let sum = 0;
    let adjacency: string | null = null;
    for await (const v of values) {
      const s = v.toString();
      if (s.startsWith(ADJACENCY)) adjacency = s.slice(ADJACENCY.length);
      else sum += Number(s);
    }
    if (adjacency === null) throw new HadoopError('MR_BAD_INPUT', `Rank sent to ${node}, which is not in the graph`);
    const rank = (1 - DAMPING) / n + DAMPING * (sum + dangling / n);
    if (adjacency === '') context.getCounter(GROUP, DANGLING_MASS).increment(Math.round(rank * DANGLING_SCALE));
    const r = conf.getBoolean(KEYS.final, false) ? rank.toFixed(6) : `${rank}\t${adjacency}`;
    await context.write(node, this.out.set(r));
  }
}

function positiveInt(s: string | undefined): number | null {
  return s !== undefined && /^\d+$/.test(s) && Number(s) > 0 && Number(s) <= 1e6 ? Number(s) : null;
}

export async function main(args: string[], conf: Configuration): Promise<number> {
  const iterations = positiveInt(args[2]);
  if (args.length !== 3 || iterations === null) {
    process.stderr.write('Usage: pagerank <edges> <out> <iterations>\n');
    return 2;
  }
  const [edges, output] = args;
  const tmpDir = new Path(`pagerank-temp-${Math.floor(Math.random() * 2147483647)}`);
  const fs = FileSystem.get(conf, tmpDir);
  try {
    const graph = Job.getInstance(conf, 'pagerank-graph');
    graph.setJarByClass(EdgeMapper);
    graph.setMapperClass(EdgeMapper);
    graph.setReducerClass(AdjacencyReducer);
    graph.setOutputKeyClass(Text);
    graph.setOutputValueClass(Text);
    FileInputFormat.setInputPaths(graph, edges);
    let previous = new Path(tmpDir, 'graph');
    FileOutputFormat.setOutputPath(graph, previous);
    // refuse an existing output before any work, as a single job would
    const out = new Path(output);
    if (await FileSystem.get(conf, out).exists(out)) {
      throw new HadoopError('MR_OUTPUT_EXISTS', `Output directory ${FileSystem.get(conf, out).makeQualified(out)} already exists`);
    }
    if (!(await graph.waitForCompletion(true))) return 1;
    const counters = graph.getCounters();
    const nodes = counters.value(GROUP, NODES);
    if (nodes === 0) throw new HadoopError('MR_EMPTY_INPUT', `No edges in ${edges}`);
    let dangling = counters.value(GROUP, DANGLING_NODES) / nodes;

    for (let i = 1; i <= iterations; i++) {
      const last = i === iterations;
      const job = Job.getInstance(conf, `pagerank-iteration-${i}`);
      job.setJarByClass(RankMapper);
      job.setInputFormatClass(KeyValueTextInputFormat);
      job.setMapperClass(RankMapper);
      job.setReducerClass(RankReducer);
      job.setOutputKeyClass(Text);
      job.setOutputValueClass(Text);
      const jc = job.getConfiguration();
      jc.set(KEYS.nodes, nodes);
      jc.set(KEYS.dangling, String(dangling));
      jc.set(KEYS.final, last);
      FileInputFormat.setInputPaths(job, previous);
      const next = last ? out : new Path(tmpDir, `iteration-${i}`);
      FileOutputFormat.setOutputPath(job, next);
      if (!(await job.waitForCompletion(true))) return 1;
      dangling = job.getCounters().value(GROUP, DANGLING_MASS) / DANGLING_SCALE;
      await fs.delete(previous, true);
      previous = next;
    }
    return 0;
  } finally {
    await fs.delete(tmpDir, true);
  }
}

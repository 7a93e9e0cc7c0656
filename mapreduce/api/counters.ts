/**
 * Counters in Hadoop's groups and names. Built-in groups print with Hadoop 1's display names
 * (note the trailing spaces Hadoop has in some of them); user groups print as named.
 */
export const TaskCounter = {
  group: 'org.apache.hadoop.mapreduce.TaskCounter',
  MAP_INPUT_RECORDS: 'MAP_INPUT_RECORDS',
  MAP_OUTPUT_RECORDS: 'MAP_OUTPUT_RECORDS',
  MAP_OUTPUT_BYTES: 'MAP_OUTPUT_BYTES',
  MAP_OUTPUT_MATERIALIZED_BYTES: 'MAP_OUTPUT_MATERIALIZED_BYTES',
  SPLIT_RAW_BYTES: 'SPLIT_RAW_BYTES',
  COMBINE_INPUT_RECORDS: 'COMBINE_INPUT_RECORDS',
  COMBINE_OUTPUT_RECORDS: 'COMBINE_OUTPUT_RECORDS',
  REDUCE_INPUT_GROUPS: 'REDUCE_INPUT_GROUPS',
  REDUCE_SHUFFLE_BYTES: 'REDUCE_SHUFFLE_BYTES',
  REDUCE_INPUT_RECORDS: 'REDUCE_INPUT_RECORDS',
  REDUCE_OUTPUT_RECORDS: 'REDUCE_OUTPUT_RECORDS',
  SPILLED_RECORDS: 'SPILLED_RECORDS',
  CPU_MILLISECONDS: 'CPU_MILLISECONDS',
  PHYSICAL_MEMORY_BYTES: 'PHYSICAL_MEMORY_BYTES',
  COMMITTED_HEAP_BYTES: 'COMMITTED_HEAP_BYTES',
} as const;

export const JobCounter = {
  group: 'org.apache.hadoop.mapreduce.JobCounter',
  TOTAL_LAUNCHED_MAPS: 'TOTAL_LAUNCHED_MAPS',
  TOTAL_LAUNCHED_REDUCES: 'TOTAL_LAUNCHED_REDUCES',
  DATA_LOCAL_MAPS: 'DATA_LOCAL_MAPS',
  RACK_LOCAL_MAPS: 'RACK_LOCAL_MAPS',
  NUM_FAILED_MAPS: 'NUM_FAILED_MAPS',
  NUM_FAILED_REDUCES: 'NUM_FAILED_REDUCES',
  NUM_KILLED_MAPS: 'NUM_KILLED_MAPS',
  NUM_KILLED_REDUCES: 'NUM_KILLED_REDUCES',
  SLOTS_MILLIS_MAPS: 'SLOTS_MILLIS_MAPS',
  SLOTS_MILLIS_REDUCES: 'SLOTS_MILLIS_REDUCES',
} as const;

export const FileSystemCounterGroup = 'FileSystemCounters';
export const FileInputFormatCounter = {
  group: 'org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter',
  BYTES_READ: 'BYTES_READ',
} as const;
export const FileOutputFormatCounter = {
  group: 'org.apache.hadoop.mapreduce.lib.output.FileOutputFormatCounter',
  BYTES_WRITTEN: 'BYTES_WRITTEN',
} as const;

const GROUP_DISPLAY: Record<string, string> = {
  [TaskCounter.group]: 'Map-Reduce Framework',
  [JobCounter.group]: 'Job Counters ',
  [FileSystemCounterGroup]: 'FileSystemCounters',
  [FileInputFormatCounter.group]: 'File Input Format Counters ',
  [FileOutputFormatCounter.group]: 'File Output Format Counters ',
};

const COUNTER_DISPLAY: Record<string, string> = {
  MAP_INPUT_RECORDS: 'Map input records',
  MAP_OUTPUT_RECORDS: 'Map output records',
  MAP_OUTPUT_BYTES: 'Map output bytes',
  MAP_OUTPUT_MATERIALIZED_BYTES: 'Map output materialized bytes',
  COMBINE_INPUT_RECORDS: 'Combine input records',
  COMBINE_OUTPUT_RECORDS: 'Combine output records',
  REDUCE_INPUT_GROUPS: 'Reduce input groups',
  REDUCE_SHUFFLE_BYTES: 'Reduce shuffle bytes',
  REDUCE_INPUT_RECORDS: 'Reduce input records',
  REDUCE_OUTPUT_RECORDS: 'Reduce output records',
  SPILLED_RECORDS: 'Spilled Records',
  CPU_MILLISECONDS: 'CPU time spent (ms)',
  PHYSICAL_MEMORY_BYTES: 'Physical memory (bytes) snapshot',
  COMMITTED_HEAP_BYTES: 'Total committed heap usage (bytes)',
  TOTAL_LAUNCHED_MAPS: 'Launched map tasks',
  TOTAL_LAUNCHED_REDUCES: 'Launched reduce tasks',
  DATA_LOCAL_MAPS: 'Data-local map tasks',
  RACK_LOCAL_MAPS: 'Rack-local map tasks',
  NUM_FAILED_MAPS: 'Failed map tasks',
  NUM_FAILED_REDUCES: 'Failed reduce tasks',
  NUM_KILLED_MAPS: 'Killed map tasks',
  NUM_KILLED_REDUCES: 'Killed reduce tasks',
  BYTES_READ: 'Bytes Read',
  BYTES_WRITTEN: 'Bytes Written',
};

export class Counter {
  constructor(
    readonly group: string,
    readonly name: string,
    public value = 0,
  ) {}
  increment(n = 1): void {
    this.value += n;
  }
  getValue(): number {
    return this.value;
  }
  setValue(v: number): void {
    this.value = v;
  }
  getDisplayName(): string {
    return GROUP_DISPLAY[this.group] !== undefined ? (COUNTER_DISPLAY[this.name] ?? this.name) : this.name;
  }
}

export type CountersJSON = Record<string, Record<string, number>>;

export class Counters {
  private readonly groups = new Map<string, Map<string, Counter>>();

  findCounter(group: string, name: string): Counter {
    let g = this.groups.get(group);
    if (!g) {
      g = new Map();
      this.groups.set(group, g);
    }
    let c = g.get(name);
    if (!c) {
      c = new Counter(group, name);
      g.set(name, c);
    }
    return c;
  }

  /** The value, or 0 for a counter never touched. */
  value(group: string, name: string): number {
    return this.groups.get(group)?.get(name)?.value ?? 0;
  }

  incrAll(other: Counters | CountersJSON): void {
    const json = other instanceof Counters ? other.toJSON() : other;
    for (const [g, names] of Object.entries(json)) {
      for (const [n, v] of Object.entries(names)) this.findCounter(g, n).increment(v);
    }
  }

  size(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.size;
    return n;
  }

  groupNames(): string[] {
    return [...this.groups.keys()];
  }

  counters(group: string): Counter[] {
    return [...(this.groups.get(group)?.values() ?? [])];
  }

  static groupDisplayName(group: string): string {
    return GROUP_DISPLAY[group] ?? group;
  }

  toJSON(): CountersJSON {
    const out: CountersJSON = {};
    for (const [g, names] of this.groups) {
      out[g] = {};
      for (const [n, c] of names) out[g][n] = c.value;
    }
    return out;
  }

  static fromJSON(json: CountersJSON): Counters {
    const c = new Counters();
    c.incrAll(json);
    return c;
  }

  /** Hadoop's console block: `Counters: N`, groups indented 2, counters 4 as Name=value. */
  format(): string[] {
    const lines = [`Counters: ${this.size()}`];
    const order = [
      JobCounter.group,
      FileOutputFormatCounter.group,
      FileSystemCounterGroup,
      FileInputFormatCounter.group,
      TaskCounter.group,
    ];
    const groups = [...order.filter((g) => this.groups.has(g)), ...[...this.groups.keys()].filter((g) => !order.includes(g))];
    for (const g of groups) {
      lines.push(`  ${Counters.groupDisplayName(g)}`);
      for (const c of this.groups.get(g)!.values()) lines.push(`    ${c.getDisplayName()}=${c.value}`);
    }
    return lines;
  }
}

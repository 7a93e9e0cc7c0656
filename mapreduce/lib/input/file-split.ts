import { Path } from '../../../common/fs';
import { HadoopError } from '../../../common/errors';
import type { InputSplit } from '../../api/input-format';

export interface FileSplitJSON {
  path: string;
  start: number;
  length: number;
  hosts: string[];
}

/** A byte range of one file: the split every FileInputFormat hands out. */
export class FileSplit implements InputSplit {
  constructor(
    readonly path: Path,
    readonly start: number,
    readonly length: number,
    readonly hosts: string[] = [],
  ) {}

  getPath(): Path {
    return this.path;
  }
  getStart(): number {
    return this.start;
  }
  getLength(): number {
    return this.length;
  }
  getLocations(): string[] {
    return this.hosts;
  }

  toJSON(): FileSplitJSON {
    return { path: this.path.toString(), start: this.start, length: this.length, hosts: [...this.hosts] };
  }

  static fromJSON(json: object): FileSplit {
    const j = json as Partial<FileSplitJSON>;
    if (typeof j.path !== 'string' || typeof j.start !== 'number' || typeof j.length !== 'number') {
      throw new HadoopError('MR_BAD_SPLIT', `Not a file split: ${JSON.stringify(json)}`);
    }
    return new FileSplit(new Path(j.path), j.start, j.length, Array.isArray(j.hosts) ? j.hosts.map(String) : []);
  }

  /** Hadoop's `path:start+length`, the form task logs show. */
  toString(): string {
    return `${this.path}:${this.start}+${this.length}`;
  }
}

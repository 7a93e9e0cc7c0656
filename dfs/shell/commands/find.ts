import { componentRegExp, expandBraces } from '../../../common/fs/glob';
import { Command, UsageError } from '../command';
import type { PathData } from '../path-data';

type Test = (item: PathData) => boolean;

/**
 * `-find <path> ... <expression> ...`: walks each path (itself included) and applies the
 * expression, primaries joined by an implied AND: `-name`/`-iname PATTERN` (a glob on the last
 * component), `-print`, `-print0`, `-a`/`-and`. Without an action, -print is implied.
 */
export class Find extends Command {
  static readonly usage: string = '<path> ... <expression> ...';
  static readonly description: string =
    'Finds all files that match the specified expression and applies selected actions to them. If no ' +
    '<path> is specified then defaults to the current working directory. If no expression is specified ' +
    'then defaults to -print.\n\n' +
    'The following primary expressions are recognised:\n' +
    '  -name pattern\n  -iname pattern\n' +
    '    Evaluates as true if the basename of the file matches the pattern using standard file system ' +
    'globbing. If -iname is used then the match is case insensitive.\n\n' +
    '  -print\n  -print0\n' +
    '    Always evaluates to true. Causes the current pathname to be written to standard output followed ' +
    'by a newline. If the -print0 expression is used then an ASCII NULL character is appended rather ' +
    'than a newline.\n\n' +
    'The following operators are recognised:\n' +
    '  expression -a expression\n  expression -and expression\n  expression expression\n' +
    '    Logical AND operator for joining two expressions.';

  private steps: Array<{ test?: Test; print?: string }> = [];

  protected processOptions(args: string[]): void {
    const first = args.findIndex((a) => a.startsWith('-') && a !== '-');
    const expr = first < 0 ? [] : args.splice(first);
    if (args.length === 0) args.push('.');
    let hasAction = false;
    for (let i = 0; i < expr.length; i++) {
      const a = expr[i];
      if (a === '-a' || a === '-and') continue;
      if (a === '-print' || a === '-print0') {
        this.steps.push({ print: a === '-print' ? '\n' : '\0' });
        hasAction = true;
      } else if (a === '-name' || a === '-iname') {
        const pattern = expr[++i];
        if (pattern === undefined) throw new UsageError(`Missing argument to ${a}`);
        this.steps.push({ test: nameTest(pattern, a === '-iname') });
      } else {
        throw new UsageError(`Unexpected argument: ${a}`);
      }
    }
    if (!hasAction) this.steps.push({ print: '\n' });
    this.recursive = true;
  }

  protected async processPath(item: PathData): Promise<void> {
    for (const step of this.steps) {
      if (step.test && !step.test(item)) return;
      if (step.print !== undefined) await this.out(item.display + step.print);
    }
  }
}

function nameTest(pattern: string, ignoreCase: boolean): Test {
  const res = expandBraces(ignoreCase ? pattern.toLowerCase() : pattern).map((p) => componentRegExp(p));
  return (item) => {
    const name = ignoreCase ? item.path.getName().toLowerCase() : item.path.getName();
    return res.some((re) => re.test(name));
  };
}

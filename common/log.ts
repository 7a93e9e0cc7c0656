/**
 * Log lines in Hadoop's console layout (`%d{yy/MM/dd HH:mm:ss} %p %c{2}: %m`), written to stderr
 * so that stdout stays clean for command output (`hadoop fs -cat`).
 */
export type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

const ORDER: Record<Level, number> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 };
let threshold: Level = (process.env.HADOOP_ROOT_LOGGER?.split(',')[0] as Level) || 'INFO';
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n');

export function setLogLevel(level: Level): void {
  threshold = level;
}

export function setLogSink(fn: (line: string) => void): void {
  sink = fn;
}

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

export function timestamp(d = new Date()): string {
  return (
    `${two(d.getFullYear() % 100)}/${two(d.getMonth() + 1)}/${two(d.getDate())} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
  );
}

export class Log {
  constructor(readonly category: string) {}
  private emit(level: Level, msg: string): void {
    if (ORDER[level] < ORDER[threshold]) return;
    sink(`${timestamp()} ${level} ${this.category}: ${msg}`);
  }
  debug(msg: string): void {
    this.emit('DEBUG', msg);
  }
  info(msg: string): void {
    this.emit('INFO', msg);
  }
  warn(msg: string): void {
    this.emit('WARN', msg);
  }
  error(msg: string): void {
    this.emit('ERROR', msg);
  }
}

export function getLog(category: string): Log {
  return new Log(category);
}

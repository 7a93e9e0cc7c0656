import type { MapContext } from './context';

/** Hadoop's Mapper: setup once, map per input record, cleanup once. The default map is identity. */
export class Mapper<KI = unknown, VI = unknown, KO = unknown, VO = unknown> {
  setup(_context: MapContext<KO, VO>): void | Promise<void> {}

  map(key: KI, value: VI, context: MapContext<KO, VO>): void | Promise<void> {
    return context.write(key as unknown as KO, value as unknown as VO);
  }

  cleanup(_context: MapContext<KO, VO>): void | Promise<void> {}
}

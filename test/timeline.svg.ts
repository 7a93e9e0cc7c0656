import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The job timeline's SVG as a tree the tests can query: every element with its attributes and
 * children in document order (fast-xml-parser's preserveOrder output, reshaped).
 */
export interface SvgNode {
  tag: string;
  attrs: Record<string, string>;
  children: SvgNode[];
  text: string;
}

export function parseSvg(svg: string): SvgNode {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`Not well-formed XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, processEntities: true });
  const nodes = toNodes(parser.parse(svg) as unknown[]);
  const root = nodes.find((n) => n.tag === 'svg');
  if (!root) throw new Error('No <svg> root');
  return root;
}

function toNodes(list: unknown[]): SvgNode[] {
  const out: SvgNode[] = [];
  for (const item of list) {
    const o = item as Record<string, unknown>;
    const tag = Object.keys(o).find((k) => k !== ':@');
    if (tag === undefined) continue;
    if (tag === '#text') continue;
    const children = toNodes((o[tag] as unknown[]) ?? []);
    const texts = ((o[tag] as unknown[]) ?? []).map((c) => (c as Record<string, unknown>)['#text']).filter((t) => t !== undefined);
    out.push({ tag, attrs: (o[':@'] as Record<string, string>) ?? {}, children, text: texts.join('') });
  }
  return out;
}

export function findAll(node: SvgNode, pred: (n: SvgNode) => boolean): SvgNode[] {
  const out: SvgNode[] = [];
  const walk = (n: SvgNode) => {
    if (pred(n)) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}

/** All the text inside a node, its descendants' included. */
export function textOf(node: SvgNode): string {
  return node.text + node.children.map(textOf).join('');
}

export const rowsOf = (svg: SvgNode) => findAll(svg, (n) => n.tag === 'g' && n.attrs.class === 'row');
export const barsOf = (n: SvgNode) => findAll(n, (x) => x.tag === 'g' && x.attrs.class === 'attempt');
export const segmentsOf = (n: SvgNode, phase?: string) =>
  findAll(n, (x) => x.tag === 'rect' && x.attrs['data-phase'] !== undefined && (phase === undefined || x.attrs['data-phase'] === phase));
export const markersOf = (n: SvgNode, kind: string) => findAll(n, (x) => x.attrs['data-marker'] === kind);

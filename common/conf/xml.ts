import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { HadoopError } from '../errors';

/** One <property> of a Hadoop configuration file. */
export interface XmlProperty {
  name: string;
  value: string;
  final: boolean;
}

/**
 * Parses Hadoop's configuration XML (<configuration><property><name/><value/><final/>...).
 * fast-xml-parser does the XML itself: its validator gives the line of a malformed file.
 */
export function parseConfigurationXml(text: string, source: string): XmlProperty[] {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new HadoopError(
      'CONF_MALFORMED',
      `Malformed configuration file ${source}: ${valid.err.msg} (line ${valid.err.line})`,
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => name === 'property',
  });
  const doc = parser.parse(text) as Record<string, unknown>;
  const root = doc.configuration as { property?: Array<Record<string, unknown>> } | '' | undefined;
  if (root === undefined) {
    throw new HadoopError('CONF_MALFORMED', `Malformed configuration file ${source}: no <configuration> element`);
  }
  const props: XmlProperty[] = [];
  for (const p of (root === '' ? undefined : root.property) ?? []) {
    if (typeof p !== 'object' || p === null || p.name === undefined || p.name === '') {
      throw new HadoopError('CONF_MALFORMED', `Malformed configuration file ${source}: a <property> has no <name>`);
    }
    props.push({
      name: String(p.name),
      value: p.value === undefined ? '' : String(p.value),
      final: String(p.final ?? 'false').trim() === 'true',
    });
  }
  return props;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function writeConfigurationXml(props: Array<[string, string]>): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<configuration>'];
  for (const [name, value] of props) {
    lines.push(`  <property><name>${escapeXml(name)}</name><value>${escapeXml(value)}</value></property>`);
  }
  lines.push('</configuration>', '');
  return lines.join('\n');
}

#!/usr/bin/env node
// Writes TeraGen's binary records as text lines for GNU sort: the key in hex (so byte order is
// line order), then the record's printable fields (row id and filler). ~100 bytes a line.
'use strict';
const fs = require('node:fs');
const [, , inDir, outFile] = process.argv;
const out = fs.openSync(outFile, 'w');
for (const f of fs.readdirSync(inDir).filter((n) => n.startsWith('part-')).sort()) {
  const data = fs.readFileSync(`${inDir}/${f}`);
  const lines = Buffer.allocUnsafe((data.length / 100) * 102);
  let o = 0;
  for (let at = 0; at + 100 <= data.length; at += 100) {
    o += lines.write(data.toString('hex', at, at + 10).toUpperCase(), o, 'latin1');
    lines[o++] = 0x20;
    o += data.copy(lines, o, at + 12, at + 44);
    o += data.copy(lines, o, at + 48, at + 96);
    lines[o++] = 0x0a;
  }
  fs.writeSync(out, lines, 0, o);
}
fs.closeSync(out);

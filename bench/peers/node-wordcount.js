#!/usr/bin/env node
// The minimal single-process Node word counter the benchmark compares against: stream the
// files, split on Hadoop's tokenizer characters, count in a Map, print sorted.
'use strict';
const fs = require('node:fs');

async function main(files) {
  const counts = new Map();
  for (const f of files) {
    let rest = '';
    for await (const chunk of fs.createReadStream(f, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = rest + chunk;
      const cut = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\n'));
      rest = text.slice(cut + 1);
      for (const w of text.slice(0, cut + 1).split(/[ \t\n\r\f]+/)) if (w) counts.set(w, (counts.get(w) || 0) + 1);
    }
    for (const w of rest.split(/[ \t\n\r\f]+/)) if (w) counts.set(w, (counts.get(w) || 0) + 1);
  }
  const keys = [...counts.keys()].sort();
  const out = keys.map((k) => `${k}\t${counts.get(k)}`).join('\n') + '\n';
  process.stdout.write(out);
}

main(process.argv.slice(2));

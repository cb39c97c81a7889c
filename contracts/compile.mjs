// Compiles the contracts with the solc of node_modules (solcjs 0.8.37, no compiler download) into
// ABI and bytecode under src/main/resources/dev/zkautograd/contracts/, from which the build generates
// the web3j bindings. `node compile.mjs --check` compiles and fails if the committed files differ.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const solc = require('solc');
const here = path.dirname(new URL(import.meta.url).pathname);
// Options: --src DIR (repeatable; default: generated) adds sources beside src/main/solidity, --out DIR
// writes the ABI and bytecode there instead of the resources.
const argv = process.argv.slice(2);
const opt = (name) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
const extra = opt('--src');
const sources = {};
for (const dir of ['src/main/solidity', ...(extra.length ? extra : ['generated'])]) {
  const abs = path.isAbsolute(dir) ? dir : path.join(here, dir);
  if (!fs.existsSync(abs)) continue;
  for (const f of fs.readdirSync(abs).sort()) {
    if (f.endsWith('.sol')) sources[f] = { content: fs.readFileSync(path.join(abs, f), 'utf8') };
  }
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    metadata: { bytecodeHash: 'none' },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter((e) => e.severity === 'error');
for (const e of out.errors || []) if (e.severity !== 'error') process.stderr.write(e.formattedMessage);
if (errors.length) {
  for (const e of errors) process.stderr.write(e.formattedMessage);
  process.exit(1);
}
const target = opt('--out')[0] || path.join(here, 'src/main/resources/dev/zkautograd/contracts');
const check = process.argv.includes('--check');
let stale = [];
const sizes = {};
for (const file of Object.keys(out.contracts).sort()) {
  for (const [name, c] of Object.entries(out.contracts[file])) {
    if (!c.evm.bytecode.object || c.abi.length === 0) continue; // interfaces and internal libraries
    const files = { [`${name}.abi`]: JSON.stringify(c.abi), [`${name}.bin`]: c.evm.bytecode.object };
    sizes[name] = c.evm.deployedBytecode.object.length / 2;
    for (const [f, text] of Object.entries(files)) {
      const p = path.join(target, f);
      if (check) {
        if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== text) stale.push(f);
      } else {
        fs.mkdirSync(target, { recursive: true });
        fs.writeFileSync(p, text);
      }
    }
  }
}
for (const [name, size] of Object.entries(sizes)) {
  process.stdout.write(`${name}: ${size} bytes deployed${size > 24576 ? ' (OVER the 24,576-byte limit)' : ''}\n`);
}
if (stale.length) {
  process.stderr.write(`compiled output differs from the committed files: ${stale.join(', ')} (run: node contracts/compile.mjs)\n`);
  process.exit(1);
}

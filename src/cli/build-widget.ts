/**
 * `npm run build:widget`: bundles the widget into dist/widget/widget.js (what
 * the compiled service serves) and prints its size raw, gzipped and brotli'd.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BUILT_WIDGET, buildWidget, GZIP_BUDGET_BYTES } from '../http/widget-bundle.js';

const HELP = `Usage: npm run build:widget [-- --out FILE]

Bundles src/widget/ with esbuild (minified, one file) and writes it to
dist/widget/widget.js, which the compiled service (npm run start:built, the
Docker image) serves at /widget.js and /widget.<hash>.js. npm start and the
tests build the widget in memory instead, so they need no build step.

Prints the size raw, gzip -9 and brotli -11; exits 1 when the gzipped size
is over the ${GZIP_BUDGET_BYTES / 1024} KB budget.

Options:
  --out FILE   where to write the bundle (default dist/widget/widget.js)
  -h, --help   show this help`;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const out = path.resolve(values.out ?? BUILT_WIDGET);
  const bundle = await buildWidget();
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, bundle.code);
  console.log(`${path.relative(process.cwd(), out)}  (hash ${bundle.hash})`);
  console.log(`  minified  ${kb(bundle.code.length)}`);
  console.log(`  gzip -9   ${kb(bundle.gzip.length)}`);
  console.log(`  brotli    ${kb(bundle.brotli.length)}`);
  if (bundle.gzip.length > GZIP_BUDGET_BYTES) {
    console.error(`over budget: ${kb(bundle.gzip.length)} gzipped > ${kb(GZIP_BUDGET_BYTES)}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`widget build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

/**
 * The widget as one script: bundled from src/widget/ with esbuild, hashed for
 * its versioned URL, pre-compressed with gzip and brotli.
 *
 * Running from source (npm start, tests) the bundle is built in memory at
 * start-up, so it is never stale and needs no build step; running the
 * compiled service (the Docker image) it is read from dist/widget/widget.js,
 * which `npm run build` writes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { AppError } from '../errors.js';
import { PROJECT_ROOT } from '../version.js';

export const WIDGET_ENTRY = path.join(PROJECT_ROOT, 'src', 'widget', 'index.ts');
export const BUILT_WIDGET = path.join(PROJECT_ROOT, 'dist', 'widget', 'widget.js');
/** The aim of issue 9: everything, gzipped, under 15 KB. */
export const GZIP_BUDGET_BYTES = 15 * 1024;

export interface WidgetBundle {
  code: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  /** First 12 hex digits of the code's SHA-256: the versioned URL and the ETag. */
  hash: string;
}

export class WidgetUnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WIDGET_NOT_BUILT', message, 500, undefined, options);
  }
}

export function widgetBundle(code: Buffer): WidgetBundle {
  return {
    code,
    gzip: gzipSync(code, { level: 9 }),
    brotli: brotliCompressSync(code, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: code.length,
      },
    }),
    hash: createHash('sha256').update(code).digest('hex').slice(0, 12),
  };
}

/** Bundles and minifies src/widget/ in memory (esbuild is a development dependency). */
export async function buildWidget(): Promise<WidgetBundle> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome111', 'firefox115', 'safari16.4'],
    // Cyrillic and Chinese texts stay as characters: smaller than \u escapes once compressed.
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new WidgetUnavailableError('esbuild produced no output for the widget.');
  return widgetBundle(Buffer.from(output.contents));
}

const runningFromSource = import.meta.url.endsWith('.ts');

/** The bundle the service serves: built from source under tsx, read from dist/ when compiled. */
export async function loadWidget(): Promise<WidgetBundle> {
  if (runningFromSource) return buildWidget();
  try {
    return widgetBundle(await readFile(BUILT_WIDGET));
  } catch (error) {
    throw new WidgetUnavailableError(
      `The widget bundle ${BUILT_WIDGET} is missing; run "npm run build" (it runs "npm run build:widget").`,
      { cause: error },
    );
  }
}

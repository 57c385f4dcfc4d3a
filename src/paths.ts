/**
 * Where the project lives on disk (for sql/, samples/, crontab, .env).
 * From source this file is src/paths.ts; in the build (scripts/build.mjs) it is
 * bundled into a file directly in dist/ — one folder below the root either way,
 * so sql/ and the other assets are found from both.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Expands CLI arguments (files and folders) into transcript files. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const TRANSCRIPT_EXTENSIONS = new Set(['.txt', '.vtt', '.srt', '.json']);

export function expandInputs(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new Error(`no such file or folder: ${input}`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(input).sort()) {
        const full = path.join(input, name);
        if (statSync(full).isFile() && TRANSCRIPT_EXTENSIONS.has(path.extname(name).toLowerCase())) out.push(full);
      }
    } else out.push(input);
  }
  return out;
}

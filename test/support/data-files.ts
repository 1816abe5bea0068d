import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` (event store, read models, their -wal/-shm files, key files). */
export function dataFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(dir);
  return files;
}

/** Fails naming the file if any of `secrets` appears in any file, as UTF-8 or UTF-16 bytes. */
export function assertInNoFile(files: readonly string[], secrets: readonly string[]): void {
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const secret of secrets) {
      for (const encoding of ['utf8', 'utf16le'] as const) assert.equal(bytes.indexOf(Buffer.from(secret, encoding)), -1, `${secret.slice(0, 8)}… found in ${file}`);
    }
  }
}

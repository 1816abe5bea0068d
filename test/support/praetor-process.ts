import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const MAIN = join(__dirname, '../../src/main.js');

export interface PraetorProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The PREFECT_* lines printed at start. */
  readonly env: Record<string, string>;
  readonly output: () => string;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node dist/src/main.js` as `npm start` does and waits for the Prefect lines. */
export function startPraetorProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<PraetorProcess> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Praetor did not print its environment in time:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (/^PREFECT_API_URL=.*$/m.test(out) && /^(PREFECT_API_KEY=|# PREFECT_API_KEY).*$/m.test(out)) {
        clearTimeout(timer);
        const vars: Record<string, string> = {};
        for (const m of out.matchAll(/^(PREFECT_[A-Z_]+)=(\S+)$/gm)) vars[m[1]!] = m[2]!;
        resolve({ child, env: vars, output: () => out, exited: () => exit });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Praetor exited early (code ${code}, signal ${signal}):\n${out}`));
    });
  });
}

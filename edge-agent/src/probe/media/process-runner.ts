import { spawn } from 'node:child_process';

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  /** Tail of stderr (ffmpeg logs there); bounded so a chatty process cannot fill memory. */
  stderr: string;
}

export interface RunOptions {
  signal: AbortSignal;
  stdin?: Buffer;
  maxStdoutBytes?: number;
  maxStderrChars?: number;
}

export class ProcessAbortedError extends Error {
  override readonly name = 'ProcessAbortedError';
  constructor(
    readonly command: string,
    readonly reason: unknown,
  ) {
    super(`${command} stopped: aborted`);
  }
}

export class OutputTooLargeError extends Error {
  override readonly name = 'OutputTooLargeError';
  constructor(
    readonly command: string,
    readonly limit: number,
  ) {
    super(`${command} wrote more than ${limit} bytes`);
  }
}

/**
 * Runs a command to completion and collects its output. On abort the child gets SIGKILL at
 * once: ffmpeg blocked on a dead RTSP socket does not react to SIGTERM in time, and the
 * check's time bound matters more than a graceful exit.
 */
export function runProcess(command: string, args: readonly string[], opts: RunOptions): Promise<ProcessResult> {
  const maxStdout = opts.maxStdoutBytes ?? 16 * 1024 * 1024;
  const maxStderr = opts.maxStderrChars ?? 64 * 1024;
  return new Promise<ProcessResult>((resolve, reject) => {
    if (opts.signal.aborted) {
      reject(new ProcessAbortedError(command, opts.signal.reason));
      return;
    }
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: Error | null = null;

    const kill = (error: Error): void => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const onAbort = (): void => kill(new ProcessAbortedError(command, opts.signal.reason));
    opts.signal.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdout) kill(new OutputTooLargeError(command, maxStdout));
      else chunks.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-maxStderr);
    });
    // EPIPE when the child exits before reading all input is reported by its exit status instead.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') kill(error);
    });
    child.stdin.end(opts.stdin);
    child.on('error', (error) => {
      opts.signal.removeEventListener('abort', onAbort);
      reject(failure ?? error);
    });
    child.on('close', (code, signal) => {
      opts.signal.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else resolve({ code, signal, stdout: Buffer.concat(chunks), stderr });
    });
  });
}

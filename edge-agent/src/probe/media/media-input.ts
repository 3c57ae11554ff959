import { tryParseUrl } from './rtsp-url.ts';

/** How ffmpeg/ffprobe open one input: the arguments (`-i` included), and what the child reads on stdin. */
export interface MediaInput {
  /** Never holds credentials: argv is world-readable in /proc/PID/cmdline (and `ps`) for every local user. */
  args: string[];
  stdin?: Buffer;
}

/** What the concat demuxer may open behind the script: the stream protocols, not local files. */
const CONCAT_PROTOCOLS = 'pipe,rtsp,rtsps,rtp,srtp,tcp,udp,tls,crypto,http,https,httpproxy';

/**
 * The input for `url` with its input `options` (`rtsp_transport`, `timeout`…). A URL without
 * credentials is passed as it is. One with credentials goes through ffmpeg's concat demuxer: a
 * one-line ffconcat script on stdin names the URL and carries the options, so the password never
 * appears in the process arguments. (ffmpeg has no RTSP option for credentials; the environment
 * would do for the agent's own user only and ffmpeg reads none; a loopback relay re-implementing
 * RTSP digest auth would be far more code.) The demuxer hands the camera's streams through with
 * their codec, size and frame rate unchanged; only timestamps start at 0.
 */
export function mediaInput(url: string, options: Record<string, string | number>): MediaInput {
  const entries = Object.entries(options);
  const parsed = tryParseUrl(url);
  if (!parsed || (parsed.username === '' && parsed.password === '')) {
    return { args: [...entries.flatMap(([key, value]) => [`-${key}`, String(value)]), '-i', url] };
  }
  const script = ['ffconcat version 1.0', `file ${quote(url)}`, ...entries.map(([key, value]) => `option ${key} ${quote(String(value))}`)];
  return {
    args: ['-f', 'concat', '-safe', '0', '-protocol_whitelist', CONCAT_PROTOCOLS, '-i', 'pipe:0'],
    stdin: Buffer.from(`${script.join('\n')}\n`),
  };
}

/** ffconcat quoting (av_get_token): inside single quotes nothing is special, a quote is closed, escaped, reopened. */
function quote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { matchBoundaries, type BoundaryImport } from './boundaries.ts';
import { DISTRICTS } from './data/long-an-units.ts';
import { generateFleet } from './generate-fleet.ts';
import { communeIdentities, districtId } from './unit-ids.ts';
import { geographyFor } from './geography.ts';
import { generatePrivateCameras } from './private-cameras.ts';
import { createRng } from './prng.ts';
import { writeFleet, writePrivateCameras } from './write-fleet.ts';

const USAGE = 'usage: pnpm fleet generate --seed N --out DIR [--cameras N] [--boundaries FILE.geojson] [--private-cameras]';

class UsageError extends Error {}

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${name} must be an integer, got "${raw}"`);
  return Number(raw);
}

async function loadBoundaries(file: string): Promise<BoundaryImport> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  const names = new Map(DISTRICTS.map((d) => [districtId(d.code), d.name]));
  const result = matchBoundaries(parsed, communeIdentities(), names);
  console.log(`boundaries: ${result.areas.size} communes from ${file}; rejected ${JSON.stringify(result.rejects)}`);
  if (result.unmatched.length > 0) console.log(`boundaries: not matched: ${result.unmatched.join(', ')}`);
  return result;
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      out: { type: 'string' },
      cameras: { type: 'string' },
      boundaries: { type: 'string' },
      'private-cameras': { type: 'boolean' },
    },
  });
  if (positionals.length !== 1 || positionals[0] !== 'generate') throw new UsageError(`unknown command "${positionals.join(' ')}"`);
  if (!values.out) throw new UsageError('--out DIR is required');
  const seed = integer('seed', values.seed) ?? 1;
  const cameras = integer('cameras', values.cameras);
  const boundaries = values.boundaries ? await loadBoundaries(values.boundaries) : undefined;
  const fleet = generateFleet({ seed, cameras, boundaries });
  const files = await writeFleet(fleet, values.out);
  let privateCameras = {};
  if (values['private-cameras']) {
    // Its own fork of the seed: adding private cameras leaves the programme fleet byte-identical.
    const generated = generatePrivateCameras(geographyFor(boundaries), fleet.summary.cameras, createRng(seed).fork('private-cameras'));
    files.push(await writePrivateCameras(generated.cameras, values.out));
    privateCameras = { privateCameras: generated.summary };
  }
  for (const f of files) console.log(`wrote ${f}`);
  // The last line is the machine-readable summary other tools (and CI) read.
  console.log(JSON.stringify({ ...fleet.summary, ...privateCameras }));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const usage = err instanceof UsageError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
  console.error(`fleet: ${err instanceof Error ? err.message : String(err)}`);
  if (usage) console.error(USAGE);
  process.exitCode = usage ? 2 : 1;
});

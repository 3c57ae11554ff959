import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeBoundaryImport, isComplete, matchBoundaries, type BoundaryImport } from './boundaries.ts';
import { DISTRICTS } from './data/long-an-units.ts';
import { generateFleet } from './generate-fleet.ts';
import { describeRoadImport, importRoads, type RoadImport } from './road-import.ts';
import { communeIdentities, districtId } from './unit-ids.ts';
import { geographyFor } from './geography.ts';
import { generatePrivateCameras } from './private-cameras.ts';
import { createRng } from './prng.ts';
import { writeFleet, writePrivateCameras } from './write-fleet.ts';

const USAGE =
  'usage: pnpm fleet generate --seed N --out DIR [--cameras N] [--boundaries FILE.geojson [--accept-partial]] [--roads FILE.geojson] [--private-cameras]';

class UsageError extends Error {}
/** Input we refuse: exit 1, nothing written. */
class RefusedError extends Error {}

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw new UsageError(`--${name} must be an integer, got "${raw}"`);
  return Number(raw);
}

async function readJson(file: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new RefusedError(`${what}: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * A boundary file must account for every unit: anything unmatched or ambiguous is listed and
 * nothing is written, unless the operator accepts a partial import (the rest keep generated cells).
 */
async function loadBoundaries(file: string, acceptPartial: boolean): Promise<BoundaryImport> {
  const names = new Map(DISTRICTS.map((d) => [districtId(d.code), d.name]));
  let result: BoundaryImport;
  try {
    result = matchBoundaries(await readJson(file, 'boundaries'), communeIdentities(), names);
  } catch (err) {
    throw new RefusedError(err instanceof Error ? err.message : String(err));
  }
  const complete = isComplete(result);
  const lines = describeBoundaryImport(result, file);
  for (const line of lines) (complete ? console.log : console.error)(line);
  if (!complete && !acceptPartial) {
    throw new RefusedError(
      `boundaries: ${result.areas.size} of ${result.total} units matched, ${result.problems.length} features not used: nothing written (--accept-partial to use the ${result.areas.size} matched)`,
    );
  }
  if (!complete) {
    console.error(
      `boundaries: PARTIAL: ${result.areas.size} of ${result.total} units use imported boundaries, ${result.total - result.areas.size} keep generated cells`,
    );
  }
  return result;
}

/** Roads: features without a ref or name (an OSM export has many) are listed, not fatal. */
async function loadRoads(file: string): Promise<RoadImport> {
  let result: RoadImport;
  try {
    result = importRoads(await readJson(file, 'roads'));
  } catch (err) {
    throw new RefusedError(err instanceof Error ? err.message : String(err));
  }
  for (const line of describeRoadImport(result, file)) console.log(line);
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
      'accept-partial': { type: 'boolean' },
      roads: { type: 'string' },
      'private-cameras': { type: 'boolean' },
    },
  });
  if (positionals.length !== 1 || positionals[0] !== 'generate') throw new UsageError(`unknown command "${positionals.join(' ')}"`);
  if (!values.out) throw new UsageError('--out DIR is required');
  const seed = integer('seed', values.seed) ?? 1;
  const cameras = integer('cameras', values.cameras);
  if (values['accept-partial'] && !values.boundaries) throw new UsageError('--accept-partial needs --boundaries');
  const boundaries = values.boundaries ? await loadBoundaries(values.boundaries, !!values['accept-partial']) : undefined;
  const roads = values.roads ? await loadRoads(values.roads) : undefined;
  const fleet = generateFleet({ seed, cameras, boundaries, roads });
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

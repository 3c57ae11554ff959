import { CAMERA_CAUSES, CAUSE_SEVERITY, type CameraCause, type CameraStatusValue } from '@camwatch/config';
import { TEST_CLIPS } from '../corpus/clip-catalogue.ts';
import { CorpusRunner, type ClipResult } from '../corpus/corpus-runner.ts';

/**
 * `pnpm bench picture [--parallel N]`: every labelled clip of the real-footage corpus through
 * the agent's real checks over RTSP, judged against the camera's own learnt day/night references
 * (new) and, on the very same frames, by the fixed absolute thresholds (baseline). Prints a
 * confusion matrix, recall and precision per cause, false alarms per benign condition, and ends
 * with one JSON line.
 *
 * recall: share of moderate-or-worse fault clips reported with the right cause (mild ones are
 * listed, not counted); precision: share of all alarms (any clip, any severity) whose cause is
 * right; falseAlarms: benign clips not reported ok. A right cause with the wrong status
 * (covered reported degraded) is counted in `wrongSeverity`.
 */

type Verdict = { status: CameraStatusValue; cause: CameraCause | null };
const OK = 'ok';
const label = (c: CameraCause | null): string => c ?? OK;

interface Score {
  recall: number;
  precision: number;
  falseAlarms: number;
  wrongSeverity: number;
  perCause: Record<string, { recall: number | null; precision: number | null }>;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

function score(results: readonly ClipResult[], pick: (r: ClipResult) => Verdict): Score {
  const counted = results.filter((r) => r.spec.cause && r.spec.severity !== 'mild');
  const alarms = results.filter((r) => pick(r).status !== 'ok');
  const perCause: Score['perCause'] = {};
  for (const cause of CAMERA_CAUSES) {
    const expected = counted.filter((r) => r.spec.cause === cause);
    const predicted = alarms.filter((r) => pick(r).cause === cause);
    if (expected.length === 0 && predicted.length === 0) continue;
    perCause[cause] = {
      recall: ratio(expected.filter((r) => pick(r).cause === cause).length, expected.length),
      precision: ratio(predicted.filter((r) => r.spec.cause === cause).length, predicted.length),
    };
  }
  return {
    recall: ratio(counted.filter((r) => pick(r).cause === r.spec.cause).length, counted.length) ?? 0,
    precision: ratio(alarms.filter((r) => pick(r).cause === r.spec.cause).length, alarms.length) ?? 1,
    falseAlarms: results.filter((r) => !r.spec.cause && pick(r).status !== 'ok').length,
    wrongSeverity: results.filter((r) => r.spec.cause && pick(r).cause === r.spec.cause && pick(r).status !== CAUSE_SEVERITY[r.spec.cause])
      .length,
    perCause,
  };
}

function confusion(results: readonly ClipResult[], pick: (r: ClipResult) => Verdict, title: string): string {
  const rows = [OK, ...CAMERA_CAUSES.filter((c) => results.some((r) => r.spec.cause === c || pick(r).cause === c))];
  const cell = (s: string) => s.padStart(13);
  const lines = [`${title} (rows: expected, columns: reported)`, `${''.padEnd(14)}${rows.map(cell).join('')}`];
  for (const expected of rows) {
    const mine = results.filter((r) => label(r.spec.cause) === expected);
    if (mine.length === 0) continue;
    lines.push(
      `${expected.padEnd(14)}${rows.map((got) => cell(String(mine.filter((r) => label(pick(r).cause) === got).length || '.'))).join('')}`,
    );
  }
  return lines.join('\n');
}

export default async function pictureBench(argv: string[]): Promise<void> {
  const at = argv.indexOf('--parallel');
  const parallel = at >= 0 ? Math.max(1, Number(argv[at + 1]) || 1) : 6;
  const started = performance.now();
  const runner = new CorpusRunner();
  await runner.start();
  let results: ClipResult[];
  try {
    await runner.learnReferences(parallel);
    results = await runner.run(TEST_CLIPS, parallel);
  } finally {
    await runner.stop();
  }
  const fresh = (r: ClipResult): Verdict => r.verdict;
  const old = (r: ClipResult): Verdict => r.baseline;
  const out = process.stdout;
  out.write(
    `picture bench: ${results.length} clips of real footage (opencv-doc vtest.avi et al.) over RTSP, ${Math.round((performance.now() - started) / 1000)} s\n\n`,
  );
  out.write(`${'clip'.padEnd(26)}${'expected'.padEnd(22)}${'new (own reference)'.padEnd(24)}baseline (fixed thresholds)\n`);
  for (const r of results) {
    const exp = r.spec.cause ? `${r.spec.cause}/${r.spec.severity}` : 'ok (benign)';
    const v = (x: Verdict) => (x.status === 'ok' ? 'ok' : `${x.status}/${x.cause}`);
    const mark = (x: Verdict) => ((x.cause ?? null) === r.spec.cause ? ' ' : r.spec.severity === 'mild' ? '~' : '✗');
    out.write(`${r.spec.id.padEnd(26)}${exp.padEnd(22)}${`${mark(fresh(r))} ${v(fresh(r))}`.padEnd(24)}${mark(old(r))} ${v(old(r))}\n`);
  }
  out.write(`\n${confusion(results, fresh, 'new')}\n\n${confusion(results, old, 'baseline')}\n\n`);
  const benign = results.filter((r) => !r.spec.cause);
  out.write(`false alarms per benign condition (new / baseline):\n`);
  for (const r of benign)
    out.write(`  ${r.spec.condition.padEnd(22)} ${fresh(r).status === 'ok' ? 0 : 1} / ${old(r).status === 'ok' ? 0 : 1}\n`);
  const mine = score(results, fresh);
  const base = score(results, old);
  out.write(
    `\n${'cause'.padEnd(16)}${'recall new'.padStart(12)}${'baseline'.padStart(10)}${'precision new'.padStart(15)}${'baseline'.padStart(10)}\n`,
  );
  for (const cause of Object.keys({ ...mine.perCause, ...base.perCause })) {
    const f = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(2));
    out.write(
      `${cause.padEnd(16)}${f(mine.perCause[cause]?.recall).padStart(12)}${f(base.perCause[cause]?.recall).padStart(10)}${f(mine.perCause[cause]?.precision).padStart(15)}${f(base.perCause[cause]?.precision).padStart(10)}\n`,
    );
  }
  out.write(
    `\nrecall ${mine.recall} (baseline ${base.recall}), precision ${mine.precision} (baseline ${base.precision}), false alarms ${mine.falseAlarms}/${benign.length} (baseline ${base.falseAlarms}), right cause with wrong status ${mine.wrongSeverity} (baseline ${base.wrongSeverity})\n`,
  );
  const held = results.filter((r) => r.spec.heldOut);
  const heldMine = score(held, fresh);
  const heldBase = score(held, old);
  const brief = (s: Score) => ({ recall: s.recall, precision: s.precision, falseAlarms: s.falseAlarms });
  out.write(
    `held out (${held.length} clips never used to choose thresholds): recall ${heldMine.recall} (baseline ${heldBase.recall}), precision ${heldMine.precision} (baseline ${heldBase.precision}), false alarms ${heldMine.falseAlarms} (baseline ${heldBase.falseAlarms})\n`,
  );
  out.write(
    `${JSON.stringify({ clips: results.length, recall: mine.recall, precision: mine.precision, falseAlarms: mine.falseAlarms, wrongSeverity: mine.wrongSeverity, perCause: mine.perCause, heldOut: { clips: held.length, ...brief(heldMine), baseline: brief(heldBase) }, baseline: base })}\n`,
  );
}

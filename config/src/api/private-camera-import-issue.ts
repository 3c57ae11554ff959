import type { PrivateCameraImportIssue } from './private-cameras.ts';
import { importProblemText, type PrivateCameraImportProblem } from './private-camera-import-reasons.ts';

/** An issue of a line (and column, by its Vietnamese heading): the reason with its English words as `message`. */
export function importIssue(line: number, column: string | null, problem: PrivateCameraImportProblem): PrivateCameraImportIssue {
  return { line, column, ...problem, message: importProblemText(problem, 'en') };
}

/**
 * How a refused import (422 `CW_ERR_IMPORT_INVALID`) names each bad row in the error body's
 * `issues[].path`: `line 3` or `line 3, Vĩ độ`. The hub writes it and the dashboard reads it
 * back, so both sides share this one spelling.
 */
export function importIssuePath(issue: Pick<PrivateCameraImportIssue, 'line' | 'column'>): string {
  return `line ${issue.line}${issue.column ? `, ${issue.column}` : ''}`;
}

/** The line and column of an `importIssuePath`, or null for a path of another kind. */
export function readImportIssuePath(path: string): Pick<PrivateCameraImportIssue, 'line' | 'column'> | null {
  const m = /^line (\d+)(?:, (.+))?$/.exec(path);
  return m ? { line: Number(m[1]), column: m[2] ?? null } : null;
}

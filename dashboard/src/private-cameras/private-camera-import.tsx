import { useState, type FormEvent } from 'react';
import {
  importReasonText,
  privateCameraColumnText,
  readImportIssuePath,
  type Language,
  type PrivateCameraImportBody,
  type PrivateCameraImportResult,
} from '@camwatch/config/api';
import { api } from '../api/endpoints.ts';
import { HttpError } from '../api/http-client.ts';
import { describeError } from '../common/error-text.ts';
import { formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import './private-cameras.css';

interface BadRow {
  line: number | null;
  /** The column's Vietnamese heading, as the hub names it. */
  column: string | null;
  /** The hub's English words, shown when this build does not know the reason code. */
  message: string;
  reason: string | undefined;
  params: unknown;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'imported'; result: PrivateCameraImportResult }
  | { kind: 'refused'; rows: BadRow[] }
  | { kind: 'failed'; text: string };

/**
 * Upload of a commune's spreadsheet (CSV or XLSX) to the hub's import. The hub imports every row
 * in one go or none: when a row is bad nothing is written, and each bad row comes back with its
 * line and reason, listed here so the officer can fix the sheet and send it again.
 */
export function PrivateCameraImport({ onImported, onClose }: { onImported: () => void; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setOutcome({ kind: 'sending' });
    try {
      const result = await api.importPrivateCameras(await bodyOf(file));
      setOutcome({ kind: 'imported', result });
      onImported();
    } catch (err) {
      if (err instanceof HttpError && err.code === 'CW_ERR_IMPORT_INVALID') setOutcome({ kind: 'refused', rows: badRows(err) });
      else setOutcome({ kind: 'failed', text: describeError(err, lang).text });
    }
  };

  return (
    <form className="private-import" aria-label={t('private.import.title')} onSubmit={(e) => void send(e)} data-testid="private-import">
      <h2 className="group-title">{t('private.import.title')}</h2>
      <p className="muted">{t('private.import.rule')}</p>
      <p className="private-import-template">
        {t('private.import.template')}{' '}
        <a href={api.privateCameraTemplateUrl('xlsx', lang)} download data-testid="private-import-template-xlsx">
          {t('private.import.templateXlsx')}
        </a>
        {' · '}
        <a href={api.privateCameraTemplateUrl('csv', lang)} download data-testid="private-import-template-csv">
          {t('private.import.templateCsv')}
        </a>
      </p>
      <label className="field">
        {t('private.import.file')}
        <input
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setOutcome({ kind: 'idle' });
          }}
          data-testid="private-import-file"
        />
      </label>
      <div className="private-tools">
        <button type="submit" disabled={!file || outcome.kind === 'sending'} data-testid="private-import-send">
          {outcome.kind === 'sending' ? t('private.import.sending') : t('private.import.send')}
        </button>
        <button type="button" onClick={onClose}>
          {t('private.import.close')}
        </button>
      </div>
      {outcome.kind === 'imported' ? (
        <p className="notice notice-ok" role="status" data-testid="private-import-done" data-imported={outcome.result.imported}>
          {t('private.import.done', {
            n: formatInteger(lang, outcome.result.imported),
            rows: formatInteger(lang, outcome.result.rows),
          })}
        </p>
      ) : null}
      {outcome.kind === 'refused' ? (
        <div className="notice notice-error" role="alert" data-testid="private-import-refused">
          <p>
            <strong>{t('private.import.refused', { n: formatInteger(lang, outcome.rows.length) })}</strong>
          </p>
          <ol className="private-import-issues" data-testid="private-import-issues">
            {outcome.rows.map((r, i) => (
              <li key={i} data-line={r.line ?? ''}>
                {r.line !== null ? `${t('private.import.line', { line: r.line })}` : ''}
                {r.column ? ` · ${privateCameraColumnText(r.column, lang)}` : ''}
                {r.line !== null || r.column ? ': ' : ''}
                {reasonText(r, lang)}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {outcome.kind === 'failed' ? (
        <p className="notice notice-error" role="alert">
          {outcome.text}
        </p>
      ) : null}
    </form>
  );
}

/** The hub reads CSV as text and an .xlsx workbook as base64 of its bytes. */
async function bodyOf(file: File): Promise<PrivateCameraImportBody> {
  if (/\.xlsx$/i.test(file.name)) return { format: 'xlsx', data: base64(new Uint8Array(await file.arrayBuffer())) };
  return { format: 'csv', data: await file.text() };
}

function base64(bytes: Uint8Array): string {
  // In slices: String.fromCharCode(...all) overflows the call stack on a large workbook.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function badRows(err: HttpError): BadRow[] {
  return err.issues.map((i) => {
    const at = readImportIssuePath(i.path);
    return {
      line: at?.line ?? null,
      column: at?.column ?? null,
      message: i.message,
      reason: typeof i.reason === 'string' ? i.reason : undefined,
      params: i.params,
    };
  });
}

/** The reason in the user's language; the hub's English message for a reason this build does not know. */
function reasonText(r: BadRow, lang: Language): string {
  return importReasonText(r.reason, r.params, lang) ?? r.message;
}

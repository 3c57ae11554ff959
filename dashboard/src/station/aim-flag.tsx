import { roleCan, type CameraAimFlag } from '@camwatch/config/api';
import { useId, useState } from 'react';
import { api } from '../api/endpoints.ts';
import { useMe } from '../app/session-context.tsx';
import { describeError } from '../common/error-text.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * A camera aimed wrongly since installation has a "correct" reference of the wrong view, so no
 * picture check will ever say so: a person flags it here (with what is wrong), and clears it once
 * it has been re-aimed (accepting the new view clears it too).
 */
export function AimFlag({ cameraId, flag, onChanged }: { cameraId: string; flag: CameraAimFlag | null; onChanged(): void }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const noteId = useId();
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const may = roleCan(me.role, 'camera.flag');
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      setEditing(false);
      setNote('');
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="aim-flag" data-testid={`aim-flag-${cameraId}`}>
      {flag ? (
        <p className="aim-flagged" role="note">
          {t('panel.aim.flagged', { by: flag.flaggedBy, time: formatDateTime(flag.flaggedAt), note: flag.note })}
        </p>
      ) : null}
      {may && flag ? (
        <button type="button" onClick={() => void run(() => api.clearAim(cameraId))}>
          {t('panel.aim.clear')}
        </button>
      ) : null}
      {may && !flag && !editing ? (
        <button type="button" onClick={() => setEditing(true)}>
          {t('panel.aim.flag')}
        </button>
      ) : null}
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api.flagAim(cameraId, { note: note.trim() }));
          }}
        >
          <label htmlFor={noteId}>{t('panel.aim.note')}</label>
          <input id={noteId} value={note} minLength={3} maxLength={512} required onChange={(e) => setNote(e.target.value)} />
          <button type="submit">{t('panel.aim.save')}</button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('command.confirm.no')}
          </button>
        </form>
      ) : null}
      {error !== null ? (
        <p className="error" role="alert">
          {describeError(error, lang).text}
        </p>
      ) : null}
    </div>
  );
}

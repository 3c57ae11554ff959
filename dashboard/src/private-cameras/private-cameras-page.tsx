import { useState } from 'react';
import { roleCan, type PrivateCamera } from '@camwatch/config/api';
import { api } from '../api/endpoints.ts';
import { useMe } from '../app/session-context.tsx';
import { AsyncView } from '../common/async-view.tsx';
import { describeError } from '../common/error-text.ts';
import { formatInteger } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { PrivateCameraForm } from './private-camera-form.tsx';
import { PrivateCameraImport } from './private-camera-import.tsx';
import { usePrivateCameraPages } from './use-private-camera-pages.ts';

/**
 * The register of private street cameras for commune police on their phones: the cameras of
 * their area (owners' contact only for roles that may see it), a form to register one at the
 * door ("use my location", the view drawn on a small map) or edit one, the commune's
 * spreadsheet uploaded in one go, and erasure on the owner's request, asked twice.
 */
export function PrivateCamerasPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const contact = roleCan(me.role, 'private_camera.contact');
  const writer = roleCan(me.role, 'private_camera.write');
  const [version, setVersion] = useState(0);
  const pages = usePrivateCameraPages(contact, version);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const reload = () => setVersion((v) => v + 1);
  return (
    <section className="list-page private-cameras-page">
      <h1>{t('private.title')}</h1>
      <p className="muted">{t('private.lead')}</p>
      {writer && adding ? (
        <PrivateCameraForm
          onDone={(saved) => {
            setAdding(false);
            if (saved) reload();
          }}
        />
      ) : null}
      {writer && importing ? <PrivateCameraImport onImported={reload} onClose={() => setImporting(false)} /> : null}
      {writer && !adding ? (
        <div className="private-tools">
          <button type="button" onClick={() => setAdding(true)} data-testid="private-add">
            {t('private.add')}
          </button>
          {importing ? null : (
            <button type="button" onClick={() => setImporting(true)} data-testid="private-import-open">
              {t('private.import.open')}
            </button>
          )}
        </div>
      ) : null}
      <AsyncView state={pages.first} retry={pages.retry}>
        {() => (
          <>
            <h2 className="group-title" data-testid="private-count" data-count={pages.items.length} data-more={pages.truncated}>
              {pages.items.length === 0
                ? t('private.empty')
                : t(pages.truncated ? 'private.countNewest' : 'private.count', { n: formatInteger(lang, pages.items.length) })}
            </h2>
            <ol className="order-list" data-testid="private-list">
              {pages.items.map((c) => (
                <PrivateCameraRow key={c.id} cam={c} writer={writer} onChanged={reload} />
              ))}
            </ol>
            {pages.truncated ? (
              <button type="button" onClick={pages.loadMore} disabled={pages.loadingMore} data-testid="private-more">
                {pages.loadingMore ? t('common.loading') : t('private.more')}
              </button>
            ) : null}
          </>
        )}
      </AsyncView>
      {pages.moreError ? <p className="notice notice-error">{describeError(pages.moreError, lang).text}</p> : null}
    </section>
  );
}

function PrivateCameraRow({ cam: c, writer, onChanged }: { cam: PrivateCamera; writer: boolean; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const [step, setStep] = useState<'idle' | 'confirm' | 'busy'>('idle');
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const erase = async () => {
    setStep('busy');
    try {
      await api.erasePrivateCamera(c.id, reason.trim());
      onChanged();
    } catch (err) {
      setError(describeError(err, lang).text);
      setStep('confirm');
    }
  };
  return (
    <li className="order-item" data-private-id={c.id}>
      <h3>
        {t(`private.kind.${c.ownerKind}`)} · {c.unitName}
      </h3>
      {c.owner ? (
        <p data-testid="private-owner">
          {c.owner.name} · <a href={`tel:${c.owner.phone.replace(/[^0-9+]/g, '')}`}>{c.owner.phone}</a> · {c.owner.address}
        </p>
      ) : null}
      <p>
        {t('private.view', { bearing: Math.round(c.bearingDeg), fov: Math.round(c.fovDeg), range: Math.round(c.rangeM) })}
        {c.facesStreet ? ` · ${t('private.facesStreet')}` : ''}
      </p>
      <p className="muted">
        {t(`private.scope.${c.consent.scope}`)} · {t('private.consentDate')}: {c.consent.date}
        {c.recorder
          ? ` · ${c.recorder.kind.toUpperCase()}${c.recorder.daysKept !== null ? ` ${t('private.daysKept', { n: c.recorder.daysKept })}` : ''}`
          : ''}
      </p>
      {c.connection ? (
        <p data-testid="private-connection" data-status={c.connection.status ?? 'unknown'}>
          {t('private.connected')}: {t(`status.${c.connection.status ?? 'unknown'}`)}
        </p>
      ) : null}
      {writer && editing ? (
        <PrivateCameraForm
          camera={c}
          onDone={(saved) => {
            setEditing(false);
            if (saved) onChanged();
          }}
        />
      ) : null}
      {writer && step === 'idle' && !editing ? (
        <div className="private-row-actions">
          <button type="button" onClick={() => setEditing(true)} data-testid="private-edit">
            {t('private.edit')}
          </button>
          <button type="button" className="link-button danger" onClick={() => setStep('confirm')} data-testid="private-erase">
            {t('private.erase')}
          </button>
        </div>
      ) : null}
      {writer && step !== 'idle' ? (
        <form
          className="erase-confirm"
          onSubmit={(e) => {
            e.preventDefault();
            void erase();
          }}
        >
          <p className="notice notice-warning">{t('private.eraseWarning')}</p>
          <label className="field">
            {t('private.eraseReason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} data-testid="private-erase-reason" />
          </label>
          <button type="submit" className="danger" disabled={step === 'busy' || reason.trim() === ''} data-testid="private-erase-confirm">
            {t('private.eraseConfirm')}
          </button>{' '}
          <button type="button" onClick={() => setStep('idle')}>
            {t('private.cancel')}
          </button>
          {error ? (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </li>
  );
}

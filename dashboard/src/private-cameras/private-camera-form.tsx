import { useState, type FormEvent } from 'react';
import {
  PRIVATE_CAMERA_CONSENT_SCOPES,
  PRIVATE_CAMERA_OWNER_KINDS,
  type CreatePrivateCameraBody,
  type PrivateCamera,
  type PrivateCameraConsentScope,
  type PrivateCameraOwnerKind,
} from '@camwatch/config/api';
import type { GeoPoint } from '@camwatch/config/domain';
import { localDate } from '@camwatch/config/time';
import { api } from '../api/endpoints.ts';
import { describeError } from '../common/error-text.ts';
import { useAsync } from '../common/use-async.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { changedFields } from './private-camera-changes.ts';
import { PrivateCameraViewPicker } from './private-camera-view-picker.tsx';
import './private-cameras.css';

type Located = { kind: 'idle' } | { kind: 'locating' } | { kind: 'done'; accuracyM: number } | { kind: 'failed' };

/**
 * Registering a camera at the owner's door, or editing one (`camera`, prefilled; only the changed
 * fields are sent, so the audit names what changed): the phone's position ("use my location"),
 * the direction the camera looks (bearing), how wide (field of view) and how far (range), drawn
 * on a small map by dragging, and what the owner agreed to.
 */
export function PrivateCameraForm({ camera, onDone }: { camera?: PrivateCamera; onDone: (saved: boolean) => void }) {
  const { t, lang } = useI18n();
  const [units] = useAsync(() => api.units(), []);
  const communes =
    units.kind === 'ready' ? units.value.units.filter((u) => u.inScope && u.kind !== 'province' && u.kind !== 'district') : [];
  const [unitId, setUnitId] = useState(camera?.unitId ?? '');
  const [ownerKind, setOwnerKind] = useState<PrivateCameraOwnerKind>(camera?.ownerKind ?? 'household');
  // Editors always hold private_camera.contact today; without the owner block the owner is left as it is.
  const ownerKnown = !camera || camera.owner !== null;
  const [name, setName] = useState(camera?.owner?.name ?? '');
  const [phone, setPhone] = useState(camera?.owner?.phone ?? '');
  const [address, setAddress] = useState(camera?.owner?.address ?? '');
  const [lat, setLat] = useState(camera ? String(camera.lat) : '');
  const [lon, setLon] = useState(camera ? String(camera.lon) : '');
  const [bearing, setBearing] = useState(camera ? Math.round(camera.bearingDeg) % 360 : 0);
  const [fov, setFov] = useState(camera?.fovDeg ?? 90);
  const [range, setRange] = useState(camera?.rangeM ?? 30);
  const [facesStreet, setFacesStreet] = useState(camera?.facesStreet ?? true);
  const [recorder, setRecorder] = useState<'' | 'dvr' | 'nvr'>(camera?.recorder?.kind ?? '');
  const [daysKept, setDaysKept] = useState(camera?.recorder?.daysKept == null ? '' : String(camera.recorder.daysKept));
  const [scope, setScope] = useState<PrivateCameraConsentScope>(camera?.consent.scope ?? 'listed');
  const [consentDate, setConsentDate] = useState(camera?.consent.date ?? localDate(Date.now()));
  const position = positionOf(lat, lon);
  const movePosition = (p: GeoPoint) => {
    setLat(p.lat.toFixed(6));
    setLon(p.lon.toFixed(6));
  };
  const [located, setLocated] = useState<Located>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const locate = () => {
    if (!('geolocation' in navigator)) return setLocated({ kind: 'failed' });
    setLocated({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLat(pos.coords.latitude.toFixed(6));
        setLon(pos.coords.longitude.toFixed(6));
        setLocated({ kind: 'done', accuracyM: Math.round(pos.coords.accuracy) });
      },
      () => setLocated({ kind: 'failed' }),
      { enableHighAccuracy: true, timeout: 20_000 },
    );
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: CreatePrivateCameraBody = {
      unitId: unitId || communes[0]?.id || '',
      ownerKind,
      owner: ownerKnown ? { name: name.trim(), phone: phone.trim(), address: address.trim() } : camera!.owner!,
      lat: position?.lat ?? Number.NaN,
      lon: position?.lon ?? Number.NaN,
      bearingDeg: bearing,
      fovDeg: fov,
      rangeM: range,
      facesStreet,
      recorder: recorder
        ? { kind: recorder, brand: camera?.recorder?.brand ?? null, daysKept: daysKept === '' ? null : Number(daysKept) }
        : null,
      consent: { date: consentDate, scope },
    };
    setBusy(true);
    try {
      if (!camera) await api.createPrivateCamera(body);
      else {
        const patch = changedFields(camera, body, ownerKnown);
        if (Object.keys(patch).length > 0) await api.updatePrivateCamera(camera.id, patch);
      }
      onDone(true);
    } catch (err) {
      setError(describeError(err, lang).text);
      setBusy(false);
    }
  };

  return (
    <form
      className="private-form"
      aria-label={camera ? t('private.editForm') : t('private.form')}
      onSubmit={(e) => void submit(e)}
      data-testid="private-form"
    >
      <label className="field">
        {t('private.unit')}
        <select value={unitId || communes[0]?.id || ''} onChange={(e) => setUnitId(e.target.value)} data-testid="private-unit">
          {communes.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('private.ownerKind')}
        <select value={ownerKind} onChange={(e) => setOwnerKind(e.target.value as PrivateCameraOwnerKind)}>
          {PRIVATE_CAMERA_OWNER_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`private.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {ownerKnown ? (
        <>
          <label className="field">
            {t('private.ownerName')}
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={128} data-testid="private-name" />
          </label>
          <label className="field">
            {t('private.phone')}
            <input
              type="tel"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              required
              maxLength={32}
              data-testid="private-phone"
            />
          </label>
          <label className="field">
            {t('private.address')}
            <input value={address} onChange={(e) => setAddress(e.target.value)} required maxLength={256} data-testid="private-address" />
          </label>
        </>
      ) : (
        <p className="muted">{t('private.ownerUnchanged')}</p>
      )}
      <fieldset className="private-position">
        <legend>{t('private.position')}</legend>
        <button type="button" onClick={locate} disabled={located.kind === 'locating'} data-testid="private-locate">
          {t('private.useMyLocation')}
        </button>
        <span role="status" className="muted">
          {located.kind === 'locating' ? t('private.locating') : null}
          {located.kind === 'done' ? t('private.located', { m: located.accuracyM }) : null}
          {located.kind === 'failed' ? t('private.locateFailed') : null}
        </span>
        <label className="field">
          {t('private.lat')}
          <input inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} required data-testid="private-lat" />
        </label>
        <label className="field">
          {t('private.lon')}
          <input inputMode="decimal" value={lon} onChange={(e) => setLon(e.target.value)} required data-testid="private-lon" />
        </label>
      </fieldset>
      <PrivateCameraViewPicker
        position={position}
        bearingDeg={bearing}
        fovDeg={fov}
        rangeM={range}
        onPosition={movePosition}
        onAim={(b, r) => {
          setBearing(b);
          setRange(r);
        }}
        labels={{
          group: t('private.viewMap'),
          hint: position ? t('private.viewMapHint') : t('private.viewMapEmpty'),
          camera: t('private.cameraMarker'),
          handle: t('private.aimHandle'),
          handleValue: (b, r) => t('private.aimValue', { bearing: b, range: r }),
        }}
      />
      <label className="field">
        {t('private.bearing', { n: bearing })}
        <input
          type="range"
          min={0}
          max={359}
          step={1}
          value={bearing}
          onChange={(e) => setBearing(Number(e.target.value))}
          data-testid="private-bearing"
        />
      </label>
      <label className="field">
        {t('private.fov', { n: fov })}
        <input
          type="range"
          min={10}
          max={360}
          step={5}
          value={fov}
          onChange={(e) => setFov(Number(e.target.value))}
          data-testid="private-fov"
        />
      </label>
      <label className="field">
        {t('private.range')}
        <input
          type="number"
          min={1}
          max={2000}
          value={range}
          onChange={(e) => setRange(Number(e.target.value))}
          required
          data-testid="private-range"
        />
      </label>
      <label className="check">
        <input type="checkbox" checked={facesStreet} onChange={(e) => setFacesStreet(e.target.checked)} />
        {t('private.facesStreet')}
      </label>
      <label className="field">
        {t('private.recorder')}
        <select value={recorder} onChange={(e) => setRecorder(e.target.value as '' | 'dvr' | 'nvr')}>
          <option value="">{t('private.noRecorder')}</option>
          <option value="dvr">DVR</option>
          <option value="nvr">NVR</option>
        </select>
      </label>
      {recorder ? (
        <label className="field">
          {t('private.daysKeptLabel')}
          <input type="number" min={0} max={3650} value={daysKept} onChange={(e) => setDaysKept(e.target.value)} />
        </label>
      ) : null}
      <label className="field">
        {t('private.consentScope')}
        <select value={scope} onChange={(e) => setScope(e.target.value as PrivateCameraConsentScope)} data-testid="private-scope">
          {PRIVATE_CAMERA_CONSENT_SCOPES.map((s) => (
            <option key={s} value={s}>
              {t(`private.scope.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('private.consentDate')}
        <input type="date" value={consentDate} onChange={(e) => setConsentDate(e.target.value)} required />
      </label>
      <div className="form-buttons">
        <button type="submit" disabled={busy} data-testid="private-save">
          {t('private.save')}
        </button>
        <button type="button" onClick={() => onDone(false)} data-testid="private-cancel">
          {t('private.cancel')}
        </button>
      </div>
      {error ? (
        <p className="notice notice-error" role="alert" data-testid="private-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** The typed position, when both numbers are there and on the globe. */
function positionOf(lat: string, lon: string): GeoPoint | null {
  const la = Number(lat.replace(',', '.'));
  const lo = Number(lon.replace(',', '.'));
  if (lat.trim() === '' || lon.trim() === '' || !Number.isFinite(la) || !Number.isFinite(lo)) return null;
  return Math.abs(la) <= 90 && Math.abs(lo) <= 180 ? { lat: la, lon: lo } : null;
}

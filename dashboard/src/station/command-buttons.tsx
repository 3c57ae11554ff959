import { COMMAND_FINAL_STATES, COMMAND_PERMISSION, roleCan, type ApiCommandKind, type StationCommand } from '@camwatch/config/api';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/endpoints.ts';
import { HttpError } from '../api/http-client.ts';
import { useMe } from '../app/session-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** How often an open command is asked for its state: replies usually come within seconds. */
const POLL_MS = 1_000;
/** A second re-read of the panel after a snapshot command: the picture follows the reply over MQTT. */
const SNAPSHOT_FOLLOW_UP_MS = 3_000;

/** Commands that change what the camera is judged against: asked twice, so a stray tap cannot hide a turned camera. */
const CONFIRMED = ['accept_reference'] as const;
type ConfirmedKind = (typeof CONFIRMED)[number];
const needsConfirm = (k: ApiCommandKind): k is ConfirmedKind => (CONFIRMED as readonly string[]).includes(k);

/**
 * Buttons that send commands to a station (or one of its cameras), only those the user's role may
 * send; the last command's state is polled until it is final, and `onDone` then lets the panel
 * re-read the station (a "snapshot now" shows its new picture).
 */
export function CommandButtons({
  stationId,
  cameraId,
  kinds,
  onDone,
}: {
  stationId: string;
  cameraId: string | null;
  kinds: readonly ApiCommandKind[];
  onDone(command: StationCommand): void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const [command, setCommand] = useState<StationCommand | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<ConfirmedKind | null>(null);
  const done = useRef(onDone);
  done.current = onDone;
  const allowed = kinds.filter((k) => roleCan(me.role, COMMAND_PERMISSION[k]));

  const open = command !== null && !COMMAND_FINAL_STATES.includes(command.state);
  useEffect(() => {
    if (!command || !open) return;
    const timer = setTimeout(() => {
      api.command(command.id).then(
        (next) => {
          setCommand(next);
          if (COMMAND_FINAL_STATES.includes(next.state)) {
            done.current(next);
            // The agent answers a snapshot once the picture is queued; it reaches the hub just after: look again.
            if (next.kind === 'snapshot' && next.state === 'ok') setTimeout(() => done.current(next), SNAPSHOT_FOLLOW_UP_MS);
          }
        },
        () => setCommand({ ...command }), // a failed poll tries again after the same wait
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [command, open]);

  if (allowed.length === 0) return null;
  const send = async (kind: ApiCommandKind) => {
    setConfirming(null);
    setBusy(true);
    setError(null);
    try {
      const sent = await api.sendCommand(stationId, { kind, cameraId });
      setCommand(sent);
      if (COMMAND_FINAL_STATES.includes(sent.state)) done.current(sent);
    } catch (e) {
      setError(
        e instanceof HttpError && e.code === 'CW_ERR_RATE_LIMITED' ? t('command.rateLimited') : e instanceof Error ? e.message : String(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      className="command-buttons"
      role="group"
      aria-label={t('command.group')}
      data-testid={cameraId ? `commands-${cameraId}` : 'station-commands'}
    >
      {allowed.map((k) => (
        <button
          key={k}
          type="button"
          disabled={busy || open || confirming !== null}
          onClick={() => (needsConfirm(k) ? setConfirming(k) : void send(k))}
          data-command={k}
        >
          {t(`command.${k}`)}
        </button>
      ))}
      {confirming ? (
        <div className="command-confirm" role="alertdialog" aria-label={t(`command.${confirming}`)}>
          <p>{t(`command.confirm.${confirming}`)}</p>
          <button type="button" onClick={() => void send(confirming)} data-confirm={confirming}>
            {t('command.confirm.yes')}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {t('command.confirm.no')}
          </button>
        </div>
      ) : null}
      {command ? (
        <p className={`command-state state-${command.state}`} data-testid="command-state" data-state={command.state} role="status">
          {t(`command.${command.kind}`)}: {t(`command.state.${command.state}`)}
          {command.message && COMMAND_FINAL_STATES.includes(command.state) ? ` — ${command.message}` : ''}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

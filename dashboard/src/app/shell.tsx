import { useEffect } from 'react';
import { roleCan } from '@camwatch/config/api';
import { api } from '../api/endpoints.ts';
import type { MessageKey } from '../i18n/vi.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { AlertsPage } from '../lists/alerts-page.tsx';
import { NeverReportedPage } from '../lists/never-reported-page.tsx';
import { RepairQueuePage } from '../lists/repair-queue-page.tsx';
import { UptimePage } from '../lists/uptime-page.tsx';
import { WorkOrdersPage } from '../work-orders/work-orders-page.tsx';
import { MapPage } from '../map/map-page.tsx';
import { PrivateCamerasPage } from '../private-cameras/private-cameras-page.tsx';
import { AlertToast } from './alert-toast.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { LiveIndicator } from './live-indicator.tsx';
import { hrefOf, useRoute, type Route } from './router.ts';
import { useMe, useSession } from './session-context.tsx';

const NAV: Array<{ route: Route; label: MessageKey; icon: string }> = [
  { route: { name: 'map', stationId: null }, label: 'nav.map', icon: '◎' },
  { route: { name: 'repair' }, label: 'nav.repair', icon: '✖' },
  { route: { name: 'orders', orderId: null }, label: 'nav.orders', icon: '✎' },
  { route: { name: 'uptime' }, label: 'nav.uptime', icon: '%' },
  { route: { name: 'alerts' }, label: 'nav.alerts', icon: '!' },
  { route: { name: 'never' }, label: 'nav.never', icon: '?' },
  { route: { name: 'private' }, label: 'nav.private', icon: '▣' },
];

/** Top bar (title, live state, language, user) and the navigation: a side row on wide screens, a bottom bar on phones. */
export function Shell() {
  const { t, setLang, chosenHere } = useI18n();
  const { logout, state } = useSession();
  const switchedFrom = state.kind === 'signed-in' ? state.switchedFrom : undefined;
  const me = useMe();
  const route = useRoute();
  // The account's language applies unless someone picked one on this device.
  useEffect(() => {
    if (!chosenHere) setLang(me.language, false);
  }, [me.username]); // once per sign-in: later switches are the user's
  return (
    <div className="shell">
      <header className="top-bar">
        <a className="brand" href="#/">
          <span className="brand-long">{t('app.title')}</span>
          <span className="brand-short">{t('app.short')}</span>
        </a>
        <nav className="nav" aria-label={t('nav.menu')}>
          {NAV.filter((item) => item.route.name !== 'private' || roleCan(me.role, 'private_camera.read')).map((item) => (
            <a
              key={item.label}
              href={hrefOf(item.route)}
              className={route.name === item.route.name ? 'active' : ''}
              aria-current={route.name === item.route.name ? 'page' : undefined}
              data-nav={item.route.name}
            >
              <span className="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              <span className="nav-label">{t(item.label)}</span>
            </a>
          ))}
        </nav>
        <div className="top-tools">
          <LiveIndicator />
          <LanguageSwitch
            onSwitched={(lang) => void api.setLanguage(lang).catch((e: unknown) => console.warn('camwatch: language not saved', e))}
          />
          <span className="user" title={t(`role.${me.role}`)}>
            {me.displayName}
          </span>
          <button type="button" className="link-button" onClick={() => void logout()} data-testid="logout">
            {t('nav.logout')}
          </button>
        </div>
      </header>
      {/* Notices take their own row under the bar, so they never cover a control. */}
      <div className="shell-notices">
        {switchedFrom ? (
          <p className="notice notice-warning" role="status" data-testid="user-switched">
            {t('session.switched', { before: switchedFrom, after: me.displayName })}
          </p>
        ) : null}
        <AlertToast />
      </div>
      <main className="content">
        {route.name === 'map' ? <MapPage stationId={route.stationId} /> : null}
        {route.name === 'repair' ? <RepairQueuePage /> : null}
        {route.name === 'orders' ? <WorkOrdersPage orderId={route.orderId} /> : null}
        {route.name === 'uptime' ? <UptimePage /> : null}
        {route.name === 'alerts' ? <AlertsPage /> : null}
        {route.name === 'never' ? <NeverReportedPage /> : null}
        {route.name === 'private' && roleCan(me.role, 'private_camera.read') ? <PrivateCamerasPage /> : null}
      </main>
    </div>
  );
}

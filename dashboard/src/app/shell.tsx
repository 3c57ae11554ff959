import { useEffect, useState } from 'react';
import { api } from '../api/endpoints.ts';
import type { MessageKey } from '../i18n/vi.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { MapPage } from '../map/map-page.tsx';
import { roleCan, type Permission } from '@camwatch/config/api';
import { AlertToast } from './alert-toast.tsx';
import { lazyPage } from './lazy-page.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { LiveIndicator } from './live-indicator.tsx';
import { hrefOf, useRoute, type Route } from './router.ts';
import { useMe, useSession } from './session-context.tsx';

// Every page but the map is fetched when first opened: a phone downloads and parses only the map at first.
const RepairQueuePage = lazyPage(async () => (await import('../lists/repair-queue-page.tsx')).RepairQueuePage);
const WorkOrdersPage = lazyPage(async () => (await import('../work-orders/work-orders-page.tsx')).WorkOrdersPage);
const UptimePage = lazyPage(async () => (await import('../lists/uptime-page.tsx')).UptimePage);
const ProgrammePage = lazyPage(async () => (await import('../lists/programme-page.tsx')).ProgrammePage);
const AlertsPage = lazyPage(async () => (await import('../lists/alerts-page.tsx')).AlertsPage);
const NeverReportedPage = lazyPage(async () => (await import('../lists/never-reported-page.tsx')).NeverReportedPage);
const InvestigationPage = lazyPage(async () => (await import('../investigations/investigation-page.tsx')).InvestigationPage);
const CoveragePage = lazyPage(async () => (await import('../coverage/coverage-page.tsx')).CoveragePage);
const PrivateCamerasPage = lazyPage(async () => (await import('../private-cameras/private-cameras-page.tsx')).PrivateCamerasPage);

interface NavItem {
  route: Route;
  label: MessageKey;
  icon: string;
  /**
   * Under "more" below the wall-screen width: a phone's bottom bar holds five items at a size a
   * thumb can hit, and a laptop's bar no more than fit beside the title and the tools.
   */
  secondary?: true;
  /** Shown only to roles that may use the page. */
  permission?: Permission;
}

const NAV: NavItem[] = [
  { route: { name: 'map', stationId: null }, label: 'nav.map', icon: '◎' },
  { route: { name: 'repair' }, label: 'nav.repair', icon: '✖' },
  { route: { name: 'orders', orderId: null }, label: 'nav.orders', icon: '✎' },
  { route: { name: 'uptime' }, label: 'nav.uptime', icon: '%' },
  { route: { name: 'alerts' }, label: 'nav.alerts', icon: '!', secondary: true },
  { route: { name: 'never' }, label: 'nav.never', icon: '?', secondary: true },
  { route: { name: 'investigate' }, label: 'nav.investigate', icon: '⌖', secondary: true, permission: 'investigation.run' },
  { route: { name: 'coverage' }, label: 'nav.coverage', icon: '═', secondary: true },
  { route: { name: 'private' }, label: 'nav.private', icon: '▣', secondary: true, permission: 'private_camera.read' },
];

function NavLink({ item, current }: { item: NavItem; current: Route['name'] }) {
  const { t } = useI18n();
  const active = current === item.route.name;
  return (
    <a href={hrefOf(item.route)} className={active ? 'active' : ''} aria-current={active ? 'page' : undefined} data-nav={item.route.name}>
      <span className="nav-icon" aria-hidden="true">
        {item.icon}
      </span>
      <span className="nav-label">{t(item.label)}</span>
    </a>
  );
}

/** The main links, then the secondary ones: inline on a wall screen, behind a "more" button below it. */
function Nav({ current }: { current: Route['name'] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  // A choice made in the menu (or anywhere) closes it.
  useEffect(() => setOpen(false), [current]);
  const me = useMe();
  const items = NAV.filter((i) => !i.permission || roleCan(me.role, i.permission));
  const secondary = items.filter((i) => i.secondary);
  const inMore = secondary.some((i) => i.route.name === current);
  return (
    <nav className="nav" aria-label={t('nav.menu')}>
      {items
        .filter((i) => !i.secondary)
        .map((item) => (
          <NavLink key={item.label} item={item} current={current} />
        ))}
      <div className={`nav-more${open ? ' open' : ''}`}>
        <button
          type="button"
          className={`nav-more-toggle${inMore ? ' active' : ''}`}
          aria-expanded={open}
          aria-controls="nav-more-list"
          onClick={() => setOpen(!open)}
          data-testid="nav-more"
        >
          <span className="nav-icon" aria-hidden="true">
            ⋯
          </span>
          <span className="nav-label">{t('nav.more')}</span>
        </button>
        <div className="nav-more-list" id="nav-more-list">
          {secondary.map((item) => (
            <NavLink key={item.label} item={item} current={current} />
          ))}
        </div>
      </div>
    </nav>
  );
}

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
        <Nav current={route.name} />
        <div className="top-tools">
          <LiveIndicator />
          <LanguageSwitch
            onSwitched={(lang) => void api.setLanguage(lang).catch((e: unknown) => console.warn('camwatch: language not saved', e))}
          />
          <span className="user" title={`${me.displayName} (${t(`role.${me.role}`)})`}>
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
        {route.name === 'programme' ? <ProgrammePage /> : null}
        {route.name === 'alerts' ? <AlertsPage /> : null}
        {route.name === 'never' ? <NeverReportedPage /> : null}
        {route.name === 'investigate' ? <InvestigationPage /> : null}
        {route.name === 'coverage' ? <CoveragePage /> : null}
        {route.name === 'private' && roleCan(me.role, 'private_camera.read') ? <PrivateCamerasPage /> : null}
      </main>
    </div>
  );
}

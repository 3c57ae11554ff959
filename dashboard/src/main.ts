// The boot map first (its Leaflet CSS before ours, which overrides it), then React.
import { startMapBoot } from './map/map-boot.ts';
import './styles.css';

// The first map needs Leaflet, the station layer and /api/map, not React (map/map-boot.ts). React's
// chunk is asked for once the stations are drawn: on slow 4G, downloaded beside /api/map, it
// shared the bandwidth the first map waits for.
void startMapBoot().then(() =>
  import('./react-root.tsx').catch((error: unknown) => console.error('camwatch: the app failed to load', error)),
);

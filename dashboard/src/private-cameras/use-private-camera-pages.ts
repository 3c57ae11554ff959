import { useState } from 'react';
import type { PrivateCamera, PrivateCameraList } from '@camwatch/config/api';
import { api } from '../api/endpoints.ts';
import { useAsync, type AsyncState } from '../common/use-async.ts';

/**
 * A page of the register at a time (newest first), not the list route's default 5,000: a
 * province officer's area can hold 25,000 cameras, and with owners' contact every camera
 * listed is one audit entry. "More" asks for the page before the last id shown.
 */
export const PRIVATE_CAMERA_PAGE_SIZE = 200;

export interface PrivateCameraPages {
  first: AsyncState<PrivateCameraList>;
  retry: () => void;
  /** The cameras shown so far and whether more are registered. */
  items: PrivateCamera[];
  truncated: boolean;
  loadingMore: boolean;
  moreError: unknown;
  loadMore: () => void;
}

export function usePrivateCameraPages(contact: boolean, version: number): PrivateCameraPages {
  const [first, retry] = useAsync(() => api.privateCameras({ contact, limit: PRIVATE_CAMERA_PAGE_SIZE }), [version]);
  // Later pages belong to the version of the list they continue: a reload starts again from the newest.
  const [later, setLater] = useState<{ version: number; items: PrivateCamera[]; truncated: boolean } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const own = later?.version === version ? later : null;
  const items = first.kind === 'ready' ? [...first.value.items, ...(own?.items ?? [])] : [];
  const truncated = own ? own.truncated : first.kind === 'ready' && first.value.truncated;

  const loadMore = () => {
    const last = items.at(-1);
    if (!last || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    api.privateCameras({ contact, limit: PRIVATE_CAMERA_PAGE_SIZE, before: last.id }).then(
      (page) => {
        setLater({ version, items: [...(own?.items ?? []), ...page.items], truncated: page.truncated });
        setLoadingMore(false);
      },
      (err: unknown) => {
        setMoreError(err);
        setLoadingMore(false);
      },
    );
  };
  return { first, retry, items, truncated, loadingMore, moreError, loadMore };
}

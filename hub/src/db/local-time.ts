import { TIME_ZONE } from '@camwatch/config';

/**
 * SQL for 00:00 of a `date` expression in the programme's time zone, as a timestamptz. Never
 * `date::timestamptz`: that takes the database session's TimeZone (UTC on a stock server), which
 * starts a Vietnamese day 7 hours late.
 */
export const localMidnight = (dateSql: string): string => `((${dateSql})::timestamp AT TIME ZONE '${TIME_ZONE}')`;

/**
 * A `stations` row's own columns as `pg` returns them, shared by the repositories that read
 * stations (the fleet's read side adds the liveness join, the inventory's write side funding and
 * retirement), so a column renamed in a migration is renamed once here.
 */
export interface StationColumns {
  id: string;
  name: string;
  unit_id: string;
  address: string;
  lat: number;
  lon: number;
  road: string | null;
  installed_at: string;
  contact_name: string | null;
  contact_phone: string | null;
}

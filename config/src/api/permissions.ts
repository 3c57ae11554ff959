import type { UserRole as Role } from './dashboard-auth.ts';

/**
 * What each role may do. Reading is always limited to the user's area; these only say which
 * kinds of action a role may take there. The hub enforces them; the dashboard hides buttons.
 */
export const PERMISSIONS = {
  read: ['province_admin', 'province_viewer', 'district', 'commune', 'technician'],
  'snapshot.view': ['province_admin', 'province_viewer', 'district', 'commune', 'technician'],
  'report.read': ['province_admin', 'province_viewer', 'district', 'commune', 'technician'],
  /** The fleet's agent versions (which stations lag): upgrade planning, not for communes. */
  'fleet.versions': ['province_admin', 'province_viewer', 'district', 'technician'],
  'alert.ack': ['province_admin', 'district', 'commune', 'technician'],
  /** snapshot, reprobe, rediscover (see COMMAND_PERMISSION): harmless, in the user's own area. */
  'command.inspect': ['province_admin', 'district', 'commune', 'technician'],
  /** reboot_camera, reload_config: interrupt recording, province staff only. */
  'command.control': ['province_admin', 'technician'],
  /**
   * Accept what a camera sees now as its reference (clears "view changed"): after a deliberate
   * re-aim or a repair, by whoever stands at the camera or plans its upkeep; audited.
   */
  'reference.accept': ['province_admin', 'district', 'commune', 'technician'],
  /** Flag a camera as aimed wrongly since installation (its reference is then not "correct"). */
  'camera.flag': ['province_admin', 'district', 'commune', 'technician'],
  /** Open, assign, advance and edit repair work orders in the user's own area (viewers read only). */
  /**
   * "Who could have seen it": which cameras cover a spot, whether they worked, who holds private
   * footage. Police work (owners' phone numbers), not for technicians or viewers; audited.
   */
  'investigation.run': ['province_admin', 'district', 'commune'],
  'workorder.write': ['province_admin', 'district', 'commune', 'technician'],
  /**
   * The register of private street cameras (Decree 13/2023): positions and views for whoever
   * works on coverage and cases in the area; not technicians, who maintain programme cameras only.
   */
  'private_camera.read': ['province_admin', 'province_viewer', 'district', 'commune'],
  /** Register, edit, import and erase (on the owner's request) private cameras in the user's area. */
  'private_camera.write': ['province_admin', 'district', 'commune'],
  /** Read owners' names, phones and addresses (each read audited): the police who ask owners for footage. */
  'private_camera.contact': ['province_admin', 'district', 'commune'],
  'maintenance.write': ['province_admin', 'district', 'technician'],
  'inventory.write': ['province_admin', 'technician'],
  'inventory.import': ['province_admin'],
  'station.move': ['province_admin'],
  'credentials.write': ['province_admin', 'technician'],
  'alert.configure': ['province_admin'],
  'users.manage': ['province_admin'],
  'audit.read': ['province_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function roleCan(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((p) => roleCan(role, p));
}

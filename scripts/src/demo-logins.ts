import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Inventory } from '@camwatch/config';
import { hashPassword, UserRepository } from '@camwatch/hub';
import type { Db } from '@camwatch/hub';

export interface DemoLogin {
  username: string;
  password: string;
  role: 'province_admin' | 'commune';
  unitId: string;
}

/** The pilot commune of the model (Phước Lợi, Bến Lức), else the commune with most stations. */
function demoCommune(inventory: Inventory): string {
  const pilot = inventory.units.find((u) => u.name.endsWith('Phước Lợi'));
  if (pilot) return pilot.id;
  const perUnit = new Map<string, number>();
  for (const s of inventory.stations) perUnit.set(s.unitId, (perUnit.get(s.unitId) ?? 0) + 1);
  return [...perUnit.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

/**
 * Demo accounts for `pnpm start`: a province admin and one commune police user, with random
 * passwords made at the first start and kept (0600) in DATA_DIR so every start can print them.
 */
export async function ensureDemoLogins(db: Db, inventory: Inventory, dataDir: string): Promise<DemoLogin[]> {
  const file = join(dataDir, 'demo-logins.json');
  const kept = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as DemoLogin[],
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    },
  );
  if (kept) return kept;
  const province = inventory.units.find((u) => u.parentId === null)!;
  const logins: DemoLogin[] = [
    { username: 'tinh.quantri', password: randomBytes(9).toString('base64url'), role: 'province_admin', unitId: province.id },
    { username: 'xa.congan', password: randomBytes(9).toString('base64url'), role: 'commune', unitId: demoCommune(inventory) },
  ];
  const users = new UserRepository(db);
  for (const l of logins) {
    const passwordHash = await hashPassword(l.password);
    const existing = await users.byUsername(l.username);
    // The file was lost but the account is there: give it the password we are about to print.
    if (existing) await users.update(existing.id, { passwordHash });
    else
      await users.create({
        username: l.username,
        displayName: l.role === 'commune' ? 'Công an xã (demo)' : 'Cán bộ tỉnh (demo)',
        role: l.role,
        unitIds: l.role === 'commune' ? [l.unitId] : [],
        passwordHash,
      });
  }
  await writeFile(file, JSON.stringify(logins, null, 2), { mode: 0o600 });
  return logins;
}
